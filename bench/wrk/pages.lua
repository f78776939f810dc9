-- The page at wrk's address, again and again: as a signed-in learner (a random one of
-- LOAD_SESSIONS each time) or, without sessions, as a visitor.
dofile(os.getenv("LOAD_LIB"))
local sessions = read_sessions()

request = function()
  if #sessions == 0 then return wrk.format("GET") end
  return wrk.format("GET", nil, {["Cookie"] = sessions[math.random(#sessions)].cookie})
end
