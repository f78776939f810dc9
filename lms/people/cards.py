"""Login cards as a PDF to print: the username, the PIN when it has just been made, and
a QR code that opens the sign-in page with the username filled in."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from ..security import public_url
from ..web.downloads import pdf_response


def login_cards_pdf(people, pins: dict[int, str] | None = None):
    """A PDF of login cards; the QR code opens the sign-in page with the username filled in."""
    from .card_drawing import LoginCard, render_login_cards  # reportlab only when needed

    pins = pins or {}
    cards = [LoginCard(p.full_name, p.username, pins.get(p.id),
                       public_url("lms.auth.login", username=p.username))
             for p in people]
    body = render_login_cards(
        cards, site_name=current_app.config["LMS_SITE_NAME"] or _("Gramota"),
        site_address=public_url("lms.auth.login"),
        labels={"username": _("Username"), "pin": _("PIN"),
                "warning": _("Never tell your PIN to anyone, not even on the phone.")})
    return pdf_response(body, "login-cards.pdf")
