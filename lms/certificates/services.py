"""Issuing, correcting and revoking certificates, and producing their signed PDFs."""

from __future__ import annotations

import base64
import secrets

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from .. import events
from ..audit.services import record
from ..content import Course
from ..content.sources import content_path
from ..db import db, savepoint, utcnow
from ..people.models import Library, Network, User
from ..people.validation import InvalidDetail, clean_name, search_key
from ..progress.models import Enrollment
from ..security import public_url
from ..state import catalogue
from . import badges
from .claims import PATH, QR_KEY, Claim, link, qr_key, revocation_list, sign
from .models import Certificate
from .signing import SigningUnavailable, key_folder, keys_root, load_signer, sign_pdf
from .template import cached_template

CODE_BYTES = 17  # 136 random bits
NUMBER_ATTEMPTS = 8


class CertificateError(ValueError):
    """A certificate cannot be issued or changed as asked; the message says why."""


def new_code() -> str:
    """A random verification code: 28 characters of base32 (A–Z, 2–7), easy to type."""
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode().rstrip("=")


def normalise_code(raw: str) -> str | None:
    """Return a typed or scanned code in canonical form, or None if it cannot be one."""
    code = "".join((raw or "")[:200].split()).replace("-", "").upper()
    if len(code) != 28 or any(ch not in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" for ch in code):
        return None
    return code


def _next_number(prefix: str, year: int) -> str:
    """The network's next number of the year; at a node of a region, in the node's own
    series (NETWORK-NODE-2026-00001), so that no two branches ever give one number."""
    if current_app.config["LMS_REGION_URL"]:
        prefix = f"{prefix}-{current_app.config['LMS_NODE_ID'].upper()}"
    pattern = f"{prefix}-{year}-%"
    count = db.session.scalar(select(func.count(Certificate.id)).where(
        Certificate.number.like(pattern)))
    return f"{prefix}-{year}-{count + 1:05d}"


def _find(enrollment_id: int) -> Certificate | None:
    return db.session.scalar(select(Certificate).filter_by(enrollment_id=enrollment_id))


def issue(enrollment: Enrollment, course: Course, *, issued_by: User | None = None,
          on_paper: bool = False) -> Certificate:
    """Issue the certificate of a completed enrollment, once, whatever happens at once."""
    existing = _find(enrollment.id)
    if existing is not None:
        return existing
    user, library = enrollment.user, enrollment.library
    lang = user.language if user.language in course.texts else course.default_language
    certificate, new = _numbered(library, lambda number, now: Certificate(
        number=number, code=new_code(), enrollment_id=enrollment.id,
        user_id=user.id, course_slug=course.slug,
        library_id=library.id if library else None, full_name=user.full_name,
        course_title=course.text(lang).title, hours=course.hours, lang=lang,
        audience=course.audience, issued_at=now, on_paper=on_paper,
        issued_by_id=issued_by.id if issued_by else None), lambda: _find(enrollment.id))
    if new:
        record("certificate_issued", actor=issued_by, subject=user, library=library,
               number=certificate.number, course=course.slug, on_paper=on_paper)
        events.certificate_issued.send(certificate, issued_by=issued_by)
    return certificate


def _numbered(library, make, already=lambda: None) -> tuple[Certificate, bool]:
    """Add the certificate ``make(number, now)`` gives under the next number of the
    library's series; or the one ``already()`` finds, added by another request at the same
    moment (then False)."""
    prefix = (library.network.code if library else "GRAMOTA").upper()
    for _attempt in range(NUMBER_ATTEMPTS):
        now = utcnow()
        certificate = make(_next_number(prefix, now.year), now)
        try:
            with savepoint():
                db.session.add(certificate)
        except IntegrityError:
            existing = already()
            if existing is not None:
                return existing, False  # another request issued it a moment ago
            continue  # the number was taken at the same moment: take the next one
        return certificate, True
    raise CertificateError(_l("The certificate could not be numbered; please try again."))


def reissue(certificate: Certificate, *, reason: str, actor: User | None = None
            ) -> Certificate:
    """A certificate in place of ``certificate`` (a retake, a corrected name): a new
    number and code, today's date, the holder's name and the course as they are now. The
    old one stays genuine for what it was, and says it was replaced and by which."""
    if certificate.is_superseded or certificate.is_revoked:
        raise CertificateError(_l("Only a valid certificate, not yet replaced, can be "
                                  "issued again."))
    course = catalogue().get(certificate.course_slug)
    user, library = certificate.user, certificate.library
    enrollment_id, certificate.enrollment_id = certificate.enrollment_id, None  # unique
    db.session.flush()
    lang = certificate.lang if course is None or certificate.lang in course.texts else \
        course.default_language
    again, _new = _numbered(library, lambda number, now: Certificate(
        number=number, code=new_code(), enrollment_id=enrollment_id, user_id=user.id,
        course_slug=certificate.course_slug, library_id=certificate.library_id,
        trainer_id=certificate.trainer_id, full_name=user.full_name,
        course_title=course.text(lang).title if course else certificate.course_title,
        hours=course.hours if course else certificate.hours, lang=lang,
        audience=certificate.audience, issued_at=now, on_paper=certificate.on_paper,
        issued_by_id=actor.id if actor else None))
    certificate.superseded_by_id, certificate.superseded_at = again.id, again.issued_at
    record("certificate_reissued", actor=actor, subject=user, library=library,
           number=again.number, replaces=certificate.number, reason=reason)
    events.certificate_reissued.send(again, replaces=certificate, reason=reason, by=actor)
    db.session.flush()
    return again


def issue_on_paper(actor: User, learner: User, course: Course) -> Certificate:
    """Record a course completed on paper (in class) and issue its certificate; audited."""
    from ..progress.services import enroll

    enrollment = enroll(learner, course)
    if enrollment.completed_at is None:
        enrollment.completed_at = utcnow()
    return issue(enrollment, course, issued_by=actor, on_paper=True)


def move_certificates(kept: User, other: User) -> None:
    """Two accounts of one person joined: the other's certificates are hers (their numbers,
    codes and names unchanged: a printed one still verifies)."""
    db.session.execute(update(Certificate).where(Certificate.user_id == other.id)
                       .values(user_id=kept.id).execution_options(synchronize_session=False))


def keep_with_enrollment(folded: Enrollment, into: Enrollment) -> None:
    """A course begun under both accounts became one enrollment: the certificate of the
    folded one goes with it, unless the kept one has its own, then it stays valid alone."""
    certificate = _find(folded.id)
    if certificate is not None:
        certificate.enrollment_id = None if _find(into.id) else into.id
        db.session.flush()


def revoke(actor: User, certificate: Certificate, reason: str) -> None:
    """Revoke a certificate with a reason; the verification page then says so."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise CertificateError(_l("Please write the reason."))
    if certificate.is_revoked:
        return
    certificate.revoked_at, certificate.revoked_by_id = utcnow(), actor.id
    certificate.revoke_reason = reason[:500]
    record("certificate_revoked", actor=actor, subject=certificate.user,
           library=certificate.library, number=certificate.number, reason=reason[:500])


def correct_name(actor: User, learner: User, new_name: str) -> list[Certificate]:
    """Correct a learner's name; each of her valid certificates is issued again under it
    (a new number; the old one says it was replaced). Returns the new ones."""
    try:
        new_name = clean_name(new_name)
    except InvalidDetail as exc:
        raise CertificateError(str(exc)) from None
    before = learner.full_name
    learner.full_name = new_name
    learner.search_key = search_key(f"{new_name} {learner.username}")
    current = list(db.session.scalars(select(Certificate).where(
        Certificate.user_id == learner.id, Certificate.superseded_by_id.is_(None),
        Certificate.revoked_at.is_(None)).order_by(Certificate.id)))
    again = [reissue(certificate, reason="name corrected", actor=actor)
             for certificate in current]
    record("name_corrected", actor=actor, subject=learner, before=before, after=new_name)
    db.session.flush()
    return again


# --- PDF ------------------------------------------------------------------------------
# reportlab (the drawing, 6 MB) is loaded when a PDF is first made, not in every worker.

def certificate_data(certificate: Certificate):
    from .render import CertificateData

    library = certificate.library
    network = library.network if library else None
    second = network.language if network and network.language != certificate.lang else None
    return CertificateData(
        number=certificate.number, code=certificate.code, full_name=certificate.full_name or "—",
        course_title=certificate.course_title, issued_on=certificate.issued_at.date(),
        lang=certificate.lang, second_lang=second, hours=certificate.hours,
        verify_url=public_url("lms.certificates.verify", code=certificate.code),
        network_name=network.name if network else "", audience=certificate.audience,
        library_name=library.name if library else "",
        trainer_name=certificate.trainer.full_name if certificate.trainer else None,
        revoked_on=certificate.revoked_at.date() if certificate.revoked_at else None,
        qr_url=claim_link(certificate))


def network_of(certificate: Certificate) -> str:
    """The code of the network that issued it ("gramota" for one of no branch)."""
    return certificate.library.network.code if certificate.library else "gramota"


def claim_of(certificate: Certificate) -> Claim:
    return Claim(certificate.number, certificate.full_name or "—", certificate.course_title,
                 certificate.hours, certificate.issued_at.date(), network_of(certificate),
                 certificate.code, certificate.audience)


def keys_of(network: str):
    """The folder of the network's keys (beside its PDF key), or the default one."""
    return key_folder(keys_root(current_app), None if network == "gramota" else network)


def claim_key(network: str):
    """The network's key for signed claims."""
    return qr_key(keys_of(network))


def claim_keys() -> dict:
    """The public keys of the networks whose claims this site can check (those with a
    claim key; none is made here)."""
    found = {}
    for code in [*db.session.scalars(select(Network.code)), "gramota"]:
        path = keys_of(code) / QR_KEY
        if path.is_file():
            found[code] = qr_key(path.parent).public_key()
    return found


def revocations(network: str) -> bytes:
    """The network's signed list of revoked certificates, and of those issued again, as of
    today (for a verifier to keep: `lms verify-qr --revoked`, the offline check)."""
    of_network = (select(Certificate).join(Library, Certificate.library_id == Library.id)
                  .join(Network).where(Network.code == network))
    revoked = db.session.scalars(of_network.where(Certificate.revoked_at.is_not(None)))
    replaced = db.session.scalars(of_network.where(Certificate.superseded_by_id.is_not(None)))
    return revocation_list(network, utcnow().date(), [paper.number for paper in revoked],
                           claim_key(network), [
                               (paper.number, paper.superseded_by.number,
                                paper.superseded_at.date()) for paper in replaced])


def open_badge(certificate: Certificate) -> dict:
    """The certificate as an Open Badges 3.0 credential, signed by its network: the
    course as the achievement (its summary, hours and lessons as skills), in the language
    the certificate was printed in."""
    course = catalogue().get(certificate.course_slug)
    lang = certificate.lang
    with force_locale(lang):
        criteria = (_("Complete every lesson of the course and pass its final quiz.")
                    if course is None or course.lessons else
                    _("Pass the course's final quiz."))
        name = _("Certificate %(number)s", number=certificate.number)
    achievement = {"id": public_url("lms.courses.course", slug=certificate.course_slug),
                   "achievementType": "Certificate", "name": certificate.course_title,
                   "description": course.text(lang).summary if course else
                   certificate.course_title,
                   "criteria": {"narrative": criteria}, "inLanguage": lang,
                   "humanCode": certificate.course_slug}
    if certificate.hours:
        achievement["creditsAvailable"] = certificate.hours
    if course is not None and course.lessons:
        achievement["tag"] = [lesson.text(lang).title for lesson in course.lessons]
    network = certificate.library.network if certificate.library else None
    issuer = {"name": network.name if network else
              current_app.config["LMS_SITE_NAME"] or "Gramota",
              "url": public_url("lms.courses.catalogue")}
    unsigned = badges.credential(
        uid=certificate.uid, name=f"{name}: {certificate.course_title}", issuer=issuer,
        issued=certificate.issued_at, holder=certificate.full_name or "—",
        achievement=achievement)
    return badges.sign(unsigned, badges.badge_key(keys_of(network_of(certificate))),
                       utcnow())


def claim_link(certificate: Certificate) -> str:
    """The QR code's link: the certificate's claim, signed by its network."""
    base = public_url("lms.certificates.claim", claim="-").removesuffix(PATH + "-")
    return link(base, sign(claim_of(certificate), claim_key(network_of(certificate))))


def _template_for(certificate: Certificate):
    course = catalogue().get(certificate.course_slug)
    network = certificate.library.network.code if certificate.library else None
    names = [name for name in ((course.certificate if course else None), network) if name]
    return cached_template(certificates_folder(course), *names)


def certificates_folder(course: Course | None):
    """The site's certificate templates, or those of the course pack the course came
    from, when the pack has its own (a certificates/ folder with a default.yaml)."""
    if course is not None:
        pack = course.path.parent.parent / "certificates"  # <pack>/courses/<course>
        site_courses = content_path(current_app, "LMS_COURSES_DIR")
        if course.path.parent != site_courses and (pack / "default.yaml").is_file():
            return pack
    return content_path(current_app, "LMS_CERTIFICATES_DIR")


def _signed(pdf: bytes, network_code: str | None, reason: str) -> bytes:
    try:
        signer = load_signer(key_folder(keys_root(current_app), network_code))
        return sign_pdf(pdf, signer, reason=reason)
    except SigningUnavailable:
        current_app.logger.error("certificate not signed", exc_info=True)
        if current_app.config["LMS_CERTIFICATES_ALLOW_UNSIGNED"]:
            return pdf
        raise


def forget_holder(learner: User) -> None:
    """Take the learner's name off every certificate of hers (erasure at her request)."""
    for certificate in db.session.scalars(select(Certificate).filter_by(user_id=learner.id)):
        certificate.full_name = ""
    db.session.flush()


def certificate_pdf(certificate: Certificate) -> bytes:
    """Return the certificate's signed PDF (raises SigningUnavailable without a key)."""
    from .render import render_certificate

    pdf = render_certificate(_template_for(certificate), certificate_data(certificate))
    network = certificate.library.network.code if certificate.library else None
    return _signed(pdf, network, reason=f"{certificate.number}")


def certificates_pdf(certificates: list[Certificate]) -> bytes:
    """Return several certificates as one signed PDF, one per page (to print for a class)."""
    from .render import render_many

    template = _template_for(certificates[0])
    pdf = render_many(template, [certificate_data(c) for c in certificates])
    first = certificates[0]
    network = first.library.network.code if first.library else None
    return _signed(pdf, network, reason=", ".join(c.number for c in certificates)[:200])
