" residency language server (residency lsp) for bicep files; see editors/vim/README.md.
call residency#DefineAleLinter('bicep')
