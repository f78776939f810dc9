"""Each request gets an id (or keeps the one the proxy gave it): it is in the response's
``X-Request-ID``, in one structured log line per request, and on the error page as the
incident number, so a librarian's phone call can be matched to the log."""

from __future__ import annotations

import json
import logging
import re
import secrets
import time

from flask import current_app, g, request

from ..i18n import loaded_user

REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
log = logging.getLogger("lms.requests")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: easy for journald, Loki or grep."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
                 "level": record.levelname, "logger": record.name,
                 "message": record.getMessage()}
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(app) -> None:
    """Structured logs on standard error, unless the host site set up its own."""
    if app.config.get("LMS_LOG_FORMAT") != "json" or log.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    for logger in (log, app.logger):
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    log.propagate = False


def request_id() -> str:
    return g.get("lms_request_id") or "-"


def start_request() -> None:
    given = request.headers.get("X-Request-ID", "")
    g.lms_request_id = given if REQUEST_ID_RE.match(given) else secrets.token_hex(8)
    g.lms_started = time.perf_counter()


def finish_request(response):
    response.headers["X-Request-ID"] = request_id()
    if current_app.config.get("LMS_LOG_REQUESTS"):
        user = loaded_user()  # never reads the database just to write the log line
        user = user.get_id() if user else None
        log.info("request", extra={"fields": {
            "request_id": request_id(), "method": request.method, "path": request.path,
            "status": response.status_code, "user": user, "ip": request.remote_addr,
            "ms": round((time.perf_counter() - g.get("lms_started", time.perf_counter()))
                        * 1000, 1)}})
    return response
