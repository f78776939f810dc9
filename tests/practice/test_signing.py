"""Sign a document: a throwaway certificate from the practice authority, the application
signed with the PIN from the envelope; the signed PDF checks with pyHanko, and fails after
one changed word and after the certificate is revoked."""

from __future__ import annotations

import io
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import csrf_from, sign_in, text_of
from walk_pages import choose, next_url, post

from lms.content.practice import read_practice
from lms.content.practice_types import PracticeError
from lms.db import db
from lms.practice.models import PracticeAttempt

START = "/practice/first-steps/signing/"
FIXTURE = Path(__file__).parents[1] / "fixtures" / "practices" / "first-steps" / "signing.ru.yaml"


def file_url(page, label):
    return re.search(rf'href="([^"]+)">{re.escape(label)}', page)[1].replace("&amp;", "&")


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_she_signs_with_the_pin_and_sees_the_signature_checked_changed_and_revoked(
        app, client, learner):
    sign_in(client, learner)
    page = text_of(client.get(START))
    url = client.post(START + "start", data={"csrf_token": csrf_from(page)}).headers["Location"]
    page = text_of(client.get(url))
    pin = re.search(r'class="login-card-value">(\d{6})<', page)[1]
    assert "Смирнова Валентина Петровна" in page
    # nothing is signed before she signs
    assert client.get(url.rsplit("/", 1)[0] + "/file/signed.pdf").status_code == 404
    assert post(client, url, tries="0").status_code == 302

    url = next_url(text_of(client.get(url)))
    page = text_of(client.get(url))
    application = client.get(file_url(page, "Открыть заявление (PDF)"))
    assert "в 2 экземплярах" in pdf_text(application.data)
    wrong = text_of(post(client, url, pin="000000"))
    assert "PIN-код неверный." in wrong and 'name="tries" value="1"' in wrong
    assert post(client, url, pin=pin, tries="1").status_code == 302
    assert "Обратите внимание в следующий раз: PIN-код из конверта." in text_of(client.get(url))

    url = next_url(text_of(client.get(url)))
    page = text_of(client.get(url))
    assert "Подпись действительна" in page and "не изменилось ни одной буквы" in page
    signed = client.get(file_url(page, "Открыть подписанный документ (PDF)"))
    assert signed.headers["Content-Type"] == "application/pdf"
    said = choose(client, url, "Подписала Смирнова, документ не изменён")
    assert "Вы справились: Документ не изменён." in said

    url = next_url(said)
    page = text_of(client.get(url))
    assert "Подпись НЕ действительна" in page
    assert "Документ изменили после того, как его подписали." in page
    changed = client.get(file_url(page, "Открыть подписанный документ (PDF)")).data
    assert "в 9 экземплярах" in pdf_text(changed)  # one word, in the signed bytes
    said = choose(client, url, "Да, подпись на месте")  # the cue missed on purpose
    assert "Это стоило бы вам дорого." in said
    assert "Обратите внимание в следующий раз: Изменённый документ." in said

    url = next_url(said)
    page = text_of(client.get(url))
    assert "Сертификат отозван удостоверяющим центром" in page
    said = choose(client, url, "Сертификату больше не доверяют")
    result = text_of(client.get(next_url(said)))
    assert "С первой попытки верно: 2 из 4 шагов." in result
    attempt = db.session.scalar(db.select(PracticeAttempt))
    assert (sorted(attempt.caught), sorted(attempt.missed), attempt.costly) == (
        ["intact", "revoked"], ["changed", "pin"], 1)

    checked = _pyhanko_check(signed.data, app, attempt)
    assert checked.intact and checked.trusted and checked.signer == "Смирнова Валентина Петровна"
    broken = _pyhanko_check(changed, app, attempt)
    assert not broken.intact and not broken.valid


