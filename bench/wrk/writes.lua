-- Writers with no pause: a random learner presses "Lesson done" on a random lesson.
dofile(os.getenv("LOAD_LIB"))
local sessions = read_sessions()
local lessons = read_lines(os.getenv("LOAD_LESSONS"))

request = function()
  return press_done(sessions[math.random(#sessions)], lessons[math.random(#lessons)])
end
