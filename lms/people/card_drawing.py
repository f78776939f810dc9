"""Login cards to print and cut out: eight to an A4 page, never a PIN in the QR code."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ..pdf.drawing import BOLD, REGULAR, Painter, draw_qr, register_fonts

COLUMNS, ROWS = 2, 4
CARD_WIDTH, CARD_HEIGHT = A4[0] / COLUMNS, A4[1] / ROWS


@dataclass(frozen=True)
class LoginCard:
    full_name: str
    username: str
    pin: str | None  # only when the PIN has just been made
    login_url: str  # opens the sign-in page with the username filled in


def render_login_cards(cards: list[LoginCard], *, site_name: str, site_address: str,
                       labels: dict[str, str]) -> bytes:
    """Return the cards as a PDF (a pure function: data in, bytes out)."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    for number, card in enumerate(cards):
        slot = number % (COLUMNS * ROWS)
        if number and slot == 0:
            canvas.showPage()
        if slot == 0:
            _cut_lines(canvas)
        left = (slot % COLUMNS) * CARD_WIDTH
        bottom = A4[1] - (slot // COLUMNS + 1) * CARD_HEIGHT
        _card(canvas, card, left, bottom, site_name, site_address, labels)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _cut_lines(canvas: Canvas) -> None:
    canvas.setStrokeColor(HexColor("#777777"))
    canvas.setDash(3, 3)
    canvas.setLineWidth(0.5)
    for column in range(1, COLUMNS):
        canvas.line(column * CARD_WIDTH, 0, column * CARD_WIDTH, A4[1])
    for row in range(1, ROWS):
        canvas.line(0, row * CARD_HEIGHT, A4[0], row * CARD_HEIGHT)
    canvas.setDash()


def _card(canvas, card: LoginCard, left, bottom, site_name, site_address, labels) -> None:
    pad = 7 * mm
    text_width = CARD_WIDTH - 2 * pad - 26 * mm
    canvas.setFillColor(HexColor("#0a4a94"))
    canvas.setFont(BOLD, 13)
    canvas.drawString(left + pad, bottom + CARD_HEIGHT - pad - 4 * mm, site_name[:40])
    canvas.setFillColor(HexColor("#1b1b1b"))
    canvas.setFont(REGULAR, 9)
    canvas.drawString(left + pad, bottom + CARD_HEIGHT - pad - 9 * mm, site_address[:60])
    painter = Painter(canvas)
    painter.text(card.full_name, {"size": 11, "max_width": text_width / mm, "align": "left",
                                  "x": (left + pad) / mm, "min_size": 8},
                 y=(bottom + CARD_HEIGHT - pad - 17 * mm) / mm)
    y = bottom + 24 * mm
    for label, value in ((labels["username"], card.username), (labels["pin"], card.pin)):
        canvas.setFont(REGULAR, 9)
        canvas.drawString(left + pad, y + 6 * mm, label)
        canvas.setFont(BOLD, 16)
        canvas.drawString(left + pad, y, value or "______")
        y -= 14 * mm
    draw_qr(canvas, card.login_url, left + CARD_WIDTH - pad - 24 * mm, bottom + pad, 24 * mm)
    if labels.get("warning"):  # the card goes home: the one rule travels with it
        painter.text(labels["warning"], {"size": 8, "bold": True, "max_width": text_width / mm,
                                         "align": "left", "x": (left + pad) / mm,
                                         "min_size": 8}, y=(bottom + 42 * mm) / mm)
