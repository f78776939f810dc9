"""The test platform, served and registered with Gramota."""

from __future__ import annotations

import threading

import pytest
from lti_platform import CLIENT_ID, DEPLOYMENT, ISSUER, Platform
from werkzeug.serving import make_server

from lms.db import db
from lms.lti import services, tool


@pytest.fixture
def platform(app, library):
    """The platform, served on 127.0.0.1, and registered with Gramota for ``library``."""
    platform = Platform()
    server = make_server("127.0.0.1", 0, platform.app(), threaded=True)
    platform.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with app.test_request_context():
        platform.tool_public_pem = tool.registration_of(services.add_platform(
            name="Moodle ЦБС", issuer=ISSUER, client_id=CLIENT_ID, deployment_ids=[DEPLOYMENT],
            auth_login_url=platform.base + "/auth", auth_token_url=platform.base + "/token",
            key_set_url=platform.base + "/jwks", library=library)).get_tool_public_key()
    db.session.commit()
    yield platform
    server.shutdown()
    thread.join(timeout=5)
