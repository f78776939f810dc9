"""What gunicorn's master loads before it forks the workers, so that they share it.

With ``preload_app`` (gunicorn.conf.py) the workers are copies of the master: what it
loaded is in memory once, shared by every worker until one changes it. Loaded here: the
courses; the certificate's drawing code and fonts (reportlab); pyHanko and the networks'
signing keys. Without this, each worker loads them on its first certificate: a second's
wait for that person, and a copy per worker. ``flask`` commands never call this.
"""

from __future__ import annotations

from flask import Flask

from ..certificates.signing import keys_root, load_signers
from ..state import get_state


def load_before_fork(app: Flask) -> None:
    with app.app_context():
        get_state(app).catalogue  # noqa: B018 (loads the courses)
        from ..certificates import render  # noqa: F401 (reportlab and the layout)
        from ..pdf.drawing import register_fonts

        register_fonts()
        load_signers(keys_root(app))
