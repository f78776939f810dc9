"""Reports on a country's worth of data: the dashboard, a branch, the per-learner export.

    .venv/bin/python bench/reports.py [--scale 1.0] [--databases sqlite,postgresql]

Generates 150 branches, 2,000 trainers, 100,000 learners (about 2,000,000 lessons done,
300,000 quiz attempts, 50,000 consultations over two years) with lms/demo/activity.py
into a fresh SQLite file and a fresh PostgreSQL database (gramota_bench on 127.0.0.1),
then times, server side through the app: the dashboard for the last full year and the
whole network, a branch drill-down, and the XLSX export of every learner as a background
job, from the coordinator's click until the file is written (with the peak memory Python
allocated meanwhile). Prints Markdown for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402

from lms import create_app  # noqa: E402
from lms.background import DONE  # noqa: E402
from lms.db import MIGRATIONS_DIR, db  # noqa: E402
from lms.demo.activity import Scale, generate  # noqa: E402
from lms.people.branches import get_or_create_library, get_or_create_network  # noqa: E402
from lms.people.models import Library, Role, User  # noqa: E402
from lms.people.services import create_user  # noqa: E402
from lms.reports import jobs  # noqa: E402
from lms.reports.models import ExportJob  # noqa: E402
from lms.state import catalogue  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgresql+psycopg://postgres@127.0.0.1:5432/gramota_bench"
END = date(2026, 10, 31)  # two years of data up to the end of October 2026
YEAR = {"period": "year", "on": "2025-06-01"}
EXPORT = "/reports/export/learners.xlsx"


def fresh_postgres() -> str:
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS gramota_bench"))
        connection.execute(text("CREATE DATABASE gramota_bench"))
    engine.dispose()
    return PG_BENCH


def build(url: str, scale: float, folder: str) -> tuple[object, dict]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "LMS_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                      "LMS_LOGIN_RATE_LIMIT": "1000 per minute"}, instance_path=folder)
    figures = {}
    with app.app_context():
        upgrade(directory=str(MIGRATIONS_DIR))
        network = get_or_create_network("bench", "Областная сеть библиотек")
        branches = round(150 * min(scale, 1.0)) or 1
        libraries = [get_or_create_library(network, f"b{i:03d}", f"Библиотека № {i:03d}")
                     for i in range(1, branches + 1)]
        create_user("coordinator", "Координатор", Role.COORDINATOR, "Long-password-1",
                    library=libraries[0], network=network)
        db.session.commit()
        started = time.perf_counter()
        generate(libraries, catalogue(), Scale(
            learners_per_branch=round(667 * scale / min(scale, 1.0)), months=24,
            consultations_per_month=14, classes_per_branch=4, trainers_per_branch=13,
            courses_per_learner=(2, 3, 4, 5), stop_chance=0.05, quiz_share=0.06,
            answers_share=0.1), end=END, seed=7, prefix="bench")
        db.session.commit()
        figures["generate_s"] = time.perf_counter() - started
        for name, table in (("learners", "lms_user"), ("lessons", "lms_lesson_progress"),
                            ("attempts", "lms_quiz_attempt"),
                            ("consultations", "lms_consultation"),
                            ("daily figures", "lms_daily_figures"),
                            ("active days", "lms_active_day")):
            figures[name] = db.session.scalar(text(f"SELECT count(*) FROM {table}"))
        if url.startswith("postgresql"):
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        else:
            db.session.execute(text("ANALYZE"))
    return app, figures


def timed(client, url, runs, **args) -> float:
    client.get(url, query_string=args)  # warm the caches once
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, query_string=args)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        response.close()
    return statistics.median(samples) * 1000


def measure(app, runs: int) -> dict:
    from helpers import sign_in

    with app.app_context():
        coordinator = db.session.scalar(select(User).filter_by(username="coordinator"))
        coordinator.plain_password = "Long-password-1"
        branch = db.session.scalar(select(Library.id).order_by(Library.id).limit(1))
        learners = db.session.scalar(select(func.count(User.id)).where(
            User.role == Role.LEARNER))
    client = app.test_client()
    with app.app_context():
        sign_in(client, coordinator)
    result = {"dashboard_ms": timed(client, "/reports/", runs, **YEAR),
              "branch_ms": timed(client, f"/reports/branches/{branch}", runs, **YEAR),
              "learners_exported": learners}
    result.update(export_in_background(app, client))
    tracemalloc.start()  # a second run, slower under tracing, for the memory it takes
    export_in_background(app, client)
    result["export_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return result


def export_in_background(app, client) -> dict:
    """Ask for the XLSX of every learner as the coordinator does, and wait for the file:
    from the click on "Prepare the file" until the runner thread has written it."""
    from helpers import csrf_from

    offer = client.get(EXPORT, query_string=YEAR).get_data(as_text=True)
    start = time.perf_counter()
    answer = client.post(EXPORT, query_string=YEAR, data={"csrf_token": csrf_from(offer)})
    answer.close()  # as a server does once the answer is sent: the runner starts
    job_id = int(answer.headers["Location"].rsplit("/", 1)[1])
    answered = time.perf_counter() - start
    progress = set()
    with app.app_context():
        while True:
            job = db.session.get(ExportJob, job_id)
            progress.add(job.rows_done)
            if job.is_over:
                break
            db.session.rollback()
            time.sleep(0.05)
        assert job.state == DONE, job.state
        return {"export_s": time.perf_counter() - start, "export_answered_ms": answered * 1000,
                "export_mb": jobs.file_of(job).stat().st_size / 1e6,
                "export_progress_seen": len(progress)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name in options.databases.split(","):
            url = (f"sqlite:///{folder}/bench.sqlite3" if name == "sqlite"
                   else fresh_postgres())
            app, figures = build(url, options.scale, folder)
            rows.append((name, figures, measure(app, options.runs)))
            with app.app_context():
                db.engine.dispose()
    print(f"Data (scale {options.scale}):\n")
    print("| database | learners | lessons done | quiz attempts | consultations "
          "| daily figures rows | active-day rows | generated in |")
    print("|---|---|---|---|---|---|---|---|")
    for name, f, _r in rows:
        print(f"| {name} | {f['learners']:,} | {f['lessons']:,} | {f['attempts']:,} "
              f"| {f['consultations']:,} | {f['daily figures']:,} | {f['active days']:,} "
              f"| {f['generate_s']:.0f} s |")
    print("\n| database | dashboard, year, whole network (median) | branch drill-down "
          "(median) | XLSX of every learner, in the background | answer to the click "
          "| progress steps seen | rows | file | peak Python memory |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, _f, r in rows:
        print(f"| {name} | {r['dashboard_ms']:.0f} ms | {r['branch_ms']:.0f} ms "
              f"| {r['export_s']:.1f} s | {r['export_answered_ms']:.0f} ms "
              f"| {r['export_progress_seen']} | {r['learners_exported']:,} "
              f"| {r['export_mb']:.1f} MB | {r['export_peak_mb']:.0f} MB |")


if __name__ == "__main__":
    main()
