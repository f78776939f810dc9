"""A trainer's classes: create, enrol, the progress grid, sessions and attendance."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from ..certificates.downloads import certificates_response
from ..db import db, utcnow
from ..i18n import current_language
from ..numbers import row_id, row_ids
from ..people.access import trainer_required
from ..people.cards import login_cards_pdf
from ..people.scope import get_learner_or_404, learners_visible_to, libraries_visible_to
from ..state import catalogue
from ..web.caching import keep_no_copy
from ..web.forms import choices
from . import services
from .forms import NewClassForm, SessionForm
from .queries import (
    classes_visible_to,
    get_class_or_404,
    get_session_or_404,
    progress_grid,
    sort_grid,
)

bp = Blueprint("classes", __name__, url_prefix="/trainer/classes")
bp.after_request(keep_no_copy)  # pages about other people: no copy on a shared PC


def _ids(values: list[str]) -> set[int]:
    return row_ids(values)


def _new_class_form() -> NewClassForm:
    form = NewClassForm()
    lang = current_language()
    form.course.choices = choices((c.slug, c.text(lang).title)
                                  for c in catalogue().listed("learner"))
    form.library_id.choices = choices((lib.id, lib.name)
                                      for lib in libraries_visible_to(current_user))
    if not form.is_submitted():
        form.starts_on.data = utcnow().date()  # most classes are set up on their first day
    return form


@bp.route("/", methods=["GET", "POST"])
@trainer_required
def classes():
    form = _new_class_form()
    if form.validate_on_submit():
        course = catalogue().get(form.course.data)
        try:
            if course is None:
                raise services.ClassError(_("Choose a course from the list."))
            created = services.create_class(current_user, library_id=form.library_id.data,
                                            course=course, name=form.name.data,
                                            starts_on=form.starts_on.data)
        except services.ClassError as exc:
            db.session.rollback()
            form.name.errors.append(str(exc))
        else:
            flash(_("The class is created. Now enrol its learners."), "success")
            return redirect(url_for(".study_class", class_id=created.id))
    found = list(db.session.scalars(classes_visible_to(current_user)))
    return render_template("lms/classes/list.html", classes=found, form=form,
                           lang=current_language()), 422 if form.errors else 200


def _class_and_course(class_id: int):
    """A class of the caller's branches and its course, or 404."""
    found = get_class_or_404(class_id)
    course = catalogue().get(found.course_slug)
    if course is None:
        abort(404)
    return found, course


@bp.get("/<id:class_id>/")
@trainer_required
def study_class(class_id: int):
    found, course = _class_and_course(class_id)
    search = request.args.get("q", "")[:100]
    candidates = []
    if search:
        candidates = [u for u in db.session.scalars(
            learners_visible_to(current_user, search).limit(20))
            if u.library_id == found.library_id and u not in found.learners]
    others = [c for c in db.session.scalars(classes_visible_to(current_user, open_only=True))
              if c.library_id == found.library_id and c.id != found.id]
    rows = progress_grid(found, course)
    grid, sort = sort_grid(rows, request.args.get("sort", "")[:120], course)
    return render_template("lms/classes/class.html", study_class=found, course=course,
                           grid=grid, sort=sort, stuck=[r for r in rows if r.is_stuck],
                           search=search, candidates=candidates, others=others,
                           form=SessionForm(on=utcnow().date()), lang=current_language(),
                           branch_trainers=list(dict.fromkeys(
                               [*found.trainers, *services.trainers_of_branch(found.library)])))


@bp.get("/<id:class_id>/print")
@trainer_required
def print_class(class_id: int):
    """The grid and the attendance register, for A4 landscape paper."""
    found, course = _class_and_course(class_id)
    present = {(a.session_id, a.user_id) for s in found.sessions for a in s.attendance}
    return render_template("lms/classes/print.html", study_class=found, course=course,
                           grid=progress_grid(found, course), present=present,
                           lang=current_language())


def _back(found, message: str | None = None, category: str = "success"):
    if message:
        flash(message, category)
    return redirect(url_for(".study_class", class_id=found.id))


@bp.post("/<id:class_id>/enrol")
@trainer_required
def enrol(class_id: int):
    return _for_a_learner(class_id, services.enrol, lambda learner: _(
        "%(name)s is now in the class.", name=learner.full_name))


def _for_a_learner(class_id: int, act, said):
    """Do ``act(actor, class, learner)`` for the learner the form names, then go back to
    the class saying ``said(learner)``, or the service's refusal."""
    found = get_class_or_404(class_id)
    learner_id = row_id(request.form.get("learner_id"))
    if learner_id is None:
        return _back(found, _("Choose a learner."), "error")
    learner = get_learner_or_404(learner_id)
    try:
        act(current_user, found, learner)
    except services.ClassError as exc:
        return _back(found, str(exc), "error")
    return _back(found, said(learner))


