"""Gramota's static files: fingerprinted URLs, cached for a year, served from memory.

They are served as ordinary (not streamed) responses so that Flask-Compress can gzip or
brotli them for slow lines without leaving file handles open.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from flask import Response, abort, request, url_for
from werkzeug.security import safe_join

from ..security import ASSET_ENDPOINT

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
MAX_AGE = 365 * 24 * 3600
MAX_NAME = 200  # characters; Gramota's own file names are far shorter


_loaded: dict[str, tuple[bytes, str]] = {}  # only files that exist: a made-up name is not kept


def _load(filename: str) -> tuple[bytes, str] | None:
    found = _loaded.get(filename)
    if found is None and len(filename) <= MAX_NAME:
        path = safe_join(str(STATIC_DIR), filename)
        try:
            data = Path(path).read_bytes() if path is not None else None
        except (OSError, ValueError):  # no such file, a folder, a name it refuses, a NUL
            data = None
        if data is not None:
            found = _loaded[filename] = data, hashlib.sha256(data).hexdigest()[:12]
    return found


def asset_bytes(filename: str) -> bytes:
    """The content of one of Gramota's static files (to put into a download)."""
    loaded = _load(filename)
    if loaded is None:
        raise FileNotFoundError(filename)
    return loaded[0]


def asset_url(filename: str) -> str:
    """Return the URL of a static file with its content hash in the query."""
    loaded = _load(filename)
    version = loaded[1] if loaded else "missing"
    return url_for(ASSET_ENDPOINT, filename=filename, v=version)


def serve_asset(filename: str):
    """Send a static file; the fingerprinted URL lets browsers keep it for a year."""
    loaded = _load(filename)
    if loaded is None:
        abort(404)
    data, version = loaded
    mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = Response(data, mimetype=mimetype)
    response.set_etag(version)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response.make_conditional(request)
