"""Is the database's schema the one this code expects?

Checked when a WSGI server starts the site (``wsgi.py``): an upgrade of the code without
``flask lms init`` would otherwise fail on the first page that touches a new column, in
front of a learner. Also reported by ``/readyz``, so a load balancer keeps such a server
out of rotation.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from ..db import MIGRATIONS_DIR, VERSION_TABLE, db

EXIT_SCHEMA_BEHIND = 3  # what gunicorn reports as "worker failed to boot"


@dataclass(frozen=True)
class SchemaState:
    current: str | None  # None: no Gramota tables yet
    expected: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.expected


@cache
def expected_revision() -> str:
    """The newest migration shipped with this code (read once per process)."""
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def schema_state(connection: Connection) -> SchemaState:
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return SchemaState(context.get_current_revision(), expected_revision())


def refuse_to_start_when_behind(app: Flask) -> None:
    """Stop the process with a clear message if the database needs ``flask lms init``.

    A database that does not answer is no reason not to start: the site then shows its
    "back soon" page (site/outage.py) until the database answers, and ``/readyz`` keeps
    the server out of a load balancer; refusing would leave no page at all until someone
    restarts the server."""
    try:
        with app.app_context(), db.engine.connect() as connection:
            state = schema_state(connection)
    except DBAPIError as exc:
        print(f"Gramota starts without its database, which does not answer ({exc.orig!r}): "
              "pages say the site is back soon until it does; /readyz says 503.",
              file=sys.stderr)
        return
    if not state.up_to_date:
        print(f"Gramota will not start: the database is at schema {state.current or 'none'}, "
              f"this version needs {state.expected}. Back it up, then run "
              "`flask --app wsgi lms init` (see docs/operations.md, Upgrading).",
              file=sys.stderr)
        sys.exit(EXIT_SCHEMA_BEHIND)