def _pyhanko_check(pdf, app, attempt):
    """pyHanko's own validation of a downloaded file, against the practice authority."""
    from asn1crypto import x509
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from lms.content.practice_types.signing_room import authority
    from lms.pdf.signatures import SignatureCheck

    _key, root = authority(app.config["SECRET_KEY"].encode(),
                           "Учебный УЦ «Грамота»")
    context = ValidationContext(trust_roots=[x509.Certificate.load(root.public_bytes(
        Encoding.DER))])
    # in a thread of its own: pyHanko starts an event loop, which cannot start in a worker
    # where a browser test's driver has left one running
    with ThreadPoolExecutor(max_workers=1) as pool:
        status = pool.submit(validate_pdf_signature, PdfFileReader(
            io.BytesIO(pdf)).embedded_signatures[0], context).result()
    return SignatureCheck(True, status.intact, status.trusted, False,
                          status.signing_cert.subject.native["common_name"])


def test_poppler_sees_the_signature_of_the_signed_application(app, client, learner, tmp_path):
    """An ordinary PDF tool sees one signature by the practice's holder."""
    pdfsig = Path("/usr/bin/pdfsig")
    if not pdfsig.exists():
        pytest.skip("poppler-utils is not installed")
    from lms.content.practice_types.base import Room
    from lms.content.practice_types.signing_room import application_pdf, signed_application
    from lms.db import utcnow

    room = Room(1, 7, utcnow(), b"secret")
    pdf = application_pdf("Заявление", ("Прошу выдать справку в 2 экземплярах.",), "УЧЕБНЫЙ")
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed_application(b"secret", "Учебный центр", "Смирнова В. П.", room,
                                        pdf, "Заявление"))
    said = subprocess.run([str(pdfsig), str(path)], capture_output=True, text=True).stdout
    assert "Signer Certificate Common Name: Смирнова В. П." in said
    assert "Signature Validation: Signature is Valid." in said


@pytest.mark.parametrize("change, message", [
    (('change: {word: "2", into: "9"}', 'change: {word: "2", into: "99"}'), "'change' names"),
    (('change: {word: "2", into: "9"}', 'change: {word: "7", into: "9"}'),
     "is not in the document's lines"),
    (("    shows: revoked\n", "    shows: burnt\n"), "'shows' is one of"),
    (("holder: Смирнова Валентина Петровна\n", ""), "needs its 'holder'"),
    (("      - {label: Ничего не изменилось}\n", ""), "has no way on"),
    (("      - {label: \"Да, подпись на месте\", costly: true}\n", "      - {label: Да}\n"
      ), None),
])
def test_a_signing_file_with_a_mistake_is_refused_with_its_line(tmp_path, change, message):
    path = tmp_path / "signing.ru.yaml"
    text = FIXTURE.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(*change), encoding="utf-8")
    if message is None:  # a wrong answer need not be costly
        read_practice(path, "ru")
        return
    with pytest.raises(PracticeError) as caught:
        read_practice(path, "ru")
    said = caught.value.template % caught.value.params
    assert message in said and caught.value.line, said


def test_a_label_with_a_comma_not_in_quotes_is_named(tmp_path):
    path = tmp_path / "signing.ru.yaml"
    path.write_text(FIXTURE.read_text(encoding="utf-8").replace(
        '{label: "Нет, его изменили после подписи", right: true}',
        "{label: Нет, его изменили после подписи, right: true}"), encoding="utf-8")
    with pytest.raises(PracticeError) as caught:
        read_practice(path, "ru")
    assert "must be in quotes" in caught.value.template and caught.value.line


def test_the_certificate_card_says_the_date_the_certificate_ends(app):
    """Begun on 29 February, the card's "valid until" is the certificate's own end."""
    from datetime import UTC, datetime

    from lms.content.practice_types.base import Room
    from lms.content.practice_types.signing import CertificateKind
    from lms.content.practice_types.signing_room import holder_certificate

    room = Room(1, 7, datetime(2028, 2, 29, 10, 0, tzinfo=UTC), b"secret")
    shown = CertificateKind().screen(None, None, room)["valid_until"]
    _key, certificate = holder_certificate(b"secret", "Учебный УЦ", "Смирнова", room)
    assert shown == certificate.not_valid_after_utc
