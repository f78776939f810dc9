"""The small networks the reports' tests count by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from helpers import complete_course
from report_pages import client_for, post

from lms.db import db
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.people.models import Role
from lms.progress import services as progress
from lms.progress.models import Enrollment, LessonProgress
from lms.state import catalogue


@pytest.fixture
def network(app, make_user):
    """Network A (branches a1, a2) and network B (b1), with this month's work:

    a1: learners Орлова (1950, ru), Гнатюк (1962, uk), «=cmd» (no year); Орлова finished
        the course (2 lessons, 2 quizzes passed, 1 certificate); two consultations
        (pension, 1 person, explained; portal registration, a group of 5, obtained);
        a class session today with 2 of them present.
    a2: learner Белова (1945), one lesson last month only.
    b1: learner Бойко and one consultation: never in A's figures.
    """
    a = get_or_create_network("net-a", "Сеть А")
    b = get_or_create_network("net-b", "Мережа Б", "uk")
    a1 = get_or_create_library(a, "a1", "Библиотека А-1")
    a2 = get_or_create_library(a, "a2", "Библиотека А-2")
    b1 = get_or_create_library(b, "b1", "Бібліотека Б-1", country="UA")
    people = {
        "orlova": make_user("orlova", full_name="Орлова Нина", at=a1, birth_year=1950),
        "gnatyuk": make_user("gnatyuk", full_name="Гнатюк Ольга", at=a1, birth_year=1962,
                             language="uk"),
        "formula": make_user("formula", full_name="=cmd Формулов", at=a1),
        "belova": make_user("belova", full_name="Белова Вера", at=a2, birth_year=1945),
        "boyko": make_user("boyko", full_name="Бойко Ганна", at=b1, birth_year=1948),
        "trainer_a": make_user("trainer.a", role=Role.TRAINER, at=a1),
        "trainer_b": make_user("trainer.b", role=Role.TRAINER, at=b1),
        "coordinator_a": make_user("coord.a", role=Role.COORDINATOR, at=a1, network=a),
        "regional": make_user("regional", role=Role.COORDINATOR, at=a1),
    }
    trainer = client_for(app, people["trainer_a"])
    orlova = people["orlova"]
    # Orlova: the keyboard quiz on paper (passes it and completes the lesson), the mouse
    # lesson in class, then the final quiz: the course, and its certificate.
    post(trainer, f"/quizzes/first-steps/device-quiz/paper/{orlova.id}",
         **{"q0-answer": "q0o0", "q1-answer": ["q1o0", "q1o1"], "q2-answer": "q2o1"})
    course = catalogue().get("first-steps")
    progress.complete_lesson(orlova, course, course.lesson("mouse"), marked_by=people[
        "trainer_a"])
    assert complete_course(orlova) is not None
    today = date.today().isoformat()
    for topic, fmt, n, outcome in (("pension", "individual", "1", "explained"),
                                   ("portal-registration", "group", "5", "service-obtained")):
        post(trainer, "/trainer/consultations/", on=today, topic=topic, format=fmt, people=n,
             outcome=outcome, library_id=str(a1.id))
    post(trainer, "/trainer/classes/", name="Группа", course="first-steps",
         library_id=str(a1.id), starts_on=today)
    from lms.classes.models import StudyClass

    group = db.session.scalar(db.select(StudyClass))
    page = f"/trainer/classes/{group.id}/"
    for key in ("orlova", "gnatyuk", "formula"):
        post(trainer, f"{page}enrol", learner_id=str(people[key].id))
    post(trainer, f"{page}sessions", on=today)
    post(trainer, f"{page}sessions/{group.sessions[0].id}/",
         present=[str(people["orlova"].id), str(people["gnatyuk"].id)])
    other = client_for(app, people["trainer_b"])
    post(other, "/trainer/consultations/", on=today, topic="pension", format="individual",
         people="1", outcome="explained", library_id=str(b1.id))
    # Belova: one lesson last month, written as an import would, then recounted.
    last_month = datetime.combine(date.today().replace(day=1) - timedelta(days=3),
                                  datetime.min.time(), UTC)
    enrollment = Enrollment(user_id=people["belova"].id, course_slug="first-steps",
                            library_id=a2.id, started_at=last_month)
    db.session.add(enrollment)
    db.session.flush()
    db.session.add(LessonProgress(enrollment_id=enrollment.id, lesson_slug="mouse",
                                  completed_at=last_month))
    db.session.commit()
    return {"a": a, "b": b, "a1": a1, "a2": a2, "b1": b1, **people}
