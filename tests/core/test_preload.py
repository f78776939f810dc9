"""What a server's master loads before it forks the workers, and what a command does not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import clean_environment

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
LOADED = """
import json, sys
{start}
from lms.certificates import signing
from lms.state import get_state
print(json.dumps({{
    "courses": len(get_state(app).loaded.courses) if get_state(app).loaded else 0,
    "modules": [m for m in ("reportlab.pdfgen.canvas", "pyhanko.sign.signers")
                if m in sys.modules],
    "keys": signing.load_signer_cache_size()}}))
"""


def loaded(tmp_path, start: str, **env) -> dict:
    run = subprocess.run([sys.executable, "-c", LOADED.format(start=start)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=True,
                         env=site(tmp_path, **env))
    return json.loads(run.stdout.strip().splitlines()[-1])


def site(tmp_path, **env) -> dict:
    """The site's environment: its own instance folder, the test courses."""
    return clean_environment(GRAMOTA_INSTANCE_PATH=str(tmp_path), FLASK_SECRET_KEY="test",
                             LMS_COURSES_DIR=str(FIXTURES / "courses"),
                             LMS_QUIZZES_DIR=str(FIXTURES / "quizzes"), **env)


def test_the_server_loads_courses_pdf_code_and_keys_before_the_fork(tmp_path):
    flask = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "lms"]
    for command in (["init"], ["keys", "init"]):
        subprocess.run(flask + command, cwd=ROOT, env=site(tmp_path), check=True,
                       capture_output=True)
    served = loaded(tmp_path, "from wsgi import app")
    assert served["courses"] == 2 and served["keys"] == 1
    assert served["modules"] == ["reportlab.pdfgen.canvas", "pyhanko.sign.signers"]
    # a flask command builds the same app without any of it
    command = loaded(tmp_path, "from wsgi import app", FLASK_RUN_FROM_CLI="true")
    assert command == {"courses": 0, "modules": [], "keys": 0}
