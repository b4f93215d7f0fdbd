" residency: data-residency linter for Azure infrastructure code.
" Runs `residency lsp` through ALE (https://github.com/dense-analysis/ale).
" See editors/vim/README.md. The linter itself is defined lazily by
" ale_linters/<filetype>/residency.vim; this file only sets the defaults.

if exists('g:loaded_residency')
    finish
endif

let g:loaded_residency = 1

" The server binary (a name on $PATH or a full path).
let g:residency_executable = get(g:, 'residency_executable', 'residency')

" Settings sent to the server as {'residency': g:residency_settings}, e.g.
"   let g:residency_settings = {'boundary': 'eu-data-boundary',
"   \   'preferredRegion': 'swedencentral', 'rules': {'EU021': 'off'}}
let g:residency_settings = get(g:, 'residency_settings', {})
