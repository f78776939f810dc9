"""What is wrong in a content file, reported to authors as ``path:line: message``."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from flask import has_app_context
from flask_babel import gettext

from ..i18n import N_

__all__ = ["ERROR", "WARNING", "ContentError", "N_", "Problem", "translate"]

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem in a content file.

    The message is a translatable template with ``%(name)s`` placeholders, so ``lms check``
    can speak the author's language. An error leaves the file out of the catalogue; a
    warning keeps it in.
    """

    line: int | None
    template: str
    params: dict = field(default_factory=dict)
    severity: str = ERROR
    path: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def message(self) -> str:
        return translate(self.template, **self.params)

    def located(self, path: str, line_offset: int = 0) -> Problem:
        """Return this problem placed in a file (and shifted by a number of lines)."""
        line = None if self.line is None else self.line + line_offset
        return replace(self, path=path, line=line)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        mark = "" if self.is_error else " (" + translate("warning") + ")"
        return f"{where}: {self.message}{mark}"


def translate(template: str, **params) -> str:
    """Translate a message when an app is at hand (the CLI, a page); English otherwise."""
    if has_app_context():
        return gettext(template, **params)
    return template % params if params else template


class ContentError(Exception):
    """A content file cannot be used; carries the problem that says why."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem
