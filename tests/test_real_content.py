"""The real course catalogue in courses/ and quizzes/ loads without a single problem."""

from __future__ import annotations

import functools
import gzip
import re
from pathlib import Path

import pytest

from lms.content import load_catalogue
from lms.content.practice import attach_practices
from lms.content.quiz_loader import attach_quizzes

ROOT = Path(__file__).parents[1]
LANGUAGES = ["ru", "uk", "kk", "en"]


@functools.cache
def real_catalogue():
    catalogue = attach_quizzes(load_catalogue(ROOT / "courses"), ROOT / "quizzes",
                               languages=LANGUAGES, default_language="ru", max_bytes=1_000_000)
    attach_practices(catalogue, ROOT / "practices", languages=LANGUAGES, default_language="ru",
                     max_bytes=1_000_000)
    return catalogue


def test_real_courses_and_quizzes_have_no_errors_and_no_warnings():
    catalogue = real_catalogue()
    assert [str(p) for p in catalogue.problems] == []
    assert catalogue.courses, "courses/ is empty"


def test_sample_course_has_real_lessons_and_a_quiz_for_each():
    course = real_catalogue().get("safe-internet")
    assert len(course.lessons) >= 3
    kinds = set()
    for lesson in course.lessons:
        text = lesson.text("ru")
        assert text.minutes and len(text.html) > 2000, lesson.slug
        assert lesson.quiz is not None, f"{lesson.slug} has no quiz"
        assert len(lesson.quiz.questions) >= 4
        assert all(q.explanation_html for q in lesson.quiz.questions)
        kinds |= {q.kind for q in lesson.quiz.questions}
    assert len(kinds) >= 4, kinds


# slug: (audience, languages, country) — the catalogue a network gets on day one.
CATALOGUE = {
    "computer-basics": ("learner", {"ru", "uk", "kk"}, None),
    "safe-internet": ("learner", {"ru", "uk", "kk"}, None),
    "gosuslugi": ("learner", {"ru"}, "RU"),
    "diia": ("learner", {"uk"}, "UA"),
    "egov-kz": ("learner", {"ru", "kk"}, "KZ"),
    "e-signature": ("learner", {"ru", "uk", "kk"}, None),
    "trainer-school": ("trainer", {"ru", "uk"}, None),
    "signature-for-trainers": ("trainer", {"ru", "uk"}, None),
    "money-online": ("learner", {"ru", "uk"}, None),
    "my-smartphone": ("learner", {"ru", "uk"}, None),
    "health-online": ("learner", {"ru", "uk"}, None),
    "new-scams": ("learner", {"ru", "uk"}, None),
}
REVIEWED = ("2026-11", "2026-12")  # the first edition, the second
IMG_RE = re.compile(r'<img [^>]*alt="([^"]*)"[^>]*width="\d+" height="\d+"')
TAG_RE = re.compile(r"<[^>]+>")


def words(html: str) -> int:
    return len(TAG_RE.sub(" ", html).split())


def test_the_catalogue_has_every_course_in_its_languages():
    catalogue = real_catalogue()
    found = {c.slug: (c.audience, set(c.texts), c.country) for c in catalogue.courses.values()}
    assert found == CATALOGUE
    for course in catalogue.courses.values():
        assert course.reviewed in REVIEWED and course.hours, course.slug
        if course.audience == "trainer":
            assert course.certificate == "trainer", course.slug


@pytest.mark.parametrize("slug", sorted(CATALOGUE))
def test_every_lesson_is_complete_in_every_language(slug):
    course = real_catalogue().get(slug)
    languages = CATALOGUE[slug][1]
    for lesson in course.lessons:
        assert set(lesson.texts) == languages, (lesson.slug, set(lesson.texts))
        for lang in languages:
            text = lesson.text(lang)
            where = f"{slug}/{lesson.slug}.{lang}"
            assert 450 <= words(text.html) <= 1500, (where, words(text.html))
            assert text.minutes and text.reviewed in REVIEWED, where
            assert "<ol>" in text.html, f"{where}: no numbered steps"
            pictures = IMG_RE.findall(text.html)
            assert pictures, f"{where}: no picture"
            assert all(len(alt) > 15 for alt in pictures), where
            assert len(gzip.compress(text.html.encode())) < 12_000, where  # page budget
        quiz = lesson.quiz
        assert quiz is not None and set(quiz.texts) == languages, lesson.slug
        assert 4 <= len(quiz.text(course.default_language).questions) <= 8, lesson.slug
    final = course.final_quiz
    assert final is not None and set(final.texts) == languages
    lessons = {lesson.slug for lesson in course.lessons}
    for quiz in [final, *(lesson.quiz for lesson in course.lessons)]:
        for lang in languages:
            for question in quiz.text(lang).questions:
                assert TAG_RE.sub("", question.explanation_html).strip(), (quiz.slug, lang)
    assert {q.lesson_slug for q in final.text(course.default_language).questions} == lessons


def test_every_picture_is_small():
    pictures = [*ROOT.glob("courses/*/images/*"), *ROOT.glob("quizzes/*/images/*")]
    assert pictures
    too_big = [str(p.relative_to(ROOT)) for p in pictures if p.stat().st_size > 10_240]
    assert too_big == []


def test_no_english_left_in_the_lessons():
    """Names shown on screen (Windows, WhatsApp) are fine; three English words in a row
    are a sentence left untranslated."""
    allowed = {"adobe acrobat reader", "google play market",
               "ministry of digital transformation of ukraine"}  # the app's publisher
    phrase_re = re.compile(r"\b[A-Za-z][\w'-]*(?:[ \u00a0]+[A-Za-z][\w'-]*){2,}")
    for course in real_catalogue().courses.values():
        for lesson in course.lessons:
            for lang, text in lesson.texts.items():
                plain = TAG_RE.sub(" ", re.sub(r"<(a|code)\b.*?</\1>", " ", text.html))
                phrases = {p.lower() for p in phrase_re.findall(plain)} - allowed
                assert not phrases, (course.slug, lesson.slug, lang, phrases)


def test_docs_catalogue_table_is_up_to_date():
    from lms.content.summary import catalogue_table

    table = catalogue_table(real_catalogue())
    assert table in (ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8"), (
        "run `.venv/bin/flask --app wsgi lms catalogue` and paste its table into docs/catalogue.md")


def test_the_catalogues_practices_are_those_of_the_docs():
    """docs/catalogue.md lists every practice: its course, title, kind, lesson, languages."""
    written = (ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8")
    practices = [p for course in real_catalogue().courses.values()
                 for p in course.practices.values()]
    assert len(practices) == written.split("## Practices")[1].count("\n| `")
    for practice in practices:
        text = practice.text(practice.default_language)
        row = (f"| `{practice.course_slug}` | {text.title} | {practice.kind} | "
               f"`{practice.lesson_slug}` | {', '.join(sorted(practice.texts))} |")
        assert row in written, row
