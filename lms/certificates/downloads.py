"""Certificates as PDF downloads, signed; a calm page when they cannot be made."""

from __future__ import annotations

import json

from flask import current_app, render_template

from ..web.downloads import pdf_response
from . import services
from .badges import MEDIA_TYPE
from .models import Certificate
from .signing import SigningUnavailable
from .template import TemplateError


def pdf_or_apology(make, filename: str, save_as: str | None = None):
    """The PDF ``make()`` returns, shown (or saved as ``save_as``), or a calm page when no
    signing key or template can be used (the error is logged for the administrator)."""
    try:
        body = make()
    except (SigningUnavailable, TemplateError):
        current_app.logger.exception("certificate PDF cannot be made")
        return render_template("lms/certificates/unavailable.html"), 503
    return pdf_response(body, filename, save_as=save_as)


def certificates_response(found: list[Certificate]):
    """Several certificates in one signed PDF, one per page, to print."""
    return pdf_or_apology(lambda: services.certificates_pdf(found), "certificates.pdf")


def credential_response(certificate: Certificate):
    """The certificate's Open Badges 3.0 credential, a file to save (for a wallet); raises
    SigningUnavailable where credentials cannot be signed."""
    body = json.dumps(services.open_badge(certificate), ensure_ascii=False, indent=1)
    response = current_app.response_class(body, mimetype=MEDIA_TYPE)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{certificate.number}.json"')
    response.headers["Cache-Control"] = "private, no-store"
    return response


def credential_or_apology(certificate: Certificate):
    """Her credential, or the calm page when it cannot be signed (logged)."""
    try:
        return credential_response(certificate)
    except SigningUnavailable:
        current_app.logger.exception("Open Badges credential cannot be made")
        return render_template("lms/certificates/unavailable.html"), 503
