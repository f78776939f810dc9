"""Documented defaults for Gramota.

Every setting here can be overridden, in this order (later wins):

1. these defaults;
2. ``instance/config.py`` (the Flask instance folder, never committed);
3. environment variables: ``FLASK_*`` (Flask's own prefix, e.g. ``FLASK_SECRET_KEY``),
   ``LMS_*`` (e.g. ``LMS_COURSES_DIR``) and ``DATABASE_URL``;
4. the ``test_config`` mapping given to ``create_app``.

Keys prefixed ``LMS_`` belong to the extension: a host site that mounts Gramota with
``LMS(app)`` gets these values as defaults for any key it did not set itself.
"""

from __future__ import annotations

# --- Flask and Flask-SQLAlchemy -------------------------------------------------------

#: Secret used to sign sessions and CSRF tokens. When unset, the standalone app generates
#: one once into ``instance/secret_key`` (file mode 600) and reuses it.
SECRET_KEY = None

#: Database URL. A relative SQLite path lives in the instance folder. For PostgreSQL:
#: ``postgresql+psycopg://user:password@host:5432/gramota`` (or set ``DATABASE_URL``).
SQLALCHEMY_DATABASE_URI = "sqlite:///gramota.sqlite3"

#: Where sign-in attempts are counted: see ``LMS_RATELIMIT_STORAGE_URI`` in
#: ``lms/settings.py`` (memory by default, Redis when several processes serve one site).
RATELIMIT_HEADERS_ENABLED = True

#: Compression for slow rural lines (Flask-Compress). Gramota's CSS is served from memory,
#: not streamed; streamed responses (course pictures) are left as they are, because
#: compressing a stream leaves its file open.
COMPRESS_ALGORITHM = ["br", "gzip"]
COMPRESS_STREAMS = False
COMPRESS_BR_LEVEL = 5
COMPRESS_LEVEL = 6
COMPRESS_MIN_SIZE = 500

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_SAMESITE = "Lax"
#: CSRF tokens live as long as the session: an older learner may read a lesson for an hour
#: before pressing "Lesson done", and should not be told the page has expired.
WTF_CSRF_TIME_LIMIT = None

# --- Gramota (the LMS extension) ------------------------------------------------------
# The LMS_* keys and their defaults are in ``lms.settings.DEFAULTS``; the standalone
# app and a host site get them the same way.
