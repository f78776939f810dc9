"""A region and two branch nodes in one process: each node works with no line (its own
SQLite), one bundle is cut in half on the way and resumed, another is applied twice; the
region's log is then exactly the union of the nodes' logs: nothing lost, nothing doubled.
Then the region's figures are the sum of the nodes', counted on the day the work was done;
a learner edited at both sides keeps the later edit."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from urllib.parse import urlsplit

import pytest
from helpers import sign_in, text_of
from werkzeug.datastructures import MultiDict

from lms.audit.models import AuditEvent
from lms.certificates.models import Certificate
from lms.certificates.services import issue_on_paper
from lms.classes import services as classes
from lms.classes.models import Attendance
from lms.consultations import services as consultations
from lms.consultations.models import Consultation
from lms.db import db
from lms.eventlog.models import Statement
from lms.figures.counting import FIGURES, rebuild
from lms.figures.models import ActiveDay, DailyFigures
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.people.models import Library, Role, User
from lms.people.services import change_learner_details, create_user, register_learner
from lms.progress.services import complete_lesson
from lms.quizzes.models import QuizAnswer
from lms.quizzes.services import enter_paper_quiz
from lms.state import catalogue
from lms.sync.bundles import apply, pack
from lms.sync.keys import node_key, public_text
from lms.sync.models import RegionNode
from lms.sync.sending import NodeState, SendInterrupted, send


def a_day_at(make_app, tmp_path, name: str, branch_code: str, learners: int):
    """A node where a trainer registers learners (one of them, Смирнова, is registered at
    the other node too), who do both lessons, pass the quiz on paper and attend; the
    trainer enters a consultation, then corrects it, and gives one certificate on paper."""
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / name}.db",
                   LMS_NODE_ID=name, LMS_REGION_URL="http://region.test")
    app.instance_path = str(tmp_path / name)  # each node its own key and outbox
    with app.app_context():
        branch = get_or_create_library(get_or_create_network("north", "Север"), branch_code,
                                       f"Филиал {branch_code}")
        trainer = create_user(f"trener{branch_code}", "Тренер", Role.TRAINER,
                              "Long-password-1", library=branch)
        db.session.flush()
        course = catalogue().get("first-steps")
        group = classes.create_class(trainer, library_id=branch.id, course=course,
                                     name="Среда", starts_on=date(2026, 12, 1))
        classes.add_session(trainer, group, date(2026, 12, 2), None)
        people = []
        names = [f"Слушатель {name} {number}" for number in range(learners - 1)]
        for full_name in [*names, "Смирнова Анна Петровна"]:
            learner = register_learner(trainer, full_name=full_name, library_id=branch.id,
                                       language="ru", consent_method="paper",
                                       birth_year=1950).learner
            classes.enrol(trainer, group, learner)
            for lesson in course.lessons:
                complete_lesson(learner, course, lesson)
            enter_paper_quiz(trainer, learner, course, course.quizzes["device-quiz"],
                             MultiDict({"q0-answer": "q0o0", "q1-answer": ["q1o0", "q1o1"],
                                        "q2-answer": "q2o1"}))
            people.append(learner)
        classes.record_attendance(trainer, group.sessions[0], {p.id for p in people})
        entry = consultations.save(trainer, library_id=branch.id, on=date(2026, 12, 2),
                                   topic="pension", format="individual", people=1,
                                   outcome="explained", learner_id=people[0].id)
        consultations.save(trainer, entry, library_id=branch.id, on=date(2026, 12, 2),
                           topic="pension", format="group", people=2,
                           outcome="service-obtained", learner_id=people[0].id)
        issue_on_paper(trainer, people[0], course)
        db.session.commit()
        node_key(app.instance_path, create=True)
    return app


def log_of(app) -> list[tuple]:
    with app.app_context():
        return sorted((row.node, row.sequence, row.uuid, row.verb)
                      for row in db.session.scalars(db.select(Statement)))


def transport_to(region_app, drop_after=None):
    client, pieces = region_app.test_client(), []

    def transport(method, url, headers, body):
        if method == "PATCH":
            pieces.append(body)
            if drop_after is not None and len(pieces) > drop_after:
                raise SendInterrupted("the line dropped")
        response = client.open(urlsplit(url).path, method=method, headers=headers, data=body)
        return response.status_code, dict(response.headers)

    return transport


def the_region_knows(region_app, *nodes) -> None:
    """Each node registered for its own branch; each trainer made at the region first (a
    node's staff are the region's, sent to it by the node's setup)."""
    for node in nodes:
        name, code = node.config["LMS_NODE_ID"], node.config["LMS_NODE_ID"][-2:]
        with node.app_context():
            key = public_text(node_key(node.instance_path))
            trainer = db.session.scalar(db.select(User).filter_by(role=Role.TRAINER))
            trainer_uid, trainer_name = trainer.uid, trainer.username
        branch = get_or_create_library(get_or_create_network("north", "Север"), code,
                                       f"Филиал {code}")
        db.session.add(RegionNode(node=name, public_key=key, branches=[f"north/{code}"]))
        create_user(trainer_name, "Тренер", Role.TRAINER, "Long-password-1",
                    library=branch).uid = trainer_uid
    db.session.commit()


def carry(region_app, north, south) -> None:
    """north sends over a line that drops half way, then resumes; south's bundle goes on a
    stick and is applied twice."""
    with north.app_context(), pytest.raises(SendInterrupted):
        send("http://region.test", "north-01", node_key(north.instance_path),
             NodeState(north.instance_path), transport_to(region_app, drop_after=2), piece=200)
    with north.app_context():
        sent = send("http://region.test", "north-01", node_key(north.instance_path),
                    NodeState(north.instance_path), transport_to(region_app), piece=200)
    assert sent.resumed_at == 400
    with south.app_context():
        stick, _last = pack("north-02", 0, node_key(south.instance_path))
    apply(stick)
    apply(stick)
    db.session.commit()


def test_the_region_holds_exactly_what_both_nodes_did(app, make_app, tmp_path):
    north = a_day_at(make_app, tmp_path, "north-01", "01", learners=3)
    south = a_day_at(make_app, tmp_path, "north-02", "02", learners=2)
    the_region_knows(app, north, south)
    carry(app, north, south)

    union = sorted(log_of(north) + log_of(south))
    assert log_of(app) == union  # nothing lost, nothing doubled, ids and order kept
    per_node = {n: [v.rsplit("/", 1)[1] for (node, _s, _u, v) in union if node == n]
                for n in ("north-01", "north-02")}
    # each learner: registered, two lessons, the quiz; then each attended
    assert per_node["north-01"].count("registered") == 3
    assert per_node["north-01"].count("passed") == 3
    assert per_node["north-02"].count("attended") == 2
    with app.app_context():
        branches = {row.node: row.library_id for row in db.session.scalars(
            db.select(Statement).where(Statement.verb.endswith("attended")))}
    assert set(branches) == {"north-01", "north-02"} and None not in branches.values()


def figures_of(some_app) -> dict:
    """What a person reading the reports would count, by branch: the daily figures, the
    active learners' days, the learners, quiz answers, attendances, consultations and
    certificates."""
    with some_app.app_context():
        found: dict = defaultdict(Counter)
        for row in db.session.scalars(db.select(DailyFigures)):
            for name in FIGURES:
                found[db.session.get(Library, row.library_id).code][
                    (name, row.course_slug, row.day)] += getattr(row, name)
        for row in db.session.scalars(db.select(ActiveDay)):
            found[db.session.get(Library, row.library_id).code][
                ("active", db.session.get(User, row.user_id).uid, row.day)] += 1
        for person in db.session.scalars(db.select(User).filter_by(role=Role.LEARNER)):
            found[person.library.code][("learner", person.uid, person.created_at)] += 1
        for attended in db.session.scalars(db.select(Attendance)):
            study_class = attended.session.study_class
            found[study_class.library.code][("attended", study_class.uid, attended.session.on,
                                             db.session.get(User, attended.user_id).uid)] += 1
        for entry in db.session.scalars(db.select(Consultation)):
            found[entry.library.code][("consultation", entry.uid, entry.on, entry.topic,
                                       entry.format, entry.outcome,
                                       entry.learner.uid)] += entry.people
        for given in db.session.scalars(db.select(QuizAnswer)):
            attempt = given.attempt
            found[attempt.user.library.code][("answer", attempt.user.uid, attempt.quiz_slug,
                                              attempt.score, given.question_index,
                                              str(given.answer), given.points)] += 1
        for paper in db.session.scalars(db.select(Certificate)):
            found[paper.library.code][("certificate", paper.number, paper.code, paper.full_name,
                                       paper.user.uid, paper.issued_at)] += 1
        return {code: +counted for code, counted in found.items()}


def phone_of(username: str) -> str | None:
    return db.session.scalar(db.select(User.phone).filter_by(username=username))


def test_the_regions_figures_are_the_sum_of_the_nodes(app, make_app, tmp_path):
    north = a_day_at(make_app, tmp_path, "north-01", "01", learners=3)
    south = a_day_at(make_app, tmp_path, "north-02", "02", learners=2)
    the_region_knows(app, north, south)
    carry(app, north, south)
    coordinator = create_user("koordinator", "Координатор", Role.COORDINATOR,
                              "Long-password-1", network=get_or_create_network("north", "Север"))
    db.session.commit()

    def correct(some_app, username, phone):
        with some_app.app_context():
            person = db.session.scalar(db.select(User).filter_by(username=username))
            actor = coordinator if some_app is app else db.session.scalar(
                db.select(User).filter_by(role=Role.TRAINER))
            change_learner_details(db.session.merge(actor, load=some_app is not app), person,
                                   library_id=person.library_id, language="ru",
                                   birth_year=person.birth_year, phone=phone)
            db.session.commit()

    # edited at both sides: the region's edit of the first learner is the later one; the
    # node's edit of the second one is
    with north.app_context():
        first, second = db.session.scalars(db.select(User.username).filter_by(
            role=Role.LEARNER).order_by(User.id).limit(2))
    correct(north, first, "+7 900 000-00-01")
    correct(app, first, "+7 900 000-00-02")
    correct(app, second, "+7 900 000-00-03")
    correct(north, second, "+7 900 000-00-04")
    with north.app_context():
        sent = send("http://region.test", "north-01", node_key(north.instance_path),
                    NodeState(north.instance_path), transport_to(app))
        assert sent.statements == 2 and sent.bytes < 1500
    assert (phone_of(first), phone_of(second)) == ("+7 900 000-00-02", "+7 900 000-00-04")
    audit = {event.action: event.details for event in db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action.in_(
            ["details_not_taken", "details_replaced"])))}
    assert audit["details_not_taken"]["details"] == {"phone": "+7 900 000-00-01"}
    assert audit["details_replaced"]["before"] == {"phone": "+7 900 000-00-03"}

    # the region counts what happened at each node, on the day it happened, once
    at_nodes = {**figures_of(north), **figures_of(south)}
    assert figures_of(app) == at_nodes
    assert sum(at_nodes["01"][k] for k in at_nodes["01"] if k[0] == "lessons") == 6
    assert sum(at_nodes["02"][k] for k in at_nodes["02"] if k[0] == "certificates") == 1
    answers = [n for code in at_nodes for k, n in at_nodes[code].items() if k[0] == "answer"]
    assert sum(answers) == 15  # 5 learners, 3 questions each
    # the same recounted from the rows (flask lms reports-rebuild) changes nothing
    rebuild(db.session.connection())
    db.session.commit()
    assert figures_of(app) == at_nodes

    # Смирнова, registered at both nodes, is offered to staff as one person, not joined
    twice = db.session.scalars(db.select(AuditEvent).filter_by(
        action="maybe_registered_twice")).all()
    assert [(event.subject.username, event.details["other"]) for event in twice] == [
        ("smirnova.ap2", "smirnova.ap")]
    client = app.test_client()
    sign_in(client, coordinator, "Long-password-1")
    page = text_of(client.get(f"/trainer/learners/{twice[0].subject_id}/"))
    assert "С теми же именем и годом рождения уже зарегистрированы:" in page
    assert ">smirnova.ap</a> (Филиал 01" in page

