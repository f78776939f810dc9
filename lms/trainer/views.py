"""Learners of the trainer's branches: find, register at the desk, reset a PIN."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from ..background import needs_runner, start_after
from ..certificates.queries import certificates_of
from ..classes.queries import classes_of
from ..consultations.forms import OUTCOME_NAMES
from ..consultations.queries import consultations_of
from ..consultations.topics import topic_labeller
from ..db import db
from ..i18n import current_language
from ..numbers import row_id, whole_number
from ..people import import_jobs, importing, merging, services
from ..people.access import trainer_required
from ..people.cards import login_cards_pdf
from ..people.models import User
from ..people.pin_notes import keep_pins, open_note, take_pins
from ..people.scope import get_learner_or_404, learners_visible_to, libraries_visible_to
from ..progress.queries import progress_by_course
from ..quizzes.models import QuizAttempt
from ..state import catalogue
from ..web.caching import keep_no_copy
from ..web.downloads import csv_response
from ..web.forms import choices, language_choices
from .forms import AnonymiseForm, LearnerDetailsForm, MergeForm, RegisterLearnerForm, SearchForm
from .home import trainer_home

bp = Blueprint("trainer", __name__, url_prefix="/trainer")
bp.after_request(keep_no_copy)  # pages about other people: no copy on a shared PC

PAGE_SIZE = 50
CARD_KEY = "lms_card"
CARD_PDF_KEY = "lms_card_pdf"
CARDS_KEY = "lms_imported_cards"


@bp.get("/")
@trainer_required
def learners():
    form = SearchForm(request.args)
    search = (form.q.data or "") if form.validate() else ""  # no ?q= is no search, not "None"
    page = whole_number(request.args.get("page"), low=1, high=9_999) or 1
    found = list(db.session.scalars(learners_visible_to(current_user, search)
                                    .limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)))
    return render_template("lms/trainer/learners.html", form=form, learners=found[:PAGE_SIZE],
                           page=page, more=len(found) > PAGE_SIZE, search=search,
                           home=trainer_home(current_user), lang=current_language())


@bp.route("/learners/new", methods=["GET", "POST"])
@trainer_required
def register():
    form = RegisterLearnerForm()
    libraries = libraries_visible_to(current_user)
    if not libraries:
        abort(403)
    form.library_id.choices = choices((lib.id, lib.name) for lib in libraries)
    form.language.choices = language_choices()
    if request.method == "GET":
        form.library_id.data = current_user.library_id or libraries[0].id
        form.language.data = current_app.config["LMS_DEFAULT_LANGUAGE"]
    error, already = None, []
    # the name she was warned about, sent back: "a different person, register her"
    def asked() -> str:
        return f"{form.full_name.data}|{form.birth_year.data or ''}"

    confirmed = form.different_person.data == asked()
    if form.validate_on_submit() and not confirmed:
        person = (form.full_name.data, form.birth_year.data)  # checked: a year or None
        already = services.same_person(form.library_id.data, [person]).get(person, [])
        form.different_person.data = asked() if already else ""
    if form.validate_on_submit() and not already:
        try:
            registration = services.register_learner(
                current_user, full_name=form.full_name.data, library_id=form.library_id.data,
                language=form.language.data, consent_method=form.consent.data,
                birth_year=form.birth_year.data, phone=form.phone.data,
                email=form.email.data, username=form.username.data or None)
        except services.PeopleError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            keep_pins(current_user, CARD_KEY, {registration.learner.id: registration.pin})
            return redirect(url_for(".card", user_id=registration.learner.id))
    status = 422 if form.errors or error or already else 200
    visible = {library.id for library in libraries}
    return render_template("lms/trainer/register.html", form=form, error=error,
                           already=already, visible=visible,
                           consent_version=current_app.config["LMS_CONSENT_VERSION"]), status


@bp.get("/learners/<id:user_id>/")
@trainer_required
def learner(user_id: int):
    person = get_learner_or_404(user_id)
    return render_template("lms/trainer/learner.html", learner=person, form=AnonymiseForm(),
                           **_learner_context(person))


@bp.post("/learners/<id:user_id>/details")
@trainer_required
def learner_details(user_id: int):
    """Correct her branch, language, year of birth, phone, e-mail."""
    person = get_learner_or_404(user_id)
    if person.is_anonymised:
        abort(404)
    details = _details_form(person)
    error = None
    if details.validate_on_submit():
        try:
            services.change_learner_details(
                current_user, person, library_id=details.library_id.data,
                language=details.language.data, birth_year=details.birth_year.data,
                phone=details.phone.data, email=details.email.data)
        except services.PeopleError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for(".learner", user_id=person.id))
    return render_template("lms/trainer/learner.html", learner=person, form=AnonymiseForm(),
                           details_error=error,
                           **_learner_context(person, details)), 422


def _details_form(person) -> LearnerDetailsForm:
    form = LearnerDetailsForm(obj=person if request.method == "GET" else None)
    form.library_id.choices = choices((lib.id, lib.name)
                                      for lib in libraries_visible_to(current_user))
    form.language.choices = language_choices()
    return form


def _learner_context(person, details: LearnerDetailsForm | None = None,
                     merge: MergeForm | None = None) -> dict:
    """Her studies (every course she started, every quiz attempt), her certificates, her
    classes and consultations, her other accounts, and the forms of her page."""
    courses = catalogue().listed()
    progress = progress_by_course(person, courses)
    attempts = db.session.scalars(select(QuizAttempt).filter_by(user_id=person.id)
                                  .order_by(QuizAttempt.started_at.desc()).limit(50)).all()
    return {"certificates": certificates_of(person.id),
            "courses": catalogue().listed("learner"), "lang": current_language(),
            "studies": [(course, progress[course.slug]) for course in courses
                        if progress[course.slug].started],
            "attempts": attempts, "details": details or _details_form(person),
            "classes": classes_of(person.id), "consultations": consultations_of(person.id),
            "topic_label": topic_labeller(), "outcome_names": OUTCOME_NAMES,
            "merge": merge or MergeForm(formdata=None), "joined": merging.joined_into(person),
            "maybe_her": [p for p in services.same_person(
                person.library_id, [(person.full_name, person.birth_year)]).get(
                (person.full_name, person.birth_year), []) if p.id != person.id]
            if person.library_id and not person.is_anonymised else [],
            "quiz_texts": {(course.slug, quiz.slug): quiz.text(current_language())
                           for course in courses for quiz in course.quizzes.values()}}


@bp.post("/learners/<id:user_id>/merge")
@trainer_required
def merge(user_id: int):
    """Join her other account into this one: both are shown side by side first."""
    person = get_learner_or_404(user_id)
    form = MergeForm()
    other = None
    if form.validate_on_submit():
        other = db.session.scalar(learners_visible_to(current_user).where(
            User.username == form.other.data.strip().lower()))
        if other is None:
            form.other.errors.append(_("No learner of your branches has this username."))
    if other is not None:
        try:
            merging.may_merge(current_user, person, other)
        except services.PeopleError as exc:
            form.other.errors.append(str(exc))
    if other is not None and not form.errors and form.confirmed.data == other.username:
        merging.merge_learners(current_user, person, other)
        flash(_("The two accounts are one now: everything %(other)s did is in this account, "
                "and %(other)s can no longer sign in.", other=other.username), "success")
        return redirect(url_for(".learner", user_id=person.id))
    if other is not None and not form.errors:
        form.confirmed.data = other.username
        return render_template("lms/trainer/merge.html", form=form, accounts=[
            (person, _learner_context(person)), (other, _learner_context(other))])
    return render_template("lms/trainer/learner.html", learner=person, form=AnonymiseForm(),
                           **_learner_context(person, merge=form)), 422


@bp.get("/learners/<id:user_id>/card")
@trainer_required
def card(user_id: int):
    """Show the new PIN once, to print or copy onto the learner's card."""
    person = get_learner_or_404(user_id)
    pin = take_pins(current_user, CARD_KEY).get(person.id)
    if pin:  # the PDF of this card may show the PIN once more
        keep_pins(current_user, CARD_PDF_KEY, {person.id: pin})
    response = current_app.make_response(
        render_template("lms/trainer/card.html", learner=person, pin=pin))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/learners/<id:user_id>/pin")
