" residency language server (residency lsp) for json files; see editors/vim/README.md.
call residency#DefineAleLinter('json')
