"""A lesson's passages for one country: of each group of ``::: country`` blocks (marked in
the HTML by content/markdown.py), the reader sees the block of her branch's country, else
the ``other`` block, else none. A reader of no one country (a visitor, a regional
coordinator) sees every block under the name of its country."""

from __future__ import annotations

import re

from markupsafe import escape

_BLOCK_RE = re.compile(r"<!--lms-country:([^>]*)-->\n(.*?)<!--/lms-country-->\n", re.S)
NAMES = {  # "in Russia" … in the lesson's language
    "RU": {"ru": "В России", "uk": "У Росії", "kk": "Ресейде", "en": "In Russia"},
    "UA": {"ru": "В Украине", "uk": "В Україні", "kk": "Украинада", "en": "In Ukraine"},
    "KZ": {"ru": "В Казахстане", "uk": "У Казахстані", "kk": "Қазақстанда",
           "en": "In Kazakhstan"},
    "other": {"ru": "В других странах", "uk": "В інших країнах", "kk": "Басқа елдерде",
              "en": "Elsewhere"},
}


def for_country(html: str, country: str | None, lang: str = "ru") -> str:
    """The HTML with each group of country blocks replaced by what this reader sees."""
    if "<!--lms-country:" not in html:
        return html
    parts: list[str] = []
    group: list[re.Match] = []
    last = 0
    for block in _BLOCK_RE.finditer(html):
        between = html[last:block.start()]
        if group and between.strip():
            parts.append(_chosen(group, country, lang))
            group = []
        if not group:
            parts.append(between)
        group.append(block)
        last = block.end()
    if group:
        parts.append(_chosen(group, country, lang))
    parts.append(html[last:])
    return "".join(parts)


def _chosen(group: list[re.Match], country: str | None, lang: str) -> str:
    mine = [block[2] for block in group if country and country in block[1].split()]
    if mine:
        return "".join(mine)
    if country is None:
        return "".join(_labelled(block, lang) for block in group)
    return "".join(block[2] for block in group if "other" in block[1].split())


def _labelled(block: re.Match, lang: str) -> str:
    names = [NAMES.get(code, {}).get(lang) or code for code in block[1].split()]
    named = ", ".join([names[0], *(name[:1].lower() + name[1:] for name in names[1:])])
    return (f'<div class="country-variant"><p class="country-name">{escape(named)}:</p>\n'
            f"{block[2]}</div>\n")
