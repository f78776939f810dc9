"""Health check for load balancers and monitoring."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..db import db
from ..extension import catalogue

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
