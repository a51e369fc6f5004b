-- wrk script of the newsroom day (bench/newsroom_day.py). From the environment:
--   NEWSDAY_PATHS    the path list, one path a line (readers' requests, in order)
--   NEWSDAY_PORTS    the ports to talk to on 127.0.0.1, comma separated: thread i talks to the
--                    i-th (round), so two app servers each get half the connections
--   NEWSDAY_THREADS  wrk's --threads
-- Thread i sends lines i, i + threads, i + 2 * threads... (wrapping round at the end; a list
-- shorter than the threads goes whole to each), asking
-- for gzip as browsers do, and counts how the caches answered: X-Cache (Varnish) and
-- X-Page-Cache (the app's page cache). The main thread prints one JSON line at the end.

local threads = {}
local ports = {}
for port in string.gmatch(os.getenv("NEWSDAY_PORTS") or "", "[^,]+") do
  table.insert(ports, port)
end

setup = function(thread)
  local number = #threads + 1
  if #ports > 0 then
    thread.addr = wrk.lookup("127.0.0.1", ports[(number - 1) % #ports + 1])[1]
  end
  thread:set("number", number)
  table.insert(threads, thread)
end

local paths = {}
local index = 0
-- Edge: hit, hit in grace, miss (or passed). App, for what reached it: hit, renewed (only
-- the sidebars made anew), stale, miss.
edge_hit, edge_grace, edge_miss = 0, 0, 0
app_hit, app_renewed, app_stale, app_miss, app_none = 0, 0, 0, 0, 0
not_ok, wrapped = 0, 0
-- Responses other than 200, by status.
statuses = {}

init = function(args)
  local number = wrk.thread:get("number")
  local count = tonumber(os.getenv("NEWSDAY_THREADS") or "1")
  local lines = {}
  for line in io.lines(os.getenv("NEWSDAY_PATHS")) do
    table.insert(lines, line)
  end
  for line_number, line in ipairs(lines) do
    if #lines < count or (line_number - 1) % count == number - 1 then
      table.insert(paths, line)
    end
  end
  lines = nil
  wrk.headers["Accept-Encoding"] = "gzip"
end

request = function()
  index = index + 1
  if index > #paths then
    index = 1
    wrapped = wrapped + 1
  end
  return wrk.format("GET", paths[index])
end

response = function(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
    statuses[tostring(status)] = (statuses[tostring(status)] or 0) + 1
  end
  local edge = headers["X-Cache"]
  if edge ~= nil then
    if edge == "HIT" then
      edge_hit = edge_hit + 1
      return
    elseif string.sub(edge, 1, 3) == "HIT" then
      edge_grace = edge_grace + 1
      return
    end
    edge_miss = edge_miss + 1
  end
  -- What the app did for a request that reached it.
  local app = headers["X-Page-Cache"]
  if app == "hit" then
    app_hit = app_hit + 1
  elseif app == "renewed" then
    app_renewed = app_renewed + 1
  elseif app == "stale" then
    app_stale = app_stale + 1
  elseif app == "miss" then
    app_miss = app_miss + 1
  else
    app_none = app_none + 1
  end
end

local counters = {
  "edge_hit", "edge_grace", "edge_miss", "app_hit", "app_renewed", "app_stale", "app_miss",
  "app_none",
  "not_ok", "wrapped",
}

done = function(summary, latency, requests)
  local totals = {}
  for _, name in ipairs(counters) do
    totals[name] = 0
    for _, thread in ipairs(threads) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
  end
  local counted = {}
  for _, name in ipairs(counters) do
    table.insert(counted, string.format('"%s": %d', name, totals[name]))
  end
  local by_status = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses") or {}) do
      by_status[status] = (by_status[status] or 0) + count
    end
  end
  local not_200 = {}
  for status, count in pairs(by_status) do
    table.insert(not_200, string.format('"%s": %d', status, count))
  end
  local errors = summary.errors
  io.write(string.format(
    'NEWSDAY-JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "max": %d, "mean": %.1f}, ' ..
    '"counts": {%s}, "statuses": {%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, table.concat(counted, ", "), table.concat(not_200, ", ")))
end
