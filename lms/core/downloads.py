"""Files sent to the browser that must not be kept in a shared computer's cache."""

from __future__ import annotations

from flask import current_app


def pdf_response(body: bytes, filename: str):
    """A PDF shown in the browser, never stored by caches (it may hold a name or a PIN)."""
    response = current_app.response_class(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
