"""Friendly error pages in the learner's language, never a stack trace."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from .observability import request_id
from .outage import database_unavailable

MESSAGES = {
    400: (_l("Something went wrong with the request"),
          _l("Please go back and try again.")),
    403: (_l("This page is not for you"),
          _l("You do not have access to this page. If you think you should, ask your "
             "librarian.")),
    404: (_l("Page not found"),
          _l("There is no such page. Perhaps the address was typed with a mistake, or the "
             "page has been moved.")),
    405: (_l("This page cannot be opened like that"),
          _l("Please go back and use the buttons on the page.")),
    413: (_l("The file is too large"),
          _l("Gramota takes files of up to 5 MB. Please check that this is the right file, "
             "or split it into smaller ones.")),
    414: (_l("The address is too long"),
          _l("Please go back and use the links and buttons on the page.")),
    431: (_l("The browser sent too much at once"),
          _l("Please close the browser, open Gramota again and sign in. If it happens "
             "again, tell your librarian.")),
    429: (_l("Too many attempts"),
          _l("Please wait a minute, then try again. If you have forgotten your PIN, ask "
             "your librarian.")),
    500: (_l("Something broke on our side"),
          _l("It is not your fault. Please try again in a few minutes; if it happens again, "
             "tell your librarian.")),
}


def render_error(error: HTTPException):
    code = error.code if error.code in MESSAGES else 500
    title, message = MESSAGES[code]
    incident = None
    if code == 500:  # logged with the number shown to the person
        incident = request_id()
        current_app.logger.error(
            "incident %s on %s %s", incident, request.method, request.path,
            exc_info=getattr(error, "original_exception", None) or error)
    if _for_the_api():
        body = {"error": str(title)} | ({"incident": incident} if incident else {})
        return jsonify(body), code
    return render_template("lms/core/error.html", code=code, title=title,
                           message=message, incident=incident), code


def _for_the_api() -> bool:
    """An address under the API's prefix (also one that matches no route there)."""
    prefix = (current_app.config.get("LMS_URL_PREFIX") or "") + "/api/"
    return request.path.startswith(prefix)


def render_csrf_error(_error: CSRFError):
    return render_template("lms/core/error.html", code=400,
                           title=_l("This page has expired"),
                           message=_l("The form was open for too long or came from another "
                                      "page, so nothing was saved. Please go back, reload the "
                                      "page and try again.")), 400


def register_error_pages(target: Blueprint | Flask) -> None:
    """Show Gramota's error pages for errors raised in ``target``."""
    target.register_error_handler(CSRFError, render_csrf_error)
    target.register_error_handler(DBAPIError, database_unavailable)
    target.register_error_handler(PoolTimeout, database_unavailable)
    for code in MESSAGES:
        target.register_error_handler(code, render_error)
