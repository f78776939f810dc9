"""Names of the report's figures and funnel steps, in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

FIGURE_NAMES = {
    "registered": _l("Learners registered"),
    "active": _l("Active learners"),
    "lessons": _l("Lessons completed"),
    "quizzes_passed": _l("Quizzes passed"),
    "courses_completed": _l("Courses completed"),
    "certificates": _l("Certificates issued"),
    "consultations": _l("Consultations"),
    "people_helped": _l("People helped at the desk"),
    "services_obtained": _l("E-services obtained"),
    "sessions": _l("Class sessions held"),
    "attendance": _l("Attendances"),
}
FUNNEL_NAMES = {"enrolled": _l("Started the course"), "half": _l("Did half the lessons"),
                "completed": _l("Completed the course"), "certified": _l("Got the certificate")}