@trainer_required
def reset_pin(user_id: int):
    person = get_learner_or_404(user_id)
    if person.is_anonymised:
        abort(404)
    keep_pins(current_user, CARD_KEY, {person.id: services.reset_pin(current_user, person)})
    return redirect(url_for(".card", user_id=person.id))


@bp.post("/learners/<id:user_id>/anonymise")
@trainer_required
def anonymise(user_id: int):
    person = get_learner_or_404(user_id)
    form = AnonymiseForm()
    if not form.validate():
        return render_template("lms/trainer/learner.html", learner=person, form=form,
                               **_learner_context(person)), 422
    services.anonymise(current_user, person, form.reason.data)
    flash(_("The learner's personal data has been removed. Their results stay in the "
            "figures without a name."), "success")
    return redirect(url_for(".learner", user_id=person.id))


@bp.get("/learners/<id:user_id>/card.pdf")
@trainer_required
def card_pdf(user_id: int):
    person = get_learner_or_404(user_id)
    pin = take_pins(current_user, CARD_PDF_KEY).get(person.id)
    return login_cards_pdf([person], {person.id: pin} if pin else {})


@bp.route("/learners/import", methods=["GET", "POST"])
@trainer_required
def import_learners():
    """Register many learners from a CSV file; every row is checked first."""
    libraries = libraries_visible_to(current_user)
    result = None
    if request.method == "POST":
        upload = request.files.get("file")
        library_id = row_id(request.form.get("library_id"))
        if request.form.get("consent") != "paper":
            flash(_("Confirm that every learner in the file signed the paper consent form."),
                  "error")
        elif upload is None or library_id is None:
            flash(_("Choose the file and the branch."), "error")
        elif library_id not in {library.id for library in libraries}:
            flash(_("Choose one of your branches."), "error")
        else:
            result = importing.check_file(
                upload.read(5_000_000), languages=current_app.config["LMS_LANGUAGES"],
                default_language=current_app.config["LMS_DEFAULT_LANGUAGE"])
            if not result.problems:
                importing.refuse_the_already_registered(result, library_id)
            if not result.problems and len(result.rows) > current_app.config[
                    "LMS_IMPORT_AT_ONCE_ROWS"]:
                job = import_jobs.queue(current_user, library_id, result.rows)
                return start_after(redirect(url_for(".import_job", job_id=job.id)),
                                   import_jobs.runner)
            if not result.problems:
                result.registrations, problem = importing.register_rows(
                    current_user, result.rows, library_id=library_id, consent_method="paper")
                result.problems += [problem] if problem else []
            if result.registrations:
                keep_pins(current_user, CARDS_KEY,
                          {r.learner.id: r.pin for r in result.registrations})
    status = 422 if result is not None and result.problems else 200
    report = _report_signer().dumps([result.header, result.wrong_rows()]) if (
        result is not None and result.problems) else None
    return render_template("lms/trainer/import.html", libraries=libraries,
                           result=result, report=report), status


