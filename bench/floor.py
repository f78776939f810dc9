"""The floor of a signed-in page: what Flask, Flask-Login and SQLAlchemy cost alone.

    .venv/bin/python bench/floor.py [--requests 400] [--rounds 7]

A bare app, in-process as bench/request_cost.py measures Gramota (the WSGI app called
directly, SQLite in a temporary folder): one page of about 10 KB given as bytes, then
rendered from a Jinja template, then the same two for a person signed in with Flask-Login
whose row SQLAlchemy reads (the template shows her name). No Gramota code runs: the
figures say how much of a signed-in page any Flask site of this shape pays.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from flask import Flask, render_template
from flask_login import LoginManager, UserMixin, login_user
from flask_sqlalchemy import SQLAlchemy
from jinja2 import DictLoader
from sqlalchemy.orm import Mapped, mapped_column

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.request_cost import BROWSER, cost  # noqa: E402 (the same measure as Gramota's)

PAGE = ("<!doctype html><html lang=\"ru\"><head><title>{{ title }}</title></head><body>"
        "<header>{{ current_user.name if current_user.is_authenticated else '' }}</header>"
        + "<p>Мышь — это небольшое устройство, которым двигают по столу.</p>\n" * 110
        + "</body></html>")
CLIENT = {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": BROWSER["User-Agent"]}


def floor_app(folder: str) -> tuple[Flask, str]:
    app = Flask("floor")
    app.secret_key = "bench"
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{folder}/floor.db"
    app.jinja_loader = DictLoader({"page.html": PAGE})
    db = SQLAlchemy(app)
    login = LoginManager(app)

    class Person(db.Model, UserMixin):
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column()

    login.user_loader(lambda user_id: db.session.get(Person, int(user_id)))
    page_bytes = app.jinja_env.get_template("page.html").render(
        title="Урок", current_user=None).encode()

    @app.get("/bytes")
    def as_bytes():
        return page_bytes

    @app.get("/template")
    def from_template():
        return render_template("page.html", title="Урок")

    @app.get("/sign-in")
    def sign_in():
        login_user(db.session.get(Person, 1))
        return "ok"

    with app.app_context():
        db.create_all()
        db.session.add(Person(id=1, name="Лидия Петровна"))
        db.session.commit()
    client = app.test_client()
    client.environ_base.update(CLIENT)
    client.get("/sign-in")
    return app, "session=" + client.get_cookie("session").value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app, cookie = floor_app(folder)
        rows = [(label, cost(app, path, who, args.requests, args.rounds))
                for label, path, who in (("bytes, visitor", "/bytes", None),
                                         ("template, visitor", "/template", None),
                                         ("bytes, signed in (person not read)", "/bytes", cookie),
                                         ("template, signed in (person read)", "/template",
                                          cookie))]
    base = rows[0][1]
    print(f"A bare Flask app, in-process (median of {args.rounds} rounds × {args.requests} "
          "requests, SQLite):\n")
    print("| request | µs | vs bytes |")
    print("|---|---:|---:|")
    for label, micros in rows:
        print(f"| {label} | {micros:.0f} | {micros / base:.1f}× |")


if __name__ == "__main__":
    sys.exit(main())
