"""Pages carry an ETag: a browser that saw a page asks again and gets "not modified"."""

from __future__ import annotations

import hashlib
from functools import wraps

from flask import g, make_response, request, session


def keep_no_copy(response):
    """For pages about other people or one's own details: the browser keeps no copy, not
    even to check again (``no-store``), since the next person at a library's computer
    could open it from the history. After a staff blueprint's requests, or a view."""
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def no_copy_kept(view):
    """Decorate a view whose page must not stay in the browser (keep_no_copy)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return keep_no_copy(make_response(view(*args, **kwargs)))

    return wrapped


def revalidate_pages(response):
    """Give HTML pages an ETag and let the browser keep them only if it checks first."""
    if (request.method in ("GET", "HEAD") and response.status_code == 200
            and response.mimetype == "text/html" and not response.is_streamed
            and "Cache-Control" not in response.headers):
        # someone's name may be on it; kept, but checked before each use
        response.headers["Cache-Control"] = "private, no-cache"
        if "ETag" not in response.headers:  # a visitor's page from the page cache has one
            response.set_etag(page_etag(response.get_data()))
        if "If-None-Match" in request.headers:  # the browser has a copy: is it this page?
            return response.make_conditional(request)
    return response


def page_etag(page: bytes) -> str:
    """A hash of what the person sees. The form tokens are left out (the copy a learner's
    browser kept holds tokens still accepted) and the session's form secret is put in (a
    new session, new tokens: a new ETag). A learner coming back to a page where nothing
    changed gets "not modified": a few hundred bytes instead of the page on a slow line."""
    token = g.get("csrf_token")  # every form of the page has this request's token
    if token:
        page = page.replace(token.encode(), b"")
    secret = session.get("csrf_token") if session else None
    return short_etag(page, secret.encode() if secret else b"")


def short_etag(*parts: bytes) -> str:
    """16 hex digits (64 bits) of a hash: enough to tell two versions of one address
    apart, and 24 bytes less on every answer than Werkzeug's SHA-1."""
    digest = hashlib.blake2b(digest_size=8)
    for part in parts:
        digest.update(part)
    return digest.hexdigest()
