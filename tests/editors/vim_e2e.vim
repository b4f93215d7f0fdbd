" End-to-end test of the Vim + ALE set-up in editors/vim against `residency lsp`.
"
" Run from a workspace folder holding the file to open:
"   timeout 90 vim -N -u NONE -i NONE -n -es -S tests/editors/vim_e2e.vim | cat
" Environment:
"   RESIDENCY_REPO         the repository root (the set-up is loaded from editors/vim)
"   RESIDENCY_E2E_FILE     the file to open (default main.tf); it must have an EU001 finding
"                          with the quick fix "Set the data residency location to `Europe`"
"   RESIDENCY_E2E_WAIT_MS  how long to wait for the EU001 diagnostic (default 10000)
"   PATH                   must find `residency` (the plugin's default executable)
" Prints DIAG, HOVER, ACTION, AFTER-EDIT, CLEARED and PASS, one line per step, as each
" happens; or `FAIL: ...` and exits 1.
"
" The set-up is loaded the way its README documents, as an optional Vim package
" (pack/residency/opt/residency -> editors/vim, then `:packadd residency`), next to
" Debian's ALE (`:packadd ale`). Only ALE's two UI functions are replaced: the
" message area (to read the hover) and the prompt (to pick the code action).

set nocompatible
set shortmess+=F

let s:repo = empty($RESIDENCY_REPO) ? fnamemodify(expand('<sfile>:p'), ':h:h:h') : $RESIDENCY_REPO
let s:file = empty($RESIDENCY_E2E_FILE) ? 'main.tf' : $RESIDENCY_E2E_FILE
let s:wait_ms = empty($RESIDENCY_E2E_WAIT_MS) ? 10000 : str2nr($RESIDENCY_E2E_WAIT_MS)
let s:want_action = 'Set the data residency location to `Europe`'
let s:t0 = reltime()

" One line on stdout, at once (a timing trace goes to stderr).
function! s:Out(line) abort
    call writefile([a:line], '/dev/stdout', 'a')
    call writefile([printf('vim_e2e: %5d ms %s', float2nr(reltimefloat(reltime(s:t0)) * 1000),
    \   strcharpart(a:line, 0, 120))], '/dev/stderr', 'a')
endfunction

function! s:Fail(msg) abort
    call s:Out('FAIL: ' . a:msg)
    cquit 1
endfunction

" Polls an expression, letting jobs, channels and timers run, for at most ms.
function! s:WaitFor(expr, ms) abort
    let l:start = reltime()

    while !eval(a:expr)
        if reltimefloat(reltime(l:start)) * 1000 >= a:ms
            return 0
        endif

        sleep 20m
    endwhile

    return 1
endfunction

