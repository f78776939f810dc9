"""The page cache: what Gramota renders once and gives again, kept in one bounded store
(``LMSState.page_cache``, ``LMS_PAGE_CACHE_MB`` per worker) under keys made by ``key``
below. Nothing is kept anywhere else.

Three things are kept:

- **A visitor's page** (the catalogue, a course, a lesson, a quiz's first page, for someone
  not signed in, with no message waiting) as the view gives it: rendered, compressed the
  way the site compresses it (Flask-Compress) and with its ETag. The next visitor asking
  for the same address in the same language, reading comfort and compression gets those
  bytes: no template, no compression, no hashing. The per-request hooks still run
  (cookies, headers, the log).
- **A part of a page that is the same for everyone who sees it** under the same names: a
  lesson's text in one language (``same_for_everyone``), the text-size bar and the
  language links of an address (``kept_part`` in templates). Signed-in pages use them
  too, so nothing personal may be inside: the menu and the person's name are not kept.
- **A visitor's page as it was sent**, headers and all, when the standalone site answers
  the same request again before Flask (``LMS_KEEP_VISITOR_PAGES``,
  lms/site/visitor_pages.py); a host site that mounts Gramota does without it.

Every key holds what was loaded (the catalogue: reloading the courses makes new keys) and
where the site is mounted (the prefix links are built with; one per site unless a proxy
says otherwise, so no request can change another's page). The courses do not change
while a process runs, so nothing kept goes stale.

Never kept: an address with a query (``?lang=uk`` once, then the cookie says it; and any
number of made-up queries must not fill the memory), a page for someone signed in, a
visitor's page with a message waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, current_app, request, session
from flask_compress import Compress
from flask_login import current_user
from markupsafe import Markup

from ..i18n import current_language
from ..state import LMSState, get_state
from .caching import short_etag
from .comfort import reading_comfort

# Set in the WSGI environ on a visitor's page: the standalone site may then answer the
# same request again before Flask (lms/site/visitor_pages.py).
MARK = "lms.same_for_every_visitor"
LONGEST_ENCODING = 200  # characters of Accept-Encoding in a key; a longer one: not kept
SENT_HEADERS = ("Content-Type", "Content-Encoding", "Vary", "ETag")


def key(kind: str, *names) -> tuple:
    """The key of something kept for the current request: see ``key_for``."""
    return key_for(get_state(), request.script_root, kind, *names)


def key_for(state: LMSState, script_root: str, kind: str, *names) -> tuple:
    """The key of everything in the page cache: its kind ("page", "part", or "sent" for
    a page answered before Flask), what was loaded, where the site is mounted, and the
    names that tell it from the others."""
    return (kind, id(state.catalogue), script_root, *names)


@dataclass(frozen=True)
class KeptPage:
    """A visitor's page as the view gives it: the bytes and the headers that go with them."""

    body: bytes
    headers: tuple[tuple[str, str], ...]

    def __sizeof__(self) -> int:
        return len(self.body) + sum(len(name) + len(value) for name, value in self.headers)

    def response(self) -> Response:
        return current_app.response_class(self.body, headers=list(self.headers))


def same_for_every_visitor(render: Callable[[], str]) -> Response | str:
    """Return the page ``render()`` makes, kept for visitors who are not signed in."""
    encodings = request.headers.get("Accept-Encoding", "")
    if (current_user.is_authenticated or session.get("_flashes") or request.query_string
            or len(encodings) > LONGEST_ENCODING):
        return render()
    request.environ[MARK] = True
    comfort = reading_comfort()
    page_key = key("page", request.path, current_language(), comfort["size"],
                   comfort["theme"], encodings)
    cache = get_state().page_cache
    kept = cache.get(page_key)
    if kept is None:
        kept = as_sent(render())
        if kept is None:
            return render()
        cache.keep(page_key, kept)
    return kept.response()


def as_sent(page: str) -> KeptPage | None:
    """The page compressed as the site's Flask-Compress would for this request, with its
    ETag (``None`` in the rare case it is not a whole page then)."""
    response = current_app.make_response(page)
    compression = site_compression()
    if compression is not None:
        response = compression.after_request(response)
    if response.status_code != 200:
        return None
    response.set_etag(short_etag(response.get_data()))
    return KeptPage(response.get_data(), tuple(
        (name, value) for name, value in response.headers if name in SENT_HEADERS))


def site_compression() -> Compress | None:
    """The site's Flask-Compress, found where it registered itself (after every request)."""
    for function in current_app.after_request_funcs.get(None, ()):
        owner = getattr(function, "__self__", None)
        if isinstance(owner, Compress):
            return owner
    return None


def same_for_everyone(names: tuple, render: Callable[[], str]) -> Markup:
    """Return ``render()`` for a part of a page that is the same for every reader under
    ``names`` (a lesson's text in one language), rendered once and kept."""
    return Markup(get_state().page_cache.get_or_render(key("part", *names), render))


def kept_part(*names, caller: Callable[[], str]) -> Markup:
    """A part of a template that is the same for everyone who sees it under ``names``,
    rendered once and kept: ``{% call kept_part("footer", request.path, lang) %}``.

    The names must say everything the part shows; nothing personal may be inside. On an
    address with a query (a search, a report's sorting) the part is rendered each time:
    such addresses are many, and what they hold is nobody else's business.
    """
    if request.query_string:
        return Markup(caller())
    return same_for_everyone(names, caller)
