"""Draw a certificate as PDF bytes: a pure function of a template and the data printed."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import date

from babel.dates import format_date
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ..pdf.drawing import BOLD, PAGE_HEIGHT, PAGE_WIDTH, Painter, draw_qr, register_fonts
from .template import Template


@dataclass(frozen=True)
class CertificateData:
    """Everything printed on one certificate."""

    number: str
    code: str
    full_name: str
    course_title: str
    issued_on: date
    lang: str
    verify_url: str
    network_name: str = ""
    library_name: str = ""
    trainer_name: str | None = None
    hours: float | None = None
    audience: str = "learner"
    second_lang: str | None = None  # bilingual labels when the learner's language differs
    revoked_on: date | None = None
    # the QR code: the signed claim's link (claims.py); the verify address when none
    qr_url: str = ""


def _hours(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


QUOTES = {"\"": "\"", "«": "»", "„": "“", "“": "”", "'": "'"}


def unquoted(title: str) -> str:
    """A title without the quotation marks around it: the layout puts its own «…» there
    (a course called "Ваш родственник попал в беду" was printed «"…"»)."""
    title = title.strip()
    while len(title) > 1 and QUOTES.get(title[0]) == title[-1]:
        title = title[1:-1].strip()
    return title


def _values(data: CertificateData, lang: str) -> dict[str, str]:
    return {"name": data.full_name, "course": unquoted(data.course_title),
            "hours": _hours(data.hours),
            "library": data.library_name, "network": data.network_name,
            "number": data.number, "trainer": data.trainer_name or "",
            "date": format_date(data.issued_on, "long", locale=lang), "url": data.verify_url}


def render_certificate(template: Template, data: CertificateData) -> bytes:
    """Return the certificate as a one-page A4 landscape PDF."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=True)
    canvas.setTitle(f"{data.number} — {data.full_name}")
    canvas.setAuthor(data.network_name or "Gramota")
    draw_page(canvas, template, data)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_many(template: Template, certificates: list[CertificateData]) -> bytes:
    """Return several certificates as one PDF, one per page (to print for a class)."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=True)
    for data in certificates:
        draw_page(canvas, template, data)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def draw_page(canvas: Canvas, template: Template, data: CertificateData) -> None:
    painter = Painter(canvas, template.colours)
    _frame(canvas, painter)
    if template.logo:
        canvas.drawImage(ImageReader(str(template.logo)), 22 * mm, 168 * mm, 30 * mm, 24 * mm,
                         preserveAspectRatio=True, mask="auto")
    trainer = data.audience == "trainer"
    for block in template.blocks:
        if block.get("only_if") == "trainer" and not data.trainer_name:
            continue
        text = _text(template, block["text"], data, data.lang, trainer)
        painter.text(text, block)
        if block.get("bilingual") and data.second_lang and block["text"].startswith("@"):
            second = _text(template, block["text"], data, data.second_lang, trainer)
            if second != text:
                size = max(10.0, float(block.get("size", 12)) * 0.7)
                painter.text(second, {**block, "size": size, "min_size": 8, "bold": False},
                             colour="muted", y=float(block["y"]) - size * 0.75)
    _signature(canvas, painter, template, data)
    _qr(canvas, template, data.qr_url or data.verify_url)
    if data.revoked_on:
        _revoked(canvas, painter, template, data)


def _text(template: Template, source: str, data: CertificateData, lang: str,
          trainer: bool) -> str:
    if source.startswith("@"):
        key = source[1:]
        if trainer and f"{key}_trainer" in template.labels:
            key = f"{key}_trainer"
        source = template.label(key, lang)
    return source.format(**_values(data, lang))


def _frame(canvas: Canvas, painter: Painter) -> None:
    canvas.setStrokeColor(painter.colour("frame"))
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, PAGE_WIDTH - 20 * mm, PAGE_HEIGHT - 20 * mm)
    canvas.setStrokeColor(painter.colour("accent"))
    canvas.setLineWidth(1)
    canvas.rect(13 * mm, 13 * mm, PAGE_WIDTH - 26 * mm, PAGE_HEIGHT - 26 * mm)


def _signature(canvas: Canvas, painter: Painter, template: Template,
               data: CertificateData) -> None:
    centre = PAGE_WIDTH / 2
    if template.signature:
        canvas.drawImage(ImageReader(str(template.signature)), centre - 25 * mm, 30 * mm,
                         50 * mm, 16 * mm, preserveAspectRatio=True, mask="auto")
    if template.signatory:
        canvas.setStrokeColor(painter.colour("muted"))
        canvas.setLineWidth(0.6)
        canvas.line(centre - 40 * mm, 29 * mm, centre + 40 * mm, 29 * mm)
        signatory = template.signatory.get(data.lang) or next(iter(template.signatory.values()))
        painter.text(signatory, {"size": 10, "colour": "muted", "max_width": 90}, y=24)


def _qr(canvas: Canvas, template: Template, url: str) -> None:
    draw_qr(canvas, url, float(template.qr.get("x", 245)) * mm,
            float(template.qr.get("y", 12)) * mm, float(template.qr.get("size", 34)) * mm)


def _revoked(canvas: Canvas, painter: Painter, template: Template,
             data: CertificateData) -> None:
    canvas.saveState()
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(20)
    canvas.setFillColor(painter.colour("revoked"))
    canvas.setFillAlpha(0.35)
    label = template.label("revoked", data.lang)
    text = f"{label} {format_date(data.revoked_on, 'short', locale=data.lang)}"
    size = 60.0
    while size > 20 and pdfmetrics.stringWidth(text, BOLD, size) > 200 * mm:
        size -= 2
    canvas.setFont(BOLD, size)
    canvas.drawCentredString(0, 0, text)
    canvas.restoreState()


def sample(**changes) -> CertificateData:
    """A filled-in certificate, for previews and benchmarks."""
    return replace(CertificateData(
        number="DEMO-2026-00017", code="K7Q2M4XW9ZR3T5V8B6N2C4D7FA",
        full_name="Иванова Мария Алексеевна", course_title="Безопасно в интернете",
        issued_on=date(2026, 11, 22), lang="ru", hours=6,
        verify_url="https://gramota.example/verify/K7Q2M4XW9ZR3T5V8B6N2C4D7FA",
        network_name="Демонстрационная ЦБС",
        library_name="Центральная городская библиотека"), **changes)
