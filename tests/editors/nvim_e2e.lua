-- End-to-end test of the Neovim plugin (editors/nvim) against the real `residency lsp`.
-- Runs on Neovim 0.7 and 0.11:
--
--   timeout 90 nvim --headless -u NONE -i NONE -n -c "luafile tests/editors/nvim_e2e.lua"
--
-- in a folder holding $RESIDENCY_E2E_FILE (default main.tf: a copy of
-- samples/EU001/terraform-flagged/main.tf), with `residency` first on PATH and
-- RESIDENCY_REPO=<repo root>. RESIDENCY_E2E_WAIT_MS (default 10000) bounds each wait for the
-- server. Every step prints one line on stdout; the last is `PASS` (exit 0) or `FAIL: ...`
-- (exit 1).

local uv = vim.uv or vim.loop
local t0 = uv.hrtime()

local function elapsed_ms()
  return math.floor((uv.hrtime() - t0) / 1e6)
end

local function out(line)
  io.stdout:write(line, "\n")
  io.stdout:flush()
end

local function fail(msg)
  out("FAIL: " .. msg)
  vim.cmd("cquit 1")
end

-- Timers fire inside vim.wait, so this also ends a wait that never returns.
vim.defer_fn(function()
  fail("watchdog")
end, 60000)

local FIX_TITLE = "Set the data residency location to `Europe`"

local function one_line(s, max)
  s = tostring(s):gsub("%s+", " ")
  if max and #s > max then
    s = s:sub(1, max)
  end
  return s
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function eu001(bufnr)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if code_of(d) == "EU001" then
      return d
    end
  end
  return nil
end

--- The text of a hover result: MarkupContent, MarkedString or a list of MarkedString.
local function hover_text(contents)
  if type(contents) == "string" then
    return contents
  end
  if type(contents) ~= "table" then
    return ""
  end
  if contents.value then
    return contents.value
  end
  local parts = {}
  for _, c in ipairs(contents) do
    table.insert(parts, hover_text(c))
  end
  return table.concat(parts, "\n")
end

