"""The certificate PDF: every letter embedded, long names fit, signed and tamper-evident."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from lms.certificates.render import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    render_certificate,
    render_many,
    sample,
)
from lms.certificates.signing import create_self_signed, load_signer, sign_pdf
from lms.certificates.template import TemplateError, load_template

TEMPLATES = Path(__file__).parents[2] / "certificates"


@pytest.fixture(scope="module")
def template():
    return load_template(TEMPLATES)


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def positions(pdf: bytes) -> list[tuple[float, float, str]]:
    found = []

    def visit(text, _cm, tm, _font, _size):
        if text.strip():
            found.append((tm[4], tm[5], text))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("lang, name, course, words", [
    ("ru", "Иванова Мария Алексеевна", "Безопасно в интернете", ["СЕРТИФИКАТ", "Объём: 6 ч."]),
    ("uk", "Ґудзь Мар’яна Їжакова-Єрмоленко", "Дія: державні послуги онлайн",
     ["СЕРТИФІКАТ", "Обсяг: 6 год", "Дата видачі"]),
    ("kk", "Әбілқасымова Ұлжан Ғалымжанқызы", "Электрондық үкімет порталы",
     ["Көлемі: 6 сағат", "төмендегі курсты сәтті аяқтады"]),
])
def test_every_letter_is_embedded_and_comes_back_out(template, lang, name, course, words):
    pdf = render_certificate(template, sample(lang=lang, full_name=name, course_title=course))
    text = text_of(pdf)
    for expected in [name, course, "DEMO-2026-00017", *words]:
        assert expected in text, expected
    fonts = {str(f) for page in PdfReader(io.BytesIO(pdf)).pages
             for f in page["/Resources"]["/Font"].values()}
    assert fonts  # embedded TrueType fonts, not the base-14 Helvetica that has no Cyrillic


def test_a_120_character_name_shrinks_or_wraps_and_stays_on_the_page(template):
    name = ("Константинопольская-Фёдорова Александра-Мария Владиславовна "
            "Христорождественская-Ґалаґан Єлизавета Олександрівна-Ївгеніяя")
    name = name[:120]
    assert len(name) == 120
    pdf = render_certificate(template, sample(full_name=name))
    text = text_of(pdf)
    assert all(word in text for word in name.split()), text
    for x, y, _text in positions(pdf):
        assert 0 <= x <= PAGE_WIDTH and 0 <= y <= PAGE_HEIGHT


def test_bilingual_certificate_has_both_languages(template):
    pdf = render_certificate(template, sample(lang="kk", second_lang="ru"))
    text = text_of(pdf)
    assert "Осы сертификат мынаны растайды:" in text
    assert "Настоящим подтверждается, что слушатель" in text
    assert "успешно прошёл курс" in text and "(-ла)" not in text


def test_trainer_certificate_says_trainer_consultant(template):
    assert "СЕРТИФИКАТ ТРЕНЕРА-КОНСУЛЬТАНТА" in text_of(
        render_certificate(template, sample(audience="trainer")))


def test_revoked_certificate_is_stamped(template):
    text = text_of(render_certificate(template, sample(revoked_on=date(2026, 12, 1))))
    assert "ОТОЗВАН" in text


def test_many_certificates_one_per_page(template):
    pdf = render_many(template, [sample(number=f"DEMO-2026-{i:05d}") for i in range(3)])
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3
    assert "DEMO-2026-00002" in reader.pages[2].extract_text()


def test_signature_validates_and_one_changed_byte_breaks_it(template, tmp_path):
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    create_self_signed(tmp_path, "Тестовая ЦБС")
    signed = sign_pdf(render_certificate(template, sample()), load_signer(tmp_path),
                      reason="DEMO-2026-00017")
    trust = ValidationContext(trust_roots=[load_cert_from_pemder(str(tmp_path / "cert.pem"))])

    def status(pdf: bytes):
        signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
        # pyHanko runs its own event loop; the browser tests may leave one running here.
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(validate_pdf_signature, signature, trust).result()

    good = status(signed)
    assert good.intact and good.valid and good.trusted and good.bottom_line
    position = signed.index(b"DEMO-2026-00017") if b"DEMO-2026-00017" in signed else 2000
    tampered = bytearray(signed)
    tampered[position] ^= 0x01
    assert not status(bytes(tampered)).intact


def test_a_broken_template_is_a_clear_error(tmp_path):
    (tmp_path / "default.yaml").write_text("blocks: [ {text: 'x'} ]\n")
    with pytest.raises(TemplateError, match="every block needs text and y"):
        load_template(tmp_path)
    (tmp_path / "default.yaml").write_text("logo: ../../etc/passwd\nblocks: []\n")
    with pytest.raises(TemplateError, match="picture ../../etc/passwd not found"):
        load_template(tmp_path)


def test_a_network_template_overrides_the_default(tmp_path, template):
    for name in ("default.yaml",):
        (tmp_path / name).write_text((TEMPLATES / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    (tmp_path / "demo.yaml").write_text("colours: {frame: '#006400'}\nlabels:\n  title:\n"
                                        "    ru: ГРАМОТА\n", encoding="utf-8")
    custom = load_template(tmp_path, "demo")
    assert custom.name == "demo" and custom.colours["frame"] == "#006400"
    assert custom.colours["accent"] == template.colours["accent"]
    assert "ГРАМОТА" in text_of(render_certificate(custom, sample()))


def test_a_quoted_course_title_gets_one_pair_of_quotation_marks(template):
    from dataclasses import replace

    quoted = replace(sample(), course_title='"Ваш родственник попал в беду"')
    pdf = render_certificate(template, quoted)
    text = text_of(pdf)
    assert "«Ваш родственник попал в беду»" in text and '«"' not in text
