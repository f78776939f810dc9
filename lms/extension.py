"""The Gramota Flask extension: ``LMS(app)`` or ``LMS().init_app(app)``."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from flask import Flask
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import i18n
from .content.sources import content_path, load_content
from .db import (
    MIGRATIONS_DIR,
    VERSION_TABLE,
    configure_engine,
    db,
    include_in_migrations,
    require_driver,
)
from .settings import DEFAULTS
from .site import observability
from .state import LMSState, PageCache
from .sync.keys import region_of
from .sync.packs import use_node_packs
from .web import templating

PACKAGE_DIR = Path(__file__).parent


class LMS:
    """Mounts the course engine into a Flask app under ``LMS_URL_PREFIX``."""

    def __init__(self, app: Flask | None = None):
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        for key, value in DEFAULTS.items():
            app.config.setdefault(key, value)
        app.config.setdefault("SQLALCHEMY_DATABASE_URI", "sqlite:///gramota.sqlite3")
        region = region_of(app.instance_path)  # made a node by 'lms node init'
        if region is not None:
            app.config["LMS_REGION_URL"] = app.config["LMS_REGION_URL"] or region["url"]
            app.config["LMS_REGION_KEY"] = app.config["LMS_REGION_KEY"] or region["key"]
        use_node_packs(app)  # the course packs the region sent, if it is a node

        from . import (
            models,  # noqa: F401 - every table in the metadata
            receivers,  # noqa: F401 - every receiver of lms.events connected
        )

        self._init_database(app)
        self._init_people(app)
        if "babel" not in app.extensions:
            Babel(app, locale_selector=i18n.select_locale)
            i18n.use_fallback_domain(app)
        i18n.add_translations(app, PACKAGE_DIR / "translations")

        from .reports.ages import check_bands
        from .security import check_public_url, init_csrf, init_rate_limits
        from .views import build_blueprint

        check_public_url(app)
        check_bands(app.config["LMS_AGE_BANDS"])
        init_rate_limits(app)
        init_csrf(app)
        observability.configure_logging(app)
        hops = int(app.config["LMS_PROXY_HOPS"])
        if hops:  # the visitor's own address for rate limits and logs, https links
            app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops,
                                    x_prefix=hops if app.config["LMS_PROXY_PREFIX"] else 0)
        # Row numbers in addresses: a number too big for the database is "not found",
        # never an error from the database.
        app.url_map.converters.setdefault("id", RowId)
        app.register_blueprint(build_blueprint(), url_prefix=app.config["LMS_URL_PREFIX"] or None)
        templating.init_app(app)
        from .cli import lms_cli

        app.cli.add_command(lms_cli)

        state = LMSState(courses_dir=content_path(app, "LMS_COURSES_DIR"),
                         quizzes_dir=content_path(app, "LMS_QUIZZES_DIR"),
                         page_cache=PageCache(app.config["LMS_PAGE_CACHE_MB"]))
        if app.config["LMS_CONTENT_AUTOLOAD"]:
            state.load = partial(load_content, app)
        app.extensions["lms"] = state

    @staticmethod
    def _init_database(app: Flask) -> None:
        # Flask-SQLAlchemy allows one instance per app: a host site with its own models
        # declares them on Gramota's (``from lms.db import db``), and shares its database.
        if app.extensions.get("sqlalchemy", db) is not db:
            raise RuntimeError(
                "This site already has its own Flask-SQLAlchemy instance. Gramota's tables "
                "need Gramota's: declare the site's models on `from lms.db import db` "
                "(one database, Gramota's tables prefixed lms_), then call LMS(app).")
        if "sqlalchemy" not in app.extensions:
            # A connection the database server dropped (a restart, a failover) is noticed
            # when it is taken from the pool and replaced, instead of failing a page.
            app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {}).setdefault(
                "pool_pre_ping", True)
            require_driver(app.config["SQLALCHEMY_DATABASE_URI"])
            db.init_app(app)
        with app.app_context():
            for engine in db.engines.values():
                configure_engine(engine, app.config["LMS_SQLITE_BUSY_TIMEOUT_MS"])
        if "migrate" not in app.extensions:
            # Gramota's own version table, so a host site's Alembic history stays apart.
            Migrate(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True,
                    version_table=VERSION_TABLE, include_name=include_in_migrations)

    @staticmethod
    def _init_people(app: Flask) -> None:
        from .api.services import user_from_token
        from .auth.services import load_user, sign_in_first

        login = getattr(app, "login_manager", None)
        if login is not None and login._user_callback not in (None, load_user):
            raise RuntimeError(
                "This site's Flask-Login manager already loads its own users. Gramota signs "
                "people in with its own accounts (learners, trainers, coordinators): let "
                "Gramota's loader serve the site too (lms.auth.services.load_user), or mount "
                "Gramota on a site without one.")
        if login is None:
            login = LoginManager(app)
        # The site's manager (without a loader of its own) or Gramota's, set up alike.
        login.login_view = login.login_view or "lms.auth.login"
        login.user_loader(load_user)
        login.request_loader(user_from_token)  # the API's bearer tokens
        login.unauthorized_handler(sign_in_first)
        login.login_message = None  # the sign-in page explains itself
        login.session_protection = "basic"


class RowId(IntegerConverter):
    """``<id:…>``: a positive whole number that fits a database integer."""

    def __init__(self, url_map, **kwargs):
        super().__init__(url_map, min=1, max=2**31 - 1, **kwargs)
