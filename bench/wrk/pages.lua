-- The page at wrk's address, again and again: as a signed-in learner (a random one of
-- LOAD_SESSIONS each time) or, without sessions, as a visitor; with LOAD_ENCODING, asking
-- for the page compressed (as every browser does); with LOAD_TOKEN, as an API client;
-- with LOAD_PATHS, each session at its own address (the line of the same number).
dofile(os.getenv("LOAD_LIB"))
local sessions = read_sessions()
local paths = read_lines(os.getenv("LOAD_PATHS"))
local encoding = os.getenv("LOAD_ENCODING") or ""
local token = os.getenv("LOAD_TOKEN") or ""

request = function()
  local headers = {}
  if encoding ~= "" then headers["Accept-Encoding"] = encoding end
  if token ~= "" then headers["Authorization"] = "Bearer " .. token end
  if #sessions > 0 then
    local i = math.random(#sessions)
    headers["Cookie"] = sessions[i].cookie
    if #paths > 0 then return wrk.format("GET", paths[i], headers) end
  end
  return wrk.format("GET", nil, headers)
end
