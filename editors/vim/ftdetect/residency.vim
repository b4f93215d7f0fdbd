" residency: file types for the files `residency lsp` reads, where Vim does not
" know them yet (Vim 9.0 knows *.bicep and *.tfvars but not *.bicepparam).
" `setfiletype` does nothing when a file type was already detected, so these
" never override Vim's own detection or another plugin's.
autocmd BufNewFile,BufRead *.bicep setfiletype bicep
autocmd BufNewFile,BufRead *.bicepparam setfiletype bicep-params
autocmd BufNewFile,BufRead *.tfvars setfiletype terraform-vars
