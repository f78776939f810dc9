"""Finding certificates, within the caller's scope."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from ..db import db
from ..people.scope import visible_library_ids
from .models import Certificate


def certificates_of(user_id: int) -> list[Certificate]:
    return list(db.session.scalars(select(Certificate).filter_by(user_id=user_id)
                                   .order_by(Certificate.issued_at.desc())))


def by_code(code: str | None) -> Certificate | None:
    """Look a certificate up by its verification code (one indexed query, found or not)."""
    return db.session.scalar(select(Certificate).filter_by(code=code or "-"))


def get_own_certificate_or_404(number: str) -> Certificate:
    certificate = db.session.scalar(select(Certificate).filter_by(number=number,
                                                                 user_id=current_user.id))
    if certificate is None:
        abort(404)
    return certificate


def certificates_visible_to(user, number: str | None = None):
    """Return a query for the certificates of the branches ``user`` may see."""
    query = select(Certificate).where(Certificate.library_id.in_(visible_library_ids(user)))
    if number:
        query = query.where(Certificate.number == number.strip().upper())
    return query.order_by(Certificate.issued_at.desc())


def get_certificate_or_404(certificate_id: int) -> Certificate:
    certificate = db.session.scalar(certificates_visible_to(current_user)
                                    .where(Certificate.id == certificate_id))
    if certificate is None:
        abort(404)
    return certificate


def name_shown_publicly(certificate: Certificate) -> str:
    """The name as anyone checking the certificate sees it: in full if the learner agreed,
    else initials only («Иванова Мария Алексеевна» → «И. М. А.»)."""
    name = certificate.full_name
    if certificate.user.show_name_on_certificates:
        return name
    return " ".join(f"{word[0]}." for word in name.split() if word[0].isalpha())
