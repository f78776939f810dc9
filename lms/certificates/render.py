"""Draw a certificate as PDF bytes: a pure function of a template and the data printed."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from babel.dates import format_date
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .template import Template

FONTS = Path(__file__).parent / "fonts"
REGULAR, BOLD = "GramotaSans", "GramotaSans-Bold"
PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)


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


@cache
def register_fonts() -> None:
    """Embed DejaVu Sans (Cyrillic, Ukrainian and Kazakh letters; bundled with its licence)."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)


def _hours(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def _values(data: CertificateData, lang: str) -> dict[str, str]:
    return {"name": data.full_name, "course": data.course_title, "hours": _hours(data.hours),
            "library": data.library_name, "network": data.network_name,
            "number": data.number, "trainer": data.trainer_name or "",
            "date": format_date(data.issued_on, "long", locale=lang), "url": data.verify_url}


class Painter:
    """Draws text that shrinks to fit, then wraps, and never leaves the page."""

    def __init__(self, canvas: Canvas, template: Template):
        self.canvas, self.template = canvas, template

    def colour(self, name: str | None):
        return HexColor(self.template.colours.get(name or "text", "#1b1b1b"))

    def text(self, text: str, block: dict, *, y: float | None = None, scale: float = 1.0,
             colour: str | None = None) -> None:
        font = BOLD if block.get("bold") else REGULAR
        size = float(block.get("size", 12)) * scale
        min_size = float(block.get("min_size", size * 0.6)) * scale
        width = float(block.get("max_width", 260)) * mm
        while size > min_size and pdfmetrics.stringWidth(text, font, size) > width:
            size -= 0.5
        lines = simpleSplit(text, font, size, width) or [""]
        if len(lines) > 2:  # still too long: the smallest size over two lines at most
            size = min_size
            lines = simpleSplit(text, font, size, width)[:3]
        self.canvas.setFont(font, size)
        self.canvas.setFillColor(self.colour(colour or block.get("colour")))
        align = block.get("align", "center")
        x = float(block["x"]) * mm if "x" in block else PAGE_WIDTH / 2
        top = (y if y is not None else float(block["y"])) * mm
        for number, line in enumerate(lines):
            line_y = top - number * size * 1.15
            if align == "left":
                self.canvas.drawString(x, line_y, line)
            else:
                self.canvas.drawCentredString(x, line_y, line)


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
    painter = Painter(canvas, template)
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
    _qr(canvas, template, data.verify_url)
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


@lru_cache(maxsize=256)
def qr_modules(url: str) -> tuple[tuple[bool, ...], ...]:
    """Return the QR code of ``url`` as rows of dark (True) and light modules."""
    widget = QrCodeWidget(url, barLevel="M")
    widget.qr.make()
    return tuple(tuple(bool(m) for m in row) for row in widget.qr.modules)


def _qr(canvas: Canvas, template: Template, url: str) -> None:
    draw_qr(canvas, url, float(template.qr.get("x", 245)) * mm,
            float(template.qr.get("y", 12)) * mm, float(template.qr.get("size", 34)) * mm)


def draw_qr(canvas: Canvas, url: str, left: float, bottom: float, size: float) -> None:
    """Draw a QR code as one filled path (quicker than reportlab's drawing widget)."""
    rows = qr_modules(url)
    box = size / (len(rows) + 2)  # a quiet zone of one module around the code
    path = canvas.beginPath()
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                path.rect(left + (c + 1) * box, bottom + size - (r + 2) * box, box, box)
    canvas.setFillColor(HexColor("#000000"))
    canvas.drawPath(path, stroke=0, fill=1)


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
