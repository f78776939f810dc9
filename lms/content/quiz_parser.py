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
from .question_types import (
    AUTO_DETECTED,
    QUESTION_TYPES,
    AnswerBlock,
    QuestionError,
    question_type,
)
from .quiz import Question, QuizText

# Where quiz pictures are served from is only known per request: the views put it here.
IMAGE_PREFIX = "@@quiz-images@@/"
MAX_QUESTIONS = 200

# One or more groups in braces at the end of a heading: "{multiple} {lesson=phishing}".
MARKERS_RE = re.compile(r"^(?P<title>.*?)\s*(?P<markers>(?:\{[^{}]*\}\s*)+)$", re.S)
KIND_WORDS = {
    "single": "single", "одна": "single", "одна-відповідь": "single",
    "multiple": "multiple", "несколько": "multiple", "кілька": "multiple",
    "true-false": "true-false", "верно-неверно": "true-false", "правда-неправда": "true-false",
    "images": "images", "картинки": "images", "картинки-ответы": "images",
}
CHOICE_KINDS = set(KIND_WORDS.values())


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
        return values, QuizText(self.lang, values.get("title", ""), questions, self.path,
                                tuple(env["facts"]))

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
            found = self.answers_in(block, kind_word)
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
        if not answers and kind_word in CHOICE_KINDS and any(
                self.answers_in(block, None) for block in self.blocks(tokens[3:])):
            self.problem(line, "{%(word)s} is for questions with options (- [x])",
                         word=kind_word)
            return None
        if not answers:
            self.problem(line, "the question has no answers: options (- [x]), steps (1.), pairs "
                            "(a -> b) or typed answers (= …)")
            return None
        if len({kind for kind, _, _ in answers}) > 1 or len(answers) > 1:
            self.problem(answers[1][2] if len(answers) > 1 else line,
                      "a question has one kind of answer and one list of them")
            return None
        kind, data, answer_line = answers[0]
        kind = self.choose_kind(kind, kind_word, data)
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

    def answer_block(self, block) -> AnswerBlock | None:
        """The block as a question type reads its answers: a list, or a paragraph."""
        first = block[0]
        line = first.map[0] + 1 if first.map else 0
        if first.type in ("bullet_list_open", "ordered_list_open"):
            items = [(t.content, t.map[0] + 1 if t.map else line)
                     for t in block if t.type == "inline" and t.level == 3]
            form = "bullet" if first.type == "bullet_list_open" else "ordered"
        elif first.type == "paragraph_open" and len(block) == 3:
            items = [(text, line + n) for n, text in enumerate(block[1].content.splitlines())]
            form = "paragraph"
        else:
            return None
        return AnswerBlock(form, items, line, self.inline, self.problem) if items else None

    def answers_in(self, block, declared: str | None) -> tuple[str, object, int] | None:
        """(type, answers, line) when a type reads the block as its answers: the type the
        heading names, or else the first of AUTO_DETECTED that does."""
        found = self.answer_block(block)
        if found is None:
            return None
        for name in [declared] if declared else AUTO_DETECTED:
            data = question_type(name).parse_answers(found)
            if data is not None:
                return name, data, found.line
        return None

    @staticmethod
    def choose_kind(found: str, declared: str | None, data) -> str:
        """A task list without a {type}: single or multiple choice, or pictures."""
        if declared is not None or found != "single":
            return found
        if all("<img" in option.html for option in data):
            return "images"
        return "multiple" if sum(option.correct for option in data) > 1 else "single"
