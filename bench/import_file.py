"""A trainer's file of 700 learners: how long her request is held, and the whole registration.

    .venv/bin/python bench/import_file.py [--learners 700]

Registers the same file twice on a fresh SQLite file with the production PIN hash
(scrypt): once all in the request (LMS_IMPORT_AT_ONCE_ROWS above the file's size, as
before the background import) and once as a background job (the default), and prints how
long the trainer's POST took, how long until everyone was registered, and the progress
steps the job's page could show. Prints Markdown for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lms import create_app  # noqa: E402
from lms.db import db  # noqa: E402
from lms.people import import_jobs  # noqa: E402
from lms.people.branches import get_or_create_library, get_or_create_network  # noqa: E402
from lms.people.models import ImportJob, Role, User  # noqa: E402
from lms.people.services import create_user  # noqa: E402

PASSWORD = "Ласточка-весной-7"
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def file_of(count: int) -> bytes:
    return ("ФИО;Год рождения\n" + "".join(
        f"Слушатель Номер{chr(0x410 + n % 32)}{n};{1940 + n % 30}\n" for n in range(count))
    ).encode()


def run(count: int, at_once: bool, folder: Path) -> dict:
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
                      "SECRET_KEY": "bench-" * 8, "LMS_LOG_REQUESTS": False,
                      "LMS_IMPORT_AT_ONCE_ROWS": count + 1 if at_once else 20})
    with app.app_context():
        db.drop_all()
        db.create_all()
        library = get_or_create_library(get_or_create_network("n", "Сеть"), "b", "Филиал")
        create_user("petrova", "Петрова Ольга", Role.TRAINER, PASSWORD, library=library)
        db.session.commit()
        library_id = library.id
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"csrf_token": CSRF.search(page)[1], "username": "petrova",
                                "password": PASSWORD})
    page = client.get("/trainer/learners/import").get_data(as_text=True)
    started = time.perf_counter()
    answer = client.post("/trainer/learners/import", data={
        "csrf_token": CSRF.search(page)[1], "library_id": str(library_id), "consent": "paper",
        "file": (io.BytesIO(file_of(count)), "class.csv")})
    answered = time.perf_counter() - started
    steps = set()
    if not at_once:
        runner = threading.Thread(target=import_jobs.run_waiting, args=(app,))
        runner.start()
        with app.app_context():
            while runner.is_alive():
                steps.add(db.session.scalar(db.select(ImportJob.rows_done)))
                db.session.rollback()
                time.sleep(0.05)
        runner.join()
    registered = time.perf_counter() - started
    with app.app_context():
        learners = db.session.scalar(db.select(db.func.count(User.id)).filter_by(
            role=Role.LEARNER))
    assert learners == count, (answer.status_code, learners)
    return {"answered": answered, "registered": registered, "steps": len(steps)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=700)
    count = parser.parse_args().learners
    with tempfile.TemporaryDirectory() as folder:
        before = run(count, True, Path(folder))
        now = run(count, False, Path(folder))
    print(f"| {count} learners | request held | all registered | progress steps seen |")
    print("|---|---:|---:|---:|")
    print(f"| before: all in the request | {before['answered']:.1f} s | "
          f"{before['registered']:.1f} s | none |")
    print(f"| now: in the background | {now['answered'] * 1000:.0f} ms | "
          f"{now['registered']:.1f} s | {now['steps']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
