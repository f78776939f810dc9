"""Each learner page type over a 28.8 kbit/s line with 300 ms latency, in headless
Chromium: bytes transferred and time to a usable page, first and repeat visit.

    .venv/bin/python bench/slow_line.py

Serves the app (real courses, a temporary SQLite database) on 127.0.0.1 and prints
Markdown for docs/benchmarks.md. Bytes are exact; times depend on the emulated line.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lms import create_app  # noqa: E402
from lms.db import db  # noqa: E402
from lms.people.branches import get_or_create_library, get_or_create_network  # noqa: E402
from lms.people.models import Role  # noqa: E402
from lms.people.services import create_user  # noqa: E402

LINE = {"offline": False, "latency": 300, "downloadThroughput": 28_800 / 8,
        "uploadThroughput": 28_800 / 8}
PAGES = {"catalogue": "/", "course": "/courses/safe-internet/",
         "lesson": "/courses/safe-internet/phone-fraud/",
         "quiz": "/quizzes/safe-internet/phishing-quiz/", "sign-in": "/login"}


def serve(folder: str) -> tuple[str, object]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/line.sqlite3",
                      "SECRET_KEY": "bench", "LMS_LOGIN_RATE_LIMIT": "1000 per minute"})
    with app.app_context():
        db.create_all()
        library = get_or_create_library(get_or_create_network("bench", "Сеть"), "c", "Филиал")
        create_user("slushatel", "Слушатель Тестовый", Role.LEARNER, "246810",
                    library=library)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def visit(page, session, url: str) -> tuple[int, float]:
    """Load ``url``; return bytes received and milliseconds until the page is usable."""
    received = []
    session.on("Network.loadingFinished",
               lambda event: received.append(event["encodedDataLength"]))
    page.goto(url, wait_until="load")
    usable = page.evaluate(
        "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    page.wait_for_timeout(200)
    return sum(received), usable


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        base, server = serve(folder)
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox"])
        pages = dict(PAGES)
        for name, path in pages.items():
            context = browser.new_context(locale="ru-RU")
            page = context.new_page()
            session = context.new_cdp_session(page)
            session.send("Network.enable")
            session.send("Network.emulateNetworkConditions", LINE)
            first = visit(page, session, base + path)
            again = visit(page, session, base + path)
            rows.append((name, path, first, again))
            context.close()
        browser.close()
        server.shutdown()
    print("| page | first visit | usable after | repeat visit | usable after |")
    print("|---|---|---|---|---|")
    for name, path, (b1, t1), (b2, t2) in rows:
        print(f"| {name} (`{path}`) | {b1 / 1000:.1f} KB | {t1 / 1000:.1f} s "
              f"| {b2 / 1000:.1f} KB | {t2 / 1000:.1f} s |")


if __name__ == "__main__":
    main()
