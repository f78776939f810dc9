"""Load ``quizzes/`` and attach each quiz to its course and lesson."""

from __future__ import annotations

import re
from pathlib import Path

from .cache import RenderedFiles
from .frontmatter import SLUG_RE
from .guessing import guessing_problems
from .loader import CourseLoader
from .model import Catalogue
from .problems import ContentError, Problem
from .question_types import question_type
from .quiz import Quiz
from .quiz_parser import QuizParser

QUIZ_FILE_RE = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.md$")


class QuizLoader(CourseLoader):
    """Reads quiz files with the same file checks as course files."""

    def load_into(self, catalogue: Catalogue) -> None:
        if not self.root.is_dir():
            return  # a site without quizzes is fine
        for folder in sorted(p for p in self.root.iterdir() if p.is_dir()):
            if folder.name.startswith((".", "_")):
                continue
            course = catalogue.get(folder.name) if SLUG_RE.match(folder.name) else None
            if course is None:
                self.fail(folder, None, "there is no course '%(course)s' for these quizzes",
                          course=folder.name)
                continue
            self.course_quizzes(course, folder)
        catalogue.problems.extend(self.problems)

    def course_quizzes(self, course, folder: Path) -> None:
        course.quiz_folder = folder  # the site's quizzes/ or a course pack's
        files: dict[str, dict[str, Path]] = {}
        for path in sorted(folder.glob("*.md")):
            match = QUIZ_FILE_RE.match(path.name)
            if match is None or match["lang"] not in self.languages:
                self.fail(path, None, "a quiz file name looks like passwords-quiz.ru.md")
                continue
            files.setdefault(match["slug"], {})[match["lang"]] = path
        for quiz_slug, by_lang in files.items():
            quiz = self.quiz(course, quiz_slug, by_lang)
            if quiz is not None:
                self.attach(course, quiz)

    def parse(self, path: Path, lang: str):
        """Read and parse one quiz file (or take it as parsed at an earlier start); report
        its problems and return (values, the quiz text or None)."""
        values, text, problems = self.rendered.get_or_make(
            path, ("quiz", lang), lambda: self.parse_file(path, lang))
        for problem in problems:
            self.report(path, problem)
        return values, text

    def parse_file(self, path: Path, lang: str):
        parser = QuizParser(path, lang)
        try:
            values, text = parser.parse(self.read(path))
        except ContentError as exc:
            parser.problems.append(exc.problem)
            values, text = {}, None
        if text is not None:
            parser.problems += guessing_problems(text)
        return values, text, parser.problems

    def quiz(self, course, quiz_slug: str, by_lang: dict[str, Path]) -> Quiz | None:
        main = course.default_language
        if main not in by_lang:
            self.fail(next(iter(by_lang.values())), None,
                      "this quiz has no %(lang)s version, the course's main language",
                      lang=main)
            return None
        values, text = self.parse(by_lang[main], main)
        if text is None:
            return None
        quiz = Quiz(slug=quiz_slug, course_slug=course.slug, default_language=main,
                    lesson_slug=values.get("lesson"), pass_mark=values.get("pass", 70),
                    feedback=values.get("feedback", "each"),
                    shuffle=values.get("shuffle", True), partial=values.get("partial", True),
                    texts={main: text})
        if quiz.lesson_slug and course.lesson(quiz.lesson_slug) is None:
            self.fail(by_lang[main], None, "the course has no lesson '%(lesson)s'",
                      lesson=quiz.lesson_slug)
            return None
        for question in text.questions:
            if question.lesson_slug and course.lesson(question.lesson_slug) is None:
                self.report(by_lang[main], Problem(question.line, "the course has no lesson "
                                                   "'%(lesson)s'",
                                                   {"lesson": question.lesson_slug}))
                return None
        for lang, path in by_lang.items():
            if lang != main:
                self.translation(quiz, lang, path)
        return quiz

    def translation(self, quiz: Quiz, lang: str, path: Path) -> None:
        """Add a translation if it has the same questions and right answers as the main one."""
        _values, text = self.parse(path, lang)
        if text is None:
            return
        main = quiz.questions
        if len(text.questions) != len(main):
            self.fail(path, None, "%(count)s questions, but the %(lang)s version has "
                                  "%(main)s", count=len(text.questions), lang=quiz.default_language,
                      main=len(main))
            return
        for ours, theirs in zip(text.questions, main, strict=True):
            if ours.kind != theirs.kind or not question_type(ours.kind).agrees(ours.data,
                                                                               theirs.data):
                self.report(path, Problem(ours.line, "this question differs from question "
                                          "%(number)s of the %(lang)s version (type or right "
                                          "answers)", {"number": ours.index + 1,
                                                       "lang": quiz.default_language}))
                return
        quiz.texts[lang] = text

    def attach(self, course, quiz: Quiz) -> None:
        path = quiz.texts[quiz.default_language].path
        if quiz.lesson_slug:
            lesson = course.lesson(quiz.lesson_slug)
            if lesson.quiz is not None:
                self.fail(path, None, "lesson '%(lesson)s' already has the quiz %(other)s",
                          lesson=quiz.lesson_slug, other=lesson.quiz.slug)
                return
            lesson.quiz = quiz
        else:
            if course.final_quiz is not None:
                self.fail(path, None, "the course already has a final quiz (%(other)s); give "
                                      "this one a lesson", other=course.final_quiz.slug)
                return
            course.final_quiz = quiz
        course.quizzes[quiz.slug] = quiz


def attach_quizzes(catalogue: Catalogue, root: Path, *, languages, default_language: str,
                   max_bytes: int, rendered: RenderedFiles | None = None) -> Catalogue:
    """Load every quiz under ``root`` into the courses of ``catalogue``."""
    QuizLoader(Path(root), languages=languages, default_language=default_language,
               max_bytes=max_bytes, rendered=rendered).load_into(catalogue)
    return catalogue
