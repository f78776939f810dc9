"""The consultations log of the trainer's branches."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..core.forms import choices
from ..db import db, utcnow
from ..people.access import trainer_required
from ..people.scope import libraries_visible_to, visible_library_ids
from . import services
from .forms import FORMAT_NAMES, OUTCOME_NAMES, TOPIC_NAMES, ConsultationForm
from .models import Consultation

bp = Blueprint("consultations", __name__, url_prefix="/trainer/consultations")


def _form(entry: Consultation | None = None) -> ConsultationForm:
    form = ConsultationForm(obj=entry)
    form.library_id.choices = choices((lib.id, lib.name)
                                      for lib in libraries_visible_to(current_user))
    if entry is None and not form.is_submitted():
        form.on.data = utcnow().date()
        form.library_id.data = current_user.library_id
    return form


def _save(form: ConsultationForm, entry: Consultation | None):
    return services.save(current_user, entry, library_id=form.library_id.data, on=form.on.data,
                         topic=form.topic.data, format=form.format.data,
                         people=form.people.data, outcome=form.outcome.data,
                         learner_id=form.learner_id.data, note=form.note.data)


def _submit(form: ConsultationForm, entry: Consultation | None) -> tuple[bool, str | None]:
    """Save a valid form; return whether it was saved and the service's refusal, if any."""
    if not form.validate_on_submit():
        return False, None
    try:
        _save(form, entry)
    except services.ConsultationError as exc:
        db.session.rollback()
        return False, str(exc)
    return True, None


def _month(today: date) -> list[Consultation]:
    return list(db.session.scalars(
        select(Consultation).where(Consultation.library_id.in_(visible_library_ids(
            current_user)), Consultation.on >= today.replace(day=1))
        .order_by(Consultation.on.desc(), Consultation.id.desc())))


@bp.route("/", methods=["GET", "POST"])
@trainer_required
def consultations():
    form = _form()
    saved, error = _submit(form, None)
    if saved:
        flash(_("Consultation recorded."), "success")
        return redirect(url_for(".consultations"))
    entries = _month(utcnow().date())
    return render_template("lms/consultations/log.html", form=form, error=error,
                           entries=entries, total=sum(e.people for e in entries),
                           topics=TOPIC_NAMES, formats=FORMAT_NAMES, outcomes=OUTCOME_NAMES,
                           may_edit=lambda e: services.may_edit(current_user, e)), (
        422 if form.errors or error else 200)


def _get_or_404(entry_id: int) -> Consultation:
    entry = db.session.scalar(select(Consultation).where(
        Consultation.id == entry_id,
        Consultation.library_id.in_(visible_library_ids(current_user))))
    if entry is None:
        abort(404)
    return entry


@bp.route("/<int:entry_id>/edit", methods=["GET", "POST"])
@trainer_required
def edit(entry_id: int):
    entry = _get_or_404(entry_id)
    if not services.may_edit(current_user, entry):
        abort(403)
    form = _form(entry)
    saved, error = _submit(form, entry)
    if saved:
        flash(_("Saved."), "success")
        return redirect(url_for(".consultations"))
    return render_template("lms/consultations/edit.html", form=form, error=error,
                           entry=entry), 422 if form.errors or error else 200


@bp.post("/<int:entry_id>/delete")
@trainer_required
def delete(entry_id: int):
    entry = _get_or_404(entry_id)
    try:
        services.delete(current_user, entry)
    except services.ConsultationError:
        abort(403)
    flash(_("The entry is deleted."), "success")
    return redirect(url_for(".consultations"))
