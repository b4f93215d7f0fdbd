" residency language server (residency lsp) for hcl files; see editors/vim/README.md.
call residency#DefineAleLinter('hcl')
