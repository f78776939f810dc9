"""The region's answer to its node: the node's branches, their trainers and learners, the
certificates revoked; signed by the region, taken once; and 'lms node init' making an
install a node with no line, from an answer on a stick."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import sign_in, text_of

from lms.certificates.services import issue_on_paper, revoke
from lms.db import db
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.people.models import Library, Role, User
from lms.people.services import change_learner_details, create_user, register_learner
from lms.state import catalogue
from lms.sync.answers import answer, take
from lms.sync.bundles import BundleError
from lms.sync.keys import node_key, public_text, region_of
from lms.sync.models import RegionNode
from lms.sync.packs import PackRefused, digest_of, keep
from lms.sync.sending import NodeState, exchange


@pytest.fixture
def region(app):
    """A region with two branches: the node serves 01; 02 is another node's."""
    network = get_or_create_network("north", "Север")
    ours = get_or_create_library(network, "01", "Филиал 01", address="ул. Мира, 3")
    theirs = get_or_create_library(network, "02", "Филиал 02")
    trainer = create_user("trener01", "Петрова Ольга", Role.TRAINER, "Long-password-1",
                          library=ours)
    create_user("trener02", "Сидорова Нина", Role.TRAINER, "Long-password-1", library=theirs)
    for name, branch in (("Орлова Мария Ивановна", ours), ("Белова Анна", theirs)):
        register_learner(trainer if branch is ours else db.session.scalar(
            db.select(User).filter_by(username="trener02")), full_name=name,
            library_id=branch.id, language="ru", consent_method="paper", birth_year=1950)
    db.session.commit()
    return app


@pytest.fixture
def node(make_app, tmp_path, region):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'node'}.db",
                   LMS_NODE_ID="north-01")
    app.instance_path = str(tmp_path / "node")
    with app.app_context():
        key = public_text(node_key(app.instance_path, create=True))
    db.session.add(RegionNode(node="north-01", public_key=key, branches=["north/01"]))
    db.session.commit()
    return app


def region_key(app) -> str:
    return public_text(node_key(app.instance_path, create=True))


def test_the_answer_holds_the_nodes_branch_and_nothing_else(region, node):
    data = answer(db.session.get(RegionNode, "north-01"), 0, node_key(region.instance_path,
                                                                      create=True))
    assert b"\xd0\x9e\xd1\x80\xd0\xbb\xd0\xbe\xd0\xb2\xd0" not in data  # compressed, not clear
    with node.app_context():
        taken = take(data, region_key(region))
        db.session.commit()
        people = {p.username: (p.role, p.library.code if p.library else None)
                  for p in db.session.scalars(db.select(User))}
        library = db.session.execute(db.select(Library.name, Library.address)).one()
        trainer = db.session.scalar(db.select(User).filter_by(username="trener01"))
        trainer_uid = trainer.uid
        # the trainer signs in at the node with the password she has at the region
        signed_in = text_of(sign_in(node.test_client(), trainer, "Long-password-1"))
        again = take(data, region_key(region))
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 2
    assert (taken.branches, taken.trainers, taken.people.added) == (1, 1, 1)
    assert people == {"trener01": (Role.TRAINER, "01"), "orlova.mi": (Role.LEARNER, "01")}
    assert tuple(library) == ("Филиал 01", "ул. Мира, 3")
    assert trainer_uid == db.session.scalar(db.select(User.uid).filter_by(username="trener01"))
    assert "Петрова Ольга" in signed_in and "Неверное имя" not in signed_in
    assert (again.people.added, again.people.updated) == (0, 0)


