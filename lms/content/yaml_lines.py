"""YAML read the safe way, each mapping keeping its line (``__line__``), so that a file a
person wrote (a practice, a printed report's form) can be checked with file:line messages."""

from __future__ import annotations

import yaml


class _Loader(yaml.SafeLoader):
    """SafeLoader, and every mapping notes the line it starts on."""


def _mapping(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load_with_lines(text: str):
    """The YAML document, each mapping with its ``__line__``; raises yaml.YAMLError."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader
