"""What gunicorn's master loads before it forks the workers, so that they share it.

With ``preload_app`` (gunicorn.conf.py) the workers are copies of the master: what it
loaded is in memory once, shared by every worker until one changes it. Loaded here: the
courses; the certificate's drawing code and fonts (reportlab); pyHanko and the networks'
signing keys; each language's date and number formats and interface catalogue. Without
this, each worker loads them on its first certificate or page: a second's wait for that
person, and a copy per worker. ``flask`` commands never call this.
"""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask_babel import force_locale, format_date, format_decimal, get_translations

from ..certificates.signing import keys_root, load_signers
from ..state import get_state


def load_before_fork(app: Flask) -> None:
    with app.app_context():
        get_state(app).catalogue  # noqa: B018 (loads the courses)
        from ..certificates import render  # noqa: F401 (reportlab and the layout)
        from ..pdf.drawing import register_fonts

        register_fonts()
        load_signers(keys_root(app))
        for lang in app.config["LMS_LANGUAGES"]:  # dates, numbers and the interface's words
            with force_locale(lang):
                format_date(date(2026, 1, 1), "long")
                format_decimal(1234.5)
                get_translations().gettext("Courses")
