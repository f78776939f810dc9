"""The test platform, served and registered with Gramota."""

from __future__ import annotations

import pytest
from lti_platform import served


@pytest.fixture
def platform(app, library):
    """The platform, served on 127.0.0.1, and registered with Gramota for ``library``."""
    with served(app, library) as platform:
        yield platform
