"""Interface language: chosen by ?lang=, remembered in a cookie, else profile or browser."""

from __future__ import annotations

from pathlib import Path

import flask_babel
from babel import support
from flask import Flask, current_app, g, request, session
from flask_babel import Domain, get_locale
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from .security import API_BLUEPRINT

LANGUAGE_NAMES = {"ru": "Русский", "uk": "Українська", "kk": "Қазақша", "en": "English"}
# The language the interface strings are written in, in the code and templates.
SOURCE_LANGUAGE = "en"
COOKIE = "lms_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
SESSION_KEY = "lms_lang"  # the signed-in person's language, for pages shown without the database


def N_(message: str) -> str:
    """Mark a message for translation where it is written; it is translated when shown."""
    return message


def _known(lang: str | None) -> str | None:
    return lang if lang in current_app.config["LMS_LANGUAGES"] else None


def select_locale() -> str:
    """Pick the interface language for this request; unknown codes are ignored."""
    if request:
        chosen = _known(request.args.get("lang")) or _known(request.cookies.get(COOKIE))
        if chosen:
            return chosen
        if current_user and current_user.is_authenticated and _known(current_user.language):
            if session.get(SESSION_KEY) != current_user.language and \
                    request.blueprint != API_BLUEPRINT:  # the API keeps no session
                session[SESSION_KEY] = current_user.language
            return current_user.language
        best = request.accept_languages.best_match(current_app.config["LMS_LANGUAGES"])
        if best:
            return best
    return current_app.config["LMS_DEFAULT_LANGUAGE"]


def loaded_user():
    """The signed-in person if already read from the database in this request, else None.

    For code that must not touch the database (the page shown when it is down)."""
    user = g.get("_login_user")  # where Flask-Login keeps the person it loaded
    return user if user is not None and user.is_authenticated else None


def language_without_database() -> str:
    """The language for this request from what is at hand: the address, the cookie, the
    person (if already loaded, else as remembered in the session), the browser."""
    user = loaded_user()
    return (_known(request.args.get("lang")) or _known(request.cookies.get(COOKIE))
            or (_known(user.language) if user else _known(session.get(SESSION_KEY)))
            or request.accept_languages.best_match(current_app.config["LMS_LANGUAGES"])
            or current_app.config["LMS_DEFAULT_LANGUAGE"])


def current_language() -> str:
    return str(get_locale())


def remember_language(response):
    """Keep a language picked with ?lang= for the following pages."""
    chosen = _known(request.args.get("lang"))
    if chosen and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(COOKIE, chosen, max_age=COOKIE_MAX_AGE, samesite="Lax",
                            httponly=True)
    return response


def add_translations(app: Flask, directory: Path) -> None:
    """Let the app's Babel find Gramota's catalogues after the host site's own."""
    babel = app.extensions["babel"]
    if str(directory) not in babel.translation_directories:
        babel.translation_directories.append(str(directory))


class FallbackDomain(Domain):
    """Interface strings missing in a language are shown in the default language (Russian),
    not as the English originals: a Kazakh reader understands Russian better than English.
    """

    def get_translations(self):
        # A page asks for the catalogue once per string (dozens of times): look it up once
        # per request and locale. A changed locale (force_locale, refresh) is a new object.
        locale = get_locale()
        kept = g.get("lms_translations") if locale is not None else None
        if kept is not None and kept[0] is self and kept[1] is locale:
            return kept[2]
        translations = self._with_fallback(super().get_translations(), str(locale))
        if locale is not None:
            g.lms_translations = (self, locale, translations)
        return translations

    def _with_fallback(self, translations, locale: str):
        default = current_app.config["LMS_DEFAULT_LANGUAGE"]
        if locale in (default, SOURCE_LANGUAGE) or getattr(translations, "lms_fallback", False):
            return translations
        translations.add_fallback(self._catalogue(default))
        translations.lms_fallback = True
        return translations

    def _catalogue(self, lang: str) -> support.Translations:
        key = ("lms-fallback", lang)
        if key not in self.cache:
            catalogue = support.Translations()
            for directory in self.translation_directories:
                catalogue.merge(support.Translations.load(directory, [lang], self.domain[0]))
            self.cache[key] = catalogue
        return self.cache[key]


def page_translations() -> dict:
    """``gettext`` and ``ngettext`` for one page's template, bound to the page's catalogue:
    found once per page instead of at each of its 10–30 strings (a third of a signed-in
    page's template time went to finding it again). They behave as Flask-Babel's with
    Jinja's "newstyle" gettext: the text is marked safe where the template escapes, and
    is always a format string (``%(name)s``; ``%%`` for a percent sign). A template
    imported without its context (a macro file) uses Flask-Babel's own, to the same effect.
    """
    translations = flask_babel.get_translations()

    @pass_context
    def gettext(context, string, /, **variables):
        found = translations.ugettext(string)
        return (Markup(found) if context.eval_ctx.autoescape else found) % variables

    @pass_context
    def ngettext(context, singular, plural, num, /, **variables):
        variables.setdefault("num", num)
        found = translations.ungettext(singular, plural, num)
        return (Markup(found) if context.eval_ctx.autoescape else found) % variables

    return {"gettext": gettext, "ngettext": ngettext}


def use_fallback_domain(app: Flask) -> None:
    """Make the app's default Babel domain fall back to the default language."""
    babel = app.extensions["babel"]
    babel.instance.domain_instance = FallbackDomain(domain=babel.default_domain)
