"""What the region makes of a node's statements that take something back (an attendance
unmarked, a consultation deleted) and of a practice; and a bundle telling of a branch
that is not the node's."""

from __future__ import annotations

from datetime import date

import pytest
from test_bundles import cut, node, register  # noqa: F401  (the node fixture)

from lms import events
from lms.classes import services as classes
from lms.classes.models import Attendance, ClassSession
from lms.consultations import services as consultations
from lms.consultations.models import Consultation
from lms.db import db, utcnow
from lms.people.models import Role, User
from lms.people.services import create_user
from lms.practice.models import PracticeAttempt
from lms.state import catalogue
from lms.sync.bundles import BundleError, apply
from lms.sync.models import RegionNode


def orlova_and_trainer() -> tuple[User, User]:
    """In the node's context: its learner Орлова, and a trainer of her branch."""
    learner = db.session.scalar(db.select(User).filter_by(username="orlova"))
    trainer = create_user("trener", "Тренер", Role.TRAINER, "Long-password-1",
                          library=learner.library)
    db.session.flush()
    return learner, trainer


def test_what_the_node_took_back_is_taken_back_at_the_region(app, node):  # noqa: F811
    register(node, app)
    with node.app_context():
        learner, trainer = orlova_and_trainer()
        course = catalogue().get("first-steps")
        group = classes.create_class(trainer, library_id=learner.library_id, course=course,
                                     name="Среда", starts_on=date(2026, 12, 1))
        classes.enrol(trainer, group, learner)
        classes.add_session(trainer, group, date(2026, 12, 2), None)
        classes.add_session(trainer, group, date(2026, 12, 3), None)
        first, second = group.sessions
        classes.record_attendance(trainer, first, {learner.id})
        classes.record_attendance(trainer, second, {learner.id})
        classes.record_attendance(trainer, second, set())  # marked by mistake
        entry = consultations.save(trainer, library_id=learner.library_id, on=date(2026, 12, 2),
                                   topic="pension", format="individual", people=1,
                                   outcome="explained", learner_id=learner.id)
        consultations.delete(trainer, entry)
        attempt = PracticeAttempt(
            user_id=learner.id, library_id=learner.library_id, course_slug="first-steps",
            practice_slug="inbox", lang="ru", seed=1, steps=[], answers={},
            caught=["sender", "link"], missed=["code"], costly=1, finished_at=utcnow())
        db.session.add(attempt)
        db.session.flush()
        events.practice_finished.send(
            attempt, practice=catalogue().get("first-steps").practices["inbox"])
        db.session.commit()
    with app.app_context():  # the region's staff, as the node's setup would have them
        create_user("trener", "Тренер", Role.TRAINER, "Long-password-1")
        db.session.commit()
    with node.app_context():
        uid = db.session.scalar(db.select(User.uid).filter_by(username="trener"))
    db.session.scalar(db.select(User).filter_by(username="trener")).uid = uid
    db.session.commit()

    applied = apply(cut(node)[0])
    db.session.commit()
    assert applied.skipped == []
    sessions = {session.on: [a.user_id for a in session.attendance]
                for session in db.session.scalars(db.select(ClassSession))}
    orlova = db.session.scalar(db.select(User).filter_by(username="orlova"))
    assert sessions == {date(2026, 12, 2): [orlova.id], date(2026, 12, 3): []}
    assert db.session.scalar(db.select(db.func.count()).select_from(Attendance)) == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(Consultation)) == 0
    practised = db.session.scalar(db.select(PracticeAttempt))
    assert (practised.user_id, practised.caught, practised.missed, practised.costly,
            practised.practice_slug) == (orlova.id, ["sender", "link"], ["code"], 1, "inbox")


def test_a_bundle_telling_of_another_branch_is_refused_whole(app, node):  # noqa: F811
    register(node, app)
    db.session.get(RegionNode, "branch-7").branches = ["north/8"]
    db.session.commit()
    with pytest.raises(BundleError, match="north/7, not one of its branches \\(north/8\\)"):
        apply(cut(node)[0])
    db.session.rollback()
    assert db.session.scalar(db.select(User).filter_by(username="orlova")) is None


