"""Course packs: a folder of ``courses/`` and ``quizzes/`` kept outside the project.

A pack is found in one of two ways:

- a folder listed in ``LMS_CONTENT_PATHS`` (relative paths are in the project folder);
- an installed Python package that names its folder in the ``gramota.course_packs``
  entry point group; the entry point's object is the folder (a path or a string) or a
  function returning it (see examples/gramota-pack-family-scams/).

Packs are loaded after the site's own courses. A course whose address (slug) is already
taken is left out and reported, so ``lms check`` shows the conflict.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

from .model import Catalogue
from .problems import Problem

ENTRY_POINT_GROUP = "gramota.course_packs"


@dataclass(frozen=True)
class Pack:
    name: str
    root: Path  # holds courses/ and quizzes/

    @property
    def courses(self) -> Path:
        return self.root / "courses"

    @property
    def quizzes(self) -> Path:
        return self.root / "quizzes"


def find_packs(paths: list[str] | str, beside: Path) -> tuple[list[Pack], list[Problem]]:
    """The packs configured by path, then the installed ones, and what went wrong."""
    if isinstance(paths, str):
        paths = [p for p in paths.split(os.pathsep) if p]
    packs, problems = [], []
    for value in paths:
        root = Path(value) if Path(value).is_absolute() else beside / value
        packs.append(Pack(root.name, root))
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        try:
            found = entry_point.load()
            packs.append(Pack(entry_point.name, Path(found() if callable(found) else found)))
        except Exception as exc:  # noqa: BLE001 - a broken package must not stop the site
            problems.append(Problem(None, "the course pack could not be loaded: %(error)s",
                                    {"error": str(exc)}, path=entry_point.value))
    for pack in packs:
        if not pack.courses.is_dir():
            problems.append(Problem(None, "a course pack needs a courses folder",
                                    path=str(pack.root)))
    return [p for p in packs if p.courses.is_dir()], problems


def add_pack(catalogue: Catalogue, found: Catalogue, pack: Pack) -> None:
    """Add a pack's courses to the catalogue; a slug already taken is reported, not added."""
    for slug, course in found.courses.items():
        if slug in catalogue.courses:
            catalogue.problems.append(Problem(
                None, "the course '%(course)s' is already in %(other)s; this copy from the "
                "pack %(pack)s is left out",
                {"course": slug, "other": str(catalogue.courses[slug].path), "pack": pack.name},
                path=str(course.path)))
            continue
        catalogue.courses[slug] = course
    catalogue.problems.extend(found.problems)
