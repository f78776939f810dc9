"""Every default of Gramota, in one place.

Each can be overridden, in this order (later wins): these defaults; ``instance/config.py``
(the instance folder, never committed); environment variables (``FLASK_*``, Flask's own
prefix, e.g. ``FLASK_SECRET_KEY``; ``LMS_*``; ``DATABASE_URL``); the ``test_config`` given
to ``create_app``. docs/operations.md has them all in one table.

- ``SITE``: keys of Flask and its extensions, for the standalone site (``create_app``); a
  host site that mounts the extension keeps its own.
- ``DEFAULTS``: the extension's ``LMS_*`` keys; a host site that mounts Gramota with
  ``LMS(app)`` gets them for any key it did not set itself.
"""

from __future__ import annotations

SITE: dict[str, object] = {
    # Secret used to sign sessions and CSRF tokens. When unset, the standalone app
    # generates one once into instance/secret_key (file mode 600) and reuses it.
    "SECRET_KEY": None,
    # Database URL. A relative SQLite path lives in the instance folder. For PostgreSQL:
    # postgresql+psycopg://user:password@host:5432/gramota (or set DATABASE_URL).
    "SQLALCHEMY_DATABASE_URI": "sqlite:///gramota.sqlite3",
    # Rate-limit headers on the answers; where attempts are counted: LMS_RATELIMIT_STORAGE_URI.
    "RATELIMIT_HEADERS_ENABLED": True,
    # Compression for slow rural lines (Flask-Compress). Gramota's CSS is served from
    # memory, not streamed; streamed responses (course pictures) are left as they are,
    # because compressing a stream leaves its file open.
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_STREAMS": False,
    "COMPRESS_BR_LEVEL": 5,
    "COMPRESS_LEVEL": 6,
    "COMPRESS_MIN_SIZE": 500,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # CSRF tokens live as long as the session: an older learner may read a lesson for an
    # hour before pressing "Lesson done", and should not be told the page has expired.
    "WTF_CSRF_TIME_LIMIT": None,
    # The largest request the site reads (bytes): a CSV of learners or branches (5 MB at
    # most) and its form. Anything larger gets the "too large" page before it is read.
    "MAX_CONTENT_LENGTH": 6 * 1024 * 1024,
    # A visitor's course or lesson page, once given, is given again from the page cache
    # before the site's per-request work (lms/site/visitor_pages.py). The standalone site
    # opts in; a host site that mounts Gramota runs its own hooks on every page.
    "LMS_KEEP_VISITOR_PAGES": True,
}

