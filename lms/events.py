"""What happens on a learner's path, told to whoever needs to know (Flask's signalling,
blinker): the report figures count it, certificates are issued on it, and an event log
can record it. A feature says what happened; it never calls into the features that care.

Receivers run at once, in the sender's transaction: they change and flush, never commit,
so what they do is kept or undone with what the sender did. Every receiver is connected
when the extension starts (lms/receivers.py lists them).
"""

from __future__ import annotations

from blinker import Namespace

_events = Namespace()

#: A lesson was done for the first time. Sender: the Enrollment; ``lesson_slug``, and
#: ``marked_by`` (the trainer, for a lesson done in class) or None.
lesson_completed = _events.signal("lesson-completed")

#: A learner begins a quiz, online or on paper (typed in by the trainer). Sender: the
#: User; ``course`` and ``quiz``.
quiz_started = _events.signal("quiz-started")

#: A quiz attempt was graded (once). Sender: the QuizAttempt; ``user``, ``course`` and
#: ``quiz`` (from the catalogue) and ``passed``.
quiz_finished = _events.signal("quiz-finished")

#: Every lesson is done and the final quiz passed. Sender: the Enrollment; ``course``.
course_completed = _events.signal("course-completed")

#: A certificate was issued. Sender: the Certificate; ``issued_by`` (None when issued on
#: completion).
certificate_issued = _events.signal("certificate-issued")

#: A certificate was issued again in place of another (a retake, a corrected name); not a
#: new certificate in the figures. Sender: the new Certificate; ``replaces`` (the old
#: one), ``reason``, ``by`` (the staff member, or None).
certificate_reissued = _events.signal("certificate-reissued")

#: A learner's personal data was removed at their request. Sender: the User (already
#: without them); ``names``: what she was called and her username, to be removed
#: wherever else a feature keeps them.
learner_anonymised = _events.signal("learner-anonymised")

#: Two accounts of one person were joined (lms/people/merging.py). Sender: the User kept;
#: ``other``: the account joined into her, whose rows each feature now moves to the kept
#: one (progress only grows: a union of lessons, every attempt, every certificate).
learners_merged = _events.signal("learners-merged")

#: A course she had started under both accounts is now one enrollment. Sender: the
#: Enrollment folded away (deleted after the receivers ran); ``into``: the one kept.
enrollment_folded = _events.signal("enrollment-folded")

#: Every step of a practice was answered. Sender: the PracticeAttempt (its caught and
#: missed tricks); ``practice`` (from the catalogue).
practice_finished = _events.signal("practice-finished")

#: A learner was registered: at the desk, from a file, or by herself. Sender: the User;
#: ``registered_by`` (the trainer, or None).
learner_registered = _events.signal("learner-registered")

#: A learner's details were corrected. Sender: the User; ``fields`` (the names of what
#: changed, "library" for a move: never the values) and ``changed_by``.
learner_details_changed = _events.signal("learner-details-changed")

#: A session's attendance was recorded. Sender: the ClassSession; ``added`` and
#: ``removed`` (user ids marked present, and unmarked), ``recorded_by``.
attendance_recorded = _events.signal("attendance-recorded")

#: A consultation was entered or changed. Sender: the Consultation; ``created``, ``by``.
consultation_saved = _events.signal("consultation-saved")

#: A consultation entry was deleted (it is still in the session). Sender: the
#: Consultation; ``by``.
consultation_deleted = _events.signal("consultation-deleted")
