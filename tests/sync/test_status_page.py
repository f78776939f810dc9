"""At a node, the librarian sees when the work last reached the region and what waits;
"Send now" on a dropped line loses nothing; the changes can be written to a file."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from helpers import csrf_from, sign_in, text_of
from test_bundles import node, register  # noqa: F401  (the node fixture)

from lms.db import db, utcnow
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.people.models import Role, User
from lms.people.services import create_user
from lms.sync.bundles import apply, pack
from lms.sync.keys import node_key
from lms.sync.models import RegionNode
from lms.sync.sending import NodeState, SendInterrupted, send


def test_the_librarian_sees_what_waits_and_sends_on_a_dead_line(
        make_app, tmp_path, node):  # noqa: F811
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'node.db'}",
                   LMS_NODE_ID="branch-7", LMS_REGION_URL="http://127.0.0.1:9")
    with app.app_context():
        branch = db.session.scalar(db.select(User).filter_by(username="orlova")).library
        trainer = create_user("trener", "Тренер", Role.TRAINER, "Long-password-1",
                              library=branch)
        db.session.commit()
        trainer.plain_password = "Long-password-1"
        node_key(app.instance_path, create=True)
        client = app.test_client()
        sign_in(client, trainer)
        assert 'href="/sync/">Регион</a>' in text_of(client.get("/trainer/"))
        page = text_of(client.get("/sync/"))
        assert "Последняя отправка</dt>\n  <dd>ещё ничего не отправляли</dd>" in page
        assert "Ждут отправки</dt>\n  <dd>2 изменения</dd>" in page
        sent = client.post("/sync/send", data={"csrf_token": csrf_from(page)},
                           follow_redirects=True)
        assert "Связь с регионом оборвалась. Ничего не потеряно" in text_of(sent)
        written = client.get("/sync/bundle")
        assert written.headers["Content-Disposition"] == (
            'attachment; filename="branch-7-1-2.bundle"')
        assert written.data.startswith(b"GRAMOTA-BUNDLE 1\nbranch-7\n")
        forged = client.post("/sync/send", data={})
        assert forged.status_code == 400  # the button is a form like any other: CSRF


def test_an_install_that_is_no_node_says_so(app, client, make_user):
    trainer = make_user("trener", role=Role.TRAINER)
    sign_in(client, trainer)
    page = text_of(client.get("/sync/"))
    assert "Этот компьютер не узел региона" in page
    assert not re.search(r'href="/sync/">', text_of(client.get("/trainer/")))


def test_the_region_lists_its_nodes_to_those_who_see_their_branches(
        app, node, make_user):  # noqa: F811
    register(node, app)
    with node.app_context():
        data, _last = pack("branch-7", 0, node_key(node.instance_path))
    apply(data)
    branch = get_or_create_library(get_or_create_network("north", "Север"), "7", "Филиал 7")
    db.session.commit()
    admin, outsider = make_user("admin", role=Role.ADMIN), make_user("trener", role=Role.TRAINER)
    local = make_user("trener7", role=Role.TRAINER, at=branch)
    for person, sees in ((admin, True), (local, True), (outsider, False)):
        client = app.test_client()
        sign_in(client, person)
        page = text_of(client.get("/sync/"))
        assert ("<h1>Узлы филиалов</h1>" in page) is sees
        assert ("не узел региона" in page) is not sees
        row = re.search(r'<th scope="row">branch-7</th><td>Филиал 7</td><td>сегодня '
                        r'\(\d{1,2} \w+ \d{4}\)</td><td class="number">2</td>', page)
        assert (row is not None) is sees, person
        reports = text_of(client.get("/reports/"))
        assert ("Когда каждый филиал последний раз присылал работу" in reports) is (
            person is not outsider), person


def test_a_node_silent_for_more_than_a_week_comes_first_in_bold(app, node, make_user):  # noqa: F811
    register(node, app)
    branch = get_or_create_library(get_or_create_network("north", "Север"), "7", "Филиал 7")
    db.session.add(RegionNode(node="branch-8", public_key="x" * 44, branches=["north/7"]))
    db.session.get(RegionNode, "branch-7").last_received_at = utcnow() - timedelta(days=9)
    db.session.commit()
    client = app.test_client()
    sign_in(client, make_user("trener7", role=Role.TRAINER, at=branch))
    page = text_of(client.get("/sync/"))
    rows = re.findall(r'<th scope="row">(branch-\d)</th><td>Филиал 7</td><td>(.*?)</td>', page)
    assert [node_name for node_name, _said in rows] == ["branch-7", "branch-8"]
    assert re.fullmatch(r"<strong>9 дней назад</strong> \(\d{1,2} \w+ \d{4}\)", rows[0][1])
    assert rows[1][1] == "<strong>пока ничего</strong>"


def test_a_bundle_cut_on_the_way_is_shown_with_its_changes_until_it_is_whole(
        app, node, make_user):  # noqa: F811
    register(node, app)
    branch = get_or_create_library(get_or_create_network("north", "Север"), "7", "Филиал 7")
    client = app.test_client()

    def line(drop_after: int | None = None):
        pieces = []

        def transport(method, url, headers, body):
            if method == "PATCH":
                if drop_after is not None and len(pieces) >= drop_after:
                    raise SendInterrupted("the line dropped")
                pieces.append(body)
            response = client.open(urlsplit(url).path, method=method, headers=headers,
                                   data=body)
            return response.status_code, dict(response.headers)

        return transport

    with node.app_context(), pytest.raises(SendInterrupted):
        send("http://region.test", "branch-7", node_key(node.instance_path),
             NodeState(node.instance_path), line(drop_after=1), piece=100)
    viewer = app.test_client()
    sign_in(viewer, make_user("trener7", role=Role.TRAINER, at=branch))
    page = text_of(viewer.get("/sync/"))
    assert re.search(r"<td>2 изменения: пришло 100 из [\d\s\u00a0\u202f]+ байт, с \d{1,2} \w+ "
                     r"\d{4}</td></tr>", page)
    with node.app_context():  # the line is back: the upload goes on and is applied
        send("http://region.test", "branch-7", node_key(node.instance_path),
             NodeState(node.instance_path), line(), piece=100)
    assert re.search(r'<td class="number">2</td><td>—</td></tr>', text_of(viewer.get("/sync/")))
