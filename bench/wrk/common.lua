-- Shared by the scripts of bench/load.py: the signed-in sessions, and a JSON summary.

function read_lines(path)
  local lines = {}
  if path == nil or path == "" then return lines end
  for line in io.lines(path) do
    if line ~= "" then lines[#lines + 1] = line end
  end
  return lines
end

-- Each line of LOAD_SESSIONS: the session cookie, a tab, that session's form token.
function read_sessions()
  local sessions = {}
  for _, line in ipairs(read_lines(os.getenv("LOAD_SESSIONS"))) do
    local cookie, token = line:match("^(.-)\t(.*)$")
    sessions[#sessions + 1] = {cookie = cookie, token = token}
  end
  return sessions
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("seed", threads * 7919 + tonumber(os.getenv("LOAD_SEED") or "1"))
end

function init(args)
  math.randomseed(seed or 1)
end

function press_done(session, lesson)
  return wrk.format("POST", lesson .. "done",
                    {["Cookie"] = session.cookie,
                     ["Content-Type"] = "application/x-www-form-urlencoded"},
                    "csrf_token=" .. session.token)
end

function done(summary, latency, requests)
  local e = summary.errors
  local sockets = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    '{"requests": %d, "rps": %.3f, "p50": %.3f, "p95": %.3f, "p99": %.3f, ' ..
    '"errors": %d, "status_errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.status + sockets, e.status, sockets))
end
