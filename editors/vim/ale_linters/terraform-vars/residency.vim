" residency language server (residency lsp) for terraform-vars files; see editors/vim/README.md.
call residency#DefineAleLinter('terraform-vars')
