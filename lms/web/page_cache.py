"""Pages that are the same for every visitor who is not signed in (a course, a lesson),
rendered once per address, language and reading comfort, then kept in memory; and parts
of pages that are the same for everyone (a lesson's text), kept even for signed-in people.

The courses are loaded when the process starts and do not change while it runs, so a
kept page never goes stale (a reload of the courses makes new keys). A signed-in person,
and a visitor with a message waiting to be shown, always get a freshly rendered page.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import request, session
from flask_login import current_user
from markupsafe import Markup

from ..i18n import current_language
from ..state import get_state
from .comfort import reading_comfort

# Set in the WSGI environ on a page kept for every visitor: the standalone site may then
# answer it again before Flask (lms/site/visitor_pages.py).
MARK = "lms.same_for_every_visitor"


def same_for_every_visitor(render: Callable[[], str]) -> str:
    """Return ``render()``, kept for visitors who are not signed in.

    Not kept either: an address with a query (``?lang=uk`` once, then the cookie says it;
    and any number of made-up queries must not fill the memory).
    """
    if current_user.is_authenticated or session.get("_flashes") or request.query_string:
        return render()
    request.environ[MARK] = True  # the standalone site may answer it again before Flask
    state = get_state()
    comfort = reading_comfort()
    # script_root: the address prefix the links are built with (one per site, unless a
    # proxy says otherwise); part of the key so that no request can change another's page
    key = (id(state.catalogue), request.script_root, request.full_path, current_language(),
           comfort["size"], comfort["theme"])
    return state.kept_pages.get_or_render(key, render)


def same_for_everyone(key: tuple, render: Callable[[], str]) -> Markup:
    """Return ``render()`` for a part of a page that is the same for every reader (a
    lesson's text in one language), rendered once and kept, even for signed-in people."""
    state = get_state()
    return Markup(state.kept_pages.get_or_render(
        ("part", id(state.catalogue), request.script_root, *key), render))


def kept_part(*key, caller: Callable[[], str]) -> Markup:
    """A part of a template that is the same for everyone who sees it with ``key``,
    rendered once and kept: ``{% call kept_part("footer", request.full_path, lang) %}``.

    The key must name everything the part shows; nothing personal may be inside. On an
    address with a query (a search, a report's sorting) the part is rendered each time:
    such addresses are many, and what they hold is nobody else's business.
    """
    if request.query_string:
        return Markup(caller())
    return same_for_everyone(("fragment", *key), caller)
