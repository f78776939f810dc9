"""Every interface string has a Russian translation, and the catalogues are current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[1]
TRANSLATIONS = ROOT / "lms" / "translations"


def extract(tmp_path) -> set:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "-q", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "N_", "-k", "translate", "-k", "Problem:2", "-k", "_problem:3",
         "-k", "fail:3", "-k", "problem:2", "--no-location", "-o", str(pot), "lms"],
        cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


def translated(lang: str) -> dict:
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def test_every_interface_string_is_in_russian(tmp_path):
    in_code = extract(tmp_path)
    russian = translated("ru")
    missing = sorted(str(m) for m in in_code if not russian.get(m) or not all(
        russian[m] if isinstance(russian[m], tuple) else [russian[m]]))
    assert missing == [], "run `make messages` and translate: " + "; ".join(missing)


def test_compiled_catalogues_exist_for_every_translation():
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, (
            f"{mo} is missing or older than {po}: run `make translations`")
