"""Alembic environment for Gramota's own tables (driven by Flask-Migrate)."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    # Keep the host application's logging when it has any.
    fileConfig(config.config_file_name)
logger = logging.getLogger("alembic.env")

migrate = current_app.extensions["migrate"]
target_db = migrate.db


def get_engine():
    return target_db.engine


def run_migrations_offline():
    """Write the SQL to standard output instead of running it."""
    context.configure(
        url=get_engine().url.render_as_string(hide_password=False),
        target_metadata=target_db.metadata,
        literal_binds=True,
        **migrate.configure_args,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run the migrations against the app's database."""

    def process_revision_directives(context, revision, directives):
        # Do not write an empty revision when nothing changed.
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(migrate.configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)

    def run(connection):
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch migrations rebuild SQLite tables; foreign keys would refuse that.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # so that the migrations below run in their own transaction
        context.configure(connection=connection, target_metadata=target_db.metadata,
                          **conf_args)
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()

    given = config.attributes.get("connection")  # another database (lms copy-to)
    if given is not None:
        run(given)
        return
    with get_engine().connect() as connection:
        run(connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
