"""Names every Gramota template can use."""

from __future__ import annotations

import re
from datetime import datetime

from flask import Flask, request, url_for
from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, TemplateNotFound
from markupsafe import Markup, escape

from ..content.countries import for_country
from ..content.question_types import template_folders
from ..content.question_types.base import Mask
from ..i18n import LANGUAGE_NAMES, current_language, page_translations
from ..security import public_host, public_url
from ..state import get_state
from .assets import asset_url
from .comfort import reading_comfort, url_with
from .courses import reader_country
from .page_cache import kept_part


class QuestionTypeTemplates(BaseLoader):
    """The templates of question types from other packages (``template_folder``), found
    after the site's and Gramota's own, so that a site can still override them."""

    def get_source(self, environment, template):
        for folder in template_folders():
            try:
                return FileSystemLoader(folder).get_source(environment, template)
            except TemplateNotFound:
                continue
        raise TemplateNotFound(template)


def fixed_url(endpoint: str) -> str:
    """``url_for(endpoint)`` of a page without arguments (the menu's), found once for the
    address the site is mounted at instead of on every page (4 µs each)."""
    urls = get_state().fixed_urls
    key = (endpoint, request.script_root)
    found = urls.get(key)
    if found is None:
        found = urls[key] = url_for(endpoint)
    return found


YEAR_WORD = re.compile(r"\s(г|р)\.$")  # after a space, or the narrow one CLDR puts there


def long_date(value) -> str:
    """«6 декабря 2026»: the long date without the Russian «г.» or Ukrainian «р.», which
    doubled the full stop of every sentence ending with a date («… 2026 г..»)."""
    if not value:
        return ""
    if isinstance(value, str):  # as kept in "My data": ISO 8601
        value = datetime.fromisoformat(value)
    return YEAR_WORD.sub("", format_date(value, "long"))


def in_its_language(text) -> Markup:
    """A course's, lesson's or quiz's title, marked with its own language where it is not
    the page's (a Russian-only course on a Kazakh page): read aloud with the right voice,
    WCAG 3.1.2."""
    if text.lang == current_language():
        return escape(text.title)
    return Markup('<span lang="{}">{}</span>').format(text.lang, text.title)


def init_app(app: Flask) -> None:
    if not isinstance(app.jinja_env.loader, ChoiceLoader):
        app.jinja_env.loader = ChoiceLoader([app.jinja_env.loader, QuestionTypeTemplates()])
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["lms_date"] = long_date
    app.jinja_env.filters["lms_month"] = lambda value: format_date(value, "LLLL y")
    app.jinja_env.filters["lms_number"] = lambda value: format_decimal(value or 0)
    app.jinja_env.filters["lms_title"] = in_its_language
    # a lesson's passages for the reader's country (content/countries.py)
    app.jinja_env.filters["lms_for_country"] = lambda html, lang, country: Markup(
        for_country(str(html), country, lang))
    # a question's option or step number as the page gives it (Mask), or as it is
    app.jinja_env.filters["lms_masked"] = lambda i, mask=None: (
        mask.shown(i) if isinstance(mask, Mask) else i)

    @app.context_processor
    def _lms_context():
        return {
            "get_locale": current_language,
            "lms_languages": [
                (code, LANGUAGE_NAMES.get(code, code)) for code in app.config["LMS_LANGUAGES"]
            ],
            "language_name": lambda code: LANGUAGE_NAMES.get(code, code),
            "lms_asset": asset_url,
            # the page every Gramota page extends: a host site may wrap lms/base.html in
            # its own header and footer (LMS_BASE_TEMPLATE, docs/operations.md)
            "lms_layout": app.config["LMS_BASE_TEMPLATE"],
            "lms_site_name": app.config["LMS_SITE_NAME"] or _("Gramota"),
            "csrf_token": generate_csrf,
            "reading_comfort": reading_comfort,
            "url_with": url_with,
            "kept_part": kept_part,
            "fixed_url": fixed_url,
            "public_url": public_url,
            "public_host": public_host,
            "reader_country": reader_country,
            **page_translations(),
        }
