"""Secrets, CSRF, rate limits, secure cookies and response headers."""

from __future__ import annotations

import importlib.util
import os
import secrets
import time
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, has_request_context, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from limits import parse_many

# Behind a reverse proxy, wrap the app in werkzeug's ProxyFix so this sees the client.
limiter = Limiter(key_func=get_remote_address)
csrf = CSRFProtect()

# The API's blueprint, nested in Gramota's "lms" one: tokens open it, cookies do not
# (neither sessions nor the language cookie are kept for it).
API_BLUEPRINT = "lms.api"
SECRET_KEY_FILE = "secret_key"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

# Scripts and styles fall back to default-src; frame-ancestors does what X-Frame-Options
# did, in every browser that shows Gramota's pages (they need CSS variables, which the
# last browsers without frame-ancestors lack). Each header is sent on a slow line with
# every page, so nothing is said twice.
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; object-src 'none'; "
                           "base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
# The largest address (path and query, in bytes as sent) and headers a page is read with:
# far more than any link of the site or any browser's cookies need.
MAX_ADDRESS = 4096
MAX_HEADERS = 12_000
# The route of Gramota's static files (lms/web/assets.py): the same for everyone.
ASSET_ENDPOINT = "lms.static"
# What a browser shows as a document, where a policy and a referrer rule apply: a page,
# or a drawing opened by itself (an SVG can hold a script).
DOCUMENTS = frozenset({"text/html", "image/svg+xml"})


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty, for its owner's eyes only (mode 600), unless it exists; say
    whether it was created. For files holding people's data or secrets."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return False  # made earlier, or by another worker starting at the same moment
    return True


def kept_private_key(path: Path, make):
    """The private key in ``path``, made by ``make()`` on first use (readable by its owner
    only; two workers making it at once keep the first one); read once per process, and
    again when its file changes."""
    from cryptography.hazmat.primitives import serialization

    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        if create_private_file(path):
            path.write_bytes(make().private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption()))
    return _read_key(str(path), path.stat().st_mtime)


@lru_cache(maxsize=32)
def _read_key(path: str, _mtime: float):
    from cryptography.hazmat.primitives import serialization

    return serialization.load_pem_private_key(Path(path).read_bytes(), password=None)


def ensure_secret_key(app: Flask) -> None:
    """Use the configured SECRET_KEY, or one generated once into the instance folder."""
    if app.config.get("SECRET_KEY"):
        return
    path = Path(app.instance_path) / SECRET_KEY_FILE
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if create_private_file(path):
        path.write_text(secrets.token_hex(32))
    for _attempt in range(50):
        key = path.read_text().strip()
        if key:
            app.config["SECRET_KEY"] = key
            return
        time.sleep(0.01)
    raise RuntimeError(f"{path} is empty; delete it and start again")


def init_rate_limits(app: Flask) -> None:
    """Count sign-in attempts where the settings say: each worker's memory, or Redis
    (``LMS_RATELIMIT_STORAGE_URI``, or Flask-Limiter's own ``RATELIMIT_STORAGE_URI``)."""
    uri = (app.config["LMS_RATELIMIT_STORAGE_URI"] or app.config.get("RATELIMIT_STORAGE_URI")
           or "memory://")
    app.config["RATELIMIT_STORAGE_URI"] = uri
    if uri.startswith("redis") and importlib.util.find_spec("redis") is None:
        raise RuntimeError(
            f"Sign-in attempts are to be counted in {uri.split('://')[0]}://…, but the redis "
            "package is not installed: pip install 'gramota[redis]' (it is in "
            "requirements/server.txt), or leave LMS_RATELIMIT_STORAGE_URI empty.")
    if not uri.startswith("memory://"):
        # a Redis that stops answering must not stop people signing in: counting goes on in
        # memory within half a second, and back in Redis when it answers again
        app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {
            "socket_connect_timeout": 0.5, "socket_timeout": 0.5})
    limiter.init_app(app)
    # Gramota's limits are all on their routes (sign-in, registration, /verify/, the API's
    # check), counted by the decorator when the route runs. Flask-Limiter's check before
    # every request looks for site-wide limits Gramota does not set, about 60 µs of every
    # page a learner reads: it is taken out (tests/auth/test_login.py still counts).
    hook = limiter._check_request_limit
    if hook in app.before_request_funcs.get(None, []):
        app.before_request_funcs[None].remove(hook)


def within_limit(limit: str, *key: str, count: bool = True) -> bool:
    """Count one try under ``key`` against every part of ``limit`` ("10 per minute; 100
    per day") in the limits' storage; False when one is used up. ``count=False`` looks
    without counting. For limits a route's decorator cannot express (lms/api/views.py)."""
    check = limiter.limiter.hit if count else limiter.limiter.test
    return all([check(item, *key) for item in parse_many(limit)])


