"""Test settings and helpers that act as a person would (through the real forms)."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    "LMS_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    "LMS_COURSES_DIR": str(FIXTURES / "courses"),
    "LMS_QUIZZES_DIR": str(FIXTURES / "quizzes"),
    "LMS_PRACTICES_DIR": str(FIXTURES / "practices"),
    "LMS_CERTIFICATES_DIR": str(FIXTURES.parents[1] / "certificates"),
    "LMS_LOGIN_RATE_LIMIT": "1000 per minute",
}




def is_local_setting(name: str) -> bool:
    """Whether an environment variable would change the app a test builds."""
    return (name.startswith(("LMS_", "FLASK_"))
            or name in ("DATABASE_URL", "GRAMOTA_INSTANCE_PATH"))


def clean_environment(**settings: str) -> dict[str, str]:
    """This process's environment without the developer's Gramota settings, plus these:
    for a server or command a test starts."""
    return {**{k: v for k, v in os.environ.items() if not is_local_setting(k)}, **settings}


def build_app(config: dict, instance_path):
    """Build the standalone app from ``config`` alone: neither the developer's
    instance/config.py nor the shell's LMS_*, FLASK_* or DATABASE_URL reach it."""
    from lms import create_app

    with pytest.MonkeyPatch.context() as patch:
        for name in [name for name in os.environ if is_local_setting(name)]:
            patch.delenv(name)
        return create_app(config, instance_path=instance_path)


# axe-core as pinned in tests/browser/axe/package-lock.json (`make test` installs it with
# npm ci): the newest release, not the older copy axe-playwright-python bundles.
AXE_JS = Path(__file__).parent / "browser" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


@cache
def axe():
    from axe_playwright_python.sync_playwright import Axe

    assert AXE_JS.is_file(), "run `make test`, or npm ci --prefix tests/browser/axe"
    return Axe.from_file(AXE_JS)


# axe-core rule sets checked on every page type in the browser tests.
WCAG = {"runOnly": {"type": "tag",
                    "values": ["wcag2a", "wcag2aa", "wcag2aaa", "wcag21a", "wcag21aa", "wcag22aa",
                               "best-practice"]}}

CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def csrf_from(html: str) -> str:
    """Return the CSRF token of the first form on a page, as a browser would send it."""
    match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client, user, password=None):
    """Sign in through the real login form and return the response after the redirect."""
    page = client.get("/login")
    token = csrf_from(page.get_data(as_text=True))
    return client.post("/login", data={"username": user.username,
                                       "password": password or user.plain_password,
                                       "csrf_token": token}, follow_redirects=True)


def text_of(response) -> str:
    """Return the page as text, as a person reading it would get it."""
    return response.get_data(as_text=True)


def add_learner(app, username: str, full_name: str, pin: str) -> str:
    """A learner at the app's (first) branch, for a test of its own; return the username."""
    from lms.db import db
    from lms.people.models import Library, Role
    from lms.people.services import create_user

    with app.app_context():
        create_user(username, full_name, Role.LEARNER, pin,
                    library=db.session.scalar(db.select(Library)))
        db.session.commit()
    return username


def joined_days_ago(study_class, days: int) -> None:
    """Move the day a class's learners joined it back: a learner is stuck after
    LMS_STUCK_DAYS without learning since joining, never on the day she joins."""
    from datetime import timedelta

    from lms.db import db, utcnow

    for member in study_class.members:
        member.joined_at = utcnow() - timedelta(days=days)
    db.session.commit()


def complete_course(learner, slug="first-steps"):
    """Finish every lesson and the final quiz the quick way (the quiz pages are tested
    elsewhere), and return the certificate issued."""
    from lms import events
    from lms.certificates.models import Certificate
    from lms.db import db, utcnow
    from lms.progress import services as progress
    from lms.quizzes.models import QuizAttempt
    from lms.state import catalogue

    course = catalogue().get(slug)
    if course.final_quiz:
        attempt = QuizAttempt(user_id=learner.id, course_slug=slug,
                              quiz_slug=course.final_quiz.slug, lang="ru", seed=1,
                              finished_at=utcnow(), score=100, passed=True)
        db.session.add(attempt)
        events.quiz_finished.send(attempt, user=learner, course=course,
                                  quiz=course.final_quiz, passed=True)
        db.session.commit()
    for lesson in course.lessons:
        progress.complete_lesson(learner, course, lesson)
    db.session.commit()  # as the request that finishes it would
    return db.session.scalar(db.select(Certificate).filter_by(user_id=learner.id))


def install_example(example, tmp_path, monkeypatch):
    """Install one of examples/ with pip, offline, into a folder put on sys.path (as a
    site would with `pip install`); it is built in a copy, never in the repository.
    Return the folder."""
    import importlib
    import shutil
    import subprocess
    import sys

    source, site = tmp_path / example.name, tmp_path / "site"
    shutil.copytree(example, source)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--no-index", "--target", str(site), str(source)],
                   check=True, capture_output=True, timeout=300)
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    return site