def _report_signer() -> URLSafeSerializer:
    """The wrong rows travel in the page (compressed, signed): nothing is kept on the server."""
    return URLSafeSerializer(current_app.secret_key, salt="lms-import-report")


@bp.post("/learners/import/report.csv")
@trainer_required
def import_report():
    """The lines of a refused file as written, with what was wrong, to correct in Excel."""
    try:
        header, rows = _report_signer().loads(request.form.get("report", ""))
    except (BadSignature, ValueError):
        abort(400)
    return csv_response("import-problems.csv", [_("Line"), *header, _("What is wrong")], rows)


@bp.get("/learners/import/<id:job_id>")
@trainer_required
def import_job(job_id: int):
    """How far a large file has got; then its new learners and their cards."""
    job = import_jobs.get_own_job_or_404(job_id, current_user)
    page = make_response(render_template("lms/trainer/import_job.html", job=job,
                                         learners=import_jobs.new_learners(job)))
    return start_after(page, import_jobs.runner) if needs_runner(job) else page


@bp.get("/learners/import/<id:job_id>/cards.pdf")
@trainer_required
def import_job_cards(job_id: int):
    """The login cards of a large file's learners, with their PINs, once."""
    job = import_jobs.get_own_job_or_404(job_id, current_user)
    pins = open_note(current_user, job.pin_note)
    visible = {library.id for library in libraries_visible_to(current_user)}
    people = [p for p in import_jobs.new_learners(job) if p.id in pins and p.library_id in visible]
    if not people:
        abort(404)
    job.pin_note = None
    return login_cards_pdf(people, pins)


@bp.get("/learners/imported-cards.pdf")
@trainer_required
def imported_cards():
    """The login cards of the learners just imported, with their PINs, once."""
    pins = take_pins(current_user, CARDS_KEY)
    people = [p for p in (db.session.get(User, i) for i in pins) if p is not None]
    people = [p for p in people if p.library_id in {
        lib.id for lib in libraries_visible_to(current_user)}]
    if not people:
        abort(404)
    return login_cards_pdf(people, pins)