function! s:EU001() abort
    return filter(copy(ale#engine#GetLoclist(bufnr(''))), 'get(v:val, ''code'', '''') is# ''EU001''')
endfunction

call timer_start(60000, {-> s:Fail('watchdog')})

" --- The user's set-up: ALE, then residency as the README says. ---------------------------
filetype plugin on
packadd ale

let s:pack = tempname()
call mkdir(s:pack . '/pack/residency/opt', 'p')
call system('ln -s ' . shellescape(s:repo . '/editors/vim') . ' '
\   . shellescape(s:pack . '/pack/residency/opt/residency'))
if v:shell_error
    call s:Fail('cannot link ' . s:repo . '/editors/vim into a package folder')
endif
let &packpath = s:pack . ',' . &packpath
packadd residency
if !exists('g:loaded_residency')
    call s:Fail('editors/vim/plugin/residency.vim was not loaded')
endif

" --- Capture ALE's UI. ------------------------------------------------------------------
runtime autoload/ale/util.vim
let g:residency_e2e_shown = v:null
let g:residency_e2e_asked = v:null
let g:residency_e2e_chosen = v:null

function! ale#util#ShowMessage(string, ...) abort
    let g:residency_e2e_shown = a:string
endfunction

" The code-action menu: answer with the number of the wanted action, as a user would type.
function! ale#util#Input(message, value, ...) abort
    let g:residency_e2e_asked = a:message

    for l:line in split(a:message, "\n")
        let l:m = matchlist(l:line, '^\(\d\+\)) \(.*\)$')

        if !empty(l:m) && stridx(l:m[2], s:want_action) == 0
            let g:residency_e2e_chosen = l:m[2]

            return l:m[1]
        endif
    endfor

    let g:residency_e2e_chosen = ''

    return ''
endfunction

try
    " 1. Open the file: ALE starts `residency lsp` and the server publishes diagnostics.
    execute 'edit' fnameescape(s:file)
    if &filetype is# ''
        call s:Fail('no file type for ' . s:file)
    endif
    if !s:WaitFor('!empty(s:EU001())', s:wait_ms)
        call s:Fail(printf('no EU001 diagnostic within %d ms', s:wait_ms))
    endif
    let s:d = s:EU001()[0]
    call s:Out(printf('DIAG %d:%d %s %s', s:d.lnum, s:d.col, s:d.code, s:d.text))

    " 2. Hover at the diagnostic's start.
    call cursor(s:d.lnum, s:d.col)
    ALEHover
    if !s:WaitFor('g:residency_e2e_shown isnot v:null', 5000)
        call s:Fail('no hover')
    endif
    let s:hover = substitute(g:residency_e2e_shown, '\n', ' ', 'g')
    call s:Out('HOVER ' . strcharpart(s:hover, 0, 300))
    if s:hover !~# 'EU001'
        call s:Fail('the hover does not mention EU001')
    endif

    " 3. The code actions at the diagnostic: pick the wanted one from ALE's menu.
    call cursor(s:d.lnum, s:d.col)
    ALECodeAction
    if !s:WaitFor('g:residency_e2e_chosen isnot v:null', 5000)
        " ALE says why in the message history (e.g. "No code actions received from server").
        let s:said = filter(split(execute('messages'), "\n"), 'v:val =~? ''code action\|LSP''')
        call s:Fail('no code action menu' . (empty(s:said) ? '' : ' (ALE: ' . s:said[-1] . ')'))
    endif
    if empty(g:residency_e2e_chosen)
        call s:Fail('no action titled "' . s:want_action . '" in: '
        \   . substitute(g:residency_e2e_asked, '\n', ' | ', 'g'))
    endif
    call s:Out('ACTION ' . g:residency_e2e_chosen)
    if !s:WaitFor('getline(s:d.lnum) =~# ''"Europe"''', 5000)
        call s:Fail('the edit was not applied: ' . getline(s:d.lnum))
    endif
    call s:Out('AFTER-EDIT ' . getline(s:d.lnum))

    " 4. The change reaches the server, which re-lints. In Normal mode Vim fires TextChanged
    "    after a change; Ex mode (-es) never does, so fire it as Vim would.
    doautocmd <nomodeline> TextChanged
    if !s:WaitFor('empty(s:EU001())', s:wait_ms)
        call s:Fail(printf('the EU001 diagnostic is still there after %d ms', s:wait_ms))
    endif
    call s:Out('CLEARED')

    " 5. Shut the server down: shutdown request, exit notification, wait for the process.
    let g:residency_e2e_shutdown = {}
    function! s:OnMessage(conn_id, response) abort
        if has_key(a:response, 'id') && has_key(g:residency_e2e_shutdown, a:conn_id)
        \&& a:response.id == g:residency_e2e_shutdown[a:conn_id]
            let g:residency_e2e_shutdown[a:conn_id] = -1
        endif
    endfunction
    let s:conns = filter(copy(ale#lsp#GetConnections()), 'has_key(v:val, ''job_id'')')
    if empty(s:conns)
        call s:Fail('no language server connection')
    endif
    for [s:id, s:conn] in items(s:conns)
        call ale#lsp#RegisterCallback(s:id, function('s:OnMessage'))
        let g:residency_e2e_shutdown[s:id] = ale#lsp#Send(s:id, [0, 'shutdown'])
    endfor
    if !s:WaitFor('empty(filter(values(g:residency_e2e_shutdown), ''v:val != -1''))', 5000)
        call s:Fail('no answer to shutdown')
    endif
    for [s:id, s:conn] in items(s:conns)
        call ale#lsp#Send(s:id, [1, 'exit'])
    endfor
    for [s:id, s:conn] in items(s:conns)
        if !s:WaitFor('!ale#job#IsRunning(' . s:conn.job_id . ')', 5000)
            call s:Fail('the server did not exit')
        endif
    endfor
    ALEStopAllLSPs
    call s:Out('PASS')
    qall!
catch
    call s:Fail(v:exception . ' @ ' . v:throwpoint)
endtry
