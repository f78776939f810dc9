"""The locks: everything pyproject.toml asks for, pinned within its ranges, with hashes;
what `make run` and a region's server install is the same set `make test` tested."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")
# what each lock is made from (see the Makefile's `lock` target)
LOCKS = {"core": [], "runtime": ["signing"], "server": ["signing", "postgresql", "redis", "server"],
         "dev": ["dev"]}


def pins(lock: str) -> dict[str, Version]:
    """The versions a lock installs on this machine (its markers evaluated here)."""
    found = {}
    text = (ROOT / "requirements" / f"{lock}.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        match = PIN.match(line)
        if match:
            name, version, marker = match.groups()
            if marker is None or Requirement(f"{name}; {marker}").marker.evaluate():
                found[canonicalize_name(name)] = Version(version)
    return found


def asked_for(extras: list[str]) -> list[Requirement]:
    """What pyproject.toml asks for with these extras (and the build group)."""
    wanted, extras = [], list(extras)
    wanted += PROJECT["project"]["dependencies"] + PROJECT["dependency-groups"]["build"]
    while extras:
        for line in PROJECT["project"]["optional-dependencies"][extras.pop()]:
            requirement = Requirement(line)
            if canonicalize_name(requirement.name) == "gramota":  # gramota[postgresql,…]
                extras += sorted(requirement.extras)
            else:
                wanted.append(line)
    requirements = [Requirement(line) for line in wanted]
    return [r for r in requirements if r.marker is None or r.marker.evaluate()]


@pytest.mark.parametrize("lock", LOCKS)
def test_everything_asked_for_is_locked_within_its_range(lock):
    locked = pins(lock)
    for requirement in asked_for(LOCKS[lock]):
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is not in requirements/{lock}.txt: run `make lock`"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"requirements/{lock}.txt has {name} {locked[name]}, pyproject.toml asks for "
            f"{requirement.specifier}: run `make lock`")


@pytest.mark.parametrize("lock", ["core", "runtime", "server"])
def test_what_is_served_is_what_was_tested(lock):
    tested = pins("dev")
    served = pins(lock)
    assert {name: version for name, version in served.items() if tested.get(name) != version} \
        == {}


@pytest.mark.parametrize("lock", ["core", "runtime"])
def test_the_site_on_sqlite_installs_no_test_tools_nor_server_drivers(lock):
    served = pins(lock)
    for name in ("pytest", "playwright", "locust", "ruff", "uv", "psycopg", "psycopg-binary",
                 "redis", "gunicorn", "openpyxl"):
        assert name not in served


def test_the_smallest_site_leaves_out_signing_and_what_it_brings():
    core, runtime = pins("core"), pins("runtime")
    for name in ("pyhanko", "aiohttp", "lxml"):
        assert name in runtime and name not in core
    assert {"flask", "reportlab", "cryptography", "sqlalchemy"} <= set(core)


@pytest.mark.parametrize("lock", LOCKS)
def test_every_pin_carries_its_hashes(lock):
    lines = (ROOT / "requirements" / f"{lock}.txt").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if PIN.match(line):
            assert lines[number + 1].strip().startswith("--hash=sha256:"), line
