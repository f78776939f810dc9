"""A certificate that proves itself: its QR code carries a signed claim (who, which course,
hours, date, network, number), so that anyone with the network's public key can check it
with no connection, as the EU digital COVID certificate was checked.

    claim (CBOR map)  →  COSE_Sign1, ES256 (RFC 9052)  →  base45 (RFC 9285)  →
    HTTPS://SITE/V/<base45, with "%" and " " escaped>

Every character of that link is in the QR code's alphanumeric set (upper-case letters,
digits, " $%*+-./:"), so the code stays small enough to print and scan at the size of the
certificate's corner, and a phone's camera still opens it as a link: the page verifies it
on the server, or in the browser when offline.

COSE_Sign1 is written here with cbor2 and cryptography (a few lines of RFC 9052, §4.4):
the COSE libraries on the index are not kept up. The key is the network's own EC P-256
key (``instance/signing/<network>/qr-key.pem``), made on first use beside its PDF key.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import base45
import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from ..security import kept_private_key

QR_KEY = "qr-key.pem"
ES256 = -7  # COSE algorithm: ECDSA with SHA-256 on P-256
COSE_SIGN1 = 18  # the CBOR tag of a COSE_Sign1 message
PATH = "/V/"  # the claim's link: HTTPS://SITE/V/<claim>

# the claim's keys: small numbers, so that the code stays small
NUMBER, HOLDER, COURSE, HOURS, ISSUED, NETWORK, CODE, AUDIENCE = range(1, 9)


class ClaimError(ValueError):
    """A claim that is not whole, not signed by a known key, or changed; says why."""


@dataclass(frozen=True)
class Claim:
    number: str
    holder: str
    course: str
    hours: float | None
    issued: date
    network: str
    code: str
    audience: str


def qr_key(folder: Path) -> ec.EllipticCurvePrivateKey:
    """The network's claim key in ``folder``, made on first use."""
    return kept_private_key(folder / QR_KEY, lambda: ec.generate_private_key(ec.SECP256R1()))


def public_jwk(key: ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey,
               kid: str) -> dict:
    """The public key as a JSON Web Key (what a verifier keeps, and what WebCrypto
    imports)."""
    numbers = (key.public_key() if hasattr(key, "public_key") else key).public_numbers()

    def b64(value: int) -> str:
        return base64.urlsafe_b64encode(value.to_bytes(32, "big")).rstrip(b"=").decode()

    return {"kty": "EC", "crv": "P-256", "kid": kid, "x": b64(numbers.x), "y": b64(numbers.y)}


def key_from_jwk(jwk: dict) -> ec.EllipticCurvePublicKey:
    def number(text: str) -> int:
        return int.from_bytes(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), "big")

    if jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
        raise ClaimError("the key is not an EC P-256 key")
    return ec.EllipticCurvePublicNumbers(number(jwk["x"]), number(jwk["y"]),
                                         ec.SECP256R1()).public_key()


