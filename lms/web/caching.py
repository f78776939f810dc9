"""Pages carry an ETag: a browser that saw a page asks again and gets "not modified"."""

from __future__ import annotations

import hashlib
import re

from flask import request, session

# The form token on a page: signed anew every second, over the same secret of the
# session, and any of those signatures is accepted while the session lasts.
FORM_TOKEN_RE = re.compile(rb'(name="csrf_token"[^>]*? value=")[^"]*')


def revalidate_pages(response):
    """Give HTML pages an ETag and let the browser keep them only if it checks first."""
    if (request.method in ("GET", "HEAD") and response.status_code == 200
            and response.mimetype == "text/html" and not response.is_streamed
            and "Cache-Control" not in response.headers):
        response.cache_control.private = True  # someone's name may be on it
        response.cache_control.no_cache = True  # kept, but checked before each use
        if "ETag" not in response.headers:  # a visitor's page from the page cache has one
            response.set_etag(page_etag(response.get_data()))
        return response.make_conditional(request)
    return response


def page_etag(page: bytes) -> str:
    """A hash of what the person sees. The form tokens are left out (the copy a learner's
    browser kept holds tokens still accepted) and the session's form secret is put in (a
    new session, new tokens: a new ETag). A learner coming back to a page where nothing
    changed gets "not modified": a few hundred bytes instead of the page on a slow line."""
    secret = session.get("csrf_token") if session else None
    return short_etag(FORM_TOKEN_RE.sub(rb"\1", page), secret.encode() if secret else b"")


def short_etag(*parts: bytes) -> str:
    """16 hex digits (64 bits) of a hash: enough to tell two versions of one address
    apart, and 24 bytes less on every answer than Werkzeug's SHA-1."""
    digest = hashlib.blake2b(digest_size=8)
    for part in parts:
        digest.update(part)
    return digest.hexdigest()