def test_a_changed_or_foreign_answer_is_refused(region, node):
    data = answer(db.session.get(RegionNode, "north-01"), 0, node_key(region.instance_path,
                                                                      create=True))
    with node.app_context():
        with pytest.raises(BundleError, match="not signed by central's key"):
            take(data[:-30] + bytes([data[-30] ^ 1]) + data[-29:], region_key(region))
        with pytest.raises(BundleError, match="not signed by central's key"):
            take(data, public_text(node_key(node.instance_path)))  # another key
        with pytest.raises(BundleError, match="not an answer"):
            take(b"GRAMOTA-BUNDLE 1\n" + data, region_key(region))
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def transport_to(region_app):
    client = region_app.test_client()

    def transport(method, url, headers, body):
        parts = urlsplit(url)
        response = client.open(parts.path + (f"?{parts.query}" if parts.query else ""),
                               method=method, headers=headers, data=body)
        return response.status_code, {**dict(response.headers), "_data": response.data,
                                      "_body": response.data.decode("utf-8", "replace")}

    return transport


def test_node_init_from_a_stick_then_each_send_brings_the_regions_news(region, node, tmp_path):
    stick = tmp_path / "north-01.answer"
    said = region.test_cli_runner().invoke(args=["lms", "sync", "answer", "north-01", str(stick)])
    assert re.search(r"The answer for north-01 is in .*north-01\.answer, \d+ bytes\.", said.output)
    with node.app_context():
        made = node.test_cli_runner().invoke(args=[
            "lms", "node", "init", "--region", "http://region.test", "--key",
            region_key(region), "--from", str(stick)])
        assert made.exit_code == 0, made.output
        assert "1 branches, 1 trainers and 1 learners taken from the region" in made.output
    assert region_of(node.instance_path) == {"url": "http://region.test",
                                             "key": region_key(region)}

    # at the region: a learner registered for 01 elsewhere, Орлова corrected, a certificate
    # of 01 revoked; 02's news stays at the region
    coordinator = create_user("koordinator", "Координатор", Role.COORDINATOR, "Long-password-1",
                              network=get_or_create_network("north", "Север"))
    ours = db.session.scalar(db.select(Library).filter_by(code="01"))
    orlova = db.session.scalar(db.select(User).filter_by(username="orlova.mi"))
    register_learner(coordinator, full_name="Зайцева Вера", library_id=ours.id, language="ru",
                     consent_method="paper")
    change_learner_details(coordinator, orlova, library_id=ours.id, language="ru",
                           birth_year=1950, phone="+7 900 111-22-33")
    paper = issue_on_paper(coordinator, orlova, catalogue().get("first-steps"))
    db.session.commit()
    number = paper.number
    with node.app_context():  # the node has the certificate (it came in a node bundle)
        node_orlova = db.session.scalar(db.select(User).filter_by(username="orlova.mi"))
        trainer = db.session.scalar(db.select(User).filter_by(username="trener01"))
        copy = issue_on_paper(trainer, node_orlova, catalogue().get("first-steps"))
        copy.number = number
        db.session.commit()
    revoke(coordinator, paper, "Выдан по ошибке")
    db.session.commit()

    node.config.update(LMS_REGION_URL="http://region.test", LMS_REGION_KEY=region_key(region))
    with node.app_context():
        sent, taken = exchange(node, transport_to(region))
        db.session.commit()
        phone = db.session.scalar(db.select(User.phone).filter_by(username="orlova.mi"))
        names = set(db.session.scalars(db.select(User.full_name)))
        revoked = db.session.scalar(db.select(db.text("revoke_reason FROM lms_certificate")))
        assert NodeState(node.instance_path).data["answered"] == taken.upto
    assert (taken.people.added, taken.people.updated, taken.revoked) == (1, 1, 1)
    assert phone == "+7 900 111-22-33" and revoked == "Выдан по ошибке"
    assert "Зайцева Вера" in names and "Белова Анна" not in names


FAMILY_SCAMS = (Path(__file__).parents[2] / "examples" / "gramota-pack-family-scams"
                / "gramota_pack_family_scams" / "content")


