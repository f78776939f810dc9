-- The page at wrk's address, again and again: as a signed-in learner (a random one of
-- LOAD_SESSIONS each time) or, without sessions, as a visitor; with LOAD_ENCODING, asking
-- for the page compressed (as every browser does); with LOAD_TOKEN, as an API client.
dofile(os.getenv("LOAD_LIB"))
local sessions = read_sessions()
local encoding = os.getenv("LOAD_ENCODING") or ""
local token = os.getenv("LOAD_TOKEN") or ""

request = function()
  local headers = {}
  if encoding ~= "" then headers["Accept-Encoding"] = encoding end
  if token ~= "" then headers["Authorization"] = "Bearer " .. token end
  if #sessions > 0 then headers["Cookie"] = sessions[math.random(#sessions)].cookie end
  return wrk.format("GET", nil, headers)
end
