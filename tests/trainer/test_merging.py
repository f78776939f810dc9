"""Two accounts of one person joined: every row of both under one person, nothing lost."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from helpers import complete_course, csrf_from, sign_in, text_of

from lms.audit.models import AuditEvent
from lms.certificates.models import Certificate
from lms.classes.models import Attendance, ClassMember, ClassSession, StudyClass
from lms.consultations.models import Consultation
from lms.db import db, utcnow
from lms.figures.models import ActiveDay
from lms.people.models import ConsentRecord, Role, User
from lms.progress import services as progress
from lms.progress.models import Enrollment, LessonProgress
from lms.quizzes.models import QuizAttempt
from lms.state import catalogue

NAME = "Иванова Мария Алексеевна"


@pytest.fixture
def trainer(make_user):
    return make_user("petrova", role=Role.TRAINER, full_name="Петрова Ольга")


@pytest.fixture
def twice(make_user):
    """The same woman registered twice: ivanova.ma and, a month later, ivanova.ma2."""
    kept = make_user("ivanova.ma", full_name=NAME, birth_year=1954)
    other = make_user("ivanova.ma2", full_name=NAME, phone="+7 912 000-11-22")
    other.created_at = utcnow() - timedelta(days=30)  # the older one: she came first then
    db.session.commit()
    return kept, other


def merge(client, kept, other_username):
    page = text_of(client.get(f"/trainer/learners/{kept.id}/"))
    shown = client.post(f"/trainer/learners/{kept.id}/merge", data={
        "csrf_token": csrf_from(page), "other": other_username})
    assert shown.status_code == 200, text_of(shown)
    confirm = text_of(shown)
    return confirm, client.post(f"/trainer/learners/{kept.id}/merge", data={
        "csrf_token": csrf_from(confirm), "other": other_username,
        "confirmed": other_username})


def rows_pointing_at(user_id: int) -> dict[str, int]:
    """Every row of every table that names this person, but the histories: the audit log
    and the event log (whose statements keep the account of their time; a statement of
    the joining tells which accounts became one)."""
    found = {}
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if (table.name in ("lms_audit_event", "lms_statement") or not any(
                    fk.column.table.name == "lms_user" for fk in column.foreign_keys)):
                continue
            number = db.session.scalar(db.select(db.func.count()).select_from(table)
                                       .where(column == user_id))
            if number:
                found[f"{table.name}.{column.name}"] = number
    return found


def test_the_two_accounts_become_one_with_everything_of_both(
        app, client, trainer, library, twice):
    kept, other = twice
    course = catalogue().get("first-steps")
    # ivanova.ma: the first lesson, a failed quiz, a class, a consultation, her consent
    progress.complete_lesson(kept, course, course.lessons[0])
    db.session.add(QuizAttempt(user_id=kept.id, course_slug="first-steps",
                               quiz_slug="device-quiz", lang="ru", seed=1,
                               finished_at=utcnow(), score=40, passed=False))
    # ivanova.ma2: the whole course with its certificate, and an unfinished quiz
    certificate = complete_course(other)
    db.session.add(QuizAttempt(user_id=other.id, course_slug="first-steps",
                               quiz_slug="device-quiz", lang="ru", seed=2))
    group = StudyClass(library_id=library.id, course_slug="first-steps", name="Среда, 10:00",
                       starts_on=date(2026, 11, 4))
    first = ClassSession(on=date(2026, 11, 4))
    second = ClassSession(on=date(2026, 11, 11))
    group.sessions += [first, second]
    db.session.add(group)
    db.session.flush()
    db.session.add_all([
        ClassMember(class_id=group.id, user_id=kept.id),
        ClassMember(class_id=group.id, user_id=other.id,
                    joined_at=utcnow() - timedelta(days=40), left_at=utcnow()),
        Attendance(session_id=first.id, user_id=kept.id),
        Attendance(session_id=first.id, user_id=other.id),   # both cards marked: once
        Attendance(session_id=second.id, user_id=other.id),
        ConsentRecord(user_id=kept.id, text_version="2026-01", method="paper"),
        ConsentRecord(user_id=other.id, text_version="2026-01", method="paper"),
        Consultation(library_id=library.id, on=date(2026, 11, 2), topic="pension",
                     format="individual", people=1, outcome="explained",
                     learner_id=kept.id, author_id=trainer.id),
        Consultation(library_id=library.id, on=date(2026, 11, 9), topic="portal-registration",
                     format="individual", people=1, outcome="service-obtained",
                     learner_id=other.id, author_id=trainer.id)])
    db.session.commit()
    attempts_before = db.session.scalar(db.select(db.func.count(QuizAttempt.id)))
    days_before = set(db.session.scalars(db.select(ActiveDay.day)))

    sign_in(client, trainer)
    page = text_of(client.get(f"/trainer/learners/{kept.id}/"))
    assert "С теми же именем и годом рождения" in page and "ivanova.ma2" in page
    confirm, joined = merge(client, kept, "ivanova.ma2")
    assert "ivanova.ma2 присоединяется к ivanova.ma" in confirm
    assert certificate.number in confirm  # she sees what comes over before she agrees
    assert joined.status_code == 302

    db.session.expire_all()
    assert rows_pointing_at(other.id) == {}  # nothing is left with the second account
    merged = db.session.get(User, other.id)
    assert merged.merged_into_id == kept.id and not merged.is_active
    person = db.session.get(User, kept.id)
    assert (person.birth_year, person.phone) == (1954, "+7 912 000-11-22")
    assert person.created_at == merged.created_at  # registered once: the first time
    enrollment = db.session.scalar(db.select(Enrollment).filter_by(user_id=kept.id))
    assert enrollment.completed_at is not None
    assert sorted(db.session.scalars(db.select(LessonProgress.lesson_slug).filter_by(
        enrollment_id=enrollment.id))) == ["keyboard", "mouse"]
    assert db.session.scalar(db.select(db.func.count(Enrollment.id))) == 1
    kept_certificate = db.session.scalar(db.select(Certificate))
    assert (kept_certificate.user_id, kept_certificate.number, kept_certificate.revoked_at) == (
        kept.id, certificate.number, None)
    assert kept_certificate.enrollment_id == enrollment.id
    assert db.session.scalar(db.select(db.func.count(QuizAttempt.id))) == attempts_before
    assert db.session.scalar(db.select(db.func.count(ClassMember.id))) == 1
    member = db.session.scalar(db.select(ClassMember))
    assert member.left_at is None and member.joined_at < utcnow() - timedelta(days=39)
    assert sorted((a.session_id, a.user_id) for a in db.session.scalars(
        db.select(Attendance))) == [(first.id, kept.id), (second.id, kept.id)]
    assert db.session.scalar(db.select(db.func.count(Consultation.id)).filter_by(
        learner_id=kept.id)) == 2
    assert db.session.scalar(db.select(db.func.count(ConsentRecord.id)).filter_by(
        user_id=kept.id)) == 2
    assert set(db.session.scalars(db.select(ActiveDay.day).filter_by(
        user_id=kept.id))) == days_before
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="learners_merged"))
    assert (event.actor_id, event.subject_id, event.details["joined"]) == (
        trainer.id, kept.id, "ivanova.ma2")

    page = text_of(client.get(f"/trainer/learners/{kept.id}/"))
    assert "Присоединены к этой учётной записи: <strong>ivanova.ma2</strong>" in page
    assert "Среда, 10:00" in page and "Услуга получена" in page
    assert "Курс пройден" in page and certificate.number in page
    assert "ivanova.ma2" not in text_of(client.get("/trainer/?q=иванова"))
    assert client.get(f"/trainer/learners/{other.id}/").status_code == 404
    client.post("/logout", data={"csrf_token": csrf_from(page)})
    refused = sign_in(client, other)
    assert "Неверное имя" in text_of(refused) or "неверн" in text_of(refused).lower()


def test_two_certificates_of_one_course_both_stay_valid(app, client, trainer, twice):
    kept, other = twice
    first, second = complete_course(kept), complete_course(other)
    sign_in(client, trainer)
    _confirm, joined = merge(client, kept, "ivanova.ma2")
    assert joined.status_code == 302
    db.session.expire_all()
    certificates = db.session.scalars(db.select(Certificate).order_by(Certificate.id)).all()
    assert [(c.number, c.user_id, c.revoked_at) for c in certificates] == [
        (first.number, kept.id, None), (second.number, kept.id, None)]
    assert [c.enrollment_id is None for c in certificates] == [False, True]
    verified = text_of(client.get(f"/verify/{second.code}"))
    assert second.number in verified and "отозван" not in verified


def test_lessons_done_under_each_account_complete_the_course_together(
        app, client, trainer, twice):
    kept, other = twice
    course = catalogue().get("first-steps")
    progress.complete_lesson(kept, course, course.lessons[0])
    progress.complete_lesson(other, course, course.lessons[1])
    attempt = QuizAttempt(user_id=other.id, course_slug="first-steps",
                          quiz_slug=course.final_quiz.slug, lang="ru", seed=1,
                          finished_at=utcnow(), score=90, passed=True)
    db.session.add(attempt)
    db.session.commit()
    assert db.session.scalar(db.select(Certificate)) is None  # neither finished alone
    sign_in(client, trainer)
    assert merge(client, kept, "ivanova.ma2")[1].status_code == 302
    db.session.expire_all()
    certificate = db.session.scalar(db.select(Certificate))
    assert certificate is not None and certificate.user_id == kept.id


@pytest.mark.parametrize("typed, message", [
    ("ivanova.ma", "это та же самая"),
    ("nobody", "Нет слушателя"),
    ("petrova", "Нет слушателя"),  # staff are not learners
    ("", "Напишите имя пользователя"),
])
def test_a_wrong_other_account_is_refused_and_nothing_changes(
        app, client, trainer, twice, typed, message):
    kept, _other = twice
    sign_in(client, trainer)
    page = text_of(client.get(f"/trainer/learners/{kept.id}/"))
    refused = client.post(f"/trainer/learners/{kept.id}/merge", data={
        "csrf_token": csrf_from(page), "other": typed, "confirmed": typed})
    assert refused.status_code == 422 and message in text_of(refused)
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(User.id)).filter(
        User.merged_into_id.is_not(None))) == 0


def test_a_learner_of_another_branch_cannot_be_joined(
        app, client, trainer, twice, make_user):
    from lms.people.branches import get_or_create_library, get_or_create_network

    kept, _other = twice
    far = get_or_create_library(get_or_create_network("far", "Другая сеть"), "x", "Далёкая")
    make_user("ivanova.ma3", full_name=NAME, at=far)
    sign_in(client, trainer)
    page = text_of(client.get(f"/trainer/learners/{kept.id}/"))
    refused = client.post(f"/trainer/learners/{kept.id}/merge", data={
        "csrf_token": csrf_from(page), "other": "ivanova.ma3", "confirmed": "ivanova.ma3"})
    assert refused.status_code == 422 and "Нет слушателя" in text_of(refused)
    db.session.expire_all()
    assert db.session.scalar(db.select(User).filter_by(username="ivanova.ma3")).is_active
