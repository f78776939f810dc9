"""A certificate as an Open Badges 3.0 credential: a W3C Verifiable Credential (data model
2.0) that the learner keeps in a wallet or sends to an employer, and that any verifier
checks with the network's public key alone.

The proof is a Data Integrity proof with the ``eddsa-rdfc-2022`` cryptosuite (the one
Open Badges 3.0 names for linked-data proofs):

    the proof's options and the credential, each canonicalised (RDF Dataset
    Canonicalization, RDFC-1.0) and hashed with SHA-256  →  Ed25519 signature  →
    ``proofValue``, multibase base58btc

The network's key is an Ed25519 key (``badge-key.pem`` beside its PDF and QR keys, made on
first use); the network, as issuer, is named by that key as a ``did:key``, so a verifier
needs nothing but the credential: no lookup of the issuer on the line.

The JSON-LD contexts the credential names are kept in ``contexts/``: a credential is
canonicalised without reaching any other site, and a changed context cannot change what
was signed. pyld (and lxml, which it brings) is loaded on the first credential made; it
comes with the signing extra, as pyHanko does (without it: SigningUnavailable).
"""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from ..security import kept_private_key
from .signing import SigningUnavailable

BADGE_KEY = "badge-key.pem"
CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OPEN_BADGES_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTEXTS = {CREDENTIALS_V2: "credentials-v2.jsonld",
            OPEN_BADGES_V3: "ob-v3p0-context-3.0.3.json"}
MEDIA_TYPE = "application/vc+ld+json"
ED25519_PUB = b"\xed\x01"  # the multicodec prefix of an Ed25519 public key
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def badge_key(folder: Path) -> ed25519.Ed25519PrivateKey:
    """The network's key for Open Badges credentials in ``folder``, made on first use."""
    return kept_private_key(folder / BADGE_KEY, ed25519.Ed25519PrivateKey.generate)


def did_key(key: ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey) -> str:
    """The key's ``did:key`` (the issuer's id; its one verification method is itself)."""
    public = key.public_key() if hasattr(key, "public_key") else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "did:key:" + base58btc(ED25519_PUB + raw)


def base58btc(data: bytes) -> str:
    """Multibase base58btc ("z", then the bitcoin alphabet)."""
    number, letters = int.from_bytes(data, "big"), ""
    while number:
        number, rest = divmod(number, 58)
        letters = BASE58[rest] + letters
    return "z" + "1" * (len(data) - len(data.lstrip(b"\0"))) + letters


def at(moment: datetime) -> str:
    """An xsd:dateTime to the second, in UTC."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def credential(*, uid: str, name: str, issuer: dict, issued: datetime, holder: str,
               achievement: dict) -> dict:
    """An unsigned OpenBadgeCredential: ``holder`` (her name as printed) achieved
    ``achievement``, awarded by ``issuer`` (a Profile: name and url; its id is set when
    the credential is signed)."""
    return {
        "@context": [CREDENTIALS_V2, OPEN_BADGES_V3],
        "id": f"urn:uuid:{uid}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": {"type": ["Profile"], **issuer},
        "validFrom": at(issued),
        "awardedDate": at(issued),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "name",
                            "hashed": False, "identityHash": holder}],
            "achievement": {"type": ["Achievement"], **achievement},
        },
    }


def sign(unsigned: dict, key: ed25519.Ed25519PrivateKey, created: datetime) -> dict:
    """The credential with the network as its issuer and its eddsa-rdfc-2022 proof."""
    signed = copy.deepcopy(unsigned)
    issuer = did_key(key)
    signed["issuer"]["id"] = issuer
    proof = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
             "created": at(created), "verificationMethod": f"{issuer}#{issuer[8:]}",
             "proofPurpose": "assertionMethod"}
    proof["proofValue"] = base58btc(key.sign(_to_be_signed(signed, proof)))
    signed["proof"] = proof
    return signed


def _to_be_signed(document: dict, proof: dict) -> bytes:
    """eddsa-rdfc-2022's hash data: SHA-256 of the canonical proof options, then of the
    canonical credential (without its proof)."""
    options = {"@context": document["@context"],
               **{name: value for name, value in proof.items() if name != "proofValue"}}
    unsigned = {name: value for name, value in document.items() if name != "proof"}
    return (hashlib.sha256(canonical(options)).digest()
            + hashlib.sha256(canonical(unsigned)).digest())


def canonical(document: dict) -> bytes:
    """The document as canonical N-Quads (RDFC-1.0), its contexts read from this
    folder only."""
    try:
        from pyld import jsonld
    except ImportError:  # the smallest install (requirements/core.txt)
        raise SigningUnavailable("Open Badges credentials need pyld: install "
                                 "gramota[signing]") from None
    return jsonld.normalize(document, {
        "algorithm": "URDNA2015", "format": "application/n-quads",
        "documentLoader": _kept_context, "safe": True}).encode()


def _kept_context(url: str, _options=None) -> dict:
    name = CONTEXTS.get(url)
    if name is None:
        from pyld.jsonld import JsonLdError

        raise JsonLdError(f"the context {url} is not one a certificate names",
                          "jsonld.LoadDocumentError", code="loading document failed")
    return {"contextUrl": None, "documentUrl": url,
            "document": json.loads((Path(__file__).parent / "contexts" / name).read_text())}
