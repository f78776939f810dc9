"""gunicorn settings for Gramota: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Workers are processes (one Python interpreter each, about 60-80 MB); threads let one
worker serve a page while another waits on the database. Rules of thumb, measured in
docs/benchmarks.md:

- 2 cores (a branch server): GRAMOTA_WORKERS=2, GRAMOTA_THREADS=4;
- 8 cores (a regional server on PostgreSQL): GRAMOTA_WORKERS=8, GRAMOTA_THREADS=4.

With SQLite keep one machine; with PostgreSQL several app servers may share the database
(mind its max_connections: workers × threads × servers, plus a margin).
"""

import multiprocessing
import os

bind = os.environ.get("GRAMOTA_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GRAMOTA_WORKERS", min(multiprocessing.cpu_count(), 8)))
threads = int(os.environ.get("GRAMOTA_THREADS", 4))
timeout = 60  # a PDF of 30 certificates takes about half a second; nothing should take 60
graceful_timeout = 30
# Load the app (and every course, rendered) once in the master, then fork: the workers
# share those pages of memory until they change them. wsgi.py closes the master's
# database connections before the fork.
preload_app = True
# What gunicorn itself refuses, in English, before Gramota sees it; Gramota refuses
# smaller excesses with its own pages (lms/security.py: addresses over 4 KB, headers over
# 12 KB, bodies over MAX_CONTENT_LENGTH).
limit_request_line = 8190
limit_request_field_size = 16380
max_requests = 2000  # recycle workers now and then
max_requests_jitter = 200
accesslog = None  # Gramota writes one JSON line per request itself (LMS_LOG_FORMAT)
errorlog = "-"
forwarded_allow_ips = os.environ.get("GRAMOTA_PROXY", "127.0.0.1")


def when_ready(server):
    """Say so when the per-address limits (sign-in, registration, /verify/) are counted in
    each worker's memory although there are several: each counts apart, so an address
    gets as many tries as there are workers. Wrong PINs per person are counted in the
    database and hold anyway."""
    app = getattr(server.app, "callable", None)
    storage = getattr(app, "config", {}).get("RATELIMIT_STORAGE_URI", "memory://")
    if server.cfg.workers > 1 and storage.startswith("memory://"):
        server.log.warning(
            "Gramota: %s workers count sign-in attempts per address each in its own memory; "
            "set LMS_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0 so that the limits hold "
            "across them (docs/operations.md, Several workers or servers).",
            server.cfg.workers)
