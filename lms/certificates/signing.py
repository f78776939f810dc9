"""Signing certificate PDFs (PAdES, pyHanko) with the issuing network's key.

Keys live in the instance folder: ``instance/signing/<network code>/key.pem`` and
``cert.pem``, or ``instance/signing/default/`` for every network without its own
(``LMS_SIGNING_KEYS_DIR`` moves the ``signing`` folder).
``flask lms keys init`` makes a self-signed pair for a new installation.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from pathlib import Path

from ..pdf.signatures import SigningUnavailable, sign_pdf
from ..pdf.signatures import pyhanko_signers as _pyhanko_signers

__all__ = ["SigningUnavailable", "create_self_signed", "key_folder", "keys_root",
           "load_signer", "load_signers", "sign_pdf"]

SIGNING_DIR = "signing"
DEFAULT_KEY = "default"


def keys_root(app) -> Path:
    """Return the folder that holds the signing keys, one sub-folder per network."""
    return Path(app.instance_path) / app.config.get("LMS_SIGNING_KEYS_DIR", SIGNING_DIR)


def key_folder(root: Path, network_code: str | None) -> Path:
    """Return the folder with the network's key, or the default one."""
    own = root / (network_code or DEFAULT_KEY)
    return own if (own / "key.pem").is_file() else root / DEFAULT_KEY


def create_self_signed(folder: Path, organisation: str, *, years: int = 10) -> Path:
    """Write a new RSA key and a self-signed certificate for it into ``folder``."""
    # cryptography (8 MB) is loaded when keys are made or used, not in every worker
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    common = organisation if "Gramota" in organisation else f"{organisation} — Gramota"
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common),  # not "Gramota — Gramota"
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_cert_sign=True,
            key_encipherment=False, data_encipherment=False, key_agreement=False,
            crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .sign(key, hashes.SHA256()))
    key_path = folder / "key.pem"
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    (folder / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return folder


@lru_cache(maxsize=1)
def _kept_key_signer_class():
    signers = _pyhanko_signers()  # first: pyHanko's other modules import it too
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from pyhanko.sign.general import get_pyca_cryptography_hash

    class KeptKeySigner(signers.SimpleSigner):
        """pyHanko's simple signer reads the private key again for every signature (about
        50 ms with cryptography's key checks); this one reads it once."""

        _loaded = None

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            if mechanism.signature_algo != "rsassa_pkcs1v15":
                return super().sign_raw(data, digest_algorithm)
            if self._loaded is None:
                self._loaded = serialization.load_der_private_key(self.signing_key.dump(),
                                                                  password=None)
            return self._loaded.sign(data, PKCS1v15(),
                                     get_pyca_cryptography_hash(digest_algorithm))

    return KeptKeySigner


@lru_cache(maxsize=16)
def _signer(key_path: str, cert_path: str, _mtime: float, passphrase: bytes | None):
    signer_class = _kept_key_signer_class()
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    try:
        key = load_private_key_from_pemder(key_path, passphrase=passphrase)
        certificate = load_cert_from_pemder(cert_path)
    except (OSError, ValueError, TypeError) as exc:
        # what a missing, unreadable or foreign file, a key of an unknown kind or a wrong
        # passphrase raise; anything else is a fault of the code and is not hidden here
        raise SigningUnavailable(f"the key {key_path} or certificate {cert_path} cannot be "
                                 f"used: {exc}") from exc
    return signer_class(signing_cert=certificate, signing_key=key,
                        cert_registry=SimpleCertificateStore())


def load_signer(folder: Path, passphrase: bytes | None = None):
    """Return a pyHanko signer for the key in ``folder`` or raise SigningUnavailable."""
    key_path, cert_path = folder / "key.pem", folder / "cert.pem"
    if not key_path.is_file() or not cert_path.is_file():
        raise SigningUnavailable(
            f"no signing key in {folder}: run 'flask --app wsgi lms keys init'")
    mtime = max(key_path.stat().st_mtime, cert_path.stat().st_mtime)
    return _signer(str(key_path), str(cert_path), mtime, passphrase)


def load_signers(root: Path) -> int:
    """Load pyHanko and every usable key under ``root`` (before the workers fork, so that
    they share them); return how many keys were loaded. A key that cannot be used, or
    pyHanko missing, is left for the certificate that needs it to report."""
    try:
        _kept_key_signer_class()
    except SigningUnavailable:
        return 0
    loaded = 0
    for folder in sorted(root.iterdir()) if root.is_dir() else ():
        try:
            load_signer(folder)
            loaded += 1
        except SigningUnavailable:
            continue
    return loaded


def load_signer_cache_size() -> int:
    """How many signing keys this process holds loaded."""
    return _signer.cache_info().currsize
