"""The consultations log of the trainer's branches."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..db import db, utcnow
from ..people.access import manager_required, trainer_required
from ..people.scope import get_network_or_404, libraries_visible_to, visible_library_ids
from ..web.caching import keep_no_copy
from ..web.forms import choices
from . import services
from .forms import FORMAT_NAMES, OUTCOME_NAMES, ConsultationForm
from .models import Consultation
from .topics import STANDARD_NAMES, TopicError, save_topics, topic_labeller, topic_names

bp = Blueprint("consultations", __name__, url_prefix="/trainer/consultations")
bp.after_request(keep_no_copy)  # pages about other people: no copy on a shared PC


def _form(entry: Consultation | None = None) -> ConsultationForm:
    form = ConsultationForm(obj=entry)
    if entry is not None and entry.learner is not None and not form.is_submitted():
        form.learner.data = entry.learner.username
    libraries = libraries_visible_to(current_user)
    form.library_id.choices = choices((lib.id, lib.name) for lib in libraries)
    if entry is None and not form.is_submitted():
        form.on.data = utcnow().date()
        form.library_id.data = current_user.library_id
    home = next((lib for lib in libraries if lib.id == form.library_id.data),
                libraries[0] if libraries else None)
    topics = topic_names(home.network_id if home else None)
    if entry is not None and entry.topic not in topics:  # switched off since; keep it
        topics[entry.topic] = topic_names(entry.library.network_id,
                                          active_only=False).get(entry.topic, entry.topic)
    form.topic.choices = choices(topics.items())
    return form


def _save(form: ConsultationForm, entry: Consultation | None):
    return services.save(current_user, entry, library_id=form.library_id.data, on=form.on.data,
                         topic=form.topic.data, format=form.format.data,
                         people=form.people.data, outcome=form.outcome.data,
                         learner_id=services.find_learner(current_user, form.learner.data),
                         note=form.note.data)


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
                           topic_label=topic_labeller(), formats=FORMAT_NAMES,
                           outcomes=OUTCOME_NAMES,
                           may_edit=lambda e: services.may_edit(current_user, e)), (
        422 if form.errors or error else 200)


def _get_or_404(entry_id: int) -> Consultation:
    entry = db.session.scalar(select(Consultation).where(
        Consultation.id == entry_id,
        Consultation.library_id.in_(visible_library_ids(current_user))))
    if entry is None:
        abort(404)
    return entry


@bp.route("/<id:entry_id>/edit", methods=["GET", "POST"])
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


@bp.post("/<id:entry_id>/delete")
@trainer_required
def delete(entry_id: int):
    entry = _get_or_404(entry_id)
    try:
        services.delete(current_user, entry)
    except services.ConsultationError:
        abort(403)
    flash(_("The entry is deleted."), "success")
    return redirect(url_for(".consultations"))


@bp.route("/network/<id:network_id>", methods=["GET", "POST"])
@manager_required
def network_settings(network_id: int):
    """The coordinator's side: the network's topic list and closing a month."""
    network = get_network_or_404(network_id)
    error = None
    if request.method == "POST":
        try:
            _change_settings(network, request.form)
        except (services.ConsultationError, TopicError) as exc:
            db.session.rollback()
            error = str(exc)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for(".network_settings", network_id=network.id))
    today = utcnow().date()
    months = [(today.replace(day=1) - timedelta(days=1)).replace(day=1)]
    for _i in range(11):
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    return render_template(
        "lms/consultations/settings.html", network=network, error=error,
        topics=topic_names(network.id, active_only=False), used=topic_names(network.id),
        standard=STANDARD_NAMES, months=months,
        closed_through=services.closed_through(network.id)), 422 if error else 200


def _change_settings(network, form) -> None:
    action = form.get("action")
    if action == "topics":
        save_topics(current_user, network, used=set(form.getlist("used")),
                    names={key[5:]: value for key, value in form.items()
                           if key.startswith("name-")},
                    new=form.getlist("new")[:5])
    elif action == "close":
        try:
            month = date.fromisoformat(form.get("month", "") + "-01")
        except ValueError:
            raise services.ConsultationError(_("Choose the month to close.")) from None
        services.close_month(current_user, network.id, month)
    elif action == "reopen":
        services.reopen_month(current_user, network.id)
    else:
        abort(400)
