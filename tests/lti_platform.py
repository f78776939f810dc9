"""A learning platform for the LTI tests, as Moodle plays it: its own RSA key and key set,
the id tokens it signs, an OAuth token endpoint that checks the tool's signed assertion,
and a gradebook line item that records the scores it is sent. It is served over HTTP on
127.0.0.1, since the tool reaches it with real requests."""

from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask, jsonify, request
from pylti1p3.registration import Registration
from werkzeug.serving import make_server

ISSUER = "https://moodle.example-library.ru"
CLIENT_ID = "gramota-tool-1"
DEPLOYMENT = "3"
LTI = "https://purl.imsglobal.org/spec/lti/claim/"
SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"


def _pem(key, private: bool) -> str:
    if private:
        return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption()).decode()
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo
                                         ).decode()


def _posted(action: str, fields: dict) -> str:
    """A page that posts ``fields`` to ``action`` at once, as a platform's pages do."""
    inputs = "".join(f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
                     for name, value in fields.items())
    return (f'<!doctype html><title>Moodle</title><form method="post" id="go" '
            f'action="{escape(action)}">{inputs}<button>Continue</button></form>'
            f"<script>document.getElementById('go').submit()</script>")


@dataclass
class Platform:
    base: str = ""
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048))
    kid: str = "platform-key-1"
    tool_public_pem: str = ""  # the tool's key, as the administrator pasted its key set URL
    scores: list = field(default_factory=list)  # (path, headers, body) of each score sent
    refuse_scores: bool = False
    tool: str = ""  # Gramota's address, for the pages a browser goes through
    launch_claims: dict = field(default_factory=dict)  # what its next id token says
    key_sets_sent: int = 0

    def id_token(self, claims: dict, key: rsa.RSAPrivateKey | None = None) -> str:
        now = int(time.time())
        body = {"iss": ISSUER, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                LTI + "version": "1.3.0", LTI + "deployment_id": DEPLOYMENT, **claims}
        return jwt.encode(body, _pem(key or self.key, private=True), algorithm="RS256",
                          headers={"kid": self.kid})

    def app(self) -> Flask:
        app = Flask("platform")

        @app.get("/jwks")
        def jwks():
            self.key_sets_sent += 1
            public = dict(Registration.get_jwk(_pem(self.key, private=False)), kid=self.kid)
            return jsonify(keys=[public])

        @app.post("/token")
        def token():
            assertion = request.form["client_assertion"]
            claims = jwt.decode(assertion, self.tool_public_pem, algorithms=["RS256"],
                                audience=self.base + "/token")
            assert claims["iss"] == claims["sub"] == CLIENT_ID
            return jsonify(access_token="platform-access-token", token_type="Bearer",
                           expires_in=3600, scope=request.form["scope"])

        @app.post("/courses/7/lineitems/12/lineitem/scores")
        def scores():
            if self.refuse_scores:
                return "the gradebook is being upgraded", 503
            self.scores.append((request.path, dict(request.headers),
                                json.loads(request.get_data())))
            return jsonify({})

        @app.get("/course/view")
        def course_page():
            """The learner's click on the activity: Moodle posts the sign-in to the tool."""
            return _posted(self.tool + "/lti/login", {
                "iss": ISSUER, "client_id": CLIENT_ID, "login_hint": "user-42",
                "lti_message_hint": "resource-9", "target_link_uri": self.tool + "/lti/launch"})

        @app.get("/auth")
        def auth():
            """The platform's authorisation: the id token, posted to the tool's launch."""
            token = self.id_token({**self.launch_claims, "nonce": request.args["nonce"]})
            return _posted(request.args["redirect_uri"], {"id_token": token,
                                                          "state": request.args["state"]})

        return app

    def wait_for_scores(self, count: int, seconds: float = 15) -> list[dict]:
        """The bodies of the scores received, once ``count`` have arrived (sent by the
        tool's thread after its answer)."""
        deadline = time.monotonic() + seconds
        while len(self.scores) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return [body for _path, _headers, body in self.scores]


def begin(client, hint: str = "user-42") -> dict:
    """The platform's first step: the sign-in it begins; what the tool sends back to its
    authorisation endpoint."""
    answer = client.post("/lti/login", data={
        "iss": ISSUER, "client_id": CLIENT_ID, "login_hint": hint,
        "lti_message_hint": "resource-9", "target_link_uri": "http://localhost/lti/launch"})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return {name: values[0] for name, values in
            parse_qs(urlsplit(answer.headers["Location"]).query).items()}


def learner_claims(platform: Platform, *, custom: dict, sub: str = "user-42",
                   **claims) -> dict:
    """What the platform's id token says of a learner opening a placed lesson."""
    return {"sub": sub, "given_name": "Нина", "family_name": "Орлова", "name": "Нина Орлова",
            LTI + "message_type": "LtiResourceLinkRequest",
            LTI + "target_link_uri": "http://localhost/lti/launch",
            LTI + "resource_link": {"id": "resource-9", "title": "Клавиатура"},
            LTI + "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
            LTI + "custom": custom,
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "scope": [SCORE],
                "lineitem": platform.base + "/courses/7/lineitems/12/lineitem"},
            **claims}


def resource_launch(platform: Platform, asked: dict, *, custom: dict, **claims) -> dict:
    """The form the platform posts to the tool: a learner opening a placed lesson."""
    body = {**learner_claims(platform, custom=custom, **claims), "nonce": asked["nonce"]}
    return {"id_token": platform.id_token(body), "state": asked["state"]}


@contextmanager
def served(app, library):
    """A platform served on 127.0.0.1 and registered with Gramota's ``app`` for
    ``library`` (in an app context of ``app``)."""
    from lms.db import db
    from lms.lti import services, tool

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
    try:
        yield platform
    finally:
        server.shutdown()
        thread.join(timeout=5)
