"""Pages carry an ETag: a browser that saw a page asks again and gets "not modified"."""

from __future__ import annotations

from flask import request


def revalidate_pages(response):
    """Give HTML pages an ETag and let the browser keep them only if it checks first."""
    if (request.method in ("GET", "HEAD") and response.status_code == 200
            and response.mimetype == "text/html" and not response.is_streamed
            and "Cache-Control" not in response.headers):
        response.cache_control.private = True  # someone's name may be on it
        response.cache_control.no_cache = True  # kept, but checked before each use
        response.add_etag()
        return response.make_conditional(request)
    return response
