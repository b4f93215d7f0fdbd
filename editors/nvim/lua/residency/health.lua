-- `:checkhealth residency`. Neovim 0.9+ reports with `vim.health.start/ok/...`; 0.7 and 0.8
-- with `report_start/report_ok/...` (from `require("health")` on 0.7, `vim.health` on 0.8).

local M = {}

local function reporter()
  local h = vim.health or require("health")
  return {
    start = h.start or h.report_start,
    ok = h.ok or h.report_ok,
    info = h.info or h.report_info,
    warn = h.warn or h.report_warn,
    error = h.error or h.report_error,
  }
end

--- The server command: from `setup()`, else from `vim.lsp.config` (0.11), else the default.
local function server_cmd(residency)
  if residency.config then
    return residency.config.cmd, "setup()"
  end
  if type(vim.lsp.config) == "table" then
    local ok, cfg = pcall(function()
      return vim.lsp.config.residency
    end)
    if ok and cfg and type(cfg.cmd) == "table" then
      return cfg.cmd, "vim.lsp.config"
    end
  end
  return { "residency", "lsp" }, "the default"
end

function M.check()
  local report = reporter()
  local residency = require("residency")

  report.start("residency: Neovim")
  local v = vim.version()
  local version = string.format("%d.%d.%d", v.major, v.minor, v.patch)
  if v.major == 0 and v.minor < 7 then
    report.error("Neovim " .. version .. " is too old: 0.7 or later is needed")
  else
    report.ok("Neovim " .. version)
  end
  if vim.fn.execute("filetype"):find("detection:ON", 1, true) then
    report.ok("file type detection is on")
  else
    report.warn("file type detection is off: buffers are attached on FileType", { ":filetype on" })
  end
  if residency.config then
    report.ok("setup() was called; file types: " .. table.concat(residency.config.filetypes, ", "))
  elseif type(vim.lsp.enable) == "function" then
    report.info("setup() was not called (not needed with vim.lsp.enable('residency'))")
  else
    report.warn("setup() was not called", { "require('residency').setup()" })
  end

  report.start("residency: server")
  local cmd, from = server_cmd(residency)
  local exe = cmd[1]
  if vim.fn.executable(exe) ~= 1 then
    report.error(
      string.format("`%s` (the command from %s) is not an executable on PATH", exe, from),
      {
        "Put residency on PATH",
        from == "vim.lsp.config"
            and "or give its path: vim.lsp.config('residency', { cmd = { '/path/to/residency', 'lsp' } })"
          or "or give its path: require('residency').setup({ cmd = { '/path/to/residency', 'lsp' } })",
      }
    )
  else
    report.ok(string.format("`%s` found: %s", exe, vim.fn.exepath(exe)))
    local out = vim.fn.system({ exe, "--version" })
    local first = (out:gsub("\r", "")):match("[^\n]*")
    if vim.v.shell_error == 0 and first ~= "" then
      report.ok(string.format("`%s --version`: %s", exe, first))
    else
      local why = first ~= "" and first or "no output"
      report.error(string.format("`%s --version` failed (exit code %d): %s", exe, vim.v.shell_error, why))
    end
  end

  report.start("residency: clients")
  local clients = residency.clients()
  if #clients == 0 then
    report.info("no residency client is running (open a Terraform, Bicep or ARM template file)")
  end
  for _, e in ipairs(residency.failed_exits()) do
    report.warn(
      string.format("client %d exited with code %d, signal %d", e.id, e.code, e.signal or 0),
      { "The LSP log may say why: " .. vim.lsp.get_log_path() }
    )
  end
  for _, client in ipairs(clients) do
    local names = {}
    for _, bufnr in ipairs(vim.lsp.get_buffers_by_client_id(client.id)) do
      local name = vim.api.nvim_buf_get_name(bufnr)
      table.insert(names, string.format("%d %s", bufnr, vim.fn.fnamemodify(name, ":~:.")))
    end
    report.ok(
      string.format(
        "client %d, root %s: %s",
        client.id,
        tostring(client.config.root_dir),
        #names > 0 and ("buffers " .. table.concat(names, ", ")) or "no buffer attached"
      )
    )
  end
end

return M
