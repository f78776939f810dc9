"""The standalone Gramota site: a thin wrapper around the LMS extension."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

from flask import Flask
from flask_compress import Compress

from .db import normalise_database_url
from .extension import LMS
from .security import SecureWhenHttpsSessionInterface, ensure_secret_key
from .settings import SITE
from .site.errors import register_error_pages
from .site.visitor_pages import VisitorPages


def _load_environment(app: Flask) -> None:
    """Read ``FLASK_*``, ``LMS_*`` and ``DATABASE_URL`` from the environment."""
    app.config.from_prefixed_env()
    for key, value in os.environ.items():
        if key.startswith("LMS_"):
            try:
                app.config[key] = json.loads(value)
            except ValueError:
                app.config[key] = value
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]


def create_app(test_config: Mapping | None = None, *,
               instance_path: str | os.PathLike | None = None) -> Flask:
    """Create the standalone site: defaults, instance/config.py, environment, test config.

    The instance folder (``config.py``, the SQLite database, the keys) is ``instance/``
    beside ``lms/``, or ``GRAMOTA_INSTANCE_PATH``, or ``instance_path`` when given.
    """
    instance_path = instance_path or os.environ.get("GRAMOTA_INSTANCE_PATH") or None
    app = Flask(__name__, instance_relative_config=True, static_folder=None,
                instance_path=os.path.abspath(instance_path) if instance_path else None)
    app.config.from_mapping(SITE)
    app.config.from_pyfile("config.py", silent=True)
    _load_environment(app)
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"])
    ensure_secret_key(app)

    # Compact HTML for slow lines; set here, not in the extension, to leave a host site's
    # own templates as they are.
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    if app.config["LMS_KEEP_VISITOR_PAGES"]:
        app.wsgi_app = VisitorPages(app, app.wsgi_app)  # inside the proxy fix LMS may add
    LMS(app)
    register_error_pages(app)
    app.session_interface = SecureWhenHttpsSessionInterface()
    Compress(app)
    return app
