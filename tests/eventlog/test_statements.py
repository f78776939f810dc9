"""Every change that counts is also an xAPI 1.0.3 statement in the event log, written in
the same transaction, numbered (node, 1), (node, 2), … with no gap."""

from __future__ import annotations

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict
from xapi_rules import problems

from lms.classes import services as classes
from lms.consultations import services as consultations
from lms.db import db
from lms.eventlog.models import Statement
from lms.people import services as people
from lms.people.models import Role
from lms.progress.services import complete_lesson
from lms.quizzes.services import enter_paper_quiz
from lms.state import catalogue

ADL = "http://adlnet.gov/expapi/verbs/"
OWN = "https://gramota.invalid/xapi/verbs/"


def log() -> list[Statement]:
    return list(db.session.scalars(db.select(Statement).order_by(Statement.sequence)))


def test_a_learners_week_is_told_in_valid_statements(app, library, make_user):
    trainer = make_user("trener", role=Role.TRAINER)
    course = catalogue().get("first-steps")
    # registered at the desk, corrected, a lesson, a quiz on paper (which completes its
    # lesson), a class session attended, a consultation: each a statement
    learner = people.register_learner(trainer, full_name="Орлова Нина Петровна",
                                      library_id=library.id, language="ru",
                                      consent_method="paper").learner
    people.change_learner_details(trainer, learner, library_id=library.id, language="ru",
                                  birth_year=1951)
    complete_lesson(learner, course, course.lesson("mouse"))
    enter_paper_quiz(trainer, learner, course, course.quizzes["device-quiz"], MultiDict(
        {"q0-answer": "q0o0", "q1-answer": ["q1o0", "q1o1"], "q2-answer": "q2o1"}))
    group = classes.create_class(trainer, library_id=library.id, course=course, name="Среда",
                                 starts_on=date(2026, 12, 1))
    classes.enrol(trainer, group, learner)
    classes.add_session(trainer, group, date(2026, 12, 2), None)
    session = group.sessions[0]
    classes.record_attendance(trainer, session, {learner.id})
    entry = consultations.save(trainer, library_id=library.id, on=date(2026, 12, 3),
                               topic="pension", format="individual", people=1,
                               outcome="explained", learner_id=learner.id)
    db.session.commit()

    written = log()
    verbs = [row.verb.removeprefix(ADL).removeprefix(OWN) for row in written]
    # the quiz and the lesson it completes are told in the order their receivers run
    # (blinker keeps no order between them): the quiz's two may come either way
    assert verbs[:3] + verbs[5:] == ["registered", "corrected", "completed", "attended",
                                     "consulted"]
    assert sorted(verbs[3:5]) == ["completed", "passed"]
    assert [(row.node, row.sequence) for row in written] == [
        ("central", n) for n in range(1, 8)]
    for row in written:
        assert problems(row.body) == [], (row.verb, problems(row.body))
        assert row.body["id"] == row.uuid and row.library_id == library.id
    if verbs[3] == "completed":
        written[3], written[4] = written[4], written[3]
    registered, corrected, lesson, quiz, quiz_lesson, attended, consulted = written
    assert registered.body["actor"]["account"] == {
        "homePage": "https://gramota.invalid/xapi", "name": learner.uid}
    assert registered.body["context"]["instructor"]["account"]["name"] == trainer.uid
    # never a name or a birth year in the log: the uid, and which fields changed
    assert "Орлова" not in str([row.body for row in written]) and "1951" not in str(
        corrected.body)
    assert corrected.body["context"]["extensions"][
        "https://gramota.invalid/xapi/extensions/fields"] == ["birth_year"]
    assert lesson.body["object"]["id"] == "https://gramota.invalid/xapi/courses/first-steps/mouse"
    assert quiz.body["result"] == {
        "score": {"raw": 100, "min": 0, "max": 100, "scaled": 1.0}, "completion": True,
        "success": True, "extensions": {"https://gramota.invalid/xapi/extensions/answers": [
            [0, [0], 1.0], [1, [0, 1], 1.0], [2, [1], 1.0]]}}
    assert quiz.body["context"]["contextActivities"]["parent"][0]["id"].endswith(
        "/courses/first-steps")
    assert quiz_lesson.body["object"]["id"].endswith("/courses/first-steps/keyboard")
    assert attended.body["object"]["id"].endswith(f"/classes/{group.uid}/sessions/2026-12-02")
    assert consulted.body["actor"]["account"]["name"] == trainer.uid
    assert consulted.body["result"]["extensions"][
        "https://gramota.invalid/xapi/extensions/learner"] == learner.uid
    assert consulted.body["context"]["extensions"][
        "https://gramota.invalid/xapi/extensions/branch"] == (
        f"{library.network.code}/{library.code}")

    # unmarking the attendance and changing the consultation void their statements
    classes.record_attendance(trainer, session, set())
    consultations.save(trainer, entry, library_id=library.id, on=date(2026, 12, 3),
                       topic="pension", format="individual", people=1,
                       outcome="service-obtained", learner_id=learner.id)
    db.session.commit()
    later = log()[7:]
    assert [row.verb.removeprefix(ADL).removeprefix(OWN) for row in later] == [
        "voided", "voided", "consulted"]
    assert later[0].body["object"] == {"objectType": "StatementRef", "id": attended.uuid}
    assert later[1].body["object"]["id"] == consulted.uuid
    assert all(problems(row.body) == [] for row in later)


