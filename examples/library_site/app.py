"""A library's own Flask site with Gramota's courses mounted under /learn.

    flask --app examples/library_site/app.py lms init      # Gramota's tables
    flask --app examples/library_site/app.py lms demo      # demo accounts, if wanted
    flask --app examples/library_site/app.py run

The site keeps its own pages (the home page, opening hours) and its own look: every
Gramota page is shown inside the library's header and footer through one setting,
LMS_BASE_TEMPLATE, naming templates/library/lms_base.html.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from flask import Flask, render_template

from lms import LMS
from lms.security import ensure_secret_key

PROJECT = Path(__file__).resolve().parents[2]  # the courses shipped with Gramota


def create_app(config: Mapping | None = None) -> Flask:
    """The library's site (``flask --app`` finds this factory by its name)."""
    site = Flask(__name__, instance_path=str(Path(__file__).resolve().parent / "instance"))
    site.config.update(
        SECRET_KEY=os.environ.get("LIBRARY_SITE_SECRET_KEY"),
        SQLALCHEMY_DATABASE_URI=os.environ.get(
            "DATABASE_URL", f"sqlite:///{Path(site.instance_path) / 'library.sqlite3'}"),
        LMS_URL_PREFIX="/learn",
        LMS_BASE_TEMPLATE="library/lms_base.html",
        LMS_SITE_NAME="Курсы цифровой грамотности",
        LMS_COURSES_DIR=str(PROJECT / "courses"),
        LMS_QUIZZES_DIR=str(PROJECT / "quizzes"),
        LMS_CERTIFICATES_DIR=str(PROJECT / "certificates"),
    )
    site.config.from_mapping(config or {})
    Path(site.instance_path).mkdir(exist_ok=True)
    ensure_secret_key(site)  # kept in instance/secret_key: the same for every worker

    @site.get("/")
    def home():
        return render_template("library/home.html")

    @site.get("/hours")
    def hours():
        return render_template("library/hours.html")

    LMS(site)  # Gramota: its own database tables, sign-in and pages, all under /learn
    return site

