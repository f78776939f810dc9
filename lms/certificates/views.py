"""Certificates: public verification, downloads, printing, paper issue, revocation."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..db import db
from ..numbers import row_id
from ..people.access import manager_required, trainer_required
from ..people.scope import get_learner_or_404, libraries_visible_to
from ..security import limiter, public_url
from ..state import catalogue
from ..web.assets import STATIC_DIR
from . import claims, services
from .downloads import certificates_response, credential_or_apology, pdf_or_apology
from .models import Certificate
from .queries import (
    by_code,
    certificates_of,
    certificates_visible_to,
    get_certificate_or_404,
    get_own_certificate_or_404,
    name_shown_publicly,
)

bp = Blueprint("certificates", __name__)


def _verify_limit() -> str:
    return current_app.config["LMS_VERIFY_RATE_LIMIT"]


@bp.get("/verify/")
def verify_form():
    code = request.args.get("code", "")
    if code:
        return redirect(url_for(".verify", code=code[:100].strip() or "-"))
    response = current_app.make_response(render_template("lms/certificates/verify.html",
                                                         certificate=None, asked=False))
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/verify/<path:code>")
@limiter.limit(_verify_limit)
def verify(code: str):
    """Anyone can check a certificate; the answer is valid, revoked or not found."""
    certificate = by_code(services.normalise_code(code))
    name = name_shown_publicly(certificate) if certificate is not None else None
    response = current_app.make_response(render_template(
        "lms/certificates/verify.html", certificate=certificate, name=name, asked=True))
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if certificate is not None else 404


@bp.get("/V/keys.json")
def claim_public_keys():
    """The networks' public keys for checking the QR codes' claims (JSON Web Keys)."""
    keys = [claims.public_jwk(key, network)
            for network, key in sorted(services.claim_keys().items())]
    response = current_app.response_class(json.dumps({"keys": keys}, indent=1),
                                          mimetype="application/json")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.get("/V/revoked/<network>.cose")
def claim_revocations(network: str):
    """A network's signed list of revoked certificates, as of today."""
    if network not in services.claim_keys():
        abort(404)
    response = current_app.response_class(services.revocations(network),
                                          mimetype="application/cose")
    response.headers["Cache-Control"] = "no-cache"  # a revocation is seen at once
    return response


