"""A server's memory after a day's kinds of work: pages, signed certificates, workbooks.

    .venv/bin/python bench/memory.py

gunicorn with gunicorn.conf.py (the app loaded once in the master, then forked), 2
workers, on a fresh SQLite demo (``lms init``, ``lms keys init``, ``lms demo``). Then,
through HTTP on 127.0.0.1: a visitor's and a trainer's pages, six signed certificate
PDFs (the trainer's branch) and six XLSX exports (the coordinator's reports), each
request sent three times so that both workers take part. Memory is read from
/proc/<pid>/smaps_rollup after start and after each step: PSS (each process's share of
the pages it shares) summed over the master and the workers, and each worker's own
(USS). The first certificate's wait is timed too.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import LESSON, gunicorn, sign_in  # noqa: E402

EXPORTS = ["branches", "months", "courses", "ages", "languages", "learners"]


def memory(master: int) -> dict:
    """PSS of the master and its workers together, and each worker's own memory (MB)."""
    def rollup(pid) -> dict:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        return {k: int(v) / 1024 for k, v in re.findall(r"^(\w+):\s+(\d+) kB", text, re.M)}

    workers = subprocess.run(["pgrep", "-P", str(master)], capture_output=True,
                             text=True).stdout.split()
    kept = [rollup(master)] + [rollup(pid) for pid in workers]
    return {"pss": sum(r["Pss"] for r in kept),
            "own": [r["Private_Clean"] + r["Private_Dirty"] for r in kept[1:]]}


def get(port: int, path: str, cookie: str = "") -> tuple[int, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    size = len(response.read())
    connection.close()
    return response.status, size


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = {"GRAMOTA_INSTANCE_PATH": str(folder), "FLASK_SECRET_KEY": "bench-secret",
               "LMS_LOGIN_RATE_LIMIT": "1000 per minute", "LMS_LOG_REQUESTS": "false"}
        flask = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "lms"]
        run_env = {k: v for k, v in os.environ.items()
                   if not k.startswith(("LMS_", "FLASK_"))} | env
        for command in (["init"], ["keys", "init"]):
            subprocess.run(flask + command, cwd=ROOT, env=run_env, check=True,
                           capture_output=True)
        accounts = json.loads(subprocess.run(flask + ["demo", "--json"], cwd=ROOT,
                                             env=run_env, check=True, capture_output=True,
                                             text=True).stdout)
        trainer = next(a for a in accounts if a["username"] == "trainer")
        coordinator = next(a for a in accounts if a["role"] == "coordinator")
        database = folder / "gramota.sqlite3"
        certificates = subprocess.run(
            ["sqlite3", str(database), "SELECT c.user_id, c.number FROM lms_certificate c "
             "JOIN lms_user t ON t.username = 'trainer' "
             "WHERE c.library_id = t.library_id ORDER BY c.id LIMIT 6"],
            capture_output=True, text=True, check=True).stdout.split()
        rows = [line.split("|") for line in certificates]
        steps = {}
        with gunicorn("wsgi:app", env, 2, 4) as server:
            port = server.port
            for _ in range(100):  # the port answers before every worker has started
                if len(memory(server.pid)["own"]) == 2:
                    break
                time.sleep(0.1)
            time.sleep(1)
            steps["started"] = memory(server.pid)
            staff, _token = sign_in(port, trainer["username"], trainer["password"])
            for _ in range(3):
                for path in ("/", "/courses/safe-internet/", LESSON):
                    assert get(port, path)[0] == 200
                    assert get(port, path, staff)[0] == 200
                assert get(port, "/trainer/", staff)[0] == 200
            steps["pages"] = memory(server.pid)
            started = time.perf_counter()
            status, size = get(port, f"/trainer/learners/{rows[0][0]}/certificates/"
                                     f"{rows[0][1]}.pdf", staff)
            first_certificate = time.perf_counter() - started
            assert status == 200 and size > 10_000, (status, size)
            for _ in range(3):
                for user_id, number in rows:
                    assert get(port, f"/trainer/learners/{user_id}/certificates/{number}.pdf",
                               staff)[0] == 200
            steps["certificates"] = memory(server.pid)
            boss, _token = sign_in(port, coordinator["username"], coordinator["password"])
            for _ in range(3):
                for table in EXPORTS:
                    status, _size = get(port, f"/reports/export/{table}.xlsx", boss)
                    assert status == 200, (table, status)
            steps["exports"] = memory(server.pid)
    print(f"gunicorn 2 workers, SQLite demo; {len(rows)} certificates and {len(EXPORTS)} "
          f"workbooks, each asked three times; first certificate: {first_certificate:.2f} s\n")
    print("| after | PSS, master and workers | each worker's own |")
    print("|---|---:|---:|")
    for step, found in steps.items():
        own = " and ".join(f"{mb:.0f}" for mb in found["own"])
        print(f"| {step} | {found['pss']:.0f} MB | {own} MB |")


if __name__ == "__main__":
    main()
