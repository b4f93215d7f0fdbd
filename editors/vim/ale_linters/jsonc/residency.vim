" residency language server (residency lsp) for jsonc files; see editors/vim/README.md.
call residency#DefineAleLinter('jsonc')
