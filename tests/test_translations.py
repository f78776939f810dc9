"""Every interface string is translated into every interface language, with the same
placeholders, and the compiled catalogues are current."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
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


PLACEHOLDER_RE = re.compile(r"%\((\w+)\)s")


@pytest.mark.parametrize("lang", ["ru", "uk", "kk", "en"])
def test_every_interface_string_is_translated(tmp_path, lang):
    in_code = extract(tmp_path)
    found = translated(lang)
    missing = sorted(str(m) for m in in_code if not found.get(m) or not all(
        found[m] if isinstance(found[m], tuple) else [found[m]]))
    assert missing == [], f"run `make messages` and translate into {lang}: " + "; ".join(
        missing)
    for msgid, text in found.items():
        source = msgid[-1] if isinstance(msgid, tuple) else msgid
        for form in text if isinstance(text, tuple) else (text,):
            assert set(PLACEHOLDER_RE.findall(form)) <= set(PLACEHOLDER_RE.findall(
                " ".join(msgid) if isinstance(msgid, tuple) else source)), (lang, msgid)


def test_compiled_catalogues_exist_for_every_translation():
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, (
            f"{mo} is missing or older than {po}: run `make translations`")


@pytest.mark.parametrize("lang, expected", [
    ("ru", "В таблице 21 строка. В таблице 5 строк. готовится, готово 40% &lt;b&gt; Курсы"),
    ("uk", "У таблиці 21 рядок. У таблиці 5 рядків. готується, готово 40% &lt;b&gt; Курси"),
])
def test_a_page_finds_its_strings_once_as_flask_babel_would(app, lang, expected):
    # lms/i18n.py page_translations: gettext and ngettext bound to the page's catalogue,
    # with Jinja's newstyle rules: plural forms, "num" given or not, %% a percent sign
    from flask import render_template_string

    plural = '"The table has %(num)s line.", "The table has %(num)s lines."'
    source = (f'{{{{ ngettext({plural}, 21) }}}} {{{{ ngettext({plural}, 5, num=5) }}}} '
              '{{ _("being written, %(percent)s%% done", percent=40) }} {{ "<b>" }} '
              '{{ _("Courses") }}')
    with app.test_request_context(f"/?lang={lang}"):
        assert render_template_string(source) == expected
