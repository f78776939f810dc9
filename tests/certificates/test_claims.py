"""The certificate's QR code proves itself: its signed claim, read back from a picture of
the PDF as a phone would, checks with the network's public key alone, and fails after one
changed byte; the link it opens says genuine, revoked, or not to be trusted."""

from __future__ import annotations

import json

import pypdfium2
import pytest
import zxingcpp
from helpers import complete_course as complete
from helpers import sign_in, text_of
from PIL import Image

from lms.certificates import claims, services
from lms.db import db

SITE = "https://kurs.example-library.ru"


def qr_text(pdf: bytes, dpi: int) -> str:
    """What a reader finds in the certificate printed at ``dpi`` dots per inch."""
    picture = pypdfium2.PdfDocument(pdf)[0].render(scale=dpi / 72).to_pil().convert("L")
    found = zxingcpp.read_barcodes(picture, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, f"{len(found)} QR codes at {dpi} dpi"
    return found[0].text


@pytest.fixture
def issued(app, client, learner):
    app.config["LMS_PUBLIC_URL"] = SITE
    certificate = complete(learner)
    db.session.commit()
    sign_in(client, learner)
    pdf = client.get(f"/me/certificates/{certificate.number}.pdf").data
    return certificate, pdf


def only_the_public_key(app, network: str) -> dict:
    """The network's public key as a verifier keeps it: a JSON Web Key, nothing more."""
    jwk = json.loads(json.dumps(claims.public_jwk(services.claim_key(network), network)))
    assert set(jwk) == {"kty", "crv", "kid", "x", "y"}  # no private part ("d")
    return {network: claims.key_from_jwk(jwk)}


@pytest.mark.parametrize("dpi", [300, 150])
def test_the_claim_read_from_the_printed_certificate_checks_with_the_public_key(
        app, issued, dpi):
    certificate, pdf = issued
    text = qr_text(pdf, dpi)
    assert text.startswith("HTTPS://KURS.EXAMPLE-LIBRARY.RU/V/")
    assert set(text) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
    claim = claims.verify(claims.message_of(text), only_the_public_key(app, "test"))
    assert (claim.number, claim.holder, claim.course, claim.hours, claim.issued,
            claim.network, claim.code) == (
        certificate.number, "Мария Иванова", "Первые шаги", 1.0,
        certificate.issued_at.date(), "test", certificate.code)


def test_one_changed_byte_and_another_key_fail(app, issued, tmp_path):
    _certificate, pdf = issued
    message = claims.message_of(qr_text(pdf, 300))
    keys = only_the_public_key(app, "test")
    for at in (len(message) // 2, len(message) - 70, len(message) - 1):  # claim, signature
        changed = message[:at] + bytes([message[at] ^ 1]) + message[at + 1:]
        with pytest.raises(claims.ClaimError):
            claims.verify(changed, keys)
    other = claims.qr_key(tmp_path / "another-network")
    with pytest.raises(claims.ClaimError, match="the signature does not match"):
        claims.verify(message, {"test": other.public_key()})
    with pytest.raises(claims.ClaimError, match="no key of the network 'test'"):
        claims.verify(message, {})


def test_the_same_certificate_has_the_same_code(issued, client):
    certificate, pdf = issued
    again = client.get(f"/me/certificates/{certificate.number}.pdf").data
    assert qr_text(pdf, 300) == qr_text(again, 300)


def test_the_link_says_genuine_then_revoked_and_a_changed_one_is_not_trusted(
        app, issued, make_user):
    from lms.certificates.services import revoke
    from lms.people.models import Role

    certificate, pdf = issued
    text = qr_text(pdf, 300)
    path = text.removeprefix("HTTPS://KURS.EXAMPLE-LIBRARY.RU")
    phone = app.test_client()  # a stranger's phone: no session
    page = text_of(phone.get(path))
    assert "Сертификат подлинный." in page and "Мария Иванова" in page
    assert certificate.number in page
    letters = list(path)
    letters[40] = "A" if letters[40] != "A" else "B"
    changed = phone.get("".join(letters))
    assert changed.status_code == 404
    assert "Этому QR-коду нельзя доверять." in text_of(changed)
    assert "Мария Иванова" not in text_of(changed)
    revoke(make_user("metodist", role=Role.COORDINATOR), certificate, "Выдан по ошибке")
    db.session.commit()
    assert "Сертификат отозван" in text_of(phone.get(path))


def test_verify_qr_checks_a_photo_offline_with_the_downloaded_key_and_list(
        app, issued, tmp_path, make_user):
    """A verifier downloads the keys and the list of revoked certificates once, then checks
    a picture of the certificate with no site at all."""
    from lms.certificates.services import revoke
    from lms.people.models import Role

    certificate, pdf = issued
    photo = tmp_path / "certificate.png"
    pypdfium2.PdfDocument(pdf)[0].render(scale=200 / 72).to_pil().save(photo)
    web = app.test_client()
    keys, revoked = tmp_path / "keys.json", tmp_path / "test.cose"
    keys.write_bytes(web.get("/V/keys.json").data)
    revoked.write_bytes(web.get("/V/revoked/test.cose").data)
    assert "test" in {key["kid"] for key in json.loads(keys.read_text())["keys"]}
    offline = ["lms", "verify-qr", str(photo), "--keys", str(keys), "--revoked", str(revoked)]
    said = app.test_cli_runner().invoke(args=offline)
    assert said.exit_code == 0, said.output
    assert f"Certificate {certificate.number}: Мария Иванова, «Первые шаги», 1 h" in said.output
    assert "GENUINE: the signature is the network's; not on the list of revoked" in said.output

    revoke(make_user("metodist", role=Role.COORDINATOR), certificate, "Выдан по ошибке")
    db.session.commit()
    assert app.test_cli_runner().invoke(args=offline).exit_code == 0  # the old list
    revoked.write_bytes(web.get("/V/revoked/test.cose").data)
    said = app.test_cli_runner().invoke(args=offline)
    assert said.exit_code == 1 and "REVOKED (on the list of" in said.output
    here = app.test_cli_runner().invoke(args=["lms", "verify-qr", str(photo)])
    assert here.exit_code == 1 and "REVOKED (on " in here.output

    forged = tmp_path / "forged.cose"
    data = bytearray(revoked.read_bytes())
    data[-1] ^= 1
    forged.write_bytes(bytes(data))
    said = app.test_cli_runner().invoke(args=[*offline[:-1], str(forged)])
    assert said.exit_code == 1 and "NOT VALID: the signature does not match" in said.output
    blank = tmp_path / "blank.png"
    Image.new("L", (400, 300), 255).save(blank)
    said = app.test_cli_runner().invoke(args=["lms", "verify-qr", str(blank)])
    assert said.exit_code == 1 and "no QR code was found" in said.output
