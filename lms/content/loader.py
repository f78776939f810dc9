"""Load ``courses/``: every file checked, a bad file left out and reported, never fatal.

Layout of one course folder::

    courses/safe-internet/
        index.ru.md               front matter (title, summary, ...) + introduction
        index.uk.md               the same course in Ukrainian (optional)
        01-passwords.ru.md        lessons, ordered by number; the slug is the address
        01-passwords.uk.md
        images/address-bar.svg    pictures, referenced as images/address-bar.svg
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .cache import RenderedFiles
from .frontmatter import COURSE_FIELDS, LESSON_FIELDS, SLUG_RE, parse_front_matter
from .markdown import render_markdown
from .model import Catalogue, Course, CourseText, Lesson, LessonText
from .problems import N_, WARNING, ContentError, Problem
from .readability import LANGUAGES as READABLE_LANGUAGES
from .readability import READABLE, reading_ease

INDEX_RE = re.compile(r"^index\.(?P<lang>[a-z]{2})\.md$")
LESSON_RE = re.compile(
    r"^(?P<number>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.md$")
# Lesson slugs that would clash with other addresses under /courses/<course>/.
RESERVED_SLUGS = {"images", "static"}


class CourseLoader:
    """Loads one content tree, collecting problems with paths shown relative to ``root``."""

    def __init__(self, root: Path, *, languages: Iterable[str], default_language: str,
                 max_bytes: int, rendered: RenderedFiles | None = None):
        self.root = root
        self.languages = list(languages)
        self.default_language = default_language
        self.max_bytes = max_bytes
        self.rendered = rendered or RenderedFiles()
        self.problems: list[Problem] = []

    # -- reporting ------------------------------------------------------------------------

    def shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def report(self, path: Path, problem: Problem) -> None:
        self.problems.append(problem.located(self.shown(path)))

    def fail(self, path: Path, line: int | None, template: str, **params) -> None:
        self.report(path, Problem(line, template, params))

    # -- files ----------------------------------------------------------------------------

    def read(self, path: Path) -> str:
        """Return the file's text (UTF-8, newlines normalised) or raise ContentError."""
        size = path.stat().st_size
        if size > self.max_bytes:
            raise ContentError(Problem(
                None, "file is too large (%(size)s KB; the limit is %(limit)s KB)",
                {"size": size // 1000, "limit": self.max_bytes // 1000}))
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ContentError(Problem(
                line, "the file is not in UTF-8; save it again choosing the UTF-8 encoding"
            )) from None
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def document(self, path: Path, fields, *, image_prefix: str, lang: str):
        """Read, render and check one Markdown file (or take it as rendered at an earlier
        start); report its problems and return (values, html), or None."""
        loaded, problems = self.rendered.get_or_make(
            path, ("document", tuple(fields), image_prefix, lang),
            lambda: self.render_document(path, fields, image_prefix=image_prefix, lang=lang))
        for problem in problems:
            self.report(path, problem)
        return loaded

    def render_document(self, path: Path, fields, *, image_prefix: str, lang: str):
        """Return ((values, html) or None, the problems found)."""
        try:
            text = self.read(path)
            rendered = render_markdown(text, lang=lang, base_dir=path.parent,
                                       image_prefix=image_prefix)
            if rendered.front_matter is None and text.startswith("---"):
                raise ContentError(Problem(
                    1, "the front matter is not closed: add a line of three dashes --- after it"))
            values, problems = parse_front_matter(
                rendered.front_matter, rendered.front_matter_line, fields)
        except ContentError as exc:
            return None, [exc.problem]
        problems += rendered.problems
        if any(p.is_error for p in problems):
            return None, problems
        return (values, rendered.html, tuple(rendered.facts), rendered.variants), problems

    # -- courses --------------------------------------------------------------------------

    def load(self) -> Catalogue:
        catalogue = Catalogue()
        if not self.root.is_dir():
            self.fail(self.root, None, "the courses folder does not exist")
            return Catalogue(problems=self.problems)
        for folder in sorted(self.root.iterdir()):
            if not folder.is_dir() or folder.name.startswith((".", "_")):
                continue
            if not SLUG_RE.match(folder.name):
                self.fail(folder, None, "a course folder name must be latin letters, "
                                        "digits and dashes, such as safe-internet")
                continue
            course = self.course(folder)
            if course is not None:
                catalogue.courses[course.slug] = course
        catalogue.problems = self.problems
        return catalogue

    def course(self, folder: Path) -> Course | None:
        indexes: dict[str, Path] = {}
        lesson_files: list[tuple[Path, re.Match]] = []
        for path in sorted(folder.glob("*.md")):
            match = INDEX_RE.match(path.name) or LESSON_RE.match(path.name)
            if match is None:
                self.fail(path, None, "file name must look like index.ru.md or "
                                      "01-lesson-name.ru.md (two digits, a dash, latin "
                                      "letters, the language)")
            elif match["lang"] not in self.languages:
                self.fail(path, None, "unknown language '%(lang)s' (known: %(known)s)",
                          lang=match["lang"], known=", ".join(self.languages))
            elif match.re is INDEX_RE:
                indexes[match["lang"]] = path
            else:
                lesson_files.append((path, match))

        texts, settings = {}, {}
        for lang, path in indexes.items():
            loaded = self.document(path, COURSE_FIELDS, image_prefix="", lang=lang)
            if loaded is None:
                continue
            values, html, facts, _variants = loaded
            texts[lang] = CourseText(lang, values["title"], values["summary"], html, path,
                                     facts)
            settings[lang] = values
        if not texts:
            self.fail(folder, None, "the course has no usable index file (index.%(lang)s.md)",
                      lang=self.default_language)
            return None
        main = self.default_language if self.default_language in texts else min(texts)
        self.check_settings_agree(settings, indexes, main)
        values = settings[main]
        course = Course(
            slug=folder.name, path=folder, default_language=main,
            audience=values.get("audience", "learner"), hours=values.get("hours"),
            country=values.get("country"), countries=values.get("countries", ()),
            certificate=values.get("certificate"),
            order=values.get("order", 100), reviewed=values.get("reviewed"), texts=texts,
        )
        course.lessons = self.lessons(course, lesson_files)
        if not course.lessons:
            self.fail(folder, None, "the course has no usable lessons")
            return None
        return course

    def check_settings_agree(self, settings: dict[str, dict], indexes: dict[str, Path],
                             main: str) -> None:
        """Warn when a translation's index says something else than the main one."""
        for lang, values in settings.items():
            for key in ("audience", "hours", "country", "countries", "certificate", "order"):
                if values.get(key) != settings[main].get(key):
                    self.report(indexes[lang], Problem(
                        None, "'%(key)s' differs from index.%(main)s.md; the value there is "
                              "used", {"key": key, "main": main}, WARNING))

    def lessons(self, course: Course, files: list[tuple[Path, re.Match]]) -> list[Lesson]:
        by_number: dict[int, Lesson] = {}
        first_file: dict[int, Path] = {}
        number_of: dict[str, int] = {}
        for path, match in files:
            number, slug, lang = int(match["number"]), match["slug"], match["lang"]
            if slug in RESERVED_SLUGS:
                self.fail(path, None, "'%(slug)s' cannot be a lesson name; choose another",
                          slug=slug)
                continue
            if number in first_file and by_number[number].slug != slug:
                self.fail(path, None, "lesson number %(number)s is already used by %(other)s",
                          number=match["number"], other=first_file[number].name)
                continue
            if number_of.get(slug, number) != number:
                self.fail(path, None, "lesson name '%(slug)s' is already used by lesson "
                                      "%(number)s", slug=slug, number=number_of[slug])
                continue
            loaded = self.document(path, LESSON_FIELDS, image_prefix="../", lang=lang)
            if loaded is None:
                continue
            values, html, facts, variants = loaded
            if number not in by_number:
                by_number[number] = Lesson(slug, number, default_language=course.default_language)
                first_file[number], number_of[slug] = path, number
            by_number[number].texts[lang] = LessonText(
                lang, values["title"], values.get("minutes"), html, path,
                values.get("reviewed"), facts)
            self.check_readability(path, lang, html)
            self.check_variants(path, course.countries, variants)

        usable = []
        for number in sorted(by_number):
            lesson = by_number[number]
            if course.default_language not in lesson.texts:
                self.fail(first_file[number], None,
                          "this lesson has no %(lang)s version, the course's main language",
                          lang=course.default_language)
                continue
            usable.append(lesson)
        return usable


    def check_variants(self, path: Path, countries: tuple[str, ...], variants) -> None:
        """Warn about a passage with variants by country that lacks one of the countries
        the course is written for (and has no ``other`` block for them)."""
        for line, blocks in variants:
            named = set().union(*blocks)
            missing = [code for code in countries if code not in named]
            if missing and "other" not in named:
                self.report(path, Problem(
                    line, N_("the course is for %(countries)s, but this passage has no variant "
                             "for %(missing)s: add ::: country %(first)s (or ::: country "
                             "other)"),
                    {"countries": " ".join(countries), "missing": " ".join(missing),
                     "first": missing[0]}, WARNING))

    def check_readability(self, path: Path, lang: str, html: str) -> None:
        """Warn about a lesson harder to read than a newspaper for everyone."""
        score = reading_ease(html) if lang in READABLE_LANGUAGES else None
        if score is not None and score < READABLE:
            self.report(path, Problem(
                None, N_("hard to read: %(score)s on the Flesch–Oborneva scale (aim at %(aim)s "
                         "or more): shorter sentences, shorter words, a term explained once "
                         "then called by a short name"), {"score": round(score),
                                                          "aim": READABLE},
                WARNING))


def load_catalogue(root: Path, *, languages: Iterable[str] = ("ru", "uk", "kk", "en"),
                   default_language: str = "ru", max_bytes: int = 1_000_000,
                   rendered: RenderedFiles | None = None) -> Catalogue:
    """Load every course under ``root``; problems are collected, never raised."""
    loader = CourseLoader(Path(root), languages=languages, default_language=default_language,
                          max_bytes=max_bytes, rendered=rendered)
    return loader.load()