@bp.get("/V/sw.js")
def claim_worker():
    """The service worker that keeps the QR pages for a check with no connection."""
    response = current_app.response_class((STATIC_DIR / "claim-worker.js").read_bytes(),
                                          mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/V/offline")
def claim_offline():
    """The page a QR code opens with no connection: the code is checked on this device."""
    response = current_app.make_response(render_template(
        "lms/certificates/claim_offline.html"))
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.get("/V/<path:claim>")
@limiter.limit(_verify_limit)
def claim(claim: str):
    """A certificate's QR code, opened by a phone's camera: its signed claim checked
    against the network's key, then against what this site knows of it (revoked?)."""
    try:
        found = claims.verify(claims.from_base45(claim), services.claim_keys())
    except claims.ClaimError:
        found = certificate = None
    else:
        certificate = db.session.scalar(select(Certificate).filter_by(number=found.number))
        if certificate is not None and certificate.code != found.code:
            certificate = None
    response = current_app.make_response(render_template(
        "lms/certificates/claim.html", claim=found, certificate=certificate))
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if found is not None else 404


@bp.get("/me/certificates/<number>.pdf")
@login_required
def my_certificate(number: str):
    """Her certificate, saved as a file with a name she recognises (``?save``), or shown."""
    certificate = get_own_certificate_or_404(number)
    return pdf_or_apology(lambda: services.certificate_pdf(certificate), f"{number}.pdf",
                          save_as=_("Certificate %(number)s", number=number) + ".pdf"
                          if "save" in request.args else None)


@bp.get("/me/certificates/<number>.json")
@login_required
def my_open_badge(number: str):
    """Her certificate as an Open Badges 3.0 credential, to keep in a digital wallet."""
    certificate = get_own_certificate_or_404(number)
    if certificate.is_revoked:
        abort(404)
    return credential_or_apology(certificate)


@bp.get("/me/courses/<slug>/certificate")
@login_required
def course_certificate(slug: str):
    """What her certificate for a course is, how to save and print it, how it is checked;
    the one step from the final quiz's result. Not issued yet: what is still to do."""
    course = catalogue().get(slug)
    if course is None:
        abort(404)
    found = [c for c in certificates_of(current_user.id)
             if c.course_slug == slug and not c.is_revoked]
    return render_template("lms/certificates/mine.html", course=course,
                           certificate=found[0] if found else None,
                           verify_url=public_url("lms.certificates.verify", code=found[0].code)
                           if found else None)


@bp.post("/me/certificates/name")
@login_required
def show_name():
    current_user.show_name_on_certificates = request.form.get("show") == "yes"
    flash(_("Saved."), "success")
    return redirect(url_for("lms.account.home"))


@bp.get("/trainer/learners/<id:user_id>/certificates/<number>.pdf")
@trainer_required
def learner_certificate(user_id: int, number: str):
    learner = get_learner_or_404(user_id)
    certificate = db.session.scalar(select(Certificate).filter_by(number=number,
                                                                 user_id=learner.id))
    if certificate is None:
        abort(404)
    return pdf_or_apology(lambda: services.certificate_pdf(certificate), f"{number}.pdf")


@bp.post("/trainer/learners/<id:user_id>/certificates")
@trainer_required
def issue_on_paper(user_id: int):
    learner = get_learner_or_404(user_id)
    course = catalogue().get(request.form.get("course", ""))
    if course is None or course.audience != "learner":
        flash(_("Choose a course from the list."), "error")
    else:
        certificate = services.issue_on_paper(current_user, learner, course)
        flash(_("Certificate %(number)s issued.", number=certificate.number), "success")
    return redirect(url_for("lms.trainer.learner", user_id=learner.id))


@bp.post("/trainer/learners/<id:user_id>/name")
@trainer_required
def correct_name(user_id: int):
    learner = get_learner_or_404(user_id)
    try:
        changed = services.correct_name(current_user, learner, request.form.get("name", ""))
    except services.CertificateError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(_("The name is corrected; certificates re-issued under the same numbers: "
                "%(count)s.", count=len(changed)), "success")
    return redirect(url_for("lms.trainer.learner", user_id=learner.id))


@bp.get("/trainer/certificates.pdf")
@trainer_required
def print_certificates():
    """All certificates of one course at one branch as one PDF, to print for a class."""
    library_id = row_id(request.args.get("library"))
    allowed = {lib.id for lib in libraries_visible_to(current_user)}
    if library_id not in allowed:
        abort(404)
    found = list(db.session.scalars(
        certificates_visible_to(current_user)
        .where(Certificate.library_id == int(library_id),
               Certificate.course_slug == request.args.get("course", ""),
               Certificate.revoked_at.is_(None))))
    if not found:
        abort(404)
    return certificates_response(found)


@bp.get("/admin/certificates/")
@manager_required
def certificates():
    number = request.args.get("number", "")[:48]
    found = list(db.session.scalars(certificates_visible_to(current_user, number).limit(100)))
    return render_template("lms/certificates/list.html", certificates=found, number=number)


@bp.route("/admin/certificates/<id:certificate_id>/", methods=["GET", "POST"])
@manager_required
def certificate(certificate_id: int):
    found = get_certificate_or_404(certificate_id)
    if request.method == "POST":
        try:
            services.revoke(current_user, found, request.form.get("reason", ""))
        except services.CertificateError as exc:
            flash(str(exc), "error")
            return render_template("lms/certificates/detail.html", certificate=found), 422
        flash(_("The certificate is revoked."), "success")
        return redirect(url_for(".certificate", certificate_id=found.id))
    return render_template("lms/certificates/detail.html", certificate=found)