local function main()
  local repo = os.getenv("RESIDENCY_REPO")
  if not repo or repo == "" then
    return fail("RESIDENCY_REPO is not set")
  end
  local file = os.getenv("RESIDENCY_E2E_FILE") or "main.tf"
  local wait_ms = tonumber(os.getenv("RESIDENCY_E2E_WAIT_MS") or "") or 10000
  local times = {}

  -- 1. The plugin, with no options: `residency` comes from PATH. Opening the file runs the
  -- FileType autocommand, which starts and attaches the server. With
  -- RESIDENCY_E2E_NVIM_START=enable (Neovim 0.11+), `lsp/residency.lua` and
  -- `vim.lsp.enable("residency")` do it instead, without `setup()`.
  vim.opt.runtimepath:append(repo .. "/editors/nvim")
  local residency = require("residency")
  if os.getenv("RESIDENCY_E2E_NVIM_START") == "enable" then
    if not vim.lsp.enable then
      return fail("vim.lsp.enable needs Neovim 0.11")
    end
    vim.cmd("filetype on") -- off under -u NONE
    vim.lsp.enable("residency")
    out("START vim.lsp.enable")
  else
    residency.setup()
    out("START setup()")
  end
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()

  local client
  vim.wait(wait_ms, function()
    client = residency.clients(bufnr)[1]
    return client ~= nil
  end, 20)
  if not client then
    return fail(string.format("no residency client attached to %s (filetype %q)", file, vim.bo[bufnr].filetype))
  end
  local client_id = client.id

  -- 2. The EU001 diagnostic (EU003, an info on the same resource, is ignored).
  local d
  vim.wait(wait_ms, function()
    d = eu001(bufnr)
    return d ~= nil
  end, 20)
  if not d then
    return fail(string.format("no EU001 diagnostic within %d ms", wait_ms))
  end
  times.diag = elapsed_ms()
  out(string.format("DIAG %d:%d %s %s", d.lnum + 1, d.col + 1, code_of(d), one_line(d.message)))
  -- The diagnostic as the server sent it. 0.11 keeps it whole in user_data.lsp; 0.7 keeps only
  -- code, data and a few more, so the range is converted back from byte columns.
  local lspdiag = vim.deepcopy(d.user_data and d.user_data.lsp or {})
  if not lspdiag.range then
    local enc = client.offset_encoding
    lspdiag.range = {
      start = { line = d.lnum, character = vim.lsp.util.character_offset(bufnr, d.lnum, d.col, enc) },
      ["end"] = { line = d.end_lnum, character = vim.lsp.util.character_offset(bufnr, d.end_lnum, d.end_col, enc) },
    }
    lspdiag.message = d.message
    lspdiag.severity = d.severity
    lspdiag.source = d.source
    lspdiag.code = code_of(d)
  end
  local uri = vim.uri_from_bufnr(bufnr)

  -- 2b. The inlay hint after `var.aadds_location` (Neovim 0.10 and later show inlay hints).
  if vim.lsp.inlay_hint and vim.lsp.inlay_hint.get then
    vim.lsp.inlay_hint.enable(true, { bufnr = bufnr })
    local label
    vim.wait(wait_ms, function()
      for _, item in ipairs(vim.lsp.inlay_hint.get({ bufnr = bufnr })) do
        local l = item.inlay_hint.label
        if type(l) == "table" then
          l = table.concat(vim.tbl_map(function(p) return p.value end, l))
        end
        if tostring(l):find("eastus", 1, true) then
          label = string.format("%d:%d %s", item.inlay_hint.position.line + 1, item.inlay_hint.position.character + 1, l)
          return true
        end
      end
      return false
    end, 20)
    if not label then
      return fail(string.format("no inlay hint within %d ms", wait_ms))
    end
    out("HINT " .. label)
  else
    out("HINT none: this Neovim has no inlay hints")
  end

  -- 3. Hover at the start of the diagnostic.
  local hover = vim.lsp.buf_request_sync(
    bufnr,
    "textDocument/hover",
    { textDocument = { uri = uri }, position = lspdiag.range.start },
    wait_ms
  )
  local hres = hover and hover[client_id] and hover[client_id].result
  local htext = hres and one_line(hover_text(hres.contents), 300) or ""
  times.hover = elapsed_ms()
  out("HOVER " .. htext)
  if htext == "" then
    return fail("empty hover: " .. one_line(vim.inspect(hover), 300))
  end
  if not htext:find("EU001", 1, true) then
    return fail("the hover does not mention EU001")
  end

  -- 4. Code actions for the diagnostic; apply the fix.
  local ca = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", {
    textDocument = { uri = uri },
    range = lspdiag.range,
    context = { diagnostics = { lspdiag } },
  }, wait_ms)
  local actions = ca and ca[client_id] and ca[client_id].result or {}
  local fix
  for _, a in ipairs(actions) do
    out(string.format("ACTION %s %s", a.kind or "-", a.title))
    if not fix and a.title:sub(1, #FIX_TITLE) == FIX_TITLE then
      fix = a
    end
  end
  times.actions = elapsed_ms()
  if not fix then
    return fail("no code action titled " .. FIX_TITLE .. "...: " .. one_line(vim.inspect(ca), 300))
  end
  if not fix.edit then
    return fail("the fix has no edit")
  end
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
  local line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1] or ""
  out("AFTER-EDIT " .. line)
  if not line:find('"Europe"', 1, true) then
    return fail('the fixed line does not contain "Europe"')
  end

  -- 5. The change reaches the server, which lints again: EU001 goes away.
  if not vim.wait(wait_ms, function()
    return eu001(bufnr) == nil
  end, 20) then
    return fail(string.format("EU001 still reported %d ms after the fix", wait_ms))
  end
  times.cleared = elapsed_ms()
  out("CLEARED")

  -- 6. :checkhealth residency reports the binary as found.
  vim.cmd("silent checkhealth residency") -- silent: no "Running healthchecks..." on stderr
  local report = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  local found = false
  for _, l in ipairs(report) do
    if l:find("OK", 1, true) and l:find("`residency` found", 1, true) then
      found = true
    end
  end
  if not found then
    return fail("checkhealth did not report the binary as OK:\n" .. table.concat(report, "\n"))
  end
  times.health = elapsed_ms()
  out("HEALTH ok")

  -- 7. Stop the server: shutdown, exit, status 0.
  vim.lsp.stop_client(client_id)
  local code, signal
  if not vim.wait(wait_ms, function()
    code, signal = residency.exit_status(client_id)
    return code ~= nil
  end, 20) then
    return fail(string.format("the server did not exit within %d ms of stop", wait_ms))
  end
  if code ~= 0 then
    return fail(string.format("the server exited with code %d (signal %s)", code, tostring(signal)))
  end
  times.exit = elapsed_ms()
  out(
    string.format(
      "TIMING nvim %s diag=%dms hover=%dms actions=%dms cleared=%dms health=%dms exit=%dms",
      string.format("%d.%d.%d", vim.version().major, vim.version().minor, vim.version().patch),
      times.diag,
      times.hover,
      times.actions,
      times.cleared,
      times.health,
      times.exit
    )
  )
  out("PASS")
  vim.cmd("qall!")
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  fail(one_line(err))
end