DEFAULTS: dict[str, object] = {
    # URL prefix the engine is mounted under ("" for the standalone app, "/learn" in a
    # library's own site).
    "LMS_URL_PREFIX": "",
    # The template every Gramota page extends. A host site gives its own header and footer
    # with a template that extends "lms/base.html" and fills the blocks site_header and
    # site_footer (see examples/library_site/).
    "LMS_BASE_TEMPLATE": "lms/base.html",
    # Content folders. Relative paths are resolved against the project folder (courses/,
    # quizzes/, certificates/ and instance/ side by side), wherever the instance folder is.
    "LMS_COURSES_DIR": "courses",
    "LMS_QUIZZES_DIR": "quizzes",
    "LMS_PRACTICES_DIR": "practices",
    # Course packs kept elsewhere: folders holding courses/ and quizzes/ (a list, or paths
    # joined with ":"). Installed packs (entry point group gramota.course_packs) come too.
    "LMS_CONTENT_PATHS": [],
    "LMS_CERTIFICATES_DIR": "certificates",
    # The country whose variant of a lesson's passage (::: country RU) a visitor who is not
    # signed in sees: "RU", "UA", "KZ"; None shows every variant under its country's name.
    # A learner sees her branch's country's.
    "LMS_DEFAULT_COUNTRY": None,
    # Facts marked in the courses ({fact reviewed=2026-12}) older than this many months
    # are listed by `flask lms check` as due for checking again.
    "LMS_FACTS_MAX_AGE_MONTHS": 12,
    # The printed report's layout per country (report_forms/RU.yaml, UA.yaml, KZ.yaml,
    # default.yaml): sections, numbered lines, signature lines (lms/reports/statistical_form.py).
    "LMS_REPORT_FORMS_DIR": "report_forms",
    # Load and render all content when the app starts. Tests may switch this off.
    "LMS_CONTENT_AUTOLOAD": True,
    # Where rendered lessons and quizzes are kept between starts, so that a start renders
    # only the files that changed (lms/content/cache.py); relative paths are inside the
    # instance folder; "" keeps nothing and renders everything at each start.
    "LMS_CONTENT_CACHE_DIR": "content-cache",
    # A content file larger than this is refused (a lesson is text, not a book).
    "LMS_MAX_CONTENT_FILE_BYTES": 1_000_000,
    # Languages of the interface and of content, in the order shown in the switcher.
    "LMS_LANGUAGES": ["ru", "uk", "kk", "en"],
    # Interface language when nothing else says otherwise; content falls back to it.
    "LMS_DEFAULT_LANGUAGE": "ru",
    # Name shown in the page header.
    "LMS_SITE_NAME": None,
    # Password hashing method (werkzeug). Tests use a cheap one.
    "LMS_PASSWORD_HASH_METHOD": "scrypt",
    # Sign-in attempts allowed per client address. A class of 30 signs in from one library
    # address within a minute, so this is generous; guessing is stopped per username.
    "LMS_LOGIN_RATE_LIMIT": "100 per minute; 1000 per hour",
    # Failed sign-ins allowed per username, from any address.
    "LMS_LOGIN_USERNAME_LIMIT": "5 per 10 minutes",
    # Self-registrations allowed per client address (a class may register together).
    "LMS_REGISTRATION_RATE_LIMIT": "30 per hour",
    # Operations: one JSON log line per request ("json"), or the host's logging ("").
    "LMS_LOG_FORMAT": "json",
    "LMS_LOG_REQUESTS": True,
    # Where sign-in attempts are counted: "" keeps them in each worker's memory; with
    # several workers or servers use Redis ("redis://127.0.0.1:6379/0"). If Redis stops
    # answering, counting goes on in memory until it is back.
    "LMS_RATELIMIT_STORAGE_URI": "",
    # SQLite: how long a write waits for another one to finish before the person is told
    # the library's server is busy (milliseconds).
    "LMS_SQLITE_BUSY_TIMEOUT_MS": 5000,
    # The address people open the site at ("https://kurs.example-library.ru", with the
    # path it is mounted at if any). Links that leave the site (certificates and their QR
    # codes, login cards, the API's description) are built on it whatever Host header a
    # request came with; "" builds them from the request.
    "LMS_PUBLIC_URL": "",
    # The event log (lms/eventlog/, docs/events.md): the name of this install among the
    # region's nodes (its statements are numbered (node, 1), (node, 2), …), and the IRI
    # that every node of a region puts before its xAPI activity and verb ids.
    "LMS_NODE_ID": "central",
    "LMS_XAPI_IRI": "https://gramota.invalid/xapi",
    # A node's region: the address ``lms sync send`` and the librarian's "Send now" send to
    # ("" for an install that is not a node), and the region's public key its answers are
    # checked with. ``lms node init`` keeps both in instance/node/region.json, read when
    # they are not set here.
    "LMS_REGION_URL": "",
    "LMS_REGION_KEY": "",
    # A learning record store the statements are forwarded to (``flask lms sync forward``):
    # its xAPI address ("" for none) and its HTTP Basic credentials (set them in the
    # environment: LMS_LRS_PASSWORD, never in a file of the project).
    "LMS_LRS_URL": "",
    "LMS_LRS_USER": "",
    "LMS_LRS_PASSWORD": "",
    # Behind a reverse proxy: how many proxies set X-Forwarded-For/-Proto/-Host (0: none).
    "LMS_PROXY_HOPS": 0,
    # Trust the proxy's X-Forwarded-Prefix too (Gramota served under a path the proxy
    # adds). Off unless the proxy sets that header itself on every request.
    "LMS_PROXY_PREFIX": False,
    # Memory per worker for the page cache: visitors' pages as sent (compressed) and the
    # parts of pages that are the same for everyone (lms/web/page_cache.py).
    "LMS_PAGE_CACHE_MB": 16,
    # A table of every learner with more lines than this is written in the background,
    # with its progress shown, and kept to download (lms/reports/jobs.py); a smaller one
    # is sent at once.
    "LMS_EXPORT_AT_ONCE_ROWS": 5000,
    # Where those files are kept (relative paths are inside the instance folder), and for
    # how many days.
    "LMS_EXPORTS_DIR": "exports",
    "LMS_EXPORT_KEEP_DAYS": 7,
    # A file of more right lines than this is registered in the background, its progress
    # shown (each PIN takes about 70 ms to hash); a smaller one at once
    # (lms/people/import_jobs.py).
    "LMS_IMPORT_AT_ONCE_ROWS": 20,
    # Minutes without a request before a signed-in person is signed out (shared PCs).
    "LMS_LEARNER_IDLE_MINUTES": 0,  # never: no timer on learners' work (WCAG 2.2.1)
    "LMS_STAFF_IDLE_MINUTES": 120,
    # Folder of the keys that sign certificates (a folder per network code, or "default").
    # Relative paths are inside the instance folder.
    "LMS_SIGNING_KEYS_DIR": "signing",
    # Serve certificates unsigned when no signing key can be used (otherwise the learner is
    # told to come back later, and the error is logged for the administrator).
    "LMS_CERTIFICATES_ALLOW_UNSIGNED": False,
    # Verification page look-ups allowed per client address.
    "LMS_VERIFY_RATE_LIMIT": "30 per minute",
    # API calls allowed per person a token acts as, and refused tokens per client address
    # (a made-up token is answered 429 past it, without a look-up in the database).
    "LMS_API_RATE_LIMIT": "600 per minute",
    "LMS_API_REFUSED_TOKEN_LIMIT": "10 per minute; 100 per day",
    # Age bands of the reports, by the first age of each (a learner's age: the report's year
    # less her year of birth): 18–29, 30–54, 55–64, 65–74, 75 and over; younger learners
    # are shown as "under 18". As JSON in the environment: LMS_AGE_BANDS='[18, 30, 55, 65, 75]'.
    "LMS_AGE_BANDS": [18, 30, 55, 65, 75],
    # A learner with no activity for this many days is shown as stuck in the class grid.
    "LMS_STUCK_DAYS": 14,
    # Version of the personal-data consent text learners agree to (stored with consent).
    "LMS_CONSENT_VERSION": "2026-1",
}
