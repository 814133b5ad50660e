-- Headless Neovim smoke test for the Entente language server.
--
--   nvim --headless --clean -u NONE -c 'luafile test/nvim/smoke.lua'      (Neovim 0.7+)
--   nvim --headless --clean -u NONE -l test/nvim/smoke.lua                (Neovim 0.9+)
--
-- Starts `node bin/entente-language-server.js --stdio` on a copy of note.txt in a temporary
-- folder, then checks diagnostics, hover and go-to-definition. Prints one `ok - …` /
-- `not ok - …` line per check, then `N passed, M failed`, and exits non-zero on failure.
-- Works with Neovim 0.7 (vim.lsp.start_client + buf_attach_client) and newer (vim.lsp.start).

local TIMEOUT_MS = tonumber(os.getenv('ENTENTE_NVIM_TIMEOUT_MS') or '') or 60000

local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

-- Paths, relative to this script.
local script = debug.getinfo(1, 'S').source:gsub('^@', '')
local here = vim.fn.fnamemodify(script, ':p:h')
local repo = vim.fn.fnamemodify(here, ':h:h')
local server = repo .. '/bin/entente-language-server.js'

local passed, failed = 0, 0
local function check(ok, name, detail)
  if ok then
    passed = passed + 1
    out('ok - ' .. name)
  else
    failed = failed + 1
    out('not ok - ' .. name .. (detail and ('  # ' .. detail) or ''))
  end
end

local server_errors = {}
local server_warnings = {}
local server_messages = {} -- window/showMessageRequest prompts, answered with null
local client_id
local root -- temporary workspace folder
local ran = false -- the server got initialized

