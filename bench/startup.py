"""How long a start takes, with the 8 real courses and with 80 (the real ones copied ten
times under other names), with the rendered content kept between starts and without.

    .venv/bin/python bench/startup.py [--runs 3]

Each figure is the median of the runs, each a fresh Python process:

- the site ready to answer: ``create_app`` and the courses loaded, as ``wsgi.py`` does
  before gunicorn forks its workers (Gramota's imports before it are given apart);
- the first start (nothing kept yet, as after an upgrade) and the next starts;
- the same with ``LMS_CONTENT_CACHE_DIR=""`` (everything rendered at each start, as
  before the content cache);
- a ``flask`` command that needs no course (``lms api-tokens``), the whole process.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

READY = """
import json, sys, time
started = time.perf_counter()
from lms import create_app
from lms.state import get_state
imported = time.perf_counter()
app = create_app()
courses = len(get_state(app).catalogue.courses)
print(json.dumps({"seconds": time.perf_counter() - imported, "courses": courses,
                  "imports": imported - started}))
"""


def copy_catalogue(target: Path, copies: int) -> None:
    """The real courses and quizzes, ``copies`` times, each copy under its own names."""
    for kind in ("courses", "quizzes"):
        (target / kind).mkdir(parents=True)
        for number in range(copies):
            for course in sorted((ROOT / kind).iterdir()):
                if course.is_dir():
                    name = course.name if number == 0 else f"{course.name}-{number}"
                    shutil.copytree(course, target / kind / name)


def environment(folder: Path, **more: str) -> dict:
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("LMS_", "FLASK_")) and name != "DATABASE_URL"}
    return {**env, "GRAMOTA_INSTANCE_PATH": str(folder / "instance"),
            "LMS_COURSES_DIR": str(folder / "courses"), "LMS_QUIZZES_DIR": str(folder / "quizzes"),
            "FLASK_SECRET_KEY": "bench", "LMS_LOG_REQUESTS": "false", **more}


def ready(folder: Path, **more: str) -> dict:
    run = subprocess.run([sys.executable, "-c", READY], cwd=ROOT, capture_output=True,
                         text=True, env=environment(folder, **more), check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def command(folder: Path) -> float:
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "lms",
                    "api-tokens"], cwd=ROOT, capture_output=True, check=True,
                   env=environment(folder))
    return time.perf_counter() - started


def measure(copies: int, runs: int) -> dict:
    first, kept, rendered, commands, imports = [], [], [], [], []
    courses = 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            copy_catalogue(folder, copies)
            (folder / "instance").mkdir()
            subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "wsgi",
                            "lms", "init"], cwd=ROOT, capture_output=True, check=True,
                           env=environment(folder))
            start = ready(folder)
            first.append(start["seconds"])
            courses = start["courses"]
            again = ready(folder)
            kept.append(again["seconds"])
            imports.append(again["imports"])
            rendered.append(ready(folder, LMS_CONTENT_CACHE_DIR="")["seconds"])
            commands.append(command(folder))
    return {"courses": courses, "first start": statistics.median(first),
            "next starts": statistics.median(kept),
            "every start renders everything": statistics.median(rendered),
            "Gramota's imports, before any of these": statistics.median(imports),
            "a command that needs no course": statistics.median(commands)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = [measure(copies, args.runs) for copies in (1, 10)]
    print(f"Seconds, medians of {args.runs} runs (fresh processes); "
          f"load average {os.getloadavg()[0]:.1f}:\n")
    print("| | " + " | ".join(f"{r['courses']} courses" for r in results) + " |")
    print("|---|" + "---:|" * len(results))
    for label in ("first start", "next starts", "every start renders everything",
                  "Gramota's imports, before any of these", "a command that needs no course"):
        print(f"| {label} | " + " | ".join(f"{r[label]:.2f}" for r in results) + " |")


if __name__ == "__main__":
    main()
