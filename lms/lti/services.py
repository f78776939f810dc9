"""What a launch from a platform does in Gramota, and the grades it sends back."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException
from pylti1p3.grade import Grade
from pylti1p3.service_connector import ServiceConnector
from requests import RequestException
from sqlalchemy import delete, select

from ..audit.services import record
from ..db import db, utcnow
from ..people.models import ConsentRecord, Library, Role, User
from ..people.passwords import new_pin
from ..people.services import PeopleError, create_user, propose_username
from ..people.validation import InvalidDetail, clean_name
from ..quizzes.queries import best_attempt
from .models import LtiAccount, LtiLink, LtiPlatform, LtiScore
from .tool import platform_session, registration_of

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SEND_TRIES = 10  # a grade the platform keeps refusing is given up after this many tries


class LtiError(ValueError):
    """A launch or a registration that cannot be taken; the message says why."""


def add_platform(*, name: str, issuer: str, client_id: str, deployment_ids: list[str],
                 auth_login_url: str, auth_token_url: str, key_set_url: str,
                 library: Library) -> LtiPlatform:
    """Register a platform (as its administrator set the tool up there)."""
    for url in (issuer, auth_login_url, auth_token_url, key_set_url):
        if not url.startswith(("https://", "http://")):
            raise LtiError(_l("%(url)s is not a web address.", url=url))
    if not deployment_ids:
        raise LtiError(_l("Give at least one deployment id."))
    if db.session.scalar(select(LtiPlatform.id).filter_by(issuer=issuer,
                                                          client_id=client_id)):
        raise LtiError(_l("This platform and client id are registered already."))
    platform = LtiPlatform(name=name, issuer=issuer, client_id=client_id,
                           deployment_ids=" ".join(deployment_ids),
                           auth_login_url=auth_login_url, auth_token_url=auth_token_url,
                           key_set_url=key_set_url, library=library)
    db.session.add(platform)
    db.session.flush()
    record("lti_platform_added", platform=platform.id, issuer=issuer, client_id=client_id)
    return platform


def account_of(platform: LtiPlatform, subject: str) -> LtiAccount | None:
    return db.session.scalar(select(LtiAccount).filter_by(platform_id=platform.id,
                                                          subject=subject))


def name_from(claims: dict) -> str:
    """The person's name as the platform gives it (family name first, as at the desk)."""
    parts = [claims.get("family_name"), claims.get("given_name"), claims.get("middle_name")]
    return " ".join(part.strip() for part in parts if part and part.strip()) or (
        claims.get("name") or "").strip()


def tie_person(platform: LtiPlatform, claims: dict, language: str) -> LtiAccount:
    """A learner at the platform's branch for the platform's user, who agreed on the
    welcome page to what Gramota keeps of her (her name, from the platform)."""
    subject = str(claims["sub"])
    try:
        full_name = clean_name(name_from(claims))
    except InvalidDetail:
        raise PeopleError(_l("The platform did not tell us your name. Type it as it "
                             "should be on your certificate.")) from None
    learner = create_user(propose_username(full_name, language), full_name,
                          Role.LEARNER, new_pin(), library=platform.library,
                          language=language)
    learner.consents.append(ConsentRecord(
        text_version=current_app.config["LMS_CONSENT_VERSION"], method="screen"))
    account = LtiAccount(platform=platform, subject=subject, user=learner)
    db.session.add(account)
    db.session.flush()
    record("lti_learner_registered", subject=learner, platform=platform.id)
    return account


def move_accounts(kept: User, other: User) -> None:
    for account in db.session.scalars(select(LtiAccount).filter_by(user_id=other.id)):
        account.user_id = kept.id
    db.session.flush()


