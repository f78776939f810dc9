"""Reading comfort: the text size and the colour theme, chosen with plain links.

``?size=`` and ``?theme=`` on any page set them; they are kept in cookies and, for a
signed-in person, in their profile, so they follow them to another library PC.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import g, request
from flask_login import current_user

SIZES = ("normal", "large", "largest")
THEMES = ("calm", "contrast")
COOKIES = {"size": "lms_size", "theme": "lms_theme"}
MAX_AGE = 365 * 24 * 3600


def _asked(name: str, allowed: tuple[str, ...]) -> str | None:
    value = request.args.get(name)
    return value if value in allowed else None


def _kept(name: str, allowed: tuple[str, ...]) -> str | None:
    value = request.cookies.get(COOKIES[name])
    return value if value in allowed else None


def reading_comfort() -> dict[str, str]:
    """The size and theme for this page: asked for now, kept in a cookie or the profile."""
    if "lms_comfort" not in g:
        user = current_user if current_user and current_user.is_authenticated else None
        chosen = {}
        for name, allowed, profile in (("size", SIZES, "text_size"),
                                       ("theme", THEMES, "theme")):
            chosen[name] = (_asked(name, allowed) or _kept(name, allowed)
                            or (getattr(user, profile, None) if user else None)
                            or allowed[0])
        g.lms_comfort = chosen
    return g.lms_comfort


def cookie_comfort() -> dict[str, str]:
    """The size and theme kept in cookies, for a page shown without the database."""
    return {name: _kept(name, allowed) or allowed[0]
            for name, allowed in (("size", SIZES), ("theme", THEMES))}


def remember_comfort(response):
    """Keep a size or theme picked with a link, in a cookie and in the profile (committed
    with the rest of the request)."""
    for name, allowed, profile in (("size", SIZES, "text_size"), ("theme", THEMES, "theme")):
        value = _asked(name, allowed)
        if value is None:
            continue
        if request.cookies.get(COOKIES[name]) != value:
            response.set_cookie(COOKIES[name], value, max_age=MAX_AGE, samesite="Lax",
                                httponly=True)
        if current_user and current_user.is_authenticated and getattr(
                current_user, profile) != value:
            setattr(current_user, profile, value)
    return response


def url_with(**changes) -> str:
    """This page's address with some query arguments changed (the rest kept)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        args[key] = [value]
    query = urlencode(args, doseq=True)
    here = request.script_root + request.path  # the prefix too, when a proxy adds one
    return f"{here}?{query}" if query else here
