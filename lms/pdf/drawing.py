"""Drawing PDFs with reportlab, for certificates and login cards alike: the bundled
fonts (every Russian, Ukrainian and Kazakh letter), text that shrinks to fit, QR codes."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from reportlab.graphics.barcode.qrencoder import QRAlphaNum, QRCode, QRErrorCorrectLevel
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONTS = Path(__file__).parent / "fonts"
REGULAR, BOLD = "GramotaSans", "GramotaSans-Bold"
PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)


@cache
def register_fonts() -> None:
    """Embed DejaVu Sans (Cyrillic, Ukrainian and Kazakh letters; bundled with its licence)."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)


class Painter:
    """Draws text that shrinks to fit, then wraps, and never leaves the page."""

    def __init__(self, canvas: Canvas, colours: dict[str, str] | None = None):
        self.canvas, self.colours = canvas, colours or {}

    def colour(self, name: str | None):
        return HexColor(self.colours.get(name or "text", "#1b1b1b"))

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


@lru_cache(maxsize=256)
def qr_modules(url: str) -> tuple[tuple[bool, ...], ...]:
    """Return the QR code of ``url`` as rows of dark (True) and light modules; a text of
    capitals, digits and " $%*+-./:" only (a certificate's signed claim) in the
    alphanumeric mode, 5.5 bits a letter instead of 8."""
    code = QRCode(None, QRErrorCorrectLevel.M)
    code.addData(QRAlphaNum(url) if QRAlphaNum.valid(url) else url)
    code.make()
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


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
