"""What Gramota keeps for each app, in ``app.extensions["lms"]``, and how code finds it:
the course catalogue, the content folders, the pages kept in memory."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app

from .content.model import Catalogue

PAGES_KEPT = 1000  # about 16 KB each: at most 16 MB per worker


class KeptPages:
    """A bounded, thread-safe store of rendered pages; the least recently used go first."""

    def __init__(self, size: int = PAGES_KEPT):
        self.size, self.pages, self.lock = size, OrderedDict(), threading.Lock()

    def get_or_render(self, key, render: Callable[[], str]) -> str:
        with self.lock:
            if key in self.pages:
                self.pages.move_to_end(key)
                return self.pages[key]
        page = render()  # outside the lock: two threads may render the same page once each
        with self.lock:
            self.pages[key] = page
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)
        return page


@dataclass
class LMSState:
    """What the extension keeps per app."""

    catalogue: Catalogue
    courses_dir: Path
    quizzes_dir: Path
    # pages rendered for visitors who are not signed in, and parts of pages the same for
    # everyone (a lesson's text, the menus): lms/web/page_cache.py
    kept_pages: KeptPages = field(default_factory=KeptPages)


def get_state(app: Flask | None = None) -> LMSState:
    """Return the extension state of ``app`` (the current app by default)."""
    return (app or current_app).extensions["lms"]


def catalogue() -> Catalogue:
    """Return the current app's course catalogue."""
    return get_state().catalogue
