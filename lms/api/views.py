"""The JSON API (docs/api.md): a thin layer over the same services and scope rules as the
pages. A token acts as the person it was made for: a learner sees only themselves, a
trainer their branches, a coordinator their network; anything else is 404."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from ..certificates import services
from ..certificates.downloads import credential_response
from ..certificates.models import Certificate
from ..certificates.queries import by_code, certificates_visible_to, name_shown_publicly
from ..certificates.services import normalise_code
from ..certificates.signing import SigningUnavailable
from ..certificates.template import TemplateError
from ..db import db, utcnow
from ..i18n import current_language
from ..numbers import row_id
from ..people.scope import get_learner_or_404, get_library_or_404
from ..progress.queries import progress_by_course
from ..reports import queries
from ..reports.period import read_choice
from ..security import limiter, public_url, within_limit
from ..state import catalogue
from ..web.downloads import pdf_response
from .openapi import document
from .services import count_refused_token, refused_too_often

bp = Blueprint("api", __name__, url_prefix="/api/v1")
OPEN = {"api.certificate", "api.openapi"}  # endpoints anyone may call


@bp.before_request
def need_a_token():
    if (request.endpoint or "").removeprefix("lms.") in OPEN:
        return None
    if refused_too_often():
        return _too_many()  # and the token was not looked up (user_from_token)
    if not current_user.is_authenticated:
        if request.headers.get("Authorization"):
            count_refused_token()
        response = jsonify(error=_("A valid API token is needed: Authorization: Bearer …"))
        response.headers["WWW-Authenticate"] = 'Bearer realm="gramota"'
        return response, 401
    if not within_limit(current_app.config["LMS_API_RATE_LIMIT"], "api-person",
                        str(current_user.id)):
        return _too_many()
    return None


def _too_many():
    response = jsonify(error=_("Too many requests. Please wait a minute and try again."))
    return response, 429, {"Retry-After": "60"}


def as_json(error: HTTPException):
    return jsonify(error=error.description if error.code != 404 else _("Not found.")), \
        error.code


# By code: Flask prefers a handler for the code (the pages' own, in the parent blueprint)
# to one for the class.
for _code in (400, 403, 404, 405, 429):
    bp.register_error_handler(_code, as_json)


@bp.get("/me")
def me():
    user = current_user
    return jsonify(id=user.id, username=user.username, full_name=user.full_name,
                   role=user.role.value, library_id=user.library_id)


@bp.get("/learners/<id:user_id>/progress")
def progress(user_id: int):
    learner = get_learner_or_404(user_id)
    lang = current_language()
    courses = catalogue().listed()
    found = progress_by_course(learner, courses)
    certificates = db.session.scalars(select(Certificate).where(
        Certificate.user_id == learner.id).order_by(Certificate.issued_at))
    return jsonify(
        learner={"id": learner.id, "full_name": learner.full_name,
                 "library_id": learner.library_id},
        courses=[{"course": c.slug, "title": c.text(lang).title,
                  "lessons_done": found[c.slug].done_count, "lessons": found[c.slug].total,
                  "completed": found[c.slug].completed}
                 for c in courses if found[c.slug].done_count or found[c.slug].completed],
        certificates=[_certificate(c) for c in certificates])


@bp.get("/branches/<id:library_id>/summary")
def branch_summary(library_id: int):
    library = get_library_or_404(library_id)
    choice = read_choice(request.args, utcnow().date(), {library.id})
    row = queries.branch_rows([library.id], choice.period)[0]
    return jsonify(branch={"id": library.id, "name": library.name},
                   period={"start": choice.period.start.isoformat(),
                           "end": choice.period.end.isoformat()},
                   figures=row.figures, notes=[str(note) for note in choice.notes])


LISTED = 500  # certificates in one answer at most (the newest first)


@bp.get("/certificates")
def certificates():
    """The certificates the token's person may see (a learner: her own), of a learner, a
    branch and a course as asked, with each one's status; the newest first."""
    query = (select(Certificate).where(Certificate.user_id == current_user.id)
             .order_by(Certificate.issued_at.desc()) if current_user.is_learner
             else certificates_visible_to(current_user))
    for name, column in (("learner", Certificate.user_id), ("branch", Certificate.library_id)):
        if name in request.args:
            asked = row_id(request.args[name])
            if asked is None:
                return jsonify(error=_("%(name)s is a number.", name=name)), 400
            query = query.where(column == asked)
    if "course" in request.args:
        query = query.where(Certificate.course_slug == request.args["course"][:100])
    found = list(db.session.scalars(query.limit(LISTED + 1)))
    return jsonify(certificates=[_certificate(c) for c in found[:LISTED]],
                   more=len(found) > LISTED)


def _visible(number: str) -> Certificate | None:
    """The certificate under ``number``, if the token's person may see it."""
    return db.session.scalar(
        select(Certificate).where(Certificate.user_id == current_user.id,
                                  Certificate.number == number[:48])
        if current_user.is_learner else certificates_visible_to(current_user, number[:48]))


def _cannot_be_made_now(what: str):
    current_app.logger.exception("%s cannot be made", what)
    return jsonify(error=_("The certificate cannot be made just now; try again later.")), 503


@bp.get("/certificates/<number>.pdf")
def certificate_pdf(number: str):
    """A certificate's signed PDF, if the token's person may see it."""
    found = _visible(number)
    if found is None:
        return jsonify(error=_("Not found.")), 404
    try:
        body = services.certificate_pdf(found)
    except (SigningUnavailable, TemplateError):
        return _cannot_be_made_now("certificate PDF")
    return pdf_response(body, f"{found.number}.pdf")


@bp.get("/certificates/<number>/credential")
def certificate_credential(number: str):
    """A certificate as an Open Badges 3.0 credential, signed by its network (none for a
    revoked certificate)."""
    found = _visible(number)
    if found is None:
        return jsonify(error=_("Not found.")), 404
    if found.is_revoked:
        return jsonify(error=_("The certificate is revoked."), status="revoked"), 410
    try:
        return credential_response(found)
    except SigningUnavailable:
        return _cannot_be_made_now("Open Badges credential")


@bp.get("/certificates/<code>")
@limiter.limit(lambda: current_app.config["LMS_VERIFY_RATE_LIMIT"])
def certificate(code: str):
    found = by_code(normalise_code(code[:100]))
    if found is None:
        return jsonify(valid=False, error=_("No certificate has this code.")), 404
    return jsonify(valid=found.revoked_at is None and found.superseded_by_id is None,
                   **_certificate(found, public=True))


@bp.get("/openapi.json")
def openapi():
    return jsonify(document(public_url("lms.api.me").removesuffix("/me")))


def _certificate(found: Certificate, public: bool = False) -> dict:
    return {"number": found.number, "course": found.course_slug,
            "course_title": found.course_title,
            "full_name": name_shown_publicly(found) if public else found.full_name,
            "issued_on": found.issued_at.date().isoformat(),
            "revoked_on": found.revoked_at.date().isoformat() if found.revoked_at else None,
            "status": "revoked" if found.revoked_at else "replaced" if found.superseded_by_id
            else "valid",
            "replaced_by": found.superseded_by.number if found.superseded_by else None,
            "replaces": [earlier.number for earlier in found.replaces],
            "verify_url": public_url("lms.certificates.verify", code=found.code)}
