"""The counted figures the reports read (lessons, quizzes passed, courses completed,
certificates, active learners per branch, course, day and month), counted as things
happen: the receivers of lms.events in receivers.py."""
