" residency language server (residency lsp) for bicep-params files; see editors/vim/README.md.
call residency#DefineAleLinter('bicep-params')
