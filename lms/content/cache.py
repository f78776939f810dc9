"""Rendered content files kept on disk, so that a start renders only what changed.

Rendering every lesson and quiz of the catalogue takes seconds (about 5 s for the eight
courses on a busy machine, ten times that for eighty), and every worker and every
``flask`` command would pay it. Each file is rendered once and its result (the HTML, the
front matter's values, the questions, and the problems found in it) is kept in the
instance folder (``LMS_CONTENT_CACHE_DIR``), under a key made of everything the result
depends on:

- the file's bytes and its path;
- how it is read (a lesson, a course's index, a quiz; the language; the image prefix);
- the names of the files beside it (an image added or removed changes "image not found");
- the code that renders it: the source of ``lms/content/`` and the versions of the
  Markdown libraries and of any question types from other packages.

Anything else makes a new key, never a stale page. An entry that cannot be read is made
again; a folder that cannot be written to is used as far as it can be (a start then
renders as before). After a whole load, entries no load asked for are removed. The
entries are pickles: the instance folder is trusted like its ``config.py``, which Flask
runs.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
FORMAT = b"1"  # the layout of an entry; a change makes every key new
SUFFIX = ".pickle"


class RenderedFiles:
    """The rendered files kept in ``folder`` (``None``: nothing kept, everything made)."""

    def __init__(self, folder: Path | None = None, *, max_bytes: int = 1_000_000):
        self.folder, self.max_bytes = folder, max_bytes
        self.used: set[str] = set()
        self.listings: dict[str, bytes] = {}
        self.made = self.reused = 0
        self.writable = folder is not None

    def get_or_make(self, path: Path, how: tuple, make: Callable[[], T]) -> T:
        """Return what ``make()`` gives for ``path`` read ``how``, kept or made now."""
        if self.folder is None:
            return make()
        try:
            if path.stat().st_size > self.max_bytes:
                return make()  # reports the file as too large, without reading it
            data = path.read_bytes()
        except OSError:
            return make()
        name = self.key(path, how, data)
        self.used.add(name)
        entry = self.folder / (name + SUFFIX)
        try:
            with entry.open("rb") as kept:
                value = pickle.load(kept)  # noqa: S301 (the instance folder is trusted)
            self.reused += 1
            return value
        except FileNotFoundError:
            pass
        except Exception:  # noqa: BLE001 (a broken entry is made again)
            log.warning("content cache: %s could not be read; rendering %s again", entry, path)
        value = make()
        self.made += 1
        self.keep(entry, value)
        return value

    def key(self, path: Path, how: tuple, data: bytes) -> str:
        digest = hashlib.sha256(code_fingerprint())
        where = str(path)
        for part in (where.encode(), repr(how).encode(), self.listing(os.path.dirname(where)),
                     data):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.hexdigest()

    def listing(self, folder: str) -> bytes:
        """The names of the files in ``folder`` and below (the images a file may show)."""
        if folder not in self.listings:
            names = sorted(os.path.relpath(os.path.join(top, name), folder)
                           for top, _folders, files in os.walk(folder)
                           for name in files if not name.startswith("."))
            self.listings[folder] = "\n".join(names).encode()
        return self.listings[folder]

    def keep(self, entry: Path, value) -> None:
        if not self.writable:
            return
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".part")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)  # whole or not at all, also for another worker
        except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
            self.writable = False
            log.warning("content cache: %s cannot be written (%s); content is rendered at "
                        "each start", self.folder, exc)

    def prune(self) -> int:
        """Remove the entries this load did not ask for; return how many went."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        removed = 0
        for entry in self.folder.iterdir():
            if entry.suffix in (SUFFIX, ".part") and entry.stem not in self.used:
                try:
                    entry.unlink()
                    removed += 1
                except OSError:
                    pass  # another worker took it away first
        return removed


@cache
def code_fingerprint() -> bytes:
    """What renders content: this package's source, the Markdown libraries, the question
    types other packages add."""
    digest = hashlib.sha256(FORMAT)
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(source.read_bytes())
    for package in ("markdown-it-py", "mdit-py-plugins", "pyyaml"):
        digest.update(f"{package}={version(package)}".encode())
    for point in sorted(metadata.entry_points(group="gramota.question_types"),
                        key=lambda point: point.name):
        digest.update(f"{point.name}={point.value}".encode())
        if point.dist is not None:
            digest.update(f"{point.dist.name}={point.dist.version}".encode())
    return digest.digest()


def version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"
