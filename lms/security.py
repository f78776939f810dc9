"""Secrets, rate limits and response headers."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# Behind a reverse proxy, wrap the app in werkzeug's ProxyFix so this sees the client.
limiter = Limiter(key_func=get_remote_address)

SECRET_KEY_FILE = "secret_key"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)


def ensure_secret_key(app: Flask) -> None:
    """Use the configured SECRET_KEY, or one generated once into the instance folder."""
    if app.config.get("SECRET_KEY"):
        return
    path = Path(app.instance_path) / SECRET_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # made earlier, or by another worker starting at the same moment
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    for _attempt in range(50):
        key = path.read_text().strip()
        if key:
            app.config["SECRET_KEY"] = key
            return
        time.sleep(0.01)
    raise RuntimeError(f"{path} is empty; delete it and start again")


def set_security_headers(response):
    """Add a strict content security policy and related headers to Gramota's pages."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response
