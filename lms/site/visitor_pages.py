"""A visitor's page (catalogue, course, lesson, quiz), once given, is given again before
Flask is reached.

A visitor who is not signed in gets the same bytes as every other visitor asking for the
same address with the same browser settings (``page_cache.same_for_every_visitor`` marks
such pages). The standalone site (``lms/app.py``) keeps those responses, headers and all,
and answers the next identical request from memory: no session, sign-in, language or
logging hooks to run again, only a fresh request id and the log line. A host site that
mounts Gramota does without it: its own hooks and header are its business.

What could make two requests differ is in the key: the address (scheme, host, prefix,
path, query), the browser's cookies, languages and accepted compressions, and the loaded
courses. A request carrying the session cookie (someone signed in, or a message waiting
to be shown) always goes to Flask, and so does anything but a GET, a response that sets
a cookie, any page not marked by Flask (a page with a query is never marked), and the
conditions Flask answers its own way (If-Match, If-Modified-Since, Range). If the site
sets default rate limits for every page, nothing is answered here, so that they still
count. The pages are kept in the page cache (lms/web/page_cache.py, bounded in bytes with
everything else kept), and a request whose query, cookies and browser headers take more
than 2 KB is answered but not kept.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from flask import Flask
from werkzeug.http import http_date, parse_etags, unquote_etag

from ..web.page_cache import MARK, key_for
from .observability import REQUEST_ID_RE, log

LONGEST_KEY = 2048  # bytes of query, cookies and browser headers; longer: not kept
NOT_FOR_304 = {"content-length", "content-type", "content-encoding"}
PER_ANSWER = {"x-request-id", "date"}  # given afresh with every answer
# Conditions Flask answers in its own way (412, partial content): always left to Flask.
LEFT_TO_FLASK = ("HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE",
                 "HTTP_IF_RANGE", "HTTP_RANGE")
# What a request's key holds besides the address prefix: everything that may change the page.
KEYED = ("wsgi.url_scheme", "HTTP_HOST", "PATH_INFO", "QUERY_STRING", "HTTP_COOKIE",
         "HTTP_ACCEPT_LANGUAGE", "HTTP_ACCEPT_ENCODING")


@dataclass(frozen=True)
class SentPage:
    """A visitor's page as it was sent: its headers (but the date and request id), its
    bytes, its ETag."""

    headers: tuple[tuple[str, str], ...]
    body: bytes
    etag: str

    def __sizeof__(self) -> int:
        return len(self.body) + sum(len(name) + len(value) for name, value in self.headers)


class VisitorPages:
    """WSGI middleware in front of the Flask app: see the module's description."""

    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ, start_response):
        state = self.app.extensions.get("lms")
        key = self._key(state, environ) if state else None
        if key is None:
            return self.wsgi_app(environ, start_response)
        kept = state.page_cache.get(key)
        if kept is None:
            return self._pass_and_keep(state, key, environ, start_response)
        return self._answer(kept, environ, start_response)

    def _key(self, state, environ) -> tuple | None:
        config = self.app.config
        if (environ["REQUEST_METHOD"] != "GET"
                or config["SESSION_COOKIE_NAME"] in environ.get("HTTP_COOKIE", "")
                or any(name in environ for name in LEFT_TO_FLASK)
                or config.get("RATELIMIT_DEFAULT") or config.get("RATELIMIT_APPLICATION")):
            return None
        asked = tuple(environ.get(name, "") for name in KEYED)
        if sum(map(len, asked)) > LONGEST_KEY:
            return None  # unusual headers or a long query: answered by Flask, not kept
        return key_for(state, environ.get("SCRIPT_NAME", "").rstrip("/"), "sent", *asked)

    def _pass_and_keep(self, state, key, environ, start_response):
        answer = {}

        def remember(status, headers, exc_info=None):
            answer.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, remember)
        headers = answer.get("headers", [])
        if (not environ.get(MARK) or answer.get("status") != "200 OK"
                or any(name.lower() == "set-cookie" for name, _value in headers)):
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        etag = next((v for n, v in headers if n.lower() == "etag"), "")
        state.page_cache.keep(key, SentPage(
            tuple((n, v) for n, v in headers if n.lower() not in PER_ANSWER), data, etag))
        return [data]

    def _answer(self, kept: SentPage, environ, start_response):
        started = time.perf_counter()
        headers, data, etag = kept.headers, kept.body, kept.etag
        given = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = given if REQUEST_ID_RE.match(given) else secrets.token_hex(8)
        asked = environ.get("HTTP_IF_NONE_MATCH")
        if etag and asked and parse_etags(asked).contains_weak(unquote_etag(etag)[0]):
            status, body = "304 NOT MODIFIED", []
            headers = [(n, v) for n, v in headers if n.lower() not in NOT_FOR_304]
        else:
            status, body = "200 OK", [data]
        start_response(status, [*headers, ("Date", http_date()), ("X-Request-ID", request_id)])
        if self.app.config.get("LMS_LOG_REQUESTS"):
            log.info("request", extra={"fields": {
                "request_id": request_id, "method": "GET", "path": environ.get("PATH_INFO"),
                "status": int(status[:3]), "user": None, "ip": environ.get("REMOTE_ADDR"),
                "ms": round((time.perf_counter() - started) * 1000, 1), "kept": True}})
        return body
