" residency: data-residency linter for Azure infrastructure code, as an ALE
" language server linter. See editors/vim/README.md.
"
" ALE loads ale_linters/<filetype>/residency.vim from 'runtimepath' the first
" time it lints a buffer of that filetype; each of those files calls
" residency#DefineAleLinter() below, so the order in which ALE and this
" package are loaded does not matter.

" The LSP language identifier sent in textDocument/didOpen, by Vim filetype.
" (The server goes by the file name; this is for logs and other tools.)
let s:language_ids = {
\   'terraform': 'terraform',
\   'tf': 'terraform',
\   'terraform-vars': 'terraform-vars',
\   'hcl': 'terraform',
\   'json': 'json',
\   'jsonc': 'jsonc',
\   'bicep': 'bicep',
\   'bicep-params': 'bicep-params',
\   'yaml': 'yaml',
\}

" The server binary: b:residency_executable, else g:residency_executable,
" else `residency` on $PATH.
function! residency#Executable(buffer) abort
    return getbufvar(a:buffer, 'residency_executable',
    \   get(g:, 'residency_executable', 'residency'))
endfunction

" The settings pushed with workspace/didChangeConfiguration, as
" {'residency': {...}}: b:residency_settings, else g:residency_settings.
" ALE compares them on every lint and sends them again when they change.
function! residency#Settings(buffer) abort
    let l:settings = getbufvar(a:buffer, 'residency_settings',
    \   get(g:, 'residency_settings', {}))

    return {'residency': l:settings}
endfunction

" The project root: the nearest folder, from the file's own folder upwards,
" that holds `.residency.yaml` or `.git` (a folder, or a file in worktrees and
" submodules); else the file's folder.
function! residency#ProjectRoot(buffer) abort
    let l:file = fnamemodify(bufname(a:buffer), ':p')
    let l:start = fnamemodify(l:file, ':h')
    let l:dir = l:start

    while 1
        if filereadable(l:dir . '/.residency.yaml')
        \|| isdirectory(l:dir . '/.git')
        \|| filereadable(l:dir . '/.git')
            return l:dir
        endif

        let l:parent = fnamemodify(l:dir, ':h')

        if l:parent is# l:dir
            return l:start
        endif

        let l:dir = l:parent
    endwhile
endfunction

" Defines the `residency` linter for one filetype (a stdio language server
" started as `residency lsp`).
function! residency#DefineAleLinter(filetype) abort
    call ale#linter#Define(a:filetype, {
    \   'name': 'residency',
    \   'lsp': 'stdio',
    \   'executable': function('residency#Executable'),
    \   'command': '%e lsp',
    \   'project_root': function('residency#ProjectRoot'),
    \   'language': get(s:language_ids, a:filetype, a:filetype),
    \   'lsp_config': function('residency#Settings'),
    \})
endfunction