local function finish()
  if client_id then
    if vim.lsp.get_client_by_id(client_id) then
      vim.lsp.stop_client(client_id)
      local stopped = vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
      check(stopped, 'server stops on shutdown/exit')
    end
  end
  check(#server_errors == 0, 'server logged no errors', table.concat(server_errors, ' | '))
  -- Neovim encodes init_options = {} as JSON [] (an empty Lua table is an array to it).
  local settings_warning
  for _, m in ipairs(server_warnings) do
    if m:find('settings', 1, true) then settings_warning = m break end
  end
  if ran then
    check(settings_warning == nil, 'init_options = {} (sent by Neovim as []) accepted without a settings warning', settings_warning)
  end
  for _, m in ipairs(server_messages) do
    out('# server prompt (window/showMessageRequest, blocks an interactive Neovim): ' .. m)
  end
  if root then vim.fn.delete(root, 'rf') end
  out(string.format('%d passed, %d failed', passed, failed))
  if failed > 0 then
    vim.cmd('cquit 1')
  else
    vim.cmd('qall!')
  end
end

local ok_run, run_err = pcall(function()
  check(vim.fn.filereadable(server) == 1, 'server entry point exists', server)
  check(vim.fn.filereadable(repo .. '/dist/server.js') == 1, 'dist/server.js is built (npm run build)')
  if vim.fn.executable('node') ~= 1 then
    check(false, 'node is on PATH')
    return
  end

  -- A workspace of our own: a temp folder holding a copy of the note.
  root = vim.fn.tempname()
  vim.fn.mkdir(root, 'p')
  local note = root .. '/note.txt'
  vim.fn.writefile(vim.fn.readfile(here .. '/note.txt'), note)
  vim.cmd('edit ' .. vim.fn.fnameescape(note))
  local bufnr = vim.api.nvim_get_current_buf()

  local on_message = function(_, result)
    -- MessageType.Error = 1
    if result and result.type == 1 then table.insert(server_errors, result.message) end
    if result and result.type == 2 then table.insert(server_warnings, result.message) end
  end

  local config = {
    name = 'entente',
    cmd = { 'node', server, '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'smoke' } },
    init_options = {},
    -- Neovim's filetype for .txt is "text" (and none at all under -u NONE); the server
    -- analyzes the VS Code language ids (plaintext, markdown, entente-notes).
    get_language_id = function() return 'plaintext' end,
    handlers = {
      ['window/logMessage'] = on_message,
      ['window/showMessage'] = on_message,
      -- Neovim's default handler prompts (inputlist) and would block a headless run.
      ['window/showMessageRequest'] = function(_, result)
        if result then table.insert(server_messages, result.message) end
        on_message(nil, result)
        return vim.NIL
      end,
    },
    on_exit = function(code, signal)
      if code ~= 0 or signal ~= 0 then
        table.insert(server_errors, string.format('server exited with code %s, signal %s', code, signal))
      end
    end,
  }

  if vim.lsp.start then
    client_id = vim.lsp.start(config, { bufnr = bufnr })
  else
    client_id = vim.lsp.start_client(config)
    if client_id then vim.lsp.buf_attach_client(bufnr, client_id) end
  end
  check(client_id ~= nil, 'client started')
  if not client_id then return end

  -- Every wait also ends when the server has died, so a crash fails fast instead of timing out.
  local function dead() return vim.lsp.get_client_by_id(client_id) == nil end
  vim.wait(TIMEOUT_MS, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c == nil or c.initialized == true
  end, 50)
  local c = vim.lsp.get_client_by_id(client_id)
  local initialized = c ~= nil and c.initialized == true
  check(initialized, 'server initialized', table.concat(server_errors, ' | '))
  if not initialized then return end
  ran = true

  -- Diagnostics: the note gives the wrong year for the Collective Security Treaty (the source
  -- says 15 May 1992) and a date that does not exist (30 February).
  local function codes()
    local set = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if code then set[tostring(code)] = true end
    end
    return set
  end
  vim.wait(TIMEOUT_MS, function()
    local s = codes()
    return (s['date-conflict'] and s['date-invalid']) or dead()
  end, 100)
  local got = codes()
  local list = {}
  for k in pairs(got) do table.insert(list, k) end
  table.sort(list)
  local seen = 'got: ' .. (#list > 0 and table.concat(list, ', ') or 'no diagnostics')
  check(got['date-conflict'], 'diagnostic date-conflict', seen)
  check(got['date-invalid'], 'diagnostic date-invalid', seen)

  -- Position of "CSTO" (the note is ASCII, so byte column = UTF-16 column).
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local line, col
  for i, l in ipairs(lines) do
    local s = l:find('CSTO', 1, true)
    if s then line, col = i - 1, s break end -- 0-based column s - 1, plus one: inside the word
  end
  check(line ~= nil, 'note contains CSTO')
  if not line then return end
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = line, character = col } }

  local function request(method)
    local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT_MS)
    if not responses then return nil, tostring(err) end
    local r = responses[client_id]
    if not r then return nil, 'no response' end
    if r.err then return nil, vim.inspect(r.err) end
    return r.result
  end

  -- Hover
  local hover, herr = request('textDocument/hover')
  local text = ''
  if hover and hover ~= vim.NIL then
    local c = hover.contents
    if type(c) == 'string' then
      text = c
    elseif c.value then
      text = c.value
    else
      for _, part in ipairs(c) do text = text .. (type(part) == 'string' and part or (part.value or '')) .. '\n' end
    end
  end
  check(text:find('**Collective Security Treaty Organization** (CSTO)', 1, true) ~= nil,
    'hover on CSTO names the Collective Security Treaty Organization',
    herr or ('hover: ' .. text:sub(1, 200):gsub('\n', ' ')))

  -- Definition
  local def, derr = request('textDocument/definition')
  local target
  local items = {}
  if def and def ~= vim.NIL then
    items = (def.uri or def.targetUri) and { def } or def
  end
  for _, loc in ipairs(items) do
    local uri = loc.targetUri or loc.uri
    if uri and uri:sub(-#'international-security-organizations-in-eurasia.txt') == 'international-security-organizations-in-eurasia.txt' then
      target = loc
      break
    end
  end
  check(target ~= nil, 'definition of CSTO is in international-security-organizations-in-eurasia.txt',
    derr or ('definition: ' .. vim.inspect(def):sub(1, 300):gsub('\n', ' ')))

  -- The target range points at text mentioning the organization (UTF-16 columns).
  if target then
    local range = target.targetSelectionRange or target.range
    local file = vim.uri_to_fname(target.targetUri or target.uri)
    local flines = vim.fn.readfile(file, '', range['end'].line + 1)
    local s, e = range.start, range['end']
    local picked = {}
    for ln = s.line, e.line do
      local l = flines[ln + 1] or ''
      local from = ln == s.line and vim.str_byteindex(l, s.character, true) or 0
      local to = ln == e.line and vim.str_byteindex(l, e.character, true) or #l
      table.insert(picked, l:sub(from + 1, to))
    end
    local snippet = table.concat(picked, ' ')
    check(snippet:find('CSTO', 1, true) or snippet:find('Collective Security Treaty Organi', 1, true),
      'definition range selects the organization in the source', 'selected: ' .. snippet:sub(1, 120))
  end

  -- Incremental sync: correct the year (1993 -> 1992); the conflict goes, the invalid date stays.
  local row, from
  for i, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local s = l:find('15 May 1993', 1, true)
    if s then row, from = i - 1, s - 1 + #'15 May ' break end
  end
  if row then
    vim.api.nvim_buf_set_text(bufnr, row, from, row, from + 4, { '1992' })
    vim.wait(TIMEOUT_MS, function()
      local s = codes()
      return (not s['date-conflict'] and s['date-invalid']) or dead()
    end, 100)
    local after = codes()
    local fixed = not after['date-conflict'] and after['date-invalid'] and not dead()
    local now = {}
    for k in pairs(after) do table.insert(now, k) end
    table.sort(now)
    check(fixed, 'after an edit (1993 -> 1992) date-conflict is gone and date-invalid stays',
      'got: ' .. table.concat(now, ', '))
  end
end)

if not ok_run then check(false, 'smoke test ran without a Lua error', tostring(run_err)) end
finish()
