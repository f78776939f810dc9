"""pylti1p3 fitted to Gramota: the platforms read from the database, the tool's key in the
instance folder, and the state of a sign-in kept in the database."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import current_app, request
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
from pylti1p3.deployment import Deployment
from pylti1p3.launch_data_storage.cache import CacheDataStorage
from pylti1p3.registration import Registration
from pylti1p3.tool_config.abstract import ToolConfAbstract
from requests import Session
from sqlalchemy import delete, select

from ..db import db, utcnow
from ..security import kept_private_key
from .models import LtiPlatform, LtiState

TOOL_KEY = "lti-key.pem"  # in the signing keys' folder: the tool's RS256 key
LAUNCH_LIFETIME = 2 * 60 * 60  # a launch's claims are kept this long (seconds)
KEYS_LIFETIME = 10 * 60  # a platform's key set is fetched again after this (seconds)
TIMEOUT = 10  # seconds a platform has to answer the tool (its keys, a token, a grade)


def platform_session() -> Session:
    """An HTTP session to the platforms that gives up after TIMEOUT: a platform that does
    not answer never holds a worker."""
    session = Session()
    session.request = partial(session.request, timeout=TIMEOUT)
    return session


def tool_key() -> rsa.RSAPrivateKey:
    """The tool's key (RSA, as LTI 1.3 signs with RS256), made on first use."""
    folder = Path(current_app.instance_path) / current_app.config["LMS_SIGNING_KEYS_DIR"]
    return kept_private_key(folder / TOOL_KEY,
                            lambda: rsa.generate_private_key(public_exponent=65537,
                                                             key_size=2048))


def _pem(private: bool) -> str:
    key = tool_key()
    if private:
        return key.private_bytes(serialization.Encoding.PEM,
                                 serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption()).decode()
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo
                                         ).decode()


def public_jwks() -> dict:
    """The tool's public key set, which every platform reads at /lti/jwks.json."""
    return {"keys": [Registration.get_jwk(_pem(private=False))]}


def registration_of(platform: LtiPlatform) -> Registration:
    return (Registration().set_issuer(platform.issuer).set_client_id(platform.client_id)
            .set_auth_login_url(platform.auth_login_url)
            .set_auth_token_url(platform.auth_token_url)
            .set_key_set_url(platform.key_set_url)
            .set_tool_private_key(_pem(private=True))
            .set_tool_public_key(_pem(private=False)))


class Platforms(ToolConfAbstract[FlaskRequest]):
    """The registered platforms, as pylti1p3 asks for them (one issuer may have several
    client ids: a Moodle with two registrations of the tool)."""

    def __init__(self) -> None:
        self.issuers_relation_types = {}

    def _find(self, iss: str, client_id: str | None) -> LtiPlatform | None:
        query = select(LtiPlatform).where(LtiPlatform.issuer == iss)
        if client_id:
            query = query.where(LtiPlatform.client_id == client_id)
        return db.session.scalars(query.order_by(LtiPlatform.id)).first()

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss, *args, **kwargs):
        found = self._find(iss, None)
        return registration_of(found) if found else None

    def find_registration_by_params(self, iss, client_id, *args, **kwargs):
        found = self._find(iss, client_id)
        return registration_of(found) if found else None

    def find_deployment(self, iss, deployment_id):
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        found = self._find(iss, client_id)
        if found is None or deployment_id not in found.deployments:
            return None
        return Deployment().set_deployment_id(deployment_id)

    def platform(self, iss: str, client_id: str | None) -> LtiPlatform | None:
        return self._find(iss, client_id)


class _Rows:
    """A cache (get/set with a lifetime) in the lms_lti_state table."""

    def get(self, key: str):
        row = db.session.get(LtiState, key)
        return row.value if row is not None and row.expires_at > utcnow() else None

    def set(self, key: str, value, exp: int | None) -> None:
        expires = utcnow() + timedelta(seconds=exp or LAUNCH_LIFETIME)
        db.session.merge(LtiState(key=key, value=value, expires_at=expires))
        db.session.flush()


class StateInDatabase(CacheDataStorage):
    """pylti1p3's launch data storage, in the database: the nonce, the state and the
    launch's claims outlive the cross-site steps of a sign-in, in any worker. A nonce is
    taken when it is checked: the same launch posted again is refused."""

    _cache = _Rows()

    def check_value(self, key: str) -> bool:
        found = super().check_value(key)
        if found and "-nonce-" in self._prepare_key(key):
            db.session.execute(delete(LtiState).where(LtiState.key == self._prepare_key(key)))
        return found


def forget_old_state() -> int:
    """Delete the state of sign-ins that are over."""
    return db.session.execute(delete(LtiState).where(LtiState.expires_at < utcnow())).rowcount


def _storage() -> StateInDatabase:
    storage = StateInDatabase()
    storage.set_request(FlaskRequest())
    return storage


def oidc_login() -> FlaskOIDCLogin:
    flask_request = FlaskRequest(request_data=request.values)
    return FlaskOIDCLogin(flask_request, Platforms(),
                          launch_data_storage=_storage())


def message_launch() -> FlaskMessageLaunch:
    """The launch posted now. The platform's key set is kept for KEYS_LIFETIME, so that a
    class opening a lesson together does not ask the platform for it thirty times."""
    storage = _storage()
    launch = FlaskMessageLaunch(FlaskRequest(request_data=request.form), Platforms(),
                                launch_data_storage=storage,
                                requests_session=platform_session())
    launch.set_public_key_caching(storage, cache_lifetime=KEYS_LIFETIME)
    return launch.set_launch_data_lifetime(LAUNCH_LIFETIME)


def launch_from_store(launch_id: str) -> FlaskMessageLaunch:
    """A launch validated earlier, from its id (the consent and deep-linking pages)."""
    return FlaskMessageLaunch.from_cache(launch_id, FlaskRequest(), Platforms(),
                                         launch_data_storage=_storage())
