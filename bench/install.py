"""What a fresh machine installs: each lock in a new virtual environment (size on disk,
packages, install time), and `make run` in a fresh clone until the first page answers.

    .venv/bin/python bench/install.py [--runs N] [--no-first-page] [--no-locks] [--at COMMIT]

Works in a temporary folder; nothing in the checkout changes. The first-page run clones
the checkout's last commit (or COMMIT, for a baseline), so commit first. Sizes are what
`du` counts. Prints Markdown for docs/benchmarks.md.
Install times include the downloads (pip's cache makes later runs faster: the median of
several runs is quoted).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ("core", "runtime", "server", "dev")
QUIET = ["--quiet", "--disable-pip-version-check"]


def folder_size(path: Path) -> int:
    """Bytes on disk, as `du` counts them."""
    return sum(f.lstat().st_blocks * 512 for f in path.rglob("*"))


def install(lock: str, folder: Path) -> dict:
    """Install one lock and Gramota into a new venv, as the Makefile does."""
    venv = folder / f"venv-{lock}"
    python = venv / "bin" / "python"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", *QUIET, "--no-deps",
                    "--require-hashes", "-r", str(ROOT / "requirements" / f"{lock}.txt")],
                   check=True, stderr=subprocess.DEVNULL)
    subprocess.run([str(python), "-m", "pip", "install", *QUIET, "--no-deps",
                    "--no-build-isolation", "-e", str(ROOT)], check=True,
                   stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    listed = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze"],
                            check=True, capture_output=True, text=True).stdout.split()
    result = {"lock": lock, "seconds": seconds, "mb": folder_size(venv) / 2**20,
              "packages": len(listed)}
    shutil.rmtree(venv)
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def first_page(folder: Path, commit: str) -> float:
    """Seconds from `make run` in a fresh clone to the catalogue's first answer."""
    clone = folder / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "checkout", "--quiet", commit], cwd=clone, check=True)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LMS_", "FLASK_"))}
    started = time.perf_counter()
    server = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=clone, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        for _ in range(1200):  # ten minutes at most
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    if answer.status == 200 and b"<h1" in answer.read():
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("make run did not answer within ten minutes")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        shutil.rmtree(clone)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-first-page", action="store_true")
    parser.add_argument("--no-locks", action="store_true")
    parser.add_argument("--at", default="HEAD", help="the commit make run is tried at")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gramota-install-") as scratch:
        folder = Path(scratch)
        print("| lock | on disk | packages | install (median) |")
        print("| --- | ---: | ---: | ---: |")
        for lock in () if options.no_locks else LOCKS:
            runs = [install(lock, folder) for _ in range(options.runs)]
            seconds = statistics.median(run["seconds"] for run in runs)
            print(f"| requirements/{lock}.txt | {runs[0]['mb']:.0f} MB | "
                  f"{runs[0]['packages']} | {seconds:.1f} s |")
        if not options.no_first_page:
            times = [first_page(folder, options.at) for _ in range(options.runs)]
            print(f"\n`make run` in a fresh clone to the first page: median "
                  f"{statistics.median(times):.1f} s ({', '.join(f'{t:.1f}' for t in times)})")


if __name__ == "__main__":
    main()
