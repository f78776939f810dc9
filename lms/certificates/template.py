"""Certificate templates: YAML files in ``certificates/``, a network's file over the default."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT = "default"


class TemplateError(ValueError):
    """A certificate template cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Template:
    name: str
    folder: Path
    colours: dict[str, str]
    blocks: list[dict]
    labels: dict[str, dict[str, str]]
    qr: dict = field(default_factory=lambda: {"x": 245, "y": 12, "size": 34})
    logo: Path | None = None
    signature: Path | None = None
    signatory: dict[str, str] | None = None

    def label(self, key: str, lang: str) -> str:
        texts = self.labels.get(key) or {}
        return texts.get(lang) or texts.get("ru") or next(iter(texts.values()), "")


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise TemplateError(f"{path}: {exc}") from None
    if not isinstance(data, dict):
        raise TemplateError(f"{path}: must be 'key: value' lines")
    return data


def cached_template(folder: Path, *names: str) -> Template:
    """Like load_template, but read from disk again only when one of the files changed."""
    files = [folder / f"{name}.yaml" for name in (DEFAULT, *names) if name]
    stamps = tuple(path.stat().st_mtime_ns if path.is_file() else 0 for path in files)
    return _cached(folder, names, stamps)


@lru_cache(maxsize=64)
def _cached(folder: Path, names: tuple[str, ...], _stamps: tuple[int, ...]) -> Template:
    return load_template(folder, *names)


def load_template(folder: Path, *names: str) -> Template:
    """Load the default template and lay each named one (e.g. a network's) over it."""
    data = _read(folder / f"{DEFAULT}.yaml")
    used = DEFAULT
    for name in names:
        path = folder / f"{name}.yaml"
        if name and name != DEFAULT and path.is_file():
            override = _read(path)
            for key in ("colours", "labels"):
                data[key] = {**data.get(key, {}), **override.pop(key, {})}
            data.update(override)
            used = name

    def picture(key: str) -> Path | None:
        if not data.get(key):
            return None
        path = (folder / data[key]).resolve()
        if folder.resolve() not in path.parents or not path.is_file():
            raise TemplateError(f"{folder / used}.yaml: picture {data[key]} not found")
        return path

    blocks = data.get("blocks") or []
    if not all(isinstance(b, dict) and "text" in b and "y" in b for b in blocks):
        raise TemplateError(f"{folder / used}.yaml: every block needs text and y")
    return Template(name=used, folder=folder, colours=data.get("colours", {}), blocks=blocks,
                    labels=data.get("labels", {}), qr=data.get("qr") or {},
                    logo=picture("logo"), signature=picture("signature"),
                    signatory=data.get("signatory"))
