"""docs/operations.md keeps its promise: every setting, environment variable and `flask
lms` command of the code is in its tables."""

from __future__ import annotations

import re
from pathlib import Path

import click

from lms.cli import lms_cli
from lms.settings import DEFAULTS, SITE

ROOT = Path(__file__).parents[1]
OPERATIONS = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "lms") -> list[str]:
    found = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += commands(command, f"{prefix} {name}")
        else:
            found.append(f"{prefix} {name}")
    return found


def test_every_lms_setting_has_its_row():
    settings = [*DEFAULTS, *(key for key in SITE if key.startswith("LMS_"))]
    missing = [key for key in settings if f"| `{key}` |" not in OPERATIONS]
    assert missing == []


def test_every_environment_variable_the_code_reads_has_its_row():
    sources = [ROOT / "gunicorn.conf.py", ROOT / "wsgi.py", *(ROOT / "lms").rglob("*.py")]
    read = {name for path in sources
            for name in re.findall(r"\b(GRAMOTA_[A-Z_]+)\b", path.read_text(encoding="utf-8"))}
    assert read >= {"GRAMOTA_BIND", "GRAMOTA_INSTANCE_PATH"}
    assert sorted(name for name in read if f"| `{name}` |" not in OPERATIONS) == []


def test_every_command_has_its_row():
    listed = commands(lms_cli)
    assert {"lms import-libraries", "lms keys check"} <= set(listed)
    missing = [name for name in listed if not re.search(rf"\| `{name}[ `]", OPERATIONS)]
    assert missing == []