def init_csrf(app: Flask) -> None:
    """Check CSRF tokens on Gramota's own forms without touching a host site's routes."""
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    if "csrf" not in app.extensions:
        csrf.init_app(app)


def refuse_null_characters() -> None:
    """Before each of Gramota's requests: a NUL character in the address, the query or a
    form is refused (400). Nobody types one; PostgreSQL can neither store nor compare text
    holding it, so it would otherwise end as an error page far from where it came in."""
    sent = [*(request.view_args or {}).values(), *request.args.listvalues()]
    if request.method in UNSAFE_METHODS:
        sent += request.form.listvalues()
    for values in sent:
        if any("\x00" in value for value in (values if isinstance(values, list) else [values])
               if isinstance(value, str)):
            abort(400)


def public_url(endpoint: str, **values) -> str:
    """The full address of a page as people outside reach it, for links that leave the
    site (a certificate and its QR code, a login card, the API's description): under
    ``LMS_PUBLIC_URL`` when it is set, whatever Host header the request came with; else
    as the request came."""
    base = current_app.config.get("LMS_PUBLIC_URL")
    if not base:
        return url_for(endpoint, _external=True, **values)
    path = url_for(endpoint, **values)
    root = request.script_root if has_request_context() else ""
    if root and path.startswith(root):
        path = path[len(root):]  # the public address names the mount point itself
    return base.rstrip("/") + path


def public_host() -> str:
    """The site's host name as people type it (on a login card)."""
    base = current_app.config.get("LMS_PUBLIC_URL")
    return urlsplit(base).netloc if base else request.host


def check_public_url(app: Flask) -> None:
    """Refuse to start with an ``LMS_PUBLIC_URL`` that is not a web address."""
    base = app.config.get("LMS_PUBLIC_URL")
    if base:
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query \
                or parts.fragment:
            raise RuntimeError(
                f"LMS_PUBLIC_URL must be the address people open the site at, such as "
                f"https://kurs.example-library.ru or https://library.example/learn; got "
                f"{base!r}.")


def refuse_oversized_requests() -> None:
    """Before each of Gramota's requests: an address longer than MAX_ADDRESS (414) or
    headers larger than MAX_HEADERS (431) get a page in the person's language. gunicorn
    refuses still larger ones itself (gunicorn.conf.py), in English."""
    if len(request.path.encode()) + len(request.query_string) > MAX_ADDRESS:
        abort(414)
    if sum(len(name) + len(value) for name, value in request.headers.items()) > MAX_HEADERS:
        abort(431)


# Addresses that take no forms and no session: a node's upload proves itself with its
# key (lms/sync/uploads.py), not with a form's token; a platform's launch with its signed
# token, bound to the state and nonce the sign-in began with (lms/lti/views.py), and the
# sign-in it begins only sends the browser to a registered platform.
SIGNED_NOT_FORMS = {"lms.sync.create", "lms.sync.append", "lms.lti.login", "lms.lti.launch"}


def protect_form_posts() -> None:
    """Before each of Gramota's requests: a form post without a valid token gets a 400."""
    if request.method in UNSAFE_METHODS and request.endpoint not in SIGNED_NOT_FORMS:
        csrf.protect()


class SecureWhenHttpsSessionInterface(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the page itself came over HTTPS; leave the
    session out of Gramota's static files."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)

    def get_cookie_name(self, app: Flask) -> str:
        # Over HTTPS at the root of its host the cookie is a "__Host-" one: browsers keep
        # it only Secure, for this host alone and the whole site, so that no other site
        # under the same domain (another service of the library) can set or shadow it.
        name = app.config["SESSION_COOKIE_NAME"]
        if (has_request_context() and request.is_secure and not request.script_root
                and not app.config.get("SESSION_COOKIE_DOMAIN")
                and self.get_cookie_path(app) == "/"):
            return "__Host-" + name
        return name

    def save_session(self, app: Flask, session, response) -> None:
        # A stylesheet is the same for everyone: no cookie, and no "Vary: Cookie" (which
        # Flask adds once anything looked at the session, here Flask-Login's check of its
        # remember-me flag), so that a library's proxy may keep one copy for all.
        if request.endpoint == ASSET_ENDPOINT:
            return
        super().save_session(app, session, response)


def set_security_headers(response):
    """Add a strict content security policy and related headers to Gramota's pages; a
    stylesheet or a file to download gets only what applies to it."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.mimetype in DOCUMENTS:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response