def test_a_change_undone_leaves_no_statement_and_no_gap(app, library, make_user):
    learner = make_user("orlova")
    course = catalogue().get("first-steps")
    complete_lesson(learner, course, course.lesson("mouse"))
    db.session.rollback()  # the request failed after the lesson was recorded
    assert log() == []
    complete_lesson(learner, course, course.lesson("mouse"))
    db.session.commit()
    assert [(row.node, row.sequence) for row in log()] == [("central", 1)]


def test_each_node_numbers_its_own(make_app, library):
    app = make_app(LMS_NODE_ID="branch-7")
    with app.app_context():
        from lms.people.branches import get_or_create_library, get_or_create_network
        from lms.people.services import create_user

        branch = get_or_create_library(get_or_create_network("n", "Сеть"), "7", "Филиал 7")
        learner = create_user("orlova", "Орлова", Role.LEARNER, "246810", library=branch)
        course = catalogue().get("first-steps")
        complete_lesson(learner, course, course.lesson("mouse"))
        db.session.commit()
        row = db.session.scalar(db.select(Statement))
        assert (row.node, row.sequence) == ("branch-7", 1)
        assert row.body["context"]["extensions"][
            "https://gramota.invalid/xapi/extensions/node"] == "branch-7"


@pytest.mark.parametrize("broken, rule", [
    ({"id": "not-a-uuid"}, "id is not a UUID"),
    ({"timestamp": "2026-12-06T10:00:00"}, "time zone"),
    ({"verb": {"id": "completed"}}, "verb id is not an IRI"),
    ({"actor": {"objectType": "Agent", "name": "Нина"}}, "inverse functional identifier"),
    ({"result": {"score": {"raw": 7, "min": 0, "max": 5}}}, "raw score outside"),
    ({"object": {"objectType": "Agent", "account": {"homePage": "https://x", "name": "u"}}},
     "revision and platform only when the object is an Activity"),
])
def test_the_rules_catch_a_broken_statement(app, library, make_user, broken, rule):
    """The checker of the rules is itself checked: each rule broken once."""
    learner = make_user("orlova")
    course = catalogue().get("first-steps")
    complete_lesson(learner, course, course.lesson("mouse"))
    body = {**db.session.scalar(db.select(Statement)).body, **broken}
    assert any(rule in problem for problem in problems(body)), problems(body)


def test_joining_two_accounts_is_told_with_both_uids(app, library, make_user):
    from lms.people.merging import merge_learners

    trainer = make_user("trener", role=Role.TRAINER)
    kept, other = make_user("orlova"), make_user("orlova2")
    merge_learners(trainer, kept, other)
    db.session.commit()
    joined = log()[-1]
    assert joined.verb == OWN + "joined" and problems(joined.body) == []
    assert (joined.body["actor"]["account"]["name"], joined.body["object"]["account"]["name"]
            ) == (kept.uid, other.uid)


def test_a_practice_and_a_certificate_are_told_too(app, library, make_user):
    from lms.certificates.services import issue_on_paper
    from lms.practice import services as practice

    trainer = make_user("trener", role=Role.TRAINER)
    learner = make_user("orlova")
    course = catalogue().get("first-steps")
    call = course.practices["call"]
    attempt = practice.start(learner, call, "ru", "RU")
    practice.answer(attempt, call, "hello", MultiDict({"choice": "1"}))   # asks on: missed
    practice.answer(attempt, call, "code", MultiDict({"choice": "1"}))    # refuses: caught
    practice.finish(attempt, call)
    certificate = issue_on_paper(trainer, learner, course)
    db.session.commit()
    practised, earned = log()
    assert problems(practised.body) == [] and problems(earned.body) == []
    assert practised.verb == OWN + "practised"
    assert practised.body["object"]["id"].endswith("/practices/first-steps/call")
    result = practised.body["result"]
    assert result["score"] == {"raw": 1, "min": 0, "max": 2, "scaled": 0.5}
    assert result["extensions"]["https://gramota.invalid/xapi/extensions/missed"] == ["caller"]
    assert earned.body["object"]["id"].endswith(f"/certificates/{certificate.number}")
    assert earned.body["context"]["instructor"]["account"]["name"] == trainer.uid
