" residency language server (residency lsp) for tf files; see editors/vim/README.md.
call residency#DefineAleLinter('tf')
