"""`make bundle` makes a folder that installs a branch node with no network: its
install.sh, run with the package index switched off and every proxy pointing nowhere,
installs the locked wheels and the project, brings the database up and checks the
courses."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
NOWHERE = "http://127.0.0.1:9"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed to cut the folder")
def test_a_node_installs_from_the_folder_with_no_network(tmp_path):
    folder = tmp_path / "gramota-offline"
    built = subprocess.run(["make", "-s", "bundle", f"BUNDLE={folder}"], cwd=ROOT,
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-2000:]
    assert len(list((folder / "wheels").glob("*.whl"))) >= 40
    offline = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1",
               "PIP_INDEX_URL": NOWHERE + "/simple", "http_proxy": NOWHERE,
               "https_proxy": NOWHERE, "HTTP_PROXY": NOWHERE, "HTTPS_PROXY": NOWHERE,
               "GRAMOTA_INSTANCE_PATH": str(tmp_path / "instance")}
    for name in [n for n in offline if n == "VIRTUAL_ENV" or n == "DATABASE_URL"
                 or n.startswith(("LMS_", "FLASK_"))]:
        offline.pop(name)  # the branch PC's own settings: none but the defaults
    installed = subprocess.run(["sh", str(folder / "install.sh")], env=offline,
                               capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stdout[-2000:] + installed.stderr[-2000:]
    assert "0 errors, 0 warnings." in installed.stdout
    assert "Gramota is installed." in installed.stdout
    assert (tmp_path / "instance" / "gramota.sqlite3").is_file()
