"""Benchmarks for the foundation: page weight, lesson page server time, memory.

Run with ``make bench`` (or ``.venv/bin/python bench/run.py``). Results are printed as
Markdown for docs/benchmarks.md. Uses the real courses/ and a temporary SQLite database.
"""

from __future__ import annotations

import gzip
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lms import create_app  # noqa: E402
from lms.db import db  # noqa: E402

PAGES = ["/", "/courses/safe-internet/", "/courses/safe-internet/phone-fraud/", "/login"]
LESSON = "/courses/safe-internet/phone-fraud/"
RUNS = 500


def median_ms(fn, runs=RUNS) -> float:
    for _ in range(20):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI":
                      f"sqlite:///{tmp / 'bench.sqlite3'}"})
    with app.app_context():
        db.create_all()
    client = app.test_client()
    headers = {"Accept-Encoding": "gzip", "Accept-Language": "ru"}

    print("## Page weight (gzip, as sent)\n")
    print("| page | HTML | CSS | first visit | repeat visit |")
    print("| --- | ---: | ---: | ---: | ---: |")
    css_url = None
    for path in PAGES:
        response = client.get(path, headers=headers)
        assert response.status_code == 200, path
        html = response.data
        assert response.headers.get("Content-Encoding") == "gzip", path
        text = gzip.decompress(html).decode()
        css_url = text.split('rel="stylesheet" href="')[1].split('"')[0]
        css = client.get(css_url, headers=headers).data
        print(f"| `{path}` | {len(html) / 1024:.1f} KB | {len(css) / 1024:.1f} KB | "
              f"{(len(html) + len(css)) / 1024:.1f} KB | {len(html) / 1024:.1f} KB |")

    print("\n## Lesson page server time\n")
    body = client.get(LESSON).data
    bare = Flask("bare")

    @bare.get(LESSON)
    def same_bytes():
        return body

    bare_client = bare.test_client()
    lesson_ms = median_ms(lambda: client.get(LESSON))
    bare_ms = median_ms(lambda: bare_client.get(LESSON))
    print(f"Median of {RUNS} requests through the WSGI test client, same process:\n")
    print("| route | median |")
    print("| --- | ---: |")
    print(f"| bare Flask route returning the same {len(body) / 1024:.1f} KB | {bare_ms:.2f} ms |")
    print(f"| Gramota lesson page (visitor) | {lesson_ms:.2f} ms |")
    print(f"\nRatio: **{lesson_ms / bare_ms:.2f}×** (budget: within 2×).")

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n## Memory\n\nPeak resident memory of this process after the runs: "
          f"**{rss_mb:.0f} MB** (budget: under 100 MB per worker).")


if __name__ == "__main__":
    main()
