-- Drives `baton lsp` from Neovim's built-in client, headless: diagnostics, completion, hover,
-- definition and rename on one handoff of a site. Writes what it saw as JSON to $BATON_OUT.
local site, out, file = vim.env.BATON_SITE, vim.env.BATON_OUT, vim.env.BATON_FILE
local seen = { version = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch }

local function line_of(buf, prefix)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if vim.startswith(line, prefix) then return i - 1 end
  end
  error('no line starting with ' .. prefix)
end

local function codes(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do table.insert(found, { code = d.code, line = d.lnum, message = d.message }) end
  return found
end

local function request(buf, method, params)
  local answers, err = vim.lsp.buf_request_sync(buf, method, params, 10000)
  assert(answers, method .. ': ' .. tostring(err))
  for _, answer in pairs(answers) do
    assert(not answer.err, method .. ': ' .. vim.inspect(answer.err))
    return answer.result
  end
end

local ok, problem = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(site .. '/' .. file))
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({ name = 'baton', cmd = { vim.env.BATON_BIN, 'lsp', '--today', '2026-11-20' }, root_dir = site })
  assert(vim.lsp.buf_attach_client(buf, id), 'attach')
  assert(vim.wait(20000, function() local c = vim.lsp.get_client_by_id(id); return c ~= nil and c.initialized end, 20), 'initialize')
  local uri = vim.uri_from_bufnr(buf)
  local at = function(line, character) return { textDocument = { uri = uri }, position = { line = line, character = character } } end

  -- Typing an unknown handle as owner: an incremental didChange, then a published diagnostic.
  local owner = line_of(buf, 'owner:')
  vim.api.nvim_buf_set_text(buf, owner, 7, owner, 10, { 'nobody' })
  assert(vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 10), 'no diagnostics after the edit')
  seen.after_edit = codes(buf)
  vim.api.nvim_buf_set_text(buf, owner, 7, owner, 13, { 'ana' })
  assert(vim.wait(10000, function() return #vim.diagnostic.get(buf) == 0 end, 10), 'diagnostics not cleared')
  seen.after_fix = codes(buf)

  -- Completion of ids in depends_on, hover and definition on one.
  local dep = line_of(buf, 'depends_on:') + 1
  local items = request(buf, 'textDocument/completion', at(dep, 4))
  items = items.items or items
  seen.completion = {}
  for _, item in ipairs(items) do if item.label == 'ledger-v2-cutover' then seen.completion = { label = item.label, detail = item.detail } end end
  seen.completion_count = #items
  local hover = request(buf, 'textDocument/hover', at(dep, 8))
  seen.hover = hover and hover.contents.value
  local definition = request(buf, 'textDocument/definition', at(dep, 8))
  definition = definition and (definition.uri and definition or definition[1])
  seen.definition = definition and vim.uri_to_fname(definition.uri):sub(#site + 2)

  -- Rename: the workspace edit, applied to the buffers (not saved).
  local edit = request(buf, 'textDocument/rename', vim.tbl_extend('force', at(dep, 8), { newName = 'ledger-v2-go-live' }))
  seen.rename_files = {}
  for changed, _ in pairs(edit.changes or {}) do table.insert(seen.rename_files, vim.uri_to_fname(changed):sub(#site + 2)) end
  table.sort(seen.rename_files)
  vim.lsp.util.apply_workspace_edit(edit, 'utf-16')
  seen.renamed_line = vim.api.nvim_buf_get_lines(buf, dep, dep + 1, false)[1]
  -- The other edited files are now buffers too; attached (as a FileType autocommand would),
  -- the server sees their new text and the renamed id resolves again.
  for changed, _ in pairs(edit.changes) do vim.lsp.buf_attach_client(vim.uri_to_bufnr(changed), id) end
  assert(vim.wait(10000, function() return #vim.diagnostic.get(buf) == 0 end, 10), 'the rename left findings: ' .. vim.inspect(codes(buf)))
  seen.after_rename = codes(buf)
  vim.lsp.stop_client(id)
end)
seen.error = (not ok) and tostring(problem) or nil
local f = assert(io.open(out, 'w'))
f:write(vim.fn.json_encode(seen))
f:close()
vim.cmd(ok and 'qa!' or 'cquit 1')
