"""Read one quiz file: front matter, then a ``##`` heading per question.

Each question's answers decide its type: a task list (``- [x]``) is a choice, a numbered
list puts steps in order, ``term -> match`` lines are matching, ``= answer`` lines a typed
answer. A block quote after the answers is the explanation. Words in braces at the end of
the heading (``{multiple}``, ``{lesson=phishing}``) declare the type or the lesson.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..i18n import N_
from .frontmatter import Field, parse_front_matter, slug, text
from .markdown import markdown_env, parse_tokens, render_inline, render_tokens
from .problems import WARNING, ContentError, Problem
from .question_types import QUESTION_TYPES, Option, QuestionError, question_type
from .quiz import Question, QuizText

# Where quiz pictures are served from is only known per request: the views put it here.
IMAGE_PREFIX = "@@quiz-images@@/"
MAX_QUESTIONS = 200

PAIR_RE = re.compile(r"\s->(?:\s|$)")
TASK_RE = re.compile(r"^\[( |x|X)\]\s*(.*)$", re.S)
# One or more groups in braces at the end of a heading: "{multiple} {lesson=phishing}".
MARKERS_RE = re.compile(r"^(?P<title>.*?)\s*(?P<markers>(?:\{[^{}]*\}\s*)+)$", re.S)
KIND_WORDS = {
    "single": "single", "одна": "single", "одна-відповідь": "single",
    "multiple": "multiple", "несколько": "multiple", "кілька": "multiple",
    "true-false": "true-false", "верно-неверно": "true-false", "правда-неправда": "true-false",
    "images": "images", "картинки": "images", "картинки-ответы": "images",
}


def pass_mark(value):
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
        raise ValueError(N_("'%(key)s' must be a percentage from 1 to 100"))
    return value


def one_of(*choices):
    def check(value):
        if value not in choices:
            raise ValueError(N_("'%(key)s' must be one of: ") + ", ".join(choices))
        return value

    return check


def yes_no(value):
    if value in (True, "yes", "да", "так"):
        return True
    if value in (False, "no", "нет", "ні"):
        return False
    raise ValueError(N_("'%(key)s' must be yes or no"))


QUIZ_FIELDS = {
    "title": Field(text, required=True),
    "lesson": Field(slug),
    "pass": Field(pass_mark),
    "feedback": Field(one_of("each", "end")),
    "shuffle": Field(yes_no),
    "partial": Field(yes_no),
}


class QuizParser:
    """Turns the text of one quiz file into a QuizText and a list of problems."""

    def __init__(self, path: Path, lang: str, max_questions: int = MAX_QUESTIONS):
        self.path = path
        self.lang = lang
        self.max_questions = max_questions
        self.problems: list[Problem] = []

    def env(self) -> dict:
        return markdown_env(lang=self.lang, base_dir=self.path.parent,
                            image_prefix=IMAGE_PREFIX, no_h1=False)

    def problem(self, line, template, severity="error", **params):
        self.problems.append(Problem(line, template, params, severity))

    def parse(self, source: str) -> tuple[dict, QuizText | None]:
        env = self.env()
        tokens = parse_tokens(source, env)
        self.problems += env["problems"]
        if not tokens or tokens[0].type != "front_matter":
            if source.startswith("---"):
                raise ContentError(Problem(1, "the front matter is not closed: add a line of "
                                              "three dashes --- after it"))
            raise ContentError(Problem(1, "the file must start with front matter between --- "
                                          "lines"))
        fm_line = tokens[0].map[0] + 1
        values, problems = parse_front_matter(tokens[0].content, fm_line, QUIZ_FIELDS)
        self.problems += problems
        sections = self.split(tokens[1:])
        if len(sections) > self.max_questions:
            self.problem(sections[self.max_questions][0].map[0] + 1,
                      "too many questions (%(count)s); a quiz may have at most %(max)s",
                      count=len(sections), max=self.max_questions)
            return values, None
        questions = []
        for index, section in enumerate(sections):
            question = self.question(index, section)
            if question is not None:
                questions.append(question)
        if not sections:
            self.problem(fm_line, "the quiz has no questions: start each with a ## heading")
        if any(p.severity != WARNING for p in self.problems):
            return values, None
        return values, QuizText(self.lang, values.get("title", ""), questions, self.path)

    @staticmethod
    def split(tokens) -> list[list]:
        """Group tokens into questions, each starting with its level-2 heading."""
        sections: list[list] = []
        for token in tokens:
            if token.type == "heading_open" and token.tag == "h2":
                sections.append([])
            if sections:
                sections[-1].append(token)
        return sections

    @staticmethod
    def blocks(tokens) -> list[list]:
        """Split a question's tokens (after its heading) into top-level blocks."""
        blocks, depth = [], 0
        for token in tokens:
            if depth == 0:
                blocks.append([])
            blocks[-1].append(token)
            depth += token.nesting
        return blocks

    def question(self, index: int, tokens) -> Question | None:
        line = tokens[0].map[0] + 1
        heading = tokens[1].content
        title, kind_word, lesson = self.markers(heading, line)
        body, answers, explanation = [], [], []
        for block in self.blocks(tokens[3:]):
            found = self.answer_block(block)
            if found is not None:
                answers.append(found)
            elif block[0].type == "blockquote_open":
                explanation.extend(block[1:-1])  # the text, without the quote around it
            elif answers:
                self.problem(block[0].map[0] + 1 if block[0].map else line,
                          "text after the answers: put it before the answers, or in the "
                          "explanation (> )")
            else:
                body.extend(block)
        if not answers:
            self.problem(line, "the question has no answers: options (- [x]), steps (1.), pairs "
                            "(a -> b) or typed answers (= …)")
            return None
        if len({kind for kind, _, _ in answers}) > 1 or len(answers) > 1:
            self.problem(answers[1][2] if len(answers) > 1 else line,
                      "a question has one kind of answer and one list of them")
            return None
        kind, data, answer_line = answers[0]
        kind = self.choose_kind(kind, kind_word, data, line)
        if kind is None:
            return None
        try:
            question_type(kind).validate(data)
        except QuestionError as exc:
            self.problem(answer_line, str(exc), **exc.params)
            return None
        if not explanation:
            self.problem(line, "the question has no explanation: add a block quote (> ) after "
                            "the answers", WARNING)
        env = self.env()
        return Question(
            index=index, kind=kind, title_html=self.inline(title, line), line=line,
            body_html=render_tokens(body, env) if body else "",
            explanation_html=render_tokens(explanation, env) if explanation else "",
            data=data, lesson_slug=lesson)

    def markers(self, heading: str, line: int) -> tuple[str, str | None, str | None]:
        match = MARKERS_RE.match(heading)
        if match is None:
            return heading, None, None
        kind, lesson = None, None
        for word in match["markers"].replace("{", " ").replace("}", " ").split():
            key, _, value = word.partition("=")
            if key in ("lesson", "урок") and value:
                lesson = value
            elif word.lower() in KIND_WORDS:
                kind = KIND_WORDS[word.lower()]
            elif word.lower() in QUESTION_TYPES:  # a type added by another package
                kind = word.lower()
            else:
                self.problem(line, "unknown word '%(word)s' in braces; use single, multiple, "
                                "true-false, images or lesson=…", word=word)
        return match["title"], kind, lesson

    def inline(self, source: str, line: int) -> str:
        env = self.env()
        html = render_inline(source, env)
        self.problems += [replace(p, line=p.line or line) for p in env["problems"]]
        return html

    def answer_block(self, block) -> tuple[str, object, int] | None:
        """Return (kind, data, line) when the block is a list of answers."""
        first = block[0]
        line = first.map[0] + 1 if first.map else 0
        items = [t for t in block if t.type == "inline" and t.level == 3]
        item_lines = [t.map[0] + 1 if t.map else line for t in items]
        if first.type == "ordered_list_open":
            return "order", [self.inline(t.content, n) for t, n in zip(items, item_lines,
                                                                        strict=True)], line
        if first.type == "bullet_list_open" and items:
            tasks = [TASK_RE.match(t.content) for t in items]
            if all(tasks):
                options = []
                for task, number in zip(tasks, item_lines, strict=True):
                    if not task[2].strip():
                        self.problem(number, "an option is empty")
                    options.append(Option(self.inline(task[2], number), task[1] != " "))
                return "choice", options, line
            if all(PAIR_RE.search(t.content) for t in items):
                pairs = []
                for item, number in zip(items, item_lines, strict=True):
                    term, match = (PAIR_RE.split(item.content, 1) + [""])[:2]
                    term, match = term.strip(), match.strip()
                    if not term or not match or PAIR_RE.search(match):
                        self.problem(number, "a pair is written 'term -> match', once per line")
                    pairs.append((self.inline(term, number), self.inline(match, number)))
                return "matching", pairs, line
        if first.type == "paragraph_open" and len(block) == 3:
            lines = block[1].content.splitlines()
            if lines and all(entry.startswith("= ") for entry in lines):
                return "typed", [entry[2:].strip() for entry in lines], line
        return None

    def choose_kind(self, found: str, declared: str | None, data, line: int) -> str | None:
        if declared is not None and declared not in KIND_WORDS.values():
            return declared  # another package's type takes the answers as they are written
        if found != "choice":
            if declared is not None:
                self.problem(line, "{%(word)s} is for questions with options (- [x])",
                          word=declared)
                return None
            return found
        if declared is not None:
            return declared
        if all("<img" in option.html for option in data):
            return "images"
        return "multiple" if sum(option.correct for option in data) > 1 else "single"
