"""The commands a librarian or an operator runs: the node's key, registering it at the
region, packing and applying a bundle by hand (a stick, an e-mail)."""

from __future__ import annotations

import re

from test_bundles import node  # noqa: F401  (the node fixture)

from lms.db import db
from lms.eventlog.models import Statement
from lms.people.branches import get_or_create_library, get_or_create_network


def test_a_bundle_carried_on_a_stick(app, node, tmp_path):  # noqa: F811
    with node.app_context():  # the region's context is the test's; the node's is pushed
        said = node.test_cli_runner().invoke(args=["lms", "node", "key"])
    assert said.exit_code == 0, said.output
    key = re.search(r"Node branch-7, public key: (\S{44})", said.output)[1]
    region = app.test_cli_runner()
    register = ["lms", "node", "register", "branch-7"]
    wrong = region.invoke(args=[*register, "not-a-key", "--branch", "north/7"])
    assert wrong.exit_code == 1 and "not a public key" in wrong.output
    unknown = region.invoke(args=[*register, key, "--branch", "north/7"])
    assert unknown.exit_code == 1 and "no branch north/7 here" in unknown.output
    get_or_create_library(get_or_create_network("north", "Север"), "7", "Филиал 7")
    db.session.commit()
    said = region.invoke(args=[*register, key, "--branch", "north/7"])
    assert "Node branch-7 registered for north/7" in said.output

    stick = tmp_path / "branch-7.bundle"
    with node.app_context():
        packed = node.test_cli_runner().invoke(args=["lms", "sync", "pack", str(stick)])
    assert re.search(r"2 statements \(1–2\) in .*branch-7\.bundle, \d+ bytes\.", packed.output)
    applied = region.invoke(args=["lms", "sync", "apply", str(stick)])
    assert "2 statements of branch-7 added, 0 were already here" in applied.output
    assert "Learners: 1 new, 0 corrected from the node" in applied.output
    again = region.invoke(args=["lms", "sync", "apply", str(stick)])
    assert "0 statements of branch-7 added, 2 were already here" in again.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Statement)) == 2

    stick.write_bytes(stick.read_bytes()[:-10])
    cut = region.invoke(args=["lms", "sync", "apply", str(stick)])
    assert cut.exit_code == 1 and "changed or cut on the way" in cut.output
