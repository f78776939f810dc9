"""What Gramota keeps for each app, in ``app.extensions["lms"]``, and how code finds it:
the course catalogue, the content folders, the pages kept in memory."""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app

from .content.model import Catalogue

MEGABYTE = 1024 * 1024


class PageCache:
    """A thread-safe store of rendered pages and parts of pages, bounded in bytes (keys
    included); the least recently asked go first. What goes in, and under which keys:
    lms/web/page_cache.py."""

    def __init__(self, megabytes: float = 16):
        self.bytes_kept = int(megabytes * MEGABYTE)
        self.entries: OrderedDict[tuple, object] = OrderedDict()
        self.size, self.lock = 0, threading.Lock()

    def get(self, key: tuple):
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def keep(self, key: tuple, value) -> None:
        with self.lock:
            if key in self.entries:  # two threads rendered the same page: the first stays
                return
            self.entries[key] = value
            self.size += weight(key, value)
            while self.size > self.bytes_kept and self.entries:
                self.size -= weight(*self.entries.popitem(last=False))

    def get_or_render(self, key: tuple, render: Callable[[], str]) -> str:
        value = self.get(key)
        if value is None:
            value = render()  # outside the lock: two threads may render it once each
            self.keep(key, value)
        return value


def weight(key: tuple, value) -> int:
    """The bytes an entry holds in memory, about: its key's text and its value."""
    return sum(sys.getsizeof(part) for part in key) + sys.getsizeof(value)


@dataclass
class LMSState:
    """What the extension keeps per app."""

    courses_dir: Path
    quizzes_dir: Path
    # visitors' pages and the parts of pages that are the same for everyone (a lesson's
    # text): lms/web/page_cache.py
    page_cache: PageCache = field(default_factory=PageCache)
    # loads the courses when they are first asked for (a command that does not need them
    # never loads them); None: an empty catalogue
    load: Callable[[], Catalogue] | None = None
    loaded: Catalogue | None = None
    loading: threading.Lock = field(default_factory=threading.Lock)
    # the addresses of pages without arguments, per mount point: lms/web/templating.py
    fixed_urls: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def catalogue(self) -> Catalogue:
        """The courses, loaded on first use (once, whichever thread asks first)."""
        if self.loaded is None:
            with self.loading:
                if self.loaded is None:
                    self.loaded = self.load() if self.load else Catalogue()
        return self.loaded

    @catalogue.setter
    def catalogue(self, catalogue: Catalogue) -> None:
        self.loaded = catalogue


def get_state(app: Flask | None = None) -> LMSState:
    """Return the extension state of ``app`` (the current app by default)."""
    return (app or current_app).extensions["lms"]


def catalogue() -> Catalogue:
    """Return the current app's course catalogue."""
    return get_state().catalogue
