" residency language server (residency lsp) for terraform files; see editors/vim/README.md.
call residency#DefineAleLinter('terraform')
