"""A node's work carried to the region as a signed bundle: applied once however often it
arrives, refused when cut, changed, unknown or out of order, each time with a clear word."""

from __future__ import annotations

import pytest

from lms.certificates.services import issue_on_paper
from lms.db import db
from lms.eventlog.models import Statement
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.people.models import Role, User
from lms.people.services import create_user
from lms.progress.services import complete_lesson
from lms.state import catalogue
from lms.sync.bundles import BundleError, apply, pack
from lms.sync.keys import node_key, public_text


@pytest.fixture
def node(make_app, tmp_path):
    """A branch node on its own SQLite file, where a learner did two lessons."""
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'node.db'}",
                   LMS_NODE_ID="branch-7")
    with app.app_context():
        branch = get_or_create_library(get_or_create_network("north", "Север"), "7", "Филиал 7")
        learner = create_user("orlova", "Орлова", Role.LEARNER, "246810", library=branch)
        course = catalogue().get("first-steps")
        for lesson in ("mouse", "keyboard"):
            complete_lesson(learner, course, course.lesson(lesson))
        db.session.commit()
    return app


def cut(node_app, since=0):
    with node_app.app_context():
        return pack("branch-7", since, node_key(node_app.instance_path, create=True))


def register(node_app, region_app):
    from lms.sync.models import RegionNode

    with node_app.app_context():
        key = public_text(node_key(node_app.instance_path, create=True))
    with region_app.app_context():
        db.session.add(RegionNode(node="branch-7", public_key=key, last_sequence=0,
                                  branches=["north/7"]))
        get_or_create_library(get_or_create_network("north", "Север"), "7", "Филиал 7")
        db.session.commit()


def region_log(region_app):
    with region_app.app_context():
        return [(row.node, row.sequence, row.verb.rsplit("/", 1)[1], row.library_id is not None)
                for row in db.session.scalars(db.select(Statement).order_by(Statement.id))]


def test_a_bundle_applied_twice_adds_its_statements_once(app, node):
    register(node, app)
    data, last = cut(node)
    assert last == 2  # the two lessons
    first = apply(data)
    db.session.commit()
    again = apply(data)
    db.session.commit()
    assert (first.added, first.already, again.added, again.already) == (2, 0, 0, 2)
    assert region_log(app) == [("branch-7", 1, "completed", True),
                               ("branch-7", 2, "completed", True)]
    with node.app_context():
        sent = [row.body for row in db.session.scalars(db.select(Statement)
                                                        .order_by(Statement.sequence))]
    here = [row.body for row in db.session.scalars(db.select(Statement)
                                                   .order_by(Statement.sequence))]
    assert here == sent  # the same statements, ids and all


def test_the_next_bundle_carries_only_what_is_new(app, node):
    register(node, app)
    apply(cut(node)[0])
    with node.app_context():  # a certificate issued on paper, after the first bundle
        learner = db.session.scalar(db.select(User).filter_by(username="orlova"))
        trainer = create_user("trener", "Тренер", Role.TRAINER, "Long-password-1",
                              library=learner.library)
        issue_on_paper(trainer, learner, catalogue().get("first-steps"))
        db.session.commit()
    data, last = cut(node, since=2)
    applied = apply(data)
    assert (applied.added, applied.already, applied.last, last) == (1, 0, 3, 3)
    assert len(data) < 1500


@pytest.mark.parametrize("spoil, said", [
    (lambda data: data[: len(data) // 2], "changed or cut on the way"),
    (lambda data: data[:-40] + bytes([data[-40] ^ 1]) + data[-39:], "changed or cut"),
    (lambda data: data.replace(b"branch-7", b"branch-8", 1), "no node 'branch-8'"),
    (lambda data: b"PK\x03\x04" + data, "not a Gramota bundle"),
])
def test_a_spoilt_bundle_is_refused_and_nothing_is_added(app, node, spoil, said):
    register(node, app)
    data, _last = cut(node)
    with pytest.raises(BundleError, match=said):
        apply(spoil(data))
    assert region_log(app) == []


def test_a_bundle_out_of_order_is_refused_until_the_one_before_comes(app, node):
    register(node, app)
    later, _last = cut(node, since=1)
    with pytest.raises(BundleError, match="statements 1–1 of branch-7 have not arrived yet"):
        apply(later)
    apply(cut(node)[0])
    assert apply(later).already == 1  # the gap filled, the later one has nothing new


def test_a_node_numbers_certificates_in_its_own_series(make_app, tmp_path):
    """Two branches never give one number: a node's series carries its name; ids of
    classes, attempts and certificates are UUIDv7 made where they are created."""
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'n.db'}",
                   LMS_NODE_ID="north-07", LMS_REGION_URL="https://region.test")
    with app.app_context():
        branch = get_or_create_library(get_or_create_network("north", "Север"), "7", "Филиал 7")
        learner = create_user("orlova", "Орлова", Role.LEARNER, "246810", library=branch)
        trainer = create_user("trener", "Тренер", Role.TRAINER, "Long-password-1",
                              library=branch)
        certificate = issue_on_paper(trainer, learner, catalogue().get("first-steps"))
        db.session.commit()
        assert certificate.number.startswith("NORTH-NORTH-07-20") and certificate.number.endswith(
            "-00001")
        assert len(certificate.uid) == 36 and certificate.uid[14] == "7"  # a UUIDv7


@pytest.mark.parametrize("statements", [[1, 2], [{"actor": {}}], "all of them"])
def test_a_signed_bundle_with_broken_statements_adds_nothing(app, node, statements):
    """A node's fault (signed, yet not whole statements): refused, and nothing is kept."""
    import json

    from lms.sync.bundles import MAGIC, zstandard

    register(node, app)
    payload = zstandard().compress(json.dumps({
        "node": "branch-7", "first": 1, "last": 2, "iri": app.config["LMS_XAPI_IRI"],
        "statements": statements}).encode())
    with node.app_context():
        key = node_key(node.instance_path)
    with pytest.raises(BundleError, match="not a whole statement|not in the expected form"):
        apply(MAGIC + b"branch-7\n" + key.sign(payload) + payload)
    db.session.rollback()
    assert region_log(app) == []
