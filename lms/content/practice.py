"""Practices: safe simulators of the risky parts (a mailbox of scam and honest messages, …),
authored as YAML files in ``practices/<course>/<name>.<lang>.yaml`` beside the quizzes,
attached to a lesson, checked with the file and line of every mistake.

    title: Почтовый ящик: где обман?
    lesson: phishing
    kind: inbox
    rule: Не переходите по ссылкам из писем: важные сайты открывайте сами.
    intro: |
      …
    cues:
      sender: {name: Чужой адрес отправителя, explain: …}
    …the simulator's own keys (practice_types/)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .frontmatter import SLUG_RE as CUE_RE
from .model import Catalogue
from .practice_types import PRACTICE_TYPES, PracticeError, practice_type
from .practice_types.base import markdown_html
from .problems import N_, WARNING, Problem
from .yaml_lines import load_with_lines

FILE_RE = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.yaml$")


@dataclass(frozen=True)
class Cue:
    """A trick a scam uses (a stranger's address, hurry, a code asked for), and how to see
    it."""

    id: str
    name: str
    explain: str


@dataclass
class PracticeText:
    lang: str
    title: str
    intro_html: str
    rule: str
    cues: dict[str, Cue]
    model: object  # the simulator's own
    path: Path
    kind: str = "inbox"
    lesson_slug: str = ""


@dataclass
class Practice:
    slug: str
    course_slug: str
    lesson_slug: str
    kind: str
    default_language: str
    texts: dict[str, PracticeText] = field(default_factory=dict)

    def text(self, lang: str) -> PracticeText:
        return self.texts.get(lang) or self.texts[self.default_language]

    @property
    def simulator(self):
        return practice_type(self.kind)


def read_practice(path: Path, lang: str, max_bytes: int = 1_000_000) -> PracticeText:
    """Read and check one practice file; raise PracticeError with the line of a mistake."""
    if path.stat().st_size > max_bytes:
        raise PracticeError(None, "the file is too large")
    try:
        data = load_with_lines(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise PracticeError(None, "the file is not in UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if "mapping values are not allowed" in str(exc):  # «explain: Честное: …»
            raise PracticeError(mark.line + 1 if mark else None,
                                "a text with a colon and a space in it must be in quotes: "
                                "explain: \"Письмо честное: …\"") from None
        raise PracticeError(mark.line + 1 if mark else None, "the file cannot be read as YAML: "
                                                             "%(why)s",
                            why=str(getattr(exc, "problem", exc))) from None
    if not isinstance(data, dict):
        raise PracticeError(1, "a practice is 'key: value' lines")
    line = data["__line__"]
    for key in ("title", "lesson", "kind", "rule"):
        if not str(data.get(key) or "").strip():
            raise PracticeError(line, "the practice needs its '%(key)s'", key=key)
    if data["kind"] not in PRACTICE_TYPES:
        raise PracticeError(line, "unknown kind of practice '%(kind)s' (known: %(known)s)",
                            kind=data["kind"], known=", ".join(sorted(PRACTICE_TYPES)))
    cues = _cues(data.get("cues"), line)
    model = practice_type(data["kind"]).parse(data, cues, lang)
    intro = markdown_html(data.get("intro"), lang)
    return PracticeText(lang, str(data["title"]), intro, str(data["rule"]), cues, model, path,
                        str(data["kind"]), str(data["lesson"]))


def _cues(data, line) -> dict[str, Cue]:
    if not isinstance(data, dict) or len(data) < 2:
        raise PracticeError(line, "'cues' names the tricks to catch: id: {name: …, explain: …}")
    cues = {}
    for cue_id, value in data.items():
        if cue_id == "__line__":
            continue
        where = value.get("__line__", line) if isinstance(value, dict) else line
        if not CUE_RE.match(str(cue_id)) or not isinstance(value, dict) or not all(
                str(value.get(key) or "").strip() for key in ("name", "explain")):
            raise PracticeError(where, "the cue '%(cue)s' needs a 'name' and an 'explain'",
                                cue=cue_id)
        cues[cue_id] = Cue(cue_id, str(value["name"]), str(value["explain"]))
    return cues


def attach_practices(catalogue: Catalogue, root: Path, *, default_language: str,
                     languages, max_bytes: int) -> None:
    """Load ``practices/<course>/`` into the courses; problems go into the catalogue."""
    if not root.is_dir():
        return
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        course = catalogue.get(folder.name)
        shown = f"{root.name}/{folder.name}"
        if course is None:
            catalogue.problems.append(Problem(None, N_("there is no course '%(course)s' for "
                                                       "these practices"),
                                              {"course": folder.name}, path=shown))
            continue
        files: dict[str, dict[str, Path]] = {}
        for path in sorted(folder.glob("*.yaml")):
            match = FILE_RE.match(path.name)
            if match is None or match["lang"] not in languages:
                catalogue.problems.append(Problem(None, N_("a practice file name looks like "
                                                           "inbox.ru.yaml"),
                                                  path=f"{shown}/{path.name}"))
                continue
            files.setdefault(match["slug"], {})[match["lang"]] = path
        for slug, by_lang in files.items():
            practice = _practice(catalogue, course, slug, by_lang, default_language, max_bytes,
                                 shown)
            if practice is not None:
                course.practices[slug] = practice
                course.lesson(practice.lesson_slug).practices.append(practice)


def _practice(catalogue, course, slug, by_lang, default_language, max_bytes, shown):
    main = course.default_language if course.default_language in by_lang else None
    if main is None:
        catalogue.problems.append(Problem(None, N_("this practice has no %(lang)s version, the "
                                                   "course's main language"),
                                          {"lang": course.default_language},
                                          path=f"{shown}/{next(iter(by_lang.values())).name}"))
        return None
    texts = {}
    for lang, path in sorted(by_lang.items(), key=lambda item: item[0] != main):
        try:
            text = read_practice(path, lang, max_bytes)
        except PracticeError as exc:
            catalogue.problems.append(Problem(exc.line, exc.template, exc.params,
                                              path=f"{shown}/{path.name}"))
            continue
        texts[lang] = text
    if main not in texts:
        return None
    first = texts[main]
    kind, lesson_slug = practice_type(first.kind), first.lesson_slug
    if course.lesson(lesson_slug) is None:
        catalogue.problems.append(Problem(None, N_("the course has no lesson '%(lesson)s'"),
                                          {"lesson": lesson_slug},
                                          path=f"{shown}/{first.path.name}"))
        return None
    for cue in sorted(set(first.cues) - kind.cues_used(first.model)):
        catalogue.problems.append(Problem(None, N_("the cue '%(cue)s' is never used: give it to "
                                                   "a step or take it out"), {"cue": cue},
                                          WARNING, path=f"{shown}/{first.path.name}"))
    for lang, text in list(texts.items()):
        if lang != main and (set(text.cues) != set(first.cues)
                             or not kind.agrees(text.model, first.model)):
            catalogue.problems.append(Problem(None, N_("this practice differs from its %(lang)s "
                                                       "version (steps, cues or answers)"),
                                              {"lang": main}, path=f"{shown}/{text.path.name}"))
            del texts[lang]
    return Practice(slug, course.slug, lesson_slug, kind.name, main, texts)
