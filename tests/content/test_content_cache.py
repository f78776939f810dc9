"""Rendered content kept on disk: a start renders only the files that changed, and what
it shows is what a full render would show, problems included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import lms.content.markdown as markdown
from lms.content import cache as content_cache
from lms.content.cache import RenderedFiles
from lms.content.loader import load_catalogue
from lms.content.quiz_loader import attach_quizzes
from lms.state import get_state

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def content(tmp_path):
    """A copy of the test courses and quizzes, to change."""
    shutil.copytree(FIXTURES / "courses", tmp_path / "courses")
    shutil.copytree(FIXTURES / "quizzes", tmp_path / "quizzes")
    return tmp_path


@pytest.fixture
def renders(monkeypatch):
    """The Markdown documents rendered (the slow part a kept file spares)."""
    rendered = []
    real = markdown._MD.parse

    def counting(text, env=None):
        rendered.append(text[:40])
        return real(text, env)

    monkeypatch.setattr(markdown._MD, "parse", counting)
    return rendered


def load(content: Path, kept: Path | None):
    rendered = RenderedFiles(kept)
    catalogue = attach_quizzes(load_catalogue(content / "courses", rendered=rendered),
                               content / "quizzes", languages=["ru", "uk", "kk", "en"],
                               default_language="ru", max_bytes=1_000_000, rendered=rendered)
    return catalogue, rendered


def picture(catalogue) -> list:
    """Everything a learner and an author would see of the catalogue."""
    seen = [str(problem) for problem in catalogue.problems]
    for course in catalogue.courses.values():
        seen += [(lang, text.title, text.summary, text.intro_html)
                 for lang, text in course.texts.items()]
        for lesson in course.lessons:
            seen += [(lesson.slug, lang, text.title, text.minutes, text.html)
                     for lang, text in lesson.texts.items()]
        for quiz in course.quizzes.values():
            for lang, text in quiz.texts.items():
                seen += [(quiz.slug, lang, q.kind, q.title_html, q.body_html,
                          q.explanation_html, repr(q.data)) for q in text.questions]
    return seen


def test_a_second_start_renders_nothing_and_shows_the_same(content, tmp_path, renders):
    first, made = load(content, tmp_path / "kept")
    assert made.made >= 10 and made.reused == 0 and renders
    renders.clear()
    again, kept = load(content, tmp_path / "kept")
    assert renders == [] and kept.made == 0 and kept.reused == made.made
    assert picture(again) == picture(first) == picture(load(content, None)[0])


def test_a_changed_file_is_rendered_again_and_only_it(content, tmp_path, renders):
    load(content, tmp_path / "kept")
    lesson = content / "courses" / "first-steps" / "01-mouse.ru.md"
    lesson.write_text(lesson.read_text().replace("Возьмите мышь", "Положите руку на мышь"))
    renders.clear()
    catalogue, kept = load(content, tmp_path / "kept")
    assert kept.made == 1 and len(renders) == 1
    assert "Положите руку на мышь" in catalogue.get("first-steps").lessons[0].text("ru").html


def test_problems_are_kept_with_the_file(content, tmp_path):
    broken = content / "courses" / "first-steps" / "02-keyboard.ru.md"
    broken.write_text("---\ntitle Без двоеточия\n---\nТекст\n")
    first, _made = load(content, tmp_path / "kept")
    again, kept = load(content, tmp_path / "kept")
    assert kept.made == 0
    problems = [str(p) for p in again.problems]
    assert problems == [str(p) for p in first.problems]
    assert any("02-keyboard.ru.md:2" in problem for problem in problems)


def test_an_image_taken_away_is_reported_at_the_next_start(content, tmp_path):
    first, _made = load(content, tmp_path / "kept")
    assert not any("not found" in str(p) for p in first.problems)
    images = content / "courses" / "first-steps" / "images"
    for picture_file in images.iterdir():
        picture_file.unlink()
    again, _kept = load(content, tmp_path / "kept")
    assert any("not found" in str(p) for p in again.problems)


def test_new_rendering_code_makes_new_keys(content, tmp_path, monkeypatch):
    load(content, tmp_path / "kept")
    monkeypatch.setattr(content_cache, "code_fingerprint", lambda: b"another version")
    _catalogue, kept = load(content, tmp_path / "kept")
    assert kept.reused == 0 and kept.made >= 10


def test_a_broken_entry_is_made_again_and_old_ones_are_removed(content, tmp_path):
    first, made = load(content, tmp_path / "kept")
    entries = sorted((tmp_path / "kept").iterdir())
    entries[0].write_bytes(b"not a pickle")
    (tmp_path / "kept" / ("0" * 64 + ".pickle")).write_bytes(b"from content now gone")
    again, kept = load(content, tmp_path / "kept")
    assert kept.made == 1 and picture(again) == picture(first)
    assert kept.prune() == 1
    assert len(list((tmp_path / "kept").iterdir())) == made.made


def test_a_folder_that_cannot_be_written_to_renders_as_before(content, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    catalogue, kept = load(content, blocked)
    assert kept.made >= 10 and not kept.writable
    assert picture(catalogue) == picture(load(content, None)[0])


def test_the_site_loads_its_courses_when_first_asked_and_keeps_them(make_app, tmp_path):
    app = make_app(LMS_CONTENT_CACHE_DIR="content-cache")
    state = get_state(app)
    assert state.loaded is None  # a command that needs no course never loads them
    with app.app_context():
        listed = app.test_cli_runner().invoke(args=["lms", "api-tokens"])
    assert listed.exit_code == 0, listed.output
    assert state.loaded is None
    assert "Первые шаги" in app.test_client().get("/").get_data(as_text=True)
    assert state.loaded is not None
    kept = list((tmp_path / "instance" / "content-cache").glob("*/*.pickle"))
    assert len(kept) >= 10
