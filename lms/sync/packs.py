"""Course packs sent with the region's answer: the region's packs (``LMS_CONTENT_PATHS``
and the installed ones) go to its nodes, each only when the node does not have it as it
is now, and the node keeps them in ``instance/node/packs/<name>/``, read as packs of its
own at the next start.

A pack travels as its files' text (Markdown, YAML; an image as base64), which zstandard
packs small; its digest says whether the node has it already.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

from flask import Flask

from ..content.packs import find_packs
from ..content.sources import project_folder

FOLDERS = ("courses", "quizzes")
MAX_PACK_BYTES = 20 * 1024 * 1024  # a pack larger than this is not sent (a stick is better)
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
DIGEST_FILE = ".digest"


class PackRefused(ValueError):
    """A pack in an answer that cannot be kept here; says why."""


def packs_folder(instance_path: str) -> Path:
    return Path(instance_path) / "node" / "packs"


def files_of(root: Path) -> dict[str, str | dict]:
    """The pack's files by their path under it; text as it is, others as base64."""
    found: dict[str, str | dict] = {}
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if not path.is_file() or path.is_symlink() or path.name.startswith("."):
                continue
            data, name = path.read_bytes(), path.relative_to(root).as_posix()
            try:
                found[name] = data.decode("utf-8")
            except UnicodeDecodeError:
                found[name] = {"base64": base64.b64encode(data).decode()}
    return found


def digest_of(files: dict) -> str:
    return hashlib.sha256(json.dumps(files, sort_keys=True, ensure_ascii=False)
                          .encode()).hexdigest()


def region_packs(app: Flask, the_node_has: dict[str, str] | None) -> list[dict]:
    """At the region: its packs, leaving out those the node has as they are
    (``the_node_has``: name → digest; None: the node has nothing we know of)."""
    packs, _problems = find_packs(app.config["LMS_CONTENT_PATHS"], beside=project_folder(app))
    sent = []
    for pack in packs:
        if not NAME_RE.match(pack.name) or Path(pack.root).resolve().is_relative_to(
                packs_folder(app.instance_path).resolve()):
            continue  # a node's own copy is never sent on (a region that is a node)
        files = files_of(pack.root)
        digest = digest_of(files)
        if (the_node_has or {}).get(pack.name) == digest:
            continue
        if sum(len(str(text)) for text in files.values()) > MAX_PACK_BYTES:
            continue
        sent.append({"name": pack.name, "digest": digest, "files": files})
    return sent


def node_has(instance_path: str) -> dict[str, str]:
    """At a node: the packs it keeps, name → digest."""
    folder, found = packs_folder(instance_path), {}
    if folder.is_dir():
        for pack in sorted(folder.iterdir()):
            if (pack / DIGEST_FILE).is_file():
                found[pack.name] = (pack / DIGEST_FILE).read_text().strip()
    return found


def header_of(packs: dict[str, str]) -> str:
    return ",".join(f"{name}={digest}" for name, digest in sorted(packs.items()))


def read_header(value: str) -> dict[str, str]:
    """The node's "Gramota-Packs" header; names or digests not in form are left out."""
    found = {}
    for item in value.split(",")[:200]:
        name, _, digest = item.strip().partition("=")
        if NAME_RE.match(name) and re.fullmatch(r"[0-9a-f]{64}", digest):
            found[name] = digest
    return found


def keep(instance_path: str, pack: dict) -> None:
    """At a node: keep a pack from the answer, whole or not at all (written beside, then
    put in place of the old one)."""
    name, files = pack.get("name"), pack.get("files")
    if not isinstance(name, str) or not NAME_RE.match(name) or not isinstance(files, dict):
        raise PackRefused("a course pack in the answer is not in the expected form")
    if digest_of(files) != pack.get("digest"):
        raise PackRefused(f"the course pack {name} is not whole")
    folder = packs_folder(instance_path)
    target, fresh = folder / name, folder / f".{name}.new"
    shutil.rmtree(fresh, ignore_errors=True)
    for path, content in files.items():
        parts = Path(path).parts
        if (not parts or parts[0] not in FOLDERS or ".." in parts or Path(path).is_absolute()
                or any(part.startswith(".") for part in parts)):
            shutil.rmtree(fresh, ignore_errors=True)
            raise PackRefused(f"the course pack {name} has a file outside its folders: {path}")
        out = fresh / path
        out.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, dict):
            out.write_bytes(base64.b64decode(content.get("base64", "")))
        else:
            out.write_text(str(content), encoding="utf-8")
    (fresh / DIGEST_FILE).write_text(pack["digest"])
    (fresh / "courses").mkdir(exist_ok=True)
    old = folder / f".{name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def node_pack_paths(instance_path: str) -> list[str]:
    """The packs a node keeps, as content paths."""
    return [str(packs_folder(instance_path) / name) for name in node_has(instance_path)]


def use_node_packs(app: Flask) -> None:
    """Add the packs the node keeps to its content paths (at start, and after an answer
    brought a new one)."""
    paths = app.config["LMS_CONTENT_PATHS"]
    if isinstance(paths, str):
        paths = [path for path in paths.split(os.pathsep) if path]
    app.config["LMS_CONTENT_PATHS"] = [*paths, *(path for path in node_pack_paths(
        app.instance_path) if path not in paths)]
