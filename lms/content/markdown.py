"""Markdown for lessons: safe by construction, with callout boxes and sized images.

``render_markdown`` is a pure function (no app, no request): text in, HTML and the
problems it found out. Raw HTML is never passed through, ``javascript:`` links are
refused by markdown-it's link validation, and only ``width``/``height`` attributes are
accepted on images.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .problems import Problem

# Callout kinds and the words authors may use for them (English, Russian, Ukrainian).
CALLOUT_ALIASES = {
    "important": "important",
    "warning": "warning",
    "tip": "tip",
    "note": "note",
    "важно": "important",
    "осторожно": "warning",
    "совет": "tip",
    "заметка": "note",
    "важливо": "important",
    "обережно": "warning",
    "порада": "tip",
    "примітка": "note",
}

CALLOUT_TITLES = {
    "important": {"ru": "Важно", "uk": "Важливо", "kk": "Маңызды", "en": "Important"},
    "warning": {
        "ru": "Осторожно, мошенники",
        "uk": "Обережно, шахраї",
        "kk": "Абай болыңыз, алаяқтар",
        "en": "Beware of fraudsters",
    },
    "tip": {"ru": "Совет", "uk": "Порада", "kk": "Кеңес", "en": "Tip"},
    "note": {"ru": "Заметка", "uk": "Примітка", "kk": "Ескертпе", "en": "Note"},
}

_SIZE_RE = re.compile(r"^[1-9][0-9]{0,4}$")
# A fact that may change, marked at the end of its sentence: {fact reviewed=2026-12}.
_FACT_RE = re.compile(r"[ \t]*\{fact\b([^}\n]*)\}")
_REVIEWED_RE = re.compile(r"^\s*reviewed=(\d{4})-(\d{2})\s*$")


@dataclass(frozen=True)
class Fact:
    """A fact that may change (a phone number, a fee, a menu's name) and when it was last
    checked, as the author marked it."""

    line: int
    text: str
    reviewed: str  # "2026-12"


@dataclass
class Rendered:
    """The HTML of one Markdown document, its front matter text and what was wrong in it."""

    html: str
    front_matter: str | None
    front_matter_line: int
    problems: list[Problem] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    # each group of country variants: (its first line, the countries of each block)
    variants: list[tuple[int | None, list[set[str]]]] = field(default_factory=list)


def take_facts(text: str, env: dict) -> str:
    """The text without its fact marks; each fact (its line, as the reader sees it) goes
    into ``env["facts"]``, a mark without its date into the problems."""
    if "{fact" not in text:
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        marks = list(_FACT_RE.finditer(line))
        if not marks:
            continue
        bare = _FACT_RE.sub("", line)
        for mark in marks:
            date = _REVIEWED_RE.match(mark[1])
            if date is None or not 1 <= int(date[2]) <= 12:
                _problem(env, number + env.get("line_offset", 0),
                         "write a fact's mark as {fact reviewed=2026-12}: the year and "
                         "month it was checked")
                continue
            env.setdefault("facts", []).append(Fact(
                number + env.get("line_offset", 0),
                " ".join(bare.strip(" >-*#|").split())[:300], f"{date[1]}-{date[2]}"))
        lines[number - 1] = bare
    return "\n".join(lines)


def _callout_render(self, tokens, idx, _options, env):
    token = tokens[idx]
    if token.nesting == -1:
        return "</div>\n"
    word, _, title = token.info.strip().partition(" ")
    kind = CALLOUT_ALIASES[word.lower()]
    if not title.strip():
        titles = CALLOUT_TITLES[kind]
        title = titles.get(env.get("lang", "ru"), titles["ru"])
    return (
        f'<div class="callout callout-{kind}" role="note">\n'
        f'<p class="callout-title">{escapeHtml(title.strip())}</p>\n'
    )


def _country_render(self, tokens, idx, _options, env):
    """A passage for some countries only, between marks that ``countries.for_country``
    reads (raw HTML is never passed through, so no author can write such a mark)."""
    if tokens[idx].nesting == -1:
        return "<!--/lms-country-->\n"
    return f"<!--lms-country:{' '.join(country_codes(tokens[idx].info))}-->\n"


def country_codes(info: str) -> list[str]:
    """The countries of ``::: country RU UA`` (``other``: every country not named)."""
    return [word.upper() if word.lower() != "other" else "other"
            for word in info.replace(",", " ").split()[1:]]


def _check_countries(tokens, env, offset) -> None:
    """Each country block names countries (RU, UA, KZ … or other) and is not inside another;
    consecutive blocks make a group of variants of one passage, kept in env["variants"]."""
    depth, previous_close = 0, -2
    for index, token in enumerate(tokens):
        if token.type == "container_country_open":
            line = token.map[0] + 1 + offset if token.map else None
            codes = country_codes(token.info)
            if depth:
                _problem(env, line, "a country block cannot be inside another one")
            if not codes or not all(c == "other" or re.fullmatch(r"[A-Z]{2}", c)
                                    for c in codes):
                _problem(env, line, "name the countries of the block in two capital letters "
                                    "(::: country RU UA) or write ::: country other")
            if previous_close == index - 1 and env.get("variants"):
                env["variants"][-1][1].append(set(codes))
            else:
                env.setdefault("variants", []).append((line, [set(codes)]))
            depth += 1
        elif token.type == "container_country_close":
            depth -= 1
            previous_close = index


def _table_open(self, tokens, idx, options, env):
    return '<div class="table-wrap" tabindex="0">\n' + self.renderToken(tokens, idx, options, env)


def _table_close(self, tokens, idx, options, env):
    return self.renderToken(tokens, idx, options, env) + "</div>\n"


def _problem(env, line, message, severity="error", **params):
    env["problems"].append(Problem(line, message, params, severity))


def _check_image(image: Token, line: int | None, env: dict) -> None:
    src = image.attrGet("src") or ""
    if not image.children or not "".join(c.content for c in image.children).strip():
        _problem(env, line, "image '%(src)s' has no description (alt text)", "warning", src=src)
    for attr in ("width", "height"):
        value = image.attrGet(attr)
        if value is None:
            continue
        if not _SIZE_RE.match(str(value)):
            _problem(env, line, "image '%(src)s': %(attr)s must be a whole number of pixels",
                     src=src, attr=attr)
            del image.attrs[attr]
    if image.attrGet("width") is None or image.attrGet("height") is None:
        _problem(
            env,
            line,
            "image '%(src)s' has no size; add {width=480 height=320} after it",
            "warning",
            src=src,
        )
    image.attrSet("loading", "lazy")
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or src.startswith("/"):
        return
    relative = posixpath.normpath(parts.path)
    if relative.startswith("..") or relative.startswith("/"):
        _problem(env, line, "image '%(src)s' must be inside the course folder", src=src)
        image.attrSet("src", "")
        return
    base: Path | None = env.get("base_dir")
    if base is not None and not (base / relative).is_file():
        _problem(env, line, "image '%(src)s' not found", "warning", src=src)
    image.attrSet("src", env.get("image_prefix", "") + relative)


def _lint_rule(state) -> None:
    """Check images, headings and unknown callout kinds; rewrite image addresses."""
    env = state.env
    env.setdefault("problems", [])
    offset = env.get("line_offset", 0)
    _check_countries(state.tokens, env, offset)
    for token in state.tokens:
        line = token.map[0] + 1 + offset if token.map else None
        if token.type == "heading_open" and token.tag == "h1" and env.get("no_h1"):
            _problem(env, line, "use ## for sections; the page shows the title as its heading",
                     "warning")
        if token.type != "inline":
            continue
        if token.content.startswith(":::"):
            word = token.content[3:].split()[0] if token.content[3:].split() else ""
            _problem(env, line, "unknown box kind '%(word)s'; use important, warning, tip or note",
                     word=word)
        for child in token.children or []:
            if child.type == "image":
                _check_image(child, line, env)


def create_markdown() -> MarkdownIt:
    """Return the Markdown parser used for all course content."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    md.use(attrs_plugin, after=("image",), allowed=["width", "height"])
    for word in CALLOUT_ALIASES:
        md.use(container_plugin, name=word, render=_callout_render,
               validate=lambda params, _m, w=word: params.strip().split(" ", 1)[0].lower() == w)
    md.use(container_plugin, name="country", render=_country_render,
           validate=lambda params, _m: params.strip().split(" ", 1)[0].lower() == "country")
    md.add_render_rule("table_open", _table_open)
    md.add_render_rule("table_close", _table_close)
    md.core.ruler.push("lms_lint", _lint_rule)
    return md


_MD = create_markdown()


def parse_tokens(text: str, env: dict) -> list:
    """Parse Markdown into tokens (with line numbers); ``env`` collects problems and the
    facts marked in it."""
    env.setdefault("problems", [])
    return _MD.parse(take_facts(text, env), env)


def render_tokens(tokens: list, env: dict) -> str:
    return _MD.renderer.render(tokens, _MD.options, env)


def render_inline(text: str, env: dict) -> str:
    """Render one line of Markdown (an option, a heading) without a paragraph around it."""
    env.setdefault("problems", [])
    return _MD.renderInline(text, env)


def markdown_env(*, lang: str = "ru", base_dir: Path | None = None, image_prefix: str = "",
                 no_h1: bool = True, line_offset: int = 0) -> dict:
    return {"lang": lang, "base_dir": base_dir, "image_prefix": image_prefix,
            "no_h1": no_h1, "problems": [], "line_offset": line_offset, "facts": []}


def render_markdown(
    text: str,
    *,
    lang: str = "ru",
    base_dir: Path | None = None,
    image_prefix: str = "",
    no_h1: bool = True,
) -> Rendered:
    """Render Markdown with front matter to HTML and collect the problems found in it.

    ``base_dir`` is where relative image paths are looked up; ``image_prefix`` is put
    before them in the HTML (a relative URL, so the page works under any URL prefix).
    """
    env = markdown_env(lang=lang, base_dir=base_dir, image_prefix=image_prefix, no_h1=no_h1)
    tokens = parse_tokens(text, env)
    front_matter, fm_line = None, 1
    if tokens and tokens[0].type == "front_matter":
        front_matter = tokens[0].content
        fm_line = tokens[0].map[0] + 1 if tokens[0].map else 1
    html = _MD.renderer.render(tokens, _MD.options, env)
    return Rendered(html=html, front_matter=front_matter, front_matter_line=fm_line,
                    problems=env["problems"], facts=env.get("facts", []),
                    variants=env.get("variants", []))
