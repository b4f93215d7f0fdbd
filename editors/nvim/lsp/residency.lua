-- Neovim 0.11+: the `residency` configuration for `vim.lsp.config` / `vim.lsp.enable("residency")`.
-- The server is started only for files it can check (see `should_attach` in lua/residency).
local residency = require("residency")

return {
  cmd = { "residency", "lsp" },
  filetypes = vim.deepcopy(residency.default_filetypes),
  root_dir = function(bufnr, on_dir)
    if residency.should_attach(bufnr) then
      on_dir(residency.root_dir(bufnr))
    end
  end,
  settings = { residency = {} },
  before_init = residency.before_init,
  on_exit = residency.on_exit,
}
