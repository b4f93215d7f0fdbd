-- Neovim client for `residency lsp` (Neovim 0.7 and later).
--
-- `require("residency").setup(opts)` registers the file types Neovim lacks and a FileType
-- autocommand that starts the server (one client per root folder) and attaches the buffers it
-- can check. On Neovim 0.11, `lsp/residency.lua` with `vim.lsp.enable("residency")` is the
-- alternative to `setup()`.

local M = {}

local NAME = "residency"

local uv = vim.uv or vim.loop

--- File types attached by default. Neovim calls a `.tf` file `tf` (TinyFugue) while it is empty
--- or has only `;` and `/` lines; `.tfvars` is `terraform` on 0.7 and `terraform-vars` on 0.11.
M.default_filetypes = {
  "terraform",
  "tf",
  "terraform-vars",
  "json",
  "jsonc",
  "bicep",
  "bicepparam",
  "yaml",
  "ps1",
  "xml",
}

--- Files the server checks whatever their content, by name (lower case).
local suffixes = {
  ".tf",
  ".tf.json",
  ".tfvars",
  ".tfvars.json",
  ".bicep",
  ".bicepparam",
  ".ps1",
  ".psm1",
}

--- JSON is attached when one of these (lower case) is in its first lines: ARM templates of every
--- scope (`subscriptionDeploymentTemplate.json#` too) and parameters files.
local arm_markers = { "deploymenttemplate.json#", "deploymentparameters.json#" }
--- XML is attached when it is an Azure AD B2C custom policy: its root element among its first lines.
local B2C_HEAD_LINES = 30
local ARM_HEAD_LINES = 30
--- YAML is attached when it is a Pulumi file (by name) or an Azure Service Operator manifest
--- (an `apiVersion: *.azure.com/...` line among its first lines).
local YAML_HEAD_LINES = 500

--- The options of the last `setup()`, with defaults; nil before `setup()`.
M.config = nil
--- Exit status of stopped clients, by client id: `{ code = n, signal = n }`.
local exits = {}
--- Neovim 0.7 only (0.8+ reuses clients in `vim.lsp.start`): client id by root folder.
local clients_by_root = {}
--- Commands already reported as missing (one message per command, not one per buffer).
local reported_missing = {}

local function has(feature)
  return vim.fn.has(feature) == 1
end

--- Scheduled: an error message inside an autocommand would abort the command that triggered it
--- (`:edit` from a script).
local function notify(msg, level)
  vim.schedule(function()
    vim.notify("residency: " .. msg, level or vim.log.levels.ERROR)
  end)
end

