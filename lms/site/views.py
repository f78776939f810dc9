"""Health and readiness checks for load balancers and monitoring.

``/healthz``: the process is alive and the database answers (restart it if not).
``/readyz``: this server can take visitors: the database answers, its schema is the one
the code expects, and the courses loaded without errors (keep it out of rotation if not).
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..db import db
from ..state import catalogue
from .schema import schema_state

bp = Blueprint("core", __name__)


@bp.get("/healthz")
def healthz():
    """Report whether the database answers and how much content is loaded."""
    content = catalogue()
    body = {"courses": len(content.courses), "content_errors": len(content.errors)}
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("health check: database unavailable")
        db.session.rollback()
        return jsonify(status="error", database="unavailable", **body), 503
    return jsonify(status="ok", database="ok", **body)


@bp.get("/readyz")
def readyz():
    content = catalogue()
    checks = {"content": "ok" if content.courses and not content.errors else "errors"}
    try:
        state = schema_state(db.session.connection())
        checks["database"] = "ok"
        checks["schema"] = "ok" if state.up_to_date else "behind"
        current = state.current
    except SQLAlchemyError:
        current_app.logger.exception("readiness check: database unavailable")
        db.session.rollback()
        checks["database"], checks["schema"], current = "unavailable", "unknown", None
    ready = all(value == "ok" for value in checks.values())
    return jsonify(status="ready" if ready else "not ready", schema_revision=current,
                   **checks), 200 if ready else 503