def test_a_node_cannot_change_a_learner_of_another_branch(app, node):  # noqa: F811
    """Орлова moved from the node's branch to the central one at the region: the node's
    stale correction of her is not taken (the audit log says so)."""
    from lms.audit.models import AuditEvent
    from lms.people.branches import get_or_create_library, get_or_create_network
    from lms.people.services import change_learner_details

    register(node, app)
    apply(cut(node)[0])
    central = get_or_create_library(get_or_create_network("north", "Север"), "1", "Центральная")
    orlova = db.session.scalar(db.select(User).filter_by(username="orlova"))
    orlova.library = central
    db.session.commit()
    with node.app_context():
        learner, trainer = orlova_and_trainer()
        change_learner_details(trainer, learner, library_id=learner.library_id, language="ru",
                               phone="+7 900 000-00-09")
        db.session.commit()
    applied = apply(cut(node, since=2)[0])
    db.session.commit()
    assert (applied.people.kept, orlova.phone, orlova.library.code) == (1, None, "1")
    said = db.session.scalar(db.select(AuditEvent).filter_by(action="details_not_taken"))
    assert said.details["reason"] == "not of the node's branches"


def test_two_accounts_joined_at_the_node_are_joined_at_the_region(app, node):  # noqa: F811
    from lms.eventlog.models import Statement
    from lms.people.merging import merge_learners
    from lms.progress.models import Enrollment

    register(node, app)
    with node.app_context():
        orlova, trainer = orlova_and_trainer()
        second = create_user("orlova2", "Орлова", Role.LEARNER, "135790", library=orlova.library)
        db.session.flush()
        course = catalogue().get("first-steps")
        from lms.progress.services import complete_lesson
        complete_lesson(second, course, course.lesson("mouse"))
        db.session.commit()
    apply(cut(node)[0])  # both accounts reach the region
    db.session.commit()
    with node.app_context():
        merge_learners(db.session.merge(trainer), db.session.scalar(
            db.select(User).filter_by(username="orlova")), db.session.scalar(
            db.select(User).filter_by(username="orlova2")))
        db.session.commit()
        node_log = db.session.scalar(db.select(db.func.count()).select_from(Statement))
    applied = apply(cut(node, since=3)[0])
    db.session.commit()
    kept, other = (db.session.scalar(db.select(User).filter_by(username=name))
                   for name in ("orlova", "orlova2"))
    assert applied.skipped == [] and other.merged_into_id == kept.id and not other.is_active
    assert db.session.scalar(db.select(db.func.count()).select_from(Enrollment).where(
        Enrollment.user_id == other.id)) == 0
    # the node's "joined" statement is in the region's log; the region wrote none of its own
    assert db.session.scalar(db.select(db.func.count()).select_from(Statement)) == node_log
    assert apply(cut(node, since=3)[0]).added == 0  # once


def test_a_certificate_issued_again_at_the_node_is_one_certificate_at_the_region(
        app, node):  # noqa: F811
    from lms.certificates.models import Certificate
    from lms.certificates.services import issue_on_paper, reissue
    from lms.figures.models import DailyFigures

    register(node, app)
    with node.app_context():
        learner, trainer = orlova_and_trainer()
        first = issue_on_paper(trainer, learner, catalogue().get("first-steps"))
        db.session.commit()
        again = reissue(first, reason="name corrected", actor=trainer)
        db.session.commit()
        numbers = (first.number, again.number)
    applied = apply(cut(node)[0])
    db.session.commit()
    assert applied.skipped == []
    old, new = (db.session.scalar(db.select(Certificate).filter_by(number=number))
                for number in numbers)
    assert old.superseded_by_id == new.id and new.enrollment_id is not None
    assert old.enrollment_id is None
    assert db.session.scalar(db.select(db.func.sum(DailyFigures.certificates))) == 1
