"""What one request costs inside the process, and where a signed-in lesson's time goes.

    .venv/bin/python bench/request_cost.py [--requests 400] [--rounds 7]

No server and no network: the WSGI app is called directly (SQLite in a temporary
folder, the real courses), so the figures are the app's own work, without gunicorn's
share. Each figure is the median of the rounds, in microseconds per request:

- a bare Flask app returning the same bytes as the lesson page (the baseline);
- Gramota's stylesheet (every hook, no template), for a visitor and a signed-in person;
- the lesson page for a visitor and for a signed-in learner;
- the visitor's lesson through Flask (from the page cache, every hook run), and with
  compression asked for (``Accept-Encoding: br, gzip``), as answered before Flask
  (``LMS_KEEP_VISITOR_PAGES``) and through Flask;
- for the signed-in lesson: reading the person, reading their progress, and the page
  around the kept lesson text (each measured around its own call).
"""

from __future__ import annotations

import argparse
import io
import logging
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from werkzeug.test import EnvironBuilder  # noqa: E402

from bench.load import LESSON, PASSWORD, SECRET, TOKEN_RE  # noqa: E402
from lms import create_app  # noqa: E402
from lms.db import db  # noqa: E402
from lms.people.branches import get_or_create_library, get_or_create_network  # noqa: E402
from lms.people.models import Role  # noqa: E402
from lms.people.services import create_user  # noqa: E402

STYLESHEET = "/lms-static/gramota.css"
# One browser for signing in and for the requests measured: Flask-Login marks a session
# seen from another browser as not fresh, which writes the session cookie again each time.
BROWSER = {"User-Agent": "Mozilla/5.0 (bench)"}
CLIENT = {"REMOTE_ADDR": "127.0.0.1"}  # as the test client that signed in


def gramota(folder: str) -> tuple[Flask, str]:
    """The standalone app with one learner; return it and her session cookie."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/cost.db",
                      "SECRET_KEY": SECRET, "LMS_COURSES_DIR": str(ROOT / "courses"),
                      "LMS_QUIZZES_DIR": str(ROOT / "quizzes")})
    for handler in logging.getLogger("lms.requests").handlers:
        handler.setStream(io.StringIO())  # the log line is written, to memory
    with app.app_context():
        db.create_all()
        network = get_or_create_network("BENCH", "Bench network")
        library = get_or_create_library(network, "B1", "Bench branch")
        create_user("lidia", "Лидия Петровна", Role.LEARNER, PASSWORD, library=library)
        db.session.commit()
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER["User-Agent"]
    token = TOKEN_RE.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"csrf_token": token, "username": "lidia",
                                "password": PASSWORD})
    client.get("/me/")  # the first page after signing in may send the session again
    return app, "session=" + client.get_cookie("session").value


def cost(app, path: str, cookie: str | None, requests: int, rounds: int,
         **more_headers: str) -> float:
    """Median microseconds per request over the rounds."""
    headers = {**BROWSER, "Cookie": cookie} if cookie else dict(BROWSER)
    headers.update({name.replace("_", "-"): value for name, value in more_headers.items()})

    def answer(*_args):
        return None

    per_round = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(requests):
            body = app(EnvironBuilder(path, headers=headers, environ_base=CLIENT).get_environ(),
                       answer)
            b"".join(body)
            getattr(body, "close", lambda: None)()
        per_round.append((time.perf_counter() - started) / requests * 1e6)
    return statistics.median(per_round)


def timed_parts(app) -> Counter:
    """Wrap the parts of a signed-in lesson so that their time is counted."""
    import lms.courses.views as views

    spent = Counter()

    def counting(label, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - started
        return wrapper

    login = app.login_manager
    login._user_callback = counting("reading the person", login._user_callback)
    views.progress_in = counting("reading their progress", views.progress_in)
    views.render_template = counting("the page around the kept text", views.render_template)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app, cookie = gramota(folder)
        page = app.test_client().get(LESSON, headers={"Cookie": cookie}).data
        bare = Flask("bare")
        bare.add_url_rule("/", "page", lambda: page)
        base = cost(bare, "/", None, args.requests, args.rounds)
        rows = [("bare Flask route, same bytes", base)]
        for label, path, who in (("stylesheet, visitor", STYLESHEET, None),
                                 ("stylesheet, signed in", STYLESHEET, cookie),
                                 ("lesson page, visitor", LESSON, None),
                                 ("lesson page, signed-in learner", LESSON, cookie)):
            rows.append((label, cost(app, path, who, args.requests, args.rounds)))
        through_flask = app.wsgi_app.wsgi_app  # what the visitor fast path stands in front of
        rows.append(("lesson page, visitor, through Flask",
                     cost(through_flask, LESSON, None, args.requests, args.rounds)))
        for label, wsgi in (("lesson page, visitor, compressed, kept before Flask", app),
                            ("lesson page, visitor, compressed, through Flask",
                             through_flask)):
            rows.append((label, cost(wsgi, LESSON, None, args.requests, args.rounds,
                                     Accept_Encoding="br, gzip")))
        spent = timed_parts(app)
        cost(app, LESSON, cookie, args.requests, 1)
        parts = {label: seconds / args.requests * 1e6 for label, seconds in spent.items()}
    print(f"In-process cost of one request (median of {args.rounds} rounds × "
          f"{args.requests} requests, SQLite):\n")
    print("| request | µs | vs bare |")
    print("|---|---:|---:|")
    for label, micro in rows:
        print(f"| {label} | {micro:.0f} | {micro / base:.1f}× |")
    print("\nOf a signed-in lesson (one round):\n")
    print("| part | µs |")
    print("|---|---:|")
    for label, micro in sorted(parts.items(), key=lambda item: -item[1]):
        print(f"| {label} | {micro:.0f} |")


if __name__ == "__main__":
    main()