def forget_accounts(learner: User) -> None:
    """Untie her from every platform (her grades on their way go with the links)."""
    accounts = select(LtiAccount.id).where(LtiAccount.user_id == learner.id)
    links = select(LtiLink.id).where(LtiLink.account_id.in_(accounts))
    db.session.execute(delete(LtiScore).where(LtiScore.link_id.in_(links)))
    db.session.execute(delete(LtiLink).where(LtiLink.id.in_(links)))
    db.session.execute(delete(LtiAccount).where(LtiAccount.id.in_(accounts)))


def remember_link(account: LtiAccount, claims: dict, course_slug: str,
                  lesson_slug: str | None) -> LtiLink:
    """Where her grade for this course or lesson goes on the platform (if it takes
    grades): kept, or brought up to date at every launch."""
    resource = str((claims.get(LTI + "resource_link") or {}).get("id") or "")[:255]
    endpoint = claims.get(AGS) or {}
    link = db.session.scalar(select(LtiLink).filter_by(account_id=account.id,
                                                       resource_link=resource))
    if link is None:
        link = LtiLink(account=account, resource_link=resource)
        db.session.add(link)
    link.course_slug, link.lesson_slug = course_slug, lesson_slug
    link.lineitem_url = endpoint.get("lineitem")
    link.scopes = " ".join(endpoint.get("scope") or [])
    link.launched_at = utcnow()
    db.session.flush()
    return link


def links_of(user: User, course_slug: str) -> list[LtiLink]:
    return list(db.session.scalars(
        select(LtiLink).join(LtiAccount).where(LtiAccount.user_id == user.id,
                                               LtiLink.course_slug == course_slug,
                                               LtiLink.lineitem_url.is_not(None))))


def queue_grade(user: User, course_slug: str, *, lesson_slug: str | None, quiz,
                completed: bool) -> list[LtiScore]:
    """Her grade for a lesson or course, on its way to each platform link that takes
    it: the best score of the quiz (a worse try never lowers it), or 100 for a lesson
    with no quiz, done."""
    best = best_attempt(user.id, quiz) if quiz is not None else None
    score = float(best.score) if best is not None else 100.0
    queued = []
    for link in links_of(user, course_slug):
        if link.lesson_slug == lesson_slug and SCORE_SCOPE in link.scopes.split():
            queued.append(LtiScore(link=link, score=score, completed=completed))
            db.session.add(queued[-1])
    db.session.flush()
    return queued


def waiting_scores() -> list[LtiScore]:
    return list(db.session.scalars(select(LtiScore).where(
        LtiScore.sent_at.is_(None), LtiScore.tries < SEND_TRIES).order_by(LtiScore.id)))


def send_scores() -> tuple[int, int]:
    """Send the grades on their way, each to its platform (Assignment and Grade Services:
    a Score to the line item); say how many were taken and how many failed (kept for
    the next try)."""
    sent = failed = 0
    connectors: dict[int, ServiceConnector] = {}
    for waiting in waiting_scores():
        link, account = waiting.link, waiting.link.account
        if account.platform_id not in connectors:
            connectors[account.platform_id] = ServiceConnector(
                registration_of(account.platform), requests_session=platform_session())
        grade = (Grade().set_score_given(waiting.score).set_score_maximum(100)
                 .set_timestamp(waiting.created_at.strftime("%Y-%m-%dT%H:%M:%S+00:00"))
                 .set_activity_progress("Completed" if waiting.completed else "Submitted")
                 .set_grading_progress("FullyGraded").set_user_id(account.subject))
        service = AssignmentsGradesService(connectors[account.platform_id], {
            "lineitem": link.lineitem_url, "scope": link.scopes.split()})
        waiting.tries += 1
        try:
            service.put_grade(grade)
        except (LtiException, RequestException, ValueError) as exc:
            waiting.error = str(exc)[:500]
            failed += 1
            current_app.logger.warning("LTI grade %s not sent: %s", waiting.id, exc)
        else:
            waiting.sent_at, waiting.error = utcnow(), None
            sent += 1
        db.session.flush()
    return sent, failed
