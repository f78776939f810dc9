"""The signing practice's own certification authority and documents: a throwaway key and
certificate for each attempt, made from the site's secret (so nothing is stored), an
application as a PDF, the application signed (PAdES), changed by one word, and the
certificate revoked. Nothing here is trusted outside the practice."""

from __future__ import annotations

import datetime as dt
import io
import re
from functools import lru_cache

from ...pdf.signatures import check_signature, sign_pdf
from .base import Room

P256_ORDER = int("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16)
YEAR = dt.timedelta(days=365)
REVOCATIONS_URL = "http://practice.invalid/revoked.crl"  # never fetched: .invalid names nothing


def _key(secret: bytes, info: str):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    raw = HKDF(hashes.SHA256(), 32, None, info.encode()).derive(secret or b"gramota")
    return ec.derive_private_key(int.from_bytes(raw) % (P256_ORDER - 1) + 1, ec.SECP256R1())


def _usage(**granted):
    from cryptography import x509

    names = ("digital_signature", "content_commitment", "key_encipherment",
             "data_encipherment", "key_agreement", "key_cert_sign", "crl_sign",
             "encipher_only", "decipher_only")
    return x509.KeyUsage(**{name: granted.get(name, False) for name in names})


@lru_cache(maxsize=4)
def authority(secret: bytes, name: str):
    """The practice authority's key and certificate (the same for every attempt)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    key = _key(secret, "gramota practice authority " + name)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
        .public_key(key.public_key()).serial_number(1)
        .not_valid_before(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
        .not_valid_after(dt.datetime(2054, 1, 1, tzinfo=dt.UTC))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256()))
    return key, certificate


def issued_at(room: Room) -> dt.datetime:
    """When the attempt's certificate was issued: when the attempt began (in UTC)."""
    started = room.started_at
    return started.replace(tzinfo=dt.UTC) if started.tzinfo is None else started


def valid_until(room: Room) -> dt.datetime:
    return issued_at(room) + YEAR


def serial(room: Room) -> int:
    return 10**6 + room.attempt_id * 1000 + room.seed % 1000


@lru_cache(maxsize=64)
def holder_certificate(secret: bytes, authority_name: str, holder: str, room: Room):
    """The learner's throwaway key and certificate for this attempt."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    ca_key, ca_certificate = authority(secret, authority_name)
    key = _key(secret, f"gramota practice holder {room.attempt_id} {room.seed}")
    start = issued_at(room)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, holder)]))
        .issuer_name(ca_certificate.subject).public_key(key.public_key())
        .serial_number(serial(room))
        .not_valid_before(start - dt.timedelta(hours=1)).not_valid_after(valid_until(room))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(digital_signature=True, content_commitment=True), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            ca_key.public_key()), critical=False)
        # where a checker finds the revocations: the practice hands them over itself
        .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            [x509.UniformResourceIdentifier(REVOCATIONS_URL)], None, None, None)]),
            critical=False)
        .sign(ca_key, hashes.SHA256()))
    return key, certificate


def _asn1(certificate):
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))


def _revocations(secret: bytes, authority_name: str, room: Room):
    """The authority's list of revoked certificates, naming this attempt's."""
    from asn1crypto import crl as asn1_crl
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import Encoding

    ca_key, ca_certificate = authority(secret, authority_name)
    now = dt.datetime.now(dt.UTC)
    revoked = (x509.CertificateRevocationListBuilder().issuer_name(ca_certificate.subject)
               .last_update(now - dt.timedelta(minutes=1)).next_update(now + YEAR)
               .add_revoked_certificate(x509.RevokedCertificateBuilder()
                                        .serial_number(serial(room))
                                        .revocation_date(now - dt.timedelta(minutes=1)).build())
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   ca_key.public_key()), critical=False)
               .add_extension(x509.CRLNumber(1), critical=False)
               .sign(ca_key, hashes.SHA256()))
    return asn1_crl.CertificateList.load(revoked.public_bytes(Encoding.DER))


@lru_cache(maxsize=16)
def application_pdf(title: str, lines: tuple[str, ...], banner: str) -> bytes:
    """The application to sign, uncompressed so that a forger's change is one word (the
    same bytes for every attempt: drawn once)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    from ...pdf.drawing import BOLD, REGULAR, register_fonts

    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=0, invariant=1)
    canvas.setTitle(title)
    width, height = A4
    canvas.setFont(BOLD, 11)
    canvas.drawString(20 * mm, height - 15 * mm, banner)
    y = height - 35 * mm
    for text, font, size in [(title, BOLD, 16), *((line, REGULAR, 13) for line in lines)]:
        for part in simpleSplit(text, font, size, width - 40 * mm):
            canvas.setFont(font, size)
            canvas.drawString(20 * mm, y, part)
            y -= size * 1.5
        y -= size * 0.5
    canvas.save()
    return out.getvalue()


ESCAPE_RE = re.compile(rb"\\(?:[0-7]{1,3}|.)", re.S)


def _text_literals(pdf: bytes):
    """The strings a page draws, "(…) Tj" between BT and ET, as (offset, byte or escape)."""
    at = 0
    while (begin := pdf.find(b"BT ", at)) != -1:
        end = pdf.find(b"ET\n", begin)
        end = len(pdf) if end == -1 else end
        i = begin
        while i < end:
            if pdf[i:i + 1] != b"(":
                i += 1
                continue
            tokens, i = [], i + 1
            while i < end and pdf[i:i + 1] != b")":
                escape = ESCAPE_RE.match(pdf, i)
                token = escape.group() if escape else pdf[i:i + 1]
                tokens.append((i, token))
                i += len(token)
            yield tokens
        at = end


def change_word(pdf: bytes, word: str, into: str) -> bytes:
    """What a forger does: one word of a signed document's text changed, byte for byte."""
    # latin letters and digits keep their codes in the page's text; other letters are
    # escapes such as \005, whose digits are not the word's
    for tokens in _text_literals(pdf):
        plain = [token if len(token) == 1 else b"\0" for _at, token in tokens]
        for i in range(len(tokens) - len(word) + 1):
            if b"".join(plain[i:i + len(word)]) != word.encode():
                continue
            before = plain[i - 1] if i else b" "
            after = plain[i + len(word)] if i + len(word) < len(plain) else b" "
            if not (before.isalnum() or after.isalnum()):
                at = tokens[i][0]
                return pdf[:at] + into.encode() + pdf[at + len(word):]
    raise ValueError(f"the word {word!r} is not in the document's text")


@lru_cache(maxsize=32)
def signed_application(secret: bytes, authority_name: str, holder: str, room: Room,
                       pdf: bytes, reason: str) -> bytes:
    from asn1crypto import keys as asn1_keys
    from cryptography.hazmat.primitives import serialization
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from ...pdf.signatures import pyhanko_signers

    signers = pyhanko_signers()
    key, certificate = holder_certificate(secret, authority_name, holder, room)
    _ca_key, ca_certificate = authority(secret, authority_name)
    signer = signers.SimpleSigner(
        signing_cert=_asn1(certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs([_asn1(ca_certificate)]))
    return sign_pdf(pdf, signer, reason=reason, field_name="Signature")


def check(secret: bytes, authority_name: str, room: Room, pdf: bytes, *, revoked: bool):
    """The check of a signed document, as a signature program shows it."""
    _ca_key, ca_certificate = authority(secret, authority_name)
    crls = [_revocations(secret, authority_name, room)] if revoked else []
    return check_signature(pdf, [_asn1(ca_certificate)], crls)
