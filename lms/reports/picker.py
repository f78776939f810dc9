"""Choosing branches among many without JavaScript: the chosen ones ticked at the top, a
search by name that narrows the list, and every branch, network by network, folded away."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from ..people.models import Library
from ..people.validation import search_key

FOLDED_FROM = 12  # more branches than this: the full list is folded under a summary


@dataclass
class Picker:
    find: str
    chosen: list[Library]
    found: list[Library] | None = None   # the branches the search matched (None: no search)
    networks: list[tuple[str, list[Library]]] = field(default_factory=list)
    folded: bool = False
    ticked_match: bool = False  # a ticked branch matches the search too


def branch_picker(visible: list[Library], chosen_ids: list[int], find: str) -> Picker:
    find = " ".join(find.split())[:100]
    chosen = [lib for lib in visible if lib.id in chosen_ids]
    ordered = sorted(visible, key=lambda lib: (lib.network.name, lib.name))
    picker = Picker(find, chosen, folded=len(visible) > FOLDED_FROM, networks=[
        (name, list(libs)) for name, libs in groupby(ordered, key=lambda lib: lib.network.name)])
    if find:
        wanted = search_key(find)
        matches = [lib for lib in ordered
                   if wanted in search_key(f"{lib.name} {lib.code} {lib.network.name}")]
        picker.found = [lib for lib in matches if lib.id not in chosen_ids]
        picker.ticked_match = len(picker.found) < len(matches)
    return picker
