"""Hostile values in every address, query and form: a clear 4xx, never a 500, nothing stored.

Every URL rule of the app is asked with each value in place of each of its parts and in
the query parameters the pages read; every form a person of each role can reach (found
on the pages, as a browser finds them) is sent with each number-like value in all of its
fields, and then no table may have gained or lost a row.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from helpers import csrf_from, sign_in, text_of
from sqlalchemy import func, select
from test_scope_matrix import ROUTES

from lms.audit.models import AuditEvent
from lms.db import db

# Values a clumsy person or an attacker sends: other scripts' digits, superscripts, too
# big for the database, signs, spaces, a null byte, a long string, markup.
NUMBER_LIKE = ["²", "¹⁹⁵⁵", "١٢", "99999999999999999999", "-1", "0", "1e3", " 7 ", "7\x00"]
HOSTILE = NUMBER_LIKE + ["", "x" * 10_000, "<script>alert(1)</script>", "../../etc/passwd"]
# The query parameters Gramota's pages read.
QUERY = ["page", "q", "library", "course", "number", "branch", "period", "on", "from", "to",
         "sort", "lang", "size", "theme", "next", "code", "username", "show"]
ROLES = ["visitor", "learner_a", "trainer_a", "admin"]
# Forms whose button alone does something (sign out, erase one's own data, finish, close):
# sent too, but a row they add or remove is what they are for.
ACTS_WITHOUT_FIELDS = re.compile(r"/(logout|erasure|done|start|finish|close|anonymise|delete)$")
FORM_RE = re.compile(r'<form[^>]*method="post"[^>]*?(?:action="([^"]*)")?[^>]*>(.*?)</form>',
                     re.S)
FIELD_RE = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"[^>]*>')
TYPE_RE = re.compile(r'<input[^>]*\btype="(hidden|submit|checkbox|radio|file)"[^>]*'
                     r'\bname="([^"]+)"|<input[^>]*\bname="([^"]+)"[^>]*\btype="(hidden|submit|'
                     r'checkbox|radio|file)"')


def rows_per_table() -> dict[str, int]:
    counts = {}
    for table in db.metadata.sorted_tables:
        if table.name != AuditEvent.__tablename__:  # refused sign-ins are audited
            counts[table.name] = db.session.scalar(select(func.count()).select_from(table))
    return counts


def addresses(app, world) -> list[str]:
    """Every rule of the app with each of its parts replaced by each hostile value."""
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        for value in HOSTILE:
            path = re.sub(r"<[^>]+>", quote(value, safe=""), rule.rule)
            found.append(path)
    return found


def forms_on(client, pages: list[str]) -> dict[str, set[str]]:
    """The post forms on ``pages``: their action and the names of their visible fields."""
    forms: dict[str, set[str]] = {}
    for page in pages:
        with client.get(page) as response:
            html = text_of(response) if response.mimetype == "text/html" else ""
        for action, body in FORM_RE.findall(html):
            hidden = {m[1] or m[2] for m in TYPE_RE.findall(body)}
            fields = set(FIELD_RE.findall(body)) - {"csrf_token"}
            forms.setdefault(action or page.split("?")[0], set()).update(
                fields - hidden | {f for f in fields & hidden if f != "csrf_token"})
    return forms


@pytest.mark.parametrize("role", ROLES)
def test_hostile_values_never_give_a_server_error_nor_store_anything(app, world, role):
    client = app.test_client()
    if role != "visitor":
        sign_in(client, world[role])
    failures = []
    for path in addresses(app, world):
        response = client.get(path)
        if response.status_code == 500:
            failures.append(f"GET {path[:80]!r}: {response.status_code}")
        response.close()
    pages = [url(world, "A") for (endpoint, method), (url, _expected) in ROUTES.items()
             if method == "GET" and endpoint != "lms.static"]
    for page in pages:
        for value in HOSTILE:
            response = client.get(f"{page}?{urlencode(dict.fromkeys(QUERY, value))}")
            if response.status_code == 500:
                failures.append(f"GET {page}?…={value[:20]!r}: {response.status_code}")
            response.close()
    forms = forms_on(client, pages)
    assert forms or role == "visitor", "no form found: the test would pass for nothing"
    for action, fields in sorted(forms.items()):
        for value in NUMBER_LIKE:
            before = rows_per_table()
            token = csrf_from(text_of(client.get("/login" if role == "visitor" else "/")))
            data = {**dict.fromkeys(fields, value), "csrf_token": token}
            response = client.post(action, data=data)
            if response.status_code == 500:
                failures.append(f"POST {action} {sorted(fields)}={value!r}: "
                                f"{response.status_code}")
            elif fields and not ACTS_WITHOUT_FIELDS.search(action) and \
                    rows_per_table() != before:
                changed = {t for t, n in rows_per_table().items() if before.get(t) != n}
                failures.append(f"POST {action} {sorted(fields)}={value!r} stored: {changed}")
            response.close()
            if role != "visitor" and action.endswith("/logout") and \
                    client.get("/login").status_code == 200:  # signed out, not only asked
                sign_in(client, world[role])
    assert failures == [], "\n".join(failures)


def test_a_nul_character_is_refused_and_a_made_up_file_name_is_not_kept(client):
    from lms.web import assets

    for url in ("/?q=%00", "/courses/a%00b/", "/verify/?code=1%00"):
        refused = client.get(url)
        assert refused.status_code == 400 and "Что-то пошло не так" in text_of(refused), url
    kept = len(assets._loaded)
    for name in ("x" * 300 + ".css", "a%00.css", "nope.css", "../../wsgi.py"):
        assert client.get(f"/lms-static/{name}").status_code in (400, 404), name
    assert len(assets._loaded) == kept  # a made-up name takes no memory


def test_oversized_requests_get_a_page_in_the_persons_language(client):
    long_address = client.get("/?q=" + "я" * 3000)
    assert long_address.status_code == 414
    assert "Слишком длинный адрес" in text_of(long_address)
    for n in range(4):  # a browser's cookies grown too big
        client.set_cookie(f"crumbs{n}", "y" * 3_500)
    crammed = client.get("/")
    assert crammed.status_code == 431 and "Браузер прислал слишком много" in text_of(crammed)
    for n in range(4):
        client.delete_cookie(f"crumbs{n}")
    huge = client.post("/login", data={"username": "ivanova", "password": "x" * 7_000_000})
    assert huge.status_code == 413 and "Файл слишком большой" in text_of(huge)
    assert client.get("/?q=" + "я" * 500).status_code == 200  # a long search still works
