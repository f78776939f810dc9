"""The catalogue's second edition, as its readers meet it: quizzes that cannot be passed by
picking the longest option, no Russian bank, portal or law for a learner in Kazakhstan, the
four new courses in Russian and Ukrainian, every changing fact marked."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup
from test_real_content import real_catalogue

from lms.content.countries import for_country
from lms.content.guessing import right_is_longest, single_choice

NEW_COURSES = ("money-online", "my-smartphone", "health-online", "new-scams")
# Named only in Russia: a learner at a Kazakh branch should meet none of them ("портал
# госуслуг" in small letters is any country's portal; «Госуслуги» is Russia's).
RUSSIAN_ONLY = re.compile(
    r"Сбербанк|\bСбер\b|Госуслуг|СНИЛС|sfr\.gov\.ru|Социальн\w+ фонд|152-ФЗ|\bOzon\b|Авито|"
    r"Почт\w+ России|RuStore|\b[Кк]арт\w* «?МИР|СБП|Тинькофф|\bВТБ\b|gosuslugi\.ru")


def learner_courses():
    return [course for course in real_catalogue().listed("learner")]


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_no_course_lets_the_longest_option_pass(lang):
    for course in learner_courses() + real_catalogue().listed("trainer"):
        questions = [question for quiz in course.quizzes.values() if lang in quiz.texts
                     for question in single_choice(quiz.texts[lang])]
        if questions:
            share = sum(map(right_is_longest, questions)) / len(questions)
            assert share <= 0.4, f"{course.slug} ({lang}): {share:.0%} right and longest"


def test_a_learner_in_kazakhstan_meets_no_russian_bank_portal_or_law():
    for course in learner_courses():
        if course.country:  # a country's own portal course is shown in that country only
            continue
        for lang in ("ru", "kk"):
            texts = [course.text(lang).intro_html] if lang in course.texts else []
            texts += [lesson.texts[lang].html for lesson in course.lessons
                      if lang in lesson.texts]
            texts += [part for quiz in course.quizzes.values() if lang in quiz.texts
                      for question in quiz.texts[lang].questions
                      for part in (question.title_html, question.body_html,
                                   question.explanation_html, *_options(question))]
            for html in texts:
                seen = Markup(for_country(html, "KZ", lang)).striptags()
                found = RUSSIAN_ONLY.search(seen)
                assert found is None, f"{course.slug} ({lang}): «{found and found[0]}»"


def _options(question) -> list[str]:
    """The words of a question's options, steps or pairs, whatever its type keeps."""
    data = question.data if isinstance(question.data, list | tuple) else []
    return [str(getattr(item, "html", item)) for item in data]


def test_the_four_new_courses_are_there_in_russian_and_ukrainian():
    for slug in NEW_COURSES:
        course = real_catalogue().get(slug)
        assert course is not None, slug
        assert {"ru", "uk"} <= set(course.texts), slug
        assert 5 <= len(course.lessons) <= 7, slug
        for lesson in course.lessons:
            assert {"ru", "uk"} <= set(lesson.texts), (slug, lesson.slug)
            assert lesson.quiz is not None and "uk" in lesson.quiz.texts, (slug, lesson.slug)
        assert course.final_quiz is not None, slug
        assert course.countries == ("RU", "UA", "KZ"), slug


def test_the_changing_facts_are_marked_where_they_were_found():
    """The facts the review named as volatile carry their date of checking."""
    catalogue = real_catalogue()
    marked = {text.path.name for course in catalogue.courses.values()
              for lesson in course.lessons for text in lesson.texts.values() if text.facts}
    assert "07-account-safety.ru.md" in marked  # Госуслуги's second step since 2023/2025
    assert len(marked) >= 30