def test_the_regions_course_packs_reach_the_node_once_and_again_when_changed(
        region, node, tmp_path):
    pack = tmp_path / "family-scams"
    shutil.copytree(FAMILY_SCAMS, pack)
    region.config["LMS_CONTENT_PATHS"] = [str(pack)]
    node.config.update(LMS_REGION_URL="http://region.test", LMS_REGION_KEY=region_key(region))
    with node.app_context():
        assert catalogue().get("family-scams") is None
        _sent, first = exchange(node, transport_to(region))
        db.session.commit()
        course = catalogue().get("family-scams")  # at once in this process
        assert first.packs == ["family-scams"] and course is not None
        assert len(course.lessons) == 2
        _sent, again = exchange(node, transport_to(region))  # the node has it as it is
        assert again.packs == []
    index = pack / "courses" / "family-scams" / "index.ru.md"
    index.write_text(index.read_text().replace("title:", "title: Новое:", 1))
    with node.app_context():
        _sent, changed = exchange(node, transport_to(region))
        assert changed.packs == ["family-scams"]
        assert catalogue().get("family-scams").text("ru").title.startswith("Новое:")
    # a node made again (a restart) reads the pack it keeps
    with make_app_again(node).app_context():
        assert catalogue().get("family-scams") is not None


def make_app_again(app):
    from lms.app import create_app

    return create_app({**{key: app.config[key] for key in (
        "SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "LMS_NODE_ID", "TESTING")},
        "LMS_CONTENT_PATHS": []}, instance_path=app.instance_path)


@pytest.mark.parametrize("path", ["../outside.md", "courses/../../x.md", "/etc/x.md",
                                  "static/x.js", "courses/.hidden/x.md"])
def test_a_pack_file_outside_its_folders_is_refused_and_nothing_is_kept(tmp_path, path):
    files = {"courses/a/index.ru.md": "---\ntitle: А\n---\n", path: "x"}
    with pytest.raises(PackRefused, match="outside its folders"):
        keep(str(tmp_path), {"name": "evil", "files": files, "digest": digest_of(files)})
    assert not (tmp_path / "node" / "packs" / "evil").exists()
    assert not (tmp_path / "outside.md").exists() and not (tmp_path / "x.md").exists()
    with pytest.raises(PackRefused, match="not whole"):
        keep(str(tmp_path), {"name": "evil", "files": files, "digest": "0" * 64})


def test_a_class_made_at_the_region_for_the_nodes_branch_reaches_the_node(region, node):
    from lms.classes import services as classes
    from lms.classes.models import StudyClass

    trainer = db.session.scalar(db.select(User).filter_by(username="trener01"))
    orlova = db.session.scalar(db.select(User).filter_by(username="orlova.mi"))
    other = db.session.scalar(db.select(User).filter_by(username="trener02"))
    course = catalogue().get("first-steps")
    group = classes.create_class(trainer, library_id=trainer.library_id, course=course,
                                 name="Вторник, 10:00", starts_on=date(2026, 12, 1))
    classes.enrol(trainer, group, orlova)
    classes.add_session(trainer, group, date(2026, 12, 1), None)
    classes.create_class(other, library_id=other.library_id, course=course, name="Чужой",
                         starts_on=date(2026, 12, 1))
    db.session.commit()
    data = answer(db.session.get(RegionNode, "north-01"), 0,
                  node_key(region.instance_path, create=True))
    with node.app_context():
        taken = take(data, region_key(region))
        db.session.commit()
        made = db.session.scalar(db.select(StudyClass))
        seen = (db.session.scalar(db.select(db.func.count()).select_from(StudyClass)),
                made.name, [t.username for t in made.trainers],
                [m.user.username for m in made.members], [s.on for s in made.sessions])
        made.name = "Вторник (переименован здесь)"
        db.session.commit()
        take(data, region_key(region))  # again: what the node changed stays
        db.session.commit()
        kept = db.session.scalar(db.select(StudyClass.name))
    assert taken.classes == 1
    assert seen == (1, "Вторник, 10:00", ["trener01"], ["orlova.mi"], [date(2026, 12, 1)])
    assert kept == "Вторник (переименован здесь)"
