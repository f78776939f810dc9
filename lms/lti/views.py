"""The addresses a platform calls: the sign-in it begins, the launch, the tool's keys;
and the two pages a person may see on the way (the welcome, the deep-linking choice)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from flask_wtf.csrf import generate_csrf
from pylti1p3.exception import LtiException, OIDCException

from ..audit.services import record
from ..auth.sessions import mark_active
from ..db import db
from ..i18n import current_language
from ..people.services import PeopleError
from ..security import CONTENT_SECURITY_POLICY, limiter, public_url
from ..state import catalogue
from . import services, tool

bp = Blueprint("lti", __name__, url_prefix="/lti")
# a class at one library's computers (one address) all opening a lesson within a minute
RATE = "120 per minute"
DEEP_LINK = "lms_lti_deep_link"  # the session's key: the deep-linking launch under way


def _refused(message: str):
    db.session.rollback()
    return render_template("lms/lti/refused.html", message=message), 400


def _launch_over():
    return _refused(_("The launch from the platform is over. Open the course on the "
                      "platform again."))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(RATE)
def login():
    """A platform begins a sign-in (OIDC third-party login): the browser goes back to the
    platform with a state and a nonce, then comes to the launch."""
    target = request.values.get("target_link_uri") or public_url("lms.lti.launch")
    if urlsplit(target).netloc != urlsplit(public_url("lms.lti.launch")).netloc:
        return _refused(_("The platform asked to open an address of another site."))
    tool.forget_old_state()  # sign-ins that are over: their claims (names) go
    try:
        return tool.oidc_login().redirect(target)
    except (LtiException, OIDCException):
        current_app.logger.warning("LTI sign-in refused", exc_info=True)
        return _refused(_("This platform is not registered with Gramota. Ask the "
                          "administrator of your courses to add it."))


@bp.post("/launch")
@limiter.limit(RATE)
def launch():
    """The platform's signed launch: a person and a course or lesson, or a teacher
    choosing what to place in the platform's course (deep linking)."""
    try:
        launch = tool.message_launch()
        claims = launch.get_launch_data()
    except LtiException:
        current_app.logger.warning("LTI launch refused", exc_info=True)
        return _refused(_("The launch from the platform could not be checked. Open the "
                          "course on the platform again."))
    platform = tool.Platforms().platform(claims["iss"], _audience(claims))
    if launch.is_deep_link_launch():
        session[DEEP_LINK] = launch.get_launch_id()
        return _choose(platform)
    account = services.account_of(platform, str(claims["sub"]))
    if account is None:
        return render_template("lms/lti/welcome.html", launch_id=launch.get_launch_id(),
                               platform=platform, name=services.name_from(claims))
    return _arrive(account, claims)


@bp.post("/welcome")
def welcome():
    """She agrees to what Gramota keeps of her, and arrives."""
    try:
        claims = tool.launch_from_store(request.form.get("launch", "")[:100]).get_launch_data()
    except LtiException:
        return _launch_over()
    platform = tool.Platforms().platform(claims["iss"], _audience(claims))
    account = services.account_of(platform, str(claims["sub"]))
    if account is None:
        if request.form.get("name"):
            claims = {**claims, "name": request.form["name"][:200], "family_name": None,
                      "given_name": None, "middle_name": None}
        try:
            account = services.tie_person(platform, claims, current_language())
        except PeopleError as exc:
            db.session.rollback()
            return render_template("lms/lti/welcome.html", launch_id=request.form["launch"],
                                   platform=platform, name="", error=str(exc)), 422
    return _arrive(account, claims)


def _arrive(account, claims: dict):
    """Sign her in and open the course or lesson the link names (and note where its
    grade goes)."""
    course, lesson = _target(claims)
    if course is None:
        return _refused(_("The course this link opens is not in Gramota any more. Ask "
                          "your teacher to place it again."))
    if account.user.is_staff:
        return _refused(_("Staff accounts do not sign in from a platform."))
    services.remember_link(account, claims, course.slug, lesson.slug if lesson else None)
    logout_user()
    session.clear()
    login_user(account.user)
    mark_active()
    record("sign_in", actor=account.user, subject=account.user, platform=account.platform_id)
    generate_csrf()
    if lesson is not None:
        return redirect(url_for("lms.courses.lesson", slug=course.slug,
                                lesson_slug=lesson.slug))
    return redirect(url_for("lms.courses.course", slug=course.slug))


def _target(claims: dict):
    custom = claims.get(services.LTI + "custom") or {}
    return _placed(str(custom.get("course", ""))[:100], str(custom.get("lesson", ""))[:100])


def _placed(course_slug: str, lesson_slug: str):
    """The learner course and its lesson (none asked: the whole course) a link names, or
    (None, None) when either is not in Gramota."""
    course = catalogue().get(course_slug)
    lesson = course.lesson(lesson_slug) if course and lesson_slug else None
    if course is None or course.audience != "learner" or (lesson_slug and lesson is None):
        return None, None
    return course, lesson


def _audience(claims: dict) -> str:
    aud = claims.get("aud")
    return aud[0] if isinstance(aud, list) else str(aud)


def _choose(platform):
    country = platform.library.country
    courses = [course for course in catalogue().listed()
               if course.audience == "learner" and course.country in (None, country)]
    return render_template("lms/lti/choose.html", courses=courses, lang=current_language())


@bp.post("/deep-link")
def deep_link():
    """The teacher's choice, signed back to the platform: a course or a lesson, with a
    gradebook column for its score."""
    from pylti1p3.deep_link_resource import DeepLinkResource
    from pylti1p3.lineitem import LineItem

    launch_id = session.get(DEEP_LINK)
    if not launch_id:
        abort(404)
    try:
        launch = tool.launch_from_store(launch_id)
    except LtiException:
        return _launch_over()
    slug, _slash, lesson_slug = request.form.get("item", "")[:201].partition("/")
    course, lesson = _placed(slug, lesson_slug)
    if course is None:
        return _choose(tool.Platforms().platform(launch.get_iss(), launch.get_client_id()))
    lang = current_language()
    title = lesson.text(lang).title if lesson else course.text(lang).title
    custom = {"course": course.slug, **({"lesson": lesson.slug} if lesson else {})}
    item = (DeepLinkResource().set_url(public_url("lms.lti.launch")).set_title(title)
            .set_custom_params(custom)
            .set_lineitem(LineItem().set_score_maximum(100).set_label(title)
                          .set_resource_id(f"{course.slug}/{lesson.slug if lesson else ''}")))
    deep_link = launch.get_deep_link()
    back = launch.get_launch_data()[
        "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"][
        "deep_link_return_url"]
    session.pop(DEEP_LINK, None)
    response = current_app.make_response(render_template(
        "lms/lti/return.html", action=back, jwt=deep_link.get_response_jwt([item]),
        title=title))
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(back))
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "form-action 'self'", f"form-action 'self' {origin}")
    return response


@bp.get("/jwks.json")
def jwks():
    """The tool's public keys: the platform checks the tool's signed messages with them."""
    response = jsonify(tool.public_jwks())
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
