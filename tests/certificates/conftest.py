"""Certificates' fixtures."""

from __future__ import annotations

import sys
from importlib.abc import MetaPathFinder

import pytest

from lms.certificates import signing


class NotInstalled(MetaPathFinder):
    """Finds no pyHanko, as Python does where it was never installed."""

    def find_spec(self, name, path, target=None):
        if name.split(".")[0] == "pyhanko":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


@pytest.fixture
def without_pyhanko(monkeypatch):
    """As on the smallest install (requirements/core.txt), which leaves pyHanko out."""
    kept = (signing._pyhanko_signers, signing._kept_key_signer_class, signing._signer)
    for cached in kept:
        cached.cache_clear()
    for name in [name for name in sys.modules if name.split(".")[0] == "pyhanko"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [NotInstalled(), *sys.meta_path])
    yield
    for cached in kept:
        cached.cache_clear()
