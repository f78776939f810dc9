"""A node sends its bundle to the region by resumable upload (tus 1.0.0): the line drops
half way, the next send goes on from the byte the region has, and the region applies it
once; a node without the right key is refused."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from test_bundles import node, register  # noqa: F401  (the node fixture)

from lms.db import db
from lms.eventlog.models import Statement
from lms.sync.keys import node_key
from lms.sync.sending import NodeState, SendInterrupted, send


def over(client, drop_after: int | None = None):
    """HTTP through the region's test client; the line drops after ``drop_after`` pieces."""
    pieces = []

    def transport(method, url, headers, body):
        if method == "PATCH":
            pieces.append(len(body))
            if drop_after is not None and len(pieces) > drop_after:
                raise SendInterrupted("the line dropped")
        response = client.open(urlsplit(url).path, method=method, headers=headers, data=body)
        found = dict(response.headers)
        if response.status_code >= 400:
            found["_body"] = response.get_data(as_text=True)
        return response.status_code, found

    transport.pieces = pieces
    return transport


def sending(node_app, transport, piece=100):
    with node_app.app_context():
        return send("http://region.test", "branch-7", node_key(node_app.instance_path),
                    NodeState(node_app.instance_path), transport, piece=piece)


def statements_here():
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(Statement))


def test_a_bundle_cut_in_half_is_resumed_and_applied_once(app, node):  # noqa: F811
    register(node, app)
    client = app.test_client()
    with pytest.raises(SendInterrupted):
        sending(node, over(client, drop_after=2))
    assert statements_here() == 0  # nothing applied from half a bundle
    resumed = over(client)
    sent = sending(node, resumed)
    assert (sent.statements, sent.resumed_at, sent.acknowledged) == (2, 200, 2)
    assert resumed.pieces[0] == 100 and sum(resumed.pieces) == sent.bytes - 200
    assert statements_here() == 2
    assert NodeState(node.instance_path).sent_at is not None  # "last sent: today"
    again = sending(node, over(client))
    assert (again.statements, again.bytes, again.acknowledged) == (0, 0, 2)
    assert statements_here() == 2


def test_an_upload_without_the_nodes_key_is_refused(app, node, tmp_path):  # noqa: F811
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    register(node, app)
    with node.app_context(), pytest.raises(SendInterrupted, match="refused the upload \\(403\\)"):
        send("http://region.test", "branch-7", Ed25519PrivateKey.generate(),
             NodeState(str(tmp_path / "elsewhere")), over(app.test_client()))
    client = app.test_client()
    assert client.patch("/sync/uploads/" + "x" * 22, headers={
        "Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"},
        data=b"x").status_code == 404
    assert client.options("/sync/uploads").headers["Tus-Version"] == "1.0.0"
