"""Fingerprinted URLs for Gramota's static files, so browsers may cache them for a year."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import url_for

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


@cache
def _fingerprint(filename: str) -> str:
    return hashlib.sha256((STATIC_DIR / filename).read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """Return the URL of a static file with its content hash in the query."""
    return url_for("lms.static", filename=filename, v=_fingerprint(filename))
