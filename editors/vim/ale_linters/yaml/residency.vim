" residency language server (residency lsp) for yaml files; see editors/vim/README.md.
call residency#DefineAleLinter('yaml')
