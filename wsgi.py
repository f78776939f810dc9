"""WSGI entry point: ``gunicorn -c gunicorn.conf.py wsgi:app`` or ``flask --app wsgi run``.

A WSGI server (gunicorn, uWSGI) starting the site gets a refusal with a clear message when
the database's schema is behind the code; ``flask`` commands (among them ``lms init``,
which brings it up to date) are not stopped.
"""

import os

from lms import create_app
from lms.db import db
from lms.site.preload import load_before_fork
from lms.site.schema import refuse_to_start_when_behind

app = create_app()

if os.environ.get("FLASK_RUN_FROM_CLI") != "true":
    refuse_to_start_when_behind(app)
    # the courses, the certificate and workbook code, the signing keys: loaded once,
    # before gunicorn forks its workers, who share them (lms/site/preload.py)
    load_before_fork(app)
    with app.app_context():  # no connection is handed down to forked workers
        for engine in db.engines.values():
            engine.dispose()
