"""Gramota: a course engine for libraries teaching older citizens digital literacy.

``create_app()`` builds the standalone site; ``LMS`` mounts the engine into another
Flask site (``LMS(app)`` or ``LMS().init_app(app)``).
"""

from .app import create_app
from .extension import LMS

__all__ = ["LMS", "create_app"]