local function ends_with(s, suffix)
  return suffix == "" or s:sub(-#suffix) == suffix
end

local function contains(list, value)
  for _, v in ipairs(list) do
    if v == value then
      return true
    end
  end
  return false
end

--- The running `residency` clients, attached to `bufnr` when given.
function M.clients(bufnr)
  if vim.lsp.get_clients then -- 0.10+
    return vim.lsp.get_clients({ name = NAME, bufnr = bufnr })
  end
  if has("nvim-0.8") then
    return vim.lsp.get_active_clients({ name = NAME, bufnr = bufnr })
  end
  local list = {}
  for _, client in ipairs(vim.lsp.get_active_clients()) do
    if client.name == NAME and (bufnr == nil or vim.lsp.buf_is_attached(bufnr, client.id)) then
      table.insert(list, client)
    end
  end
  return list
end

--- The exit code and signal of a stopped client, or nil while it runs (or if it is unknown).
function M.exit_status(client_id)
  local e = exits[client_id]
  if e then
    return e.code, e.signal
  end
  return nil
end

--- The clients that exited with a non-zero code or a signal: `{ id, code, signal }` by id.
function M.failed_exits()
  local list = {}
  for id, e in pairs(exits) do
    if e.code ~= 0 or (e.signal or 0) ~= 0 then
      table.insert(list, { id = id, code = e.code, signal = e.signal })
    end
  end
  table.sort(list, function(x, y)
    return x.id < y.id
  end)
  return list
end

local function head_lines(bufnr, n)
  return vim.api.nvim_buf_get_lines(bufnr, 0, n, false)
end

local function looks_like_arm(bufnr)
  for _, line in ipairs(head_lines(bufnr, ARM_HEAD_LINES)) do
    local lower = line:lower()
    for _, marker in ipairs(arm_markers) do
      if lower:find(marker, 1, true) then
        return true
      end
    end
  end
  return false
end

local function looks_like_azure_yaml(bufnr, basename)
  if basename:match("^pulumi%.") or basename == "main.yaml" or basename == "main.yml" then
    return true
  end
  for _, line in ipairs(head_lines(bufnr, YAML_HEAD_LINES)) do
    if line:match("^[%s%-]*apiVersion:.*%.azure%.com/") then
      return true
    end
  end
  return false
end

local function looks_like_b2c_policy(bufnr)
  for _, line in ipairs(head_lines(bufnr, B2C_HEAD_LINES)) do
    if line:find("<TrustFrameworkPolicy", 1, true) then
      return true
    end
  end
  return false
end

--- Whether the server can check the file in `bufnr`: a file on disk (or to be written there)
--- named like a Terraform, Bicep or PowerShell file, an ARM template or parameters file,
--- Pulumi / Azure Service Operator YAML, or a B2C custom policy. Other JSON, YAML and XML is
--- left alone.
function M.should_attach(bufnr)
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= "" then
    return false
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" or name:match("^%a[%w+.-]*://") then
    return false -- no file, or a URI buffer (fugitive://, oil://, ...)
  end
  local lower = name:lower()
  for _, suffix in ipairs(suffixes) do
    if ends_with(lower, suffix) then
      return true
    end
  end
  local ft = vim.bo[bufnr].filetype
  if ft == "json" or ft == "jsonc" or ends_with(lower, ".json") or ends_with(lower, ".jsonc") then
    return looks_like_arm(bufnr)
  end
  if ft == "yaml" or ends_with(lower, ".yaml") or ends_with(lower, ".yml") then
    return looks_like_azure_yaml(bufnr, vim.fn.fnamemodify(lower, ":t"))
  end
  if ft == "xml" or ends_with(lower, ".xml") then
    return looks_like_b2c_policy(bufnr)
  end
  if ft == "tf" then
    return false -- TinyFugue, not Terraform (a Terraform `.tf` file matched a suffix above)
  end
  -- bicep, terraform and file types the user listed in `filetypes`.
  return true
end

--- The root folder of the file in `bufnr`: the nearest folder upward holding `.residency.yaml`
--- or `.git`, else the file's folder.
function M.root_dir(bufnr)
  local file = vim.api.nvim_buf_get_name(bufnr or 0)
  local dir = vim.fn.fnamemodify(file, ":p:h")
  local d = dir
  while true do
    if uv.fs_stat(d .. "/.residency.yaml") or uv.fs_stat(d .. "/.git") then
      return d
    end
    local parent = vim.fn.fnamemodify(d, ":h")
    if parent == d then
      return dir
    end
    d = parent
  end
end

--- Records how a client's server exited (also used by `lsp/residency.lua`). Neovim itself
--- reports a non-zero exit ("Client ... quit with exit code ..."); the status is kept for
--- `exit_status()` and `:checkhealth residency`.
function M.on_exit(code, signal, client_id)
  if client_id then
    exits[client_id] = { code = code, signal = signal }
  end
end
local on_exit = M.on_exit

--- Adjusts the `initialize` request (also used by `lsp/residency.lua`):
--- - sends the `residency` settings as `initializationOptions.settings`, which the server applies
---   before its first check (Neovim 0.7 neither announces `workspace/configuration` nor sends
---   `workspace/didChangeConfiguration` by itself);
--- - removes the pull-diagnostics capability, so the server pushes diagnostics. Neovim 0.11
---   pulls only for buffers shown in a window and does not answer
---   `workspace/diagnostic/refresh`: with pull, a change to a tfvars or parameters file,
---   `.residency.yaml` or the settings would not reach the other open files until they are edited.
function M.before_init(params, config)
  local settings = config and config.settings and config.settings.residency
  if params.initializationOptions == nil and type(settings) == "table" then
    params.initializationOptions = { settings = settings }
  end
  if params.capabilities and params.capabilities.textDocument then
    params.capabilities.textDocument.diagnostic = nil
  end
end

local function client_config(root)
  local cfg = M.config
  local config = {
    name = NAME,
    cmd = cfg.cmd,
    root_dir = root,
    -- What `workspace/configuration` answers; also sent in `initialize` (see before_init).
    settings = { residency = cfg.settings or {} },
    before_init = M.before_init,
  }
  config.on_exit = function(code, signal, client_id)
    if clients_by_root[root] == client_id then
      clients_by_root[root] = nil -- 0.7 bookkeeping
    end
    on_exit(code, signal, client_id)
  end
  return config
end

--- Starts the server for the root of `bufnr` (or reuses the running one) and attaches the buffer,
--- if the server can check its file. Returns the client id, or nil.
function M.attach(bufnr)
  if not M.config then
    notify("call require('residency').setup() first")
    return nil
  end
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  if not M.should_attach(bufnr) then
    return nil
  end
  local attached = M.clients(bufnr)[1]
  if attached then
    return attached.id
  end
  local exe = M.config.cmd[1]
  if vim.fn.executable(exe) ~= 1 then
    if not reported_missing[exe] then
      reported_missing[exe] = true
      notify(
        string.format(
          "cannot start the language server: `%s` is not an executable on PATH. Put residency on PATH "
            .. "or give its path: require('residency').setup({ cmd = { '/path/to/residency', 'lsp' } })",
          exe
        )
      )
    end
    return nil
  end
  local root = M.root_dir(bufnr)
  if vim.lsp.start then -- 0.8+: reuses the client with the same name and root
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(client_config(root))
    if not id then
      return nil -- start_client reported why
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Registers the file types Neovim does not know: `bicep`, `bicepparam` and `terraform-vars`
--- (`.tfvars`). Neovim's own detection wins where it has one.
local function register_filetypes()
  local wanted = { bicep = "bicep", bicepparam = "bicepparam", tfvars = "terraform-vars" }
  if has("nvim-0.8") then
    local extension = {}
    for ext, ft in pairs(wanted) do
      if not vim.filetype.match({ filename = "file." .. ext }) then
        extension[ext] = ft
      end
    end
    if next(extension) then
      vim.filetype.add({ extension = extension })
    end
    return
  end
  -- 0.7 detects with filetype.vim: `setfiletype` only sets a type nothing else set.
  local group = vim.api.nvim_create_augroup("residency_filetypes", { clear = true })
  for ext, ft in pairs(wanted) do
    vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
      group = group,
      pattern = "*." .. ext,
      command = "setfiletype " .. ft,
    })
  end
