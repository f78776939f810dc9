"""Networks and branches (admins), staff accounts (admins; coordinators for trainers)."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..certificates.queries import certificates_of
from ..db import db
from ..i18n import LANGUAGE_NAMES
from ..numbers import row_id, whole_number
from ..people import branches, staff, staff_import
from ..people.access import admin_required, manager_required
from ..people.models import Network, Role
from ..people.scope import (
    get_library_or_404,
    get_network_or_404,
    get_staff_or_404,
    libraries_visible_to,
    networks_visible_to,
    staff_visible_to,
)
from ..people.services import PeopleError
from ..web.caching import keep_no_copy
from ..web.forms import choices
from . import audit_log as audit_log_queries
from .forms import ImportForm, LibraryForm, NetworkForm, StaffForm

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.after_request(keep_no_copy)  # pages about other people: no copy on a shared PC

def _save_or_show(form, save, next_url, *, title):
    """Validate ``form``, call ``save`` and go to ``next_url(saved)``; or show the form."""
    error = None
    if form.validate_on_submit():
        try:
            saved = save()
        except branches.BranchError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            flash(_("Saved."), "success")
            return redirect(next_url(saved))
    return render_template("lms/admin/form.html", form=form, error=error, title=title), (
        422 if form.errors or error else 200)


@bp.get("/")
@manager_required
def networks():
    return render_template("lms/admin/networks.html",
                           networks=networks_visible_to(current_user))


@bp.route("/networks/new", methods=["GET", "POST"])
@bp.route("/networks/<id:network_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_network(network_id: int | None = None):
    network = get_network_or_404(network_id) if network_id else None
    form = NetworkForm(obj=network)
    form.language.choices = choices(LANGUAGE_NAMES.items())
    return _save_or_show(
        form, lambda: branches.save_network(
            current_user, network, code=form.code.data, name=form.name.data,
            language=form.language.data, self_registration=form.self_registration.data),
        lambda saved: url_for(".network", network_id=saved.id),
        title=_("Network") if network else _("New network"))


@bp.route("/networks/<id:network_id>/", methods=["GET", "POST"])
@manager_required
def network(network_id: int):
    network = get_network_or_404(network_id)
    form = ImportForm()
    result = None
    if request.method == "POST":
        if not current_user.is_admin:
            abort(403)
        upload = form.file.data
        text = upload.read(2_000_000).decode("utf-8-sig", errors="replace") if upload else ""
        result = branches.import_libraries(current_user, network, text)
        if not result.problems:
            flash(_("Branches imported: %(created)s new, %(updated)s updated.",
                    created=result.created, updated=result.updated), "success")
            return redirect(url_for(".network", network_id=network.id))
        db.session.rollback()
    visible = {lib.id for lib in libraries_visible_to(current_user)}
    libraries = [lib for lib in network.libraries if lib.id in visible]
    return render_template("lms/admin/network.html", network=network, libraries=libraries,
                           form=form, result=result), 422 if result else 200


@bp.route("/networks/<id:network_id>/libraries/new", methods=["GET", "POST"])
@bp.route("/libraries/<id:library_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_library(network_id: int | None = None, library_id: int | None = None):
    library = get_library_or_404(library_id) if library_id else None
    network = library.network if library else get_network_or_404(network_id)
    form = LibraryForm(obj=library)
    return _save_or_show(
        form, lambda: branches.save_library(
            current_user, network, library, code=form.code.data, name=form.name.data,
            address=form.address.data, country=form.country.data,
            timezone=form.timezone.data),
        lambda saved: url_for(".network", network_id=network.id),
        title=_("Branch") if library else _("New branch"))


@bp.get("/staff/")
@manager_required
def staff_list():
    people = list(db.session.scalars(staff_visible_to(current_user)))
    return render_template("lms/admin/staff.html", people=people)


def _staff_form(person=None) -> StaffForm:
    form = StaffForm(obj=person)
    role_labels = {Role.TRAINER: _("Trainer"), Role.COORDINATOR: _("Coordinator"),
                   Role.ADMIN: _("Administrator")}
    form.role.choices = choices((r.value, role_labels[r])
                                for r in staff.roles_assignable_by(current_user))
    form.library_ids.choices = choices((lib.id, f"{lib.name} ({lib.network.name})")
                                       for lib in libraries_visible_to(current_user))
    form.network_id.choices = choices(
        [("", _("All networks (regional coordinator)"))]
        + [(str(n.id), n.name)
           for n in db.session.scalars(select(Network).order_by(Network.name))])
    if request.method == "GET" and person is not None:
        form.role.data = person.role.value
        form.library_ids.data = [lib.id for lib in person.libraries]
        form.network_id.data = str(person.network_id or "")
    return form


@bp.route("/staff/new", methods=["GET", "POST"])
@bp.route("/staff/<id:user_id>/edit", methods=["GET", "POST"])
@manager_required
def edit_staff(user_id: int | None = None):
    person = get_staff_or_404(user_id) if user_id else None
    form = _staff_form(person)
    error = None
    if form.validate_on_submit():
        network_id = row_id(form.network_id.data)
        try:
            role = Role(form.role.data)
        except ValueError:
            role = Role.LEARNER  # refused by the service: not a staff role
        try:
            if person is None:
                staff.create_staff(current_user, username=form.username.data or "",
                                   full_name=form.full_name.data, role=role,
                                   password=form.password.data or "",
                                   library_ids=form.library_ids.data, network_id=network_id)
            else:
                staff.update_staff(current_user, person, role=role,
                                   library_ids=form.library_ids.data, network_id=network_id,
                                   is_active=form.is_active.data,
                                   full_name=form.full_name.data)
        except PeopleError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for(".staff_list"))
    return render_template("lms/admin/staff_form.html", form=form, error=error, person=person,
                           is_admin=current_user.is_admin,
                           certificates=certificates_of(person.id) if person else []), (
        422 if form.errors or error else 200)


@bp.route("/staff/import", methods=["GET", "POST"])
@manager_required
def import_staff():
    """Add many members of staff from a CSV file: all or none, each with a one-time
    password shown on this page once (never kept, and the page is not kept either)."""
    result = None
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(_("Choose the file."), "error")
        else:
            result = staff_import.check_staff_file(current_user, upload.read(1_000_000))
            if not result.problems:
                staff_import.add_staff(current_user, result)
            if result.problems:
                db.session.rollback()
    page = make_response(render_template("lms/admin/staff_import.html", result=result),
                         422 if result is not None and result.problems else 200)
    page.headers["Cache-Control"] = "no-store"
    return page


@bp.post("/staff/<id:user_id>/password")
@manager_required
def reset_staff_password(user_id: int):
    """A new password for a member of staff, shown on this page once: never kept in a
    cookie nor on the server (only its hash), and the page is not kept by the browser."""
    person = get_staff_or_404(user_id)
    try:
        password = staff.reset_staff_password(current_user, person)
    except PeopleError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".edit_staff", user_id=person.id))
    return render_template("lms/admin/staff_password.html", person=person, password=password)


@bp.get("/audit/")
@manager_required
def audit_log():
    """The audit log, filtered by person (username), action and period, as GET fields."""
    args = request.args
    person = args.get("person", "").strip().lower()[:64]
    action = args.get("action", "")[:40]
    start, end = _day(args.get("from")), _day(args.get("to"))
    page = whole_number(args.get("page"), low=1, high=9_999) or 1
    events, more = audit_log_queries.find_events(current_user, person=person, action=action,
                                                 start=start, end=end, page=page)
    kept = {"person": person or None, "action": action or None,
            "from": start.isoformat() if start else None,
            "to": end.isoformat() if end else None}
    return render_template("lms/admin/audit.html", events=events, more=more, person=person,
                           action=action, start=start, end=end,
                           older=url_for(".audit_log", page=page + 1, **kept),
                           actions=audit_log_queries.actions_seen(current_user))


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text and len(text) == 10 else None
    except ValueError:
        return None  # a made-up date filters nothing
