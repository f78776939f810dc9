"""The bundle of one busy branch-day: how many bytes, and how long at 20 kbit/s.

Run: ``.venv/bin/python bench/sync_bundle.py``. Goal: under 5 KB and under 5 s.

The day, through Gramota's own services and events on a throwaway SQLite node: 30
learners (registered on days before, their bundles sent then) each finish 3 lessons, a
quiz of 6 questions (its answers travel in its statement) and a practice, and attend the
day's class session; the librarian enters 5 consultations and registers 2 new learners,
who travel in the bundle with their details.
"""

from __future__ import annotations

import random
import secrets
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lms import events  # noqa: E402
from lms.app import create_app  # noqa: E402
from lms.classes import services as classes  # noqa: E402
from lms.consultations import services as consultations  # noqa: E402
from lms.db import db, utcnow  # noqa: E402
from lms.eventlog.models import Statement  # noqa: E402
from lms.people import services as people  # noqa: E402
from lms.people.branches import get_or_create_library, get_or_create_network  # noqa: E402
from lms.people.models import Role  # noqa: E402
from lms.practice.models import PracticeAttempt  # noqa: E402
from lms.progress.services import complete_lesson  # noqa: E402
from lms.quizzes.models import QuizAnswer, QuizAttempt  # noqa: E402
from lms.state import catalogue  # noqa: E402
from lms.sync.answers import answer  # noqa: E402
from lms.sync.bundles import pack  # noqa: E402
from lms.sync.keys import node_key  # noqa: E402
from lms.sync.models import RegionNode  # noqa: E402

LEARNERS = 30
EXAMPLE_PACK = ROOT / "examples" / "gramota-pack-family-scams" / "gramota_pack_family_scams" / \
    "content"
LINE_BITS_PER_SECOND = 20_000


chance = random.Random(7)  # the same day each run


def answers_to(quiz):
    """An answer to each question, as the quiz stores them: the options chosen, or the
    steps' numbers of an order question."""
    for question in quiz.questions:
        count = len(question.data) if isinstance(question.data, list) else 4
        if question.kind == "order":
            yield question, chance.sample(range(1, count + 1), count)
        else:
            chosen = 2 if question.kind == "multiple" else 1
            yield question, sorted(chance.sample(range(count), min(chosen, count)))


def busy_day() -> None:
    branch = get_or_create_library(get_or_create_network("north", "Северная сеть"), "07",
                                   "Филиал № 7")
    trainer = people.create_user("trener", "Тренер", Role.TRAINER, "Long-password-1",
                                 library=branch)
    db.session.flush()
    course = catalogue().get("computer-basics")
    quiz = next(iter(course.quizzes.values()))
    practice = catalogue().get("safe-internet").practices["inbox"]
    group = classes.create_class(trainer, library_id=branch.id, course=course, name="Среда",
                                 starts_on=date.today() - timedelta(days=1))
    classes.add_session(trainer, group, date.today(), None)
    learners = []
    for number in range(LEARNERS):  # registered on days before, and sent then
        learner = people.register_learner(trainer, full_name=f"Слушатель {number}",
                                          library_id=branch.id, language="ru",
                                          consent_method="paper").learner
        classes.enrol(trainer, group, learner)
        learners.append(learner)
    db.session.commit()
    first = db.session.scalar(db.select(db.func.max(Statement.sequence))) or 0
    for learner in learners:
        for lesson in course.lessons[:3]:
            complete_lesson(learner, course, lesson)
        attempt = QuizAttempt(user_id=learner.id, course_slug=course.slug, quiz_slug=quiz.slug,
                              lang="ru", seed=secrets.randbelow(2**31), finished_at=utcnow(),
                              score=80, passed=True)
        attempt.answers = [QuizAnswer(question_index=question.index, answer=answer,
                                      points=float(chance.random() < 0.8))
                           for question, answer in answers_to(quiz)]
        db.session.add(attempt)
        db.session.flush()
        events.quiz_finished.send(attempt, user=learner, course=course, quiz=quiz, passed=True)
        done = PracticeAttempt(
            user_id=learner.id, library_id=branch.id, course_slug="safe-internet",
            practice_slug="inbox", lang="ru", seed=1, steps=[], answers={},
            caught=["sender", "link", "urgency"], missed=["code"], costly=0,
            finished_at=utcnow())
        db.session.add(done)
        db.session.flush()
        events.practice_finished.send(done, practice=practice)
    classes.record_attendance(trainer, group.sessions[0], {learner.id for learner in learners})
    for number in range(5):
        consultations.save(trainer, library_id=branch.id, on=date.today(), topic="pension",
                           format="individual", people=1, outcome="explained",
                           learner_id=learners[number].id)
    for number in range(2):
        people.register_learner(trainer, full_name=f"Новая Слушательница {number}",
                                library_id=branch.id, language="ru", consent_method="paper")
    db.session.commit()
    return first


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/node.db",
                          "LMS_NODE_ID": "north-07", "SECRET_KEY": "bench",
                          "WTF_CSRF_ENABLED": False}, instance_path=folder)
        with app.app_context():
            db.create_all()
            since = busy_day()
            count = db.session.scalar(db.select(db.func.count()).select_from(Statement)
                                      .where(Statement.sequence > since))
            raw = sum(len(str(row.body)) for row in db.session.scalars(
                db.select(Statement).where(Statement.sequence > since)))
            started = time.perf_counter()
            data, _last = pack("north-07", since, node_key(folder, create=True))
            packed_ms = (time.perf_counter() - started) * 1000
            # the region's first answer to a node of this branch ('lms node init'): the
            # branch, its trainer and its 32 learners (the same database stands in for it)
            node = RegionNode(node="north-08", public_key="", branches=["north/07"])
            first_answer = answer(node, 0, node_key(folder))
            # ... and with the example course pack (one course, two lessons, a quiz)
            app.config["LMS_CONTENT_PATHS"] = [str(EXAMPLE_PACK)]
            with_pack = answer(node, 0, node_key(folder))
    seconds = len(data) * 8 / LINE_BITS_PER_SECOND
    print("| what | measured | goal |")
    print("| --- | ---: | ---: |")
    print(f"| statements in the day | {count} | — |")
    print(f"| their JSON, uncompressed | {raw / 1024:.1f} KB | — |")
    print(f"| the signed bundle | {len(data) / 1024:.2f} KB ({len(data)} bytes) | 5 KB |")
    print(f"| sent at 20 kbit/s | {seconds:.1f} s | 5 s |")
    print(f"| time to pack and sign | {packed_ms:.0f} ms | — |")
    print(f"| the region's first answer to a node of the branch ({LEARNERS + 2} learners) | "
          f"{len(first_answer) / 1024:.2f} KB, "
          f"{len(first_answer) * 8 / LINE_BITS_PER_SECOND:.1f} s | — |")
    added = len(with_pack) - len(first_answer)
    print(f"| … with the example course pack (examples/gramota-pack-family-scams) | "
          f"+{added / 1024:.2f} KB, +{added * 8 / LINE_BITS_PER_SECOND:.1f} s | — |")


if __name__ == "__main__":
    main()