end

--- Options:
---   cmd       list: the server command (default `{ "residency", "lsp" }`)
---   settings  table: the `residency` settings (`boundary`, `preferredRegion`, `rules`)
---   filetypes list: the file types to attach to (default `M.default_filetypes`)
function M.setup(opts)
  opts = opts or {}
  local cmd = opts.cmd or { "residency", "lsp" }
  if type(cmd) ~= "table" or type(cmd[1]) ~= "string" or cmd[1] == "" then
    error("residency.setup: `cmd` must be a list of strings, like { 'residency', 'lsp' }", 2)
  end
  if opts.settings ~= nil and type(opts.settings) ~= "table" then
    error("residency.setup: `settings` must be a table", 2)
  end
  if opts.filetypes ~= nil and type(opts.filetypes) ~= "table" then
    error("residency.setup: `filetypes` must be a list of file types", 2)
  end
  M.config = {
    cmd = cmd,
    settings = opts.settings,
    filetypes = opts.filetypes or M.default_filetypes,
  }
  reported_missing = {}

  -- Attaching follows FileType, so detection must be on (it is, unless `nvim -u NONE` or
  -- `:filetype off`).
  if not vim.fn.execute("filetype"):find("detection:ON", 1, true) then
    vim.cmd("filetype on")
  end
  register_filetypes()

  local group = vim.api.nvim_create_augroup("residency", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
    desc = "residency: attach the language server",
  })
  -- A JSON or YAML file may become an ARM template or ASO manifest once written.
  vim.api.nvim_create_autocmd("BufWritePost", {
    group = group,
    callback = function(args)
      if contains(M.config.filetypes, vim.bo[args.buf].filetype) and #M.clients(args.buf) == 0 then
        M.attach(args.buf)
      end
    end,
    desc = "residency: attach the language server to files that became checkable",
  })

  -- Buffers loaded before setup() (a lazy-loaded plugin).
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and contains(M.config.filetypes, vim.bo[bufnr].filetype) then
      M.attach(bufnr)
    end
  end
end

return M