@bp.post("/<id:class_id>/move")
@trainer_required
def move(class_id: int):
    found = get_class_or_404(class_id)
    learner_id = row_id(request.form.get("learner_id"))
    target_id = row_id(request.form.get("target"))
    if learner_id is None or target_id is None:
        return _back(found, _("Choose a learner and a class."), "error")
    learner, target = get_learner_or_404(learner_id), get_class_or_404(target_id)
    try:
        services.move(current_user, learner, found, target)
    except services.ClassError as exc:
        db.session.rollback()
        return _back(found, str(exc), "error")
    return _back(found, _("%(name)s moved to %(target)s.", name=learner.full_name,
                          target=target.name))


@bp.post("/<id:class_id>/edit")
@trainer_required
def edit(class_id: int):
    """Rename the class, hand it over to another trainer of its branch or add one."""
    found = get_class_or_404(class_id)
    try:
        services.update_class(current_user, found, name=request.form.get("name", ""),
                              trainer_ids=row_ids(request.form.getlist("trainer_ids")))
    except services.ClassError as exc:
        db.session.rollback()
        return _back(found, str(exc), "error")
    return _back(found, _("Saved."))


@bp.post("/<id:class_id>/take-out")
@trainer_required
def take_out(class_id: int):
    return _for_a_learner(class_id, services.take_out, lambda learner: _(
        "%(name)s is no longer in the class; what they did stays theirs.",
        name=learner.full_name))


@bp.post("/<id:class_id>/close")
@trainer_required
def close(class_id: int):
    found = get_class_or_404(class_id)
    services.close(current_user, found)
    return _back(found, _("The class is closed."))


@bp.post("/<id:class_id>/sessions")
@trainer_required
def add_session(class_id: int):
    found = get_class_or_404(class_id)
    form = SessionForm()
    if not form.validate():
        return _back(found, _("Give the date of the session as day, month and year."),
                     "error")
    try:
        services.add_session(current_user, found, form.on.data, form.at.data)
    except services.ClassError as exc:
        return _back(found, str(exc), "error")
    return _back(found, _("Session added."))


@bp.post("/<id:class_id>/sessions/<id:session_id>/delete")
@trainer_required
def delete_session(class_id: int, session_id: int):
    found = get_class_or_404(class_id)
    session = get_session_or_404(found, session_id)
    try:
        services.delete_session(current_user, session)
    except services.ClassError as exc:
        return _back(found, str(exc), "error")
    return _back(found, _("The session of %(date)s is deleted.",
                          date=format_date(session.on, "long")))


@bp.route("/<id:class_id>/sessions/<id:session_id>/", methods=["GET", "POST"])
@trainer_required
def attendance(class_id: int, session_id: int):
    found = get_class_or_404(class_id)
    session = get_session_or_404(found, session_id)
    error = None
    if request.method == "POST":
        try:
            services.record_attendance(current_user, session,
                                       _ids(request.form.getlist("present")))
        except services.ClassError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            return _back(found, _("Attendance saved."))
    present = {row.user_id for row in session.attendance}
    return render_template("lms/classes/attendance.html", study_class=found, session=session,
                           present=present, error=error), 422 if error else 200


@bp.post("/<id:class_id>/done")
@trainer_required
def mark_done(class_id: int):
    found = get_class_or_404(class_id)
    course = catalogue().get(found.course_slug)
    try:
        count = services.mark_done_in_class(current_user, found, course,
                                            request.form.get("lesson", ""),
                                            _ids(request.form.getlist("learners")))
    except services.ClassError as exc:
        return _back(found, str(exc), "error")
    return _back(found, _("The lesson is marked done in class for %(count)s learners.",
                          count=count))


@bp.get("/<id:class_id>/certificates.pdf")
@trainer_required
def certificates(class_id: int):
    """The certificates the class's learners have for its course, one per page."""
    found = get_class_or_404(class_id)
    issued = services.class_certificates(found)
    if not issued:
        return _back(found, _("Nobody in the class has finished the course yet, so there "
                              "are no certificates to print."), "error")
    return certificates_response(issued)


@bp.get("/<id:class_id>/cards.pdf")
@trainer_required
def cards(class_id: int):
    """Login cards of the whole class (no PINs: those are shown only when made)."""
    return login_cards_pdf(get_class_or_404(class_id).learners)
