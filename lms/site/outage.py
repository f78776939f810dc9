"""When the database cannot answer (locked, read-only, full, down): a calm page in the
person's language saying whether their work was saved, never a stack trace.

Nothing is kept in a broken state: the transaction is rolled back, and the next request
tries the database again (a dropped connection is replaced by the pool), so the site
comes back by itself when the database does.
"""

from __future__ import annotations

import contextlib

from flask import current_app, g, has_request_context, make_response, render_template, request
from flask_babel import force_locale
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from ..db import db
from ..i18n import language_without_database
from ..security import UNSAFE_METHODS
from ..web.comfort import cookie_comfort
from .observability import request_id

RETRY_AFTER_SECONDS = 30
# PostgreSQL: a read-only server (a standby, or one set read-only while its disk is full).
READ_ONLY_SQLSTATE = "25006"


def is_outage(error: Exception) -> bool:
    """Whether the database failed to answer, as opposed to a mistake in a query."""
    if isinstance(error, OperationalError | InterfaceError | PoolTimeout):
        return True
    if isinstance(error, DBAPIError):
        return bool(error.connection_invalidated) or getattr(
            error.orig, "sqlstate", None) == READ_ONLY_SQLSTATE
    return False


@event.listens_for(Engine, "commit")
def _remember_saved(_connection) -> None:
    # a real COMMIT (a savepoint released inside the request's transaction is not one)
    if has_request_context():
        g.lms_saved = True


def database_unavailable(error: Exception):
    if not is_outage(error):
        raise error  # a real bug: the usual error page with an incident number
    # If the connection itself is gone, the pool replaces it on the next request.
    with contextlib.suppress(SQLAlchemyError):
        db.session.rollback()
    if g.get("lms_saved"):
        state = "saved"
    elif request.method not in UNSAFE_METHODS:
        state = "nothing_lost"
    else:
        state = "not_saved"
    incident = request_id()
    current_app.logger.error("incident %s: the database did not answer on %s %s (%s)",
                             incident, request.method, request.path,
                             str(getattr(error, "orig", error)).splitlines()[0][:200])
    again = _back() if request.method in UNSAFE_METHODS else request.full_path
    if "_login_user" not in g:  # templates must not try to read the person again
        g._login_user = current_app.login_manager.anonymous_user()
    with force_locale(language_without_database()):
        body = render_template("lms/core/unavailable.html", state=state, incident=incident,
                               again=again, comfort=cookie_comfort())
    response = make_response(body, 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def _back() -> str:
    """The page the form was sent from, when it is one of ours."""
    referrer = request.referrer or ""
    if referrer.startswith(request.host_url):
        return "/" + referrer[len(request.host_url):]
    return request.script_root + "/"
