"""A class of 30 learners finishing the same quiz in the same second, over real HTTP.

Run: ``.venv/bin/python bench/class_burst.py [--rounds 10] [--postgres URL]``. Each round
signs 30 learners in, has each answer the three questions of the fixture quiz, then all
press "Finish" at the same moment (behind a barrier). Prints the median and 99th
percentile of the finish request and checks that every attempt was stored exactly once.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import psycopg  # noqa: E402
from helpers import TEST_CONFIG, csrf_from  # noqa: E402
from helpers_live import Visitor, serving  # noqa: E402

from lms import create_app  # noqa: E402
from lms.db import db  # noqa: E402
from lms.people.branches import get_or_create_library, get_or_create_network  # noqa: E402
from lms.people.models import Role  # noqa: E402
from lms.people.services import create_user  # noqa: E402
from lms.quizzes.models import QuizAttempt  # noqa: E402

CLASS = 30
QUIZ = "/quizzes/first-steps/device-quiz"
ANSWERS = [{"answer": "q0o0"}, {"answer": ["q1o0", "q1o1"]}, {"answer": "q2o1"}]


def one_round(base: str, round_number: int) -> list[float]:
    visitors = []
    for i in range(CLASS):
        visitor = Visitor(base)
        visitor.sign_in(f"r{round_number}l{i}", "246810")
        token = csrf_from(visitor.request("/")[1])
        location = visitor.request(f"{QUIZ}/start", {"csrf_token": token})[2]
        attempt = location.rsplit("/", 1)[0].split(base, 1)[-1]
        for number, fields in enumerate(ANSWERS, start=1):
            visitor.request(f"{attempt}/{number}", {"csrf_token": token, **fields})
        visitors.append((visitor, attempt, token))
    barrier = threading.Barrier(CLASS)
    timings, failures = [], []

    def finish(visitor, attempt, token):
        barrier.wait()
        start = time.perf_counter()
        status = visitor.request(f"{attempt}/finish", {"csrf_token": token})[0]
        timings.append(time.perf_counter() - start)
        if status != 302:
            failures.append(status)

    threads = [threading.Thread(target=finish, args=v) for v in visitors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    return timings


def run(database_url: str, rounds: int) -> None:
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url,
                      "TESTING": False})
    with app.app_context():
        db.drop_all()
        db.create_all()
        library = get_or_create_library(get_or_create_network("b", "Bench"), "c", "C")
        for r in range(rounds):
            for i in range(CLASS):
                create_user(f"r{r}l{i}", f"Learner {i}", Role.LEARNER, "246810",
                            library=library)
        db.session.commit()
    timings = []
    with serving(app) as base:
        for r in range(rounds):
            timings += one_round(base, r)
    with app.app_context():
        stored = db.session.scalar(db.select(db.func.count(QuizAttempt.id)).where(
            QuizAttempt.finished_at.is_not(None)))
        db.session.remove()  # end the read transaction before dropping the tables
        db.drop_all()
        db.engine.dispose()
    assert stored == rounds * CLASS, (stored, rounds * CLASS)
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    print(f"| {database_url.split(':', 1)[0]} | {rounds} × {CLASS} | "
          f"{statistics.median(timings) * 1000:.0f} ms | {p99 * 1000:.0f} ms | "
          f"{stored} of {rounds * CLASS} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    print("| database | rounds × learners | finish p50 | finish p99 | attempts stored |")
    print("| --- | --- | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{tmp}/burst.sqlite3", args.rounds)
    name = f"gramota_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{args.postgres}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            run(f"postgresql+psycopg://{args.postgres.split('://', 1)[1]}/{name}", args.rounds)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