def _to_be_signed(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def sign(claim: Claim, key: ec.EllipticCurvePrivateKey) -> bytes:
    """The claim as a COSE_Sign1 message, signed with ``key`` (its kid: the network)."""
    return seal({NUMBER: claim.number, HOLDER: claim.holder, COURSE: claim.course,
                 HOURS: claim.hours, ISSUED: claim.issued.isoformat(), NETWORK: claim.network,
                 CODE: claim.code, AUDIENCE: claim.audience}, claim.network, key)


def seal(content, kid: str, key: ec.EllipticCurvePrivateKey) -> bytes:
    """``content`` in CBOR, as a COSE_Sign1 message signed with ``key``."""
    payload = cbor2.dumps(content)
    protected = cbor2.dumps({1: ES256, 4: kid.encode()})
    der = key.sign(_to_be_signed(protected, payload),  # the same claim, the same code
                   ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    r, s = decode_dss_signature(der)
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")  # COSE: r and s, 32 bytes each
    return cbor2.dumps(cbor2.CBORTag(COSE_SIGN1, [protected, {}, payload, signature]))


def verify(message: bytes, keys: dict[str, ec.EllipticCurvePublicKey]) -> Claim:
    """The claim, if ``message`` is whole and signed by the key of the network it names
    (``keys``: network → public key); else ClaimError."""
    kid, payload = unseal(message, keys)
    try:
        told = cbor2.loads(payload)
        claim = Claim(str(told[NUMBER]), str(told[HOLDER]), str(told[COURSE]),
                      None if told[HOURS] is None else float(told[HOURS]),
                      date.fromisoformat(told[ISSUED]), str(told[NETWORK]), str(told[CODE]),
                      str(told[AUDIENCE]))
    except (ValueError, TypeError, KeyError, cbor2.CBORDecodeError):
        raise ClaimError("the signed claim is not whole") from None
    if claim.network != kid:
        raise ClaimError("the claim names another network than its key")
    return claim


def unseal(message: bytes, keys: dict[str, ec.EllipticCurvePublicKey]) -> tuple[str, bytes]:
    """The signer's kid and the payload of a COSE_Sign1 ``message`` signed by a key of
    ``keys``; else ClaimError."""
    try:
        found = cbor2.loads(message)
        parts = found.value if isinstance(found, cbor2.CBORTag) else found
        protected, _unprotected, payload, signature = parts
        header = cbor2.loads(protected)
        kid = header[4].decode()
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, EOFError,
            cbor2.CBORDecodeError, UnicodeDecodeError):
        raise ClaimError("the code is not a certificate's signed claim") from None
    if header.get(1) != ES256 or not isinstance(signature, bytes) or len(signature) != 64:
        raise ClaimError("the claim is not signed as Gramota signs")
    key = keys.get(kid)
    if key is None:
        raise ClaimError(f"no key of the network {kid!r} is known here")
    try:
        key.verify(encode_dss_signature(int.from_bytes(signature[:32], "big"),
                                        int.from_bytes(signature[32:], "big")),
                   _to_be_signed(protected, payload), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise ClaimError("the signature does not match: the claim was changed, or made "
                         "with another key") from None
    return kid, payload


@dataclass(frozen=True)
class Revoked:
    """A network's signed list of revoked certificates, as of a day; also those issued
    again (number → the one that replaced it, and when)."""
    network: str
    as_of: date
    numbers: frozenset[str]
    replaced: dict[str, tuple[str, str]]


def revocation_list(network: str, as_of: date, numbers: list[str],
                    key: ec.EllipticCurvePrivateKey,
                    replaced: list[tuple[str, str, date]] = ()) -> bytes:
    return seal({1: network, 2: as_of.isoformat(), 3: sorted(numbers),
                 4: [[old, new, on.isoformat()] for old, new, on in sorted(replaced)]},
                network, key)


def read_revocations(message: bytes, keys: dict[str, ec.EllipticCurvePublicKey]) -> Revoked:
    kid, payload = unseal(message, keys)
    try:
        told = cbor2.loads(payload)
        found = Revoked(str(told[1]), date.fromisoformat(told[2]),
                        frozenset(str(number) for number in told[3]),
                        {str(old): (str(new), str(on)) for old, new, on in told.get(4, [])})
    except (ValueError, TypeError, KeyError, cbor2.CBORDecodeError):
        raise ClaimError("the list of revoked certificates is not whole") from None
    if found.network != kid:
        raise ClaimError("the list names another network than its key")
    return found


def link(site: str, message: bytes) -> str:
    """The QR code's text: the site's address in capitals, then the claim in base45 (its
    "%" and " " escaped for a link: still letters of the QR alphanumeric set)."""
    text = base45.b45encode(message).decode().replace("%", "%25").replace(" ", "%20")
    scheme, _, rest = site.rstrip("/").partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.upper()}://{host.upper()}{slash}{path}{PATH}{text}"


def message_of(text: str) -> bytes:
    """The signed claim in a QR code's text (its link, escapes and all)."""
    return from_base45(text.rsplit(PATH, 1)[-1].replace("%20", " ").replace("%25", "%"))


def from_base45(text: str) -> bytes:
    """The signed claim from its base45 letters (the link's path, once unescaped)."""
    try:
        return base45.b45decode(text)
    except ValueError:
        raise ClaimError("the code is not a certificate's signed claim") from None
