"""Reports: the dashboard of a period, a branch, a course, exports and the printable report.

Coordinators see their network (a regional coordinator: every network), trainers their
own branches; whatever is asked for outside that is left out, a branch page outside it
is 404.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..audit.services import record
from ..background import DONE, needs_runner, start_after
from ..consultations.forms import OUTCOME_NAMES
from ..content.sources import content_path
from ..db import utcnow
from ..i18n import LANGUAGE_NAMES, current_language
from ..numbers import row_id
from ..people.access import trainer_required
from ..people.models import Library
from ..people.scope import get_library_or_404, libraries_visible_to
from ..state import catalogue
from ..web.caching import keep_no_copy
from ..web.tables import FORMATS, table_response
from . import drilldown, exporting, jobs, practice, queries, statistical_form
from .ages import age_bands
from .charts import bars
from .filters import read_filters
from .labels import FIGURE_NAMES, FUNNEL_NAMES
from .period import Choice, read_choice
from .picker import branch_picker

bp = Blueprint("reports", __name__, url_prefix="/reports")
bp.after_request(keep_no_copy)  # pages about other people: no copy on a shared PC


def _choice() -> tuple[Choice, list[Library], list[int]]:
    """The period and branches asked for, within what the user may see."""
    visible = libraries_visible_to(current_user)
    choice = read_choice(request.args, utcnow().date(), {lib.id for lib in visible})
    network_id = row_id(request.args.get("network"))
    if network_id in {lib.network_id for lib in visible}:  # a region's coordinator: one
        choice.network_id = network_id                      # network of the many
    choice.filters = read_filters(request.args, choice.notes)
    scope = choice.branch_ids or [lib.id for lib in visible
                                  if choice.network_id in (None, lib.network_id)]
    return choice, visible, scope


def dashboard_context(choice: Choice, visible: list[Library], scope: list[int]) -> dict:
    period, previous, filters = choice.period, choice.period.previous(), choice.filters
    rows = queries.branch_rows(scope, period, filters)
    total = queries.totals(rows, scope, period, filters)
    before = queries.totals(queries.branch_rows(scope, previous, filters), scope, previous,
                            filters)
    rows, sort = queries.sort_rows(rows, request.args.get("sort", "")[:40])
    networks = queries.roll_up(rows, period, filters) if len(
        {row.library.network_id for row in rows}) > 1 else []
    ages, languages = queries.learners_by(scope, period, filters)
    age_names = {band.key: band.label() for band in age_bands()}
    topics, outcomes = queries.consultations_by(scope, period)
    topic_labels = queries.topic_labels(visible)
    lang = current_language()
    courses = {slug: figures | {"title": course.text(lang).title if (
        course := catalogue().get(slug)) else slug}
               for slug, figures in queries.course_rows(scope, period, filters).items()}
    months = queries.monthly(scope, period.end, course=filters.course)
    spotted, spotted_before = practice.detection(scope, period), practice.detection(scope,
                                                                                    previous)
    biggest = sorted(rows, key=lambda r: -r.figures["lessons"])[:15]
    return {
        "choice": choice, "period": period, "previous": previous, "visible": visible,
        "rows": rows, "networks": networks, "sort": sort, "total": total, "before": before,
        "spotted": spotted, "spotted_before": spotted_before,
        "cue_names": practice.cue_names(lang),
        "picker": branch_picker(visible, choice.branch_ids, request.args.get("find", "")),
        "course_choices": [(course.slug, course.text(lang).title)
                           for course in catalogue().listed()],
        "trainers_certified": queries.trainers_certified(scope, period),
        "trainers_certified_before": queries.trainers_certified(scope, previous),
        "ages": ages, "languages": languages, "topics": topics, "outcomes": outcomes,
        "courses": courses, "months": months, "figure_names": FIGURE_NAMES,
        "age_names": age_names, "age_columns": queries.AGE_COLUMNS,
        "topic_labels": topic_labels,
        "outcome_names": OUTCOME_NAMES, "language_names": LANGUAGE_NAMES,
        "charts": {
            "months": bars([(m.strftime("%m.%y"), lessons) for m, lessons, _c in months],
                           size=160, step=40),
            "branches": bars([(r.library.name, r.figures["lessons"]) for r in biggest]),
            "topics": bars([(topic_labels.get(t, t), n) for t, n in topics.items()]),
            "ages": bars([(age_names[band], n["active"]) for band, n in ages.items()]),
        },
    }


@bp.get("/")
@trainer_required
def dashboard():
    choice, visible, scope = _choice()
    return render_template("lms/reports/dashboard.html", my_exports=jobs.recent_jobs(current_user),
                           **dashboard_context(choice, visible, scope))


@bp.get("/print")
@trainer_required
def printable():
    """The report to print or send, laid out as the network's statistical form."""
    choice, visible, scope = _choice()
    chosen = [lib for lib in visible if lib.id in scope]
    context = dashboard_context(choice, visible, scope)
    form, problem, values = None, None, {}
    try:
        form = statistical_form.form_for(content_path(current_app, "LMS_REPORT_FORMS_DIR"),
                                         {lib.country for lib in chosen})
    except statistical_form.FormError as exc:
        current_app.logger.error("report form: %s", exc)
        problem = str(exc)
    if form is not None:
        born, _languages = queries.birth_years(scope, choice.period, choice.filters)
        values = statistical_form.line_values(
            form, {**context["total"].figures, "trainers_certified": context[
                "trainers_certified"]}, born, choice.period.end.year, context["topics"],
            context["outcomes"])
    record("report_printed", actor=current_user, period=choice.period.args(),
           form=form.path.name if form else None)
    lang = current_language()
    return render_template(
        "lms/reports/print.html", network_names=sorted({lib.network.name for lib in chosen}),
        today=utcnow().date(), form=form, form_problem=problem, values=values,
        form_text=lambda texts: statistical_form.text(texts, lang), **context)


@bp.get("/branches/<id:library_id>")
@trainer_required
def branch(library_id: int):
    library = get_library_or_404(library_id)
    choice = read_choice(request.args, utcnow().date(), {library.id})
    rows = queries.branch_rows([library.id], choice.period)
    before = queries.branch_rows([library.id], choice.period.previous())
    return render_template(
        "lms/reports/branch.html", library=library, choice=choice, period=choice.period,
        row=rows[0], before=before[0], figure_names=FIGURE_NAMES,
        classes=drilldown.branch_classes(library.id, choice.period),
        trainers=drilldown.branch_trainers(library.id, choice.period),
        lang=current_language())


@bp.get("/courses/<slug>")
@trainer_required
def course(slug: str):
    found = catalogue().get(slug)
    if found is None:
        abort(404)
    choice, _visible, scope = _choice()
    steps = drilldown.funnel(found, scope, choice.period)
    lang = current_language()
    hard = drilldown.hardest_with_text(found, scope, choice.period, lang)
    return render_template(
        "lms/reports/course.html", course=found, choice=choice, period=choice.period,
        steps=steps, funnel_names=FUNNEL_NAMES, hard=hard, lang=lang,
        chart=bars([(str(FUNNEL_NAMES[name]), n) for name, n in steps]))


@bp.get("/export/<table>.<fmt>")
@trainer_required
def export(table: str, fmt: str):
    """The table as a file; a long one is offered to be written in the background."""
    if fmt not in FORMATS or table not in exporting.TABLES:
        abort(404)
    choice, visible, scope = _choice()
    if jobs.is_long(table, scope):
        return render_template("lms/reports/export_start.html", table=table, fmt=fmt,
                               choice=choice, lines=jobs.IN_BACKGROUND[table](scope))
    header, rows = exporting.TABLES[table](scope, choice.period, visible, choice.filters)
    return _send(table, fmt, choice.period, header, rows, branches=len(scope),
                 **choice.filters.args())


@bp.post("/export/<table>.<fmt>")
@trainer_required
def queue_export(table: str, fmt: str):
    if fmt not in FORMATS or table not in jobs.IN_BACKGROUND:
        abort(404)
    choice, _visible, scope = _choice()
    job = jobs.queue(current_user, table, fmt, scope, choice.period)
    record("report_exported", actor=current_user, table=table, format=fmt,
           period=choice.period.args(), branches=len(scope), job=job.id)
    return start_after(redirect(url_for(".export_job", job_id=job.id)), jobs.runner)


@bp.get("/exports/<id:job_id>")
@trainer_required
def export_job(job_id: int):
    job = jobs.get_own_job_or_404(job_id, current_user)
    page = make_response(render_template("lms/reports/export_job.html", job=job))
    page.headers["Cache-Control"] = "private, no-store"  # the progress changes
    return start_after(page, jobs.runner) if needs_runner(job) else page


@bp.get("/exports/<id:job_id>/file")
@trainer_required
def export_file(job_id: int):
    job = jobs.get_own_job_or_404(job_id, current_user)
    path = jobs.file_of(job)
    if job.state != DONE or not path.is_file():
        abort(404)
    response = send_file(path, mimetype=FORMATS[job.fmt], as_attachment=True,
                         download_name=job.file_name)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/branches/<id:library_id>/export/<table>.<fmt>")
@trainer_required
def branch_export(library_id: int, table: str, fmt: str):
    if fmt not in FORMATS or table not in exporting.BRANCH_TABLES:
        abort(404)
    library = get_library_or_404(library_id)
    period = read_choice(request.args, utcnow().date(), {library.id}).period
    header, rows = exporting.BRANCH_TABLES[table](library, period)
    return _send(f"{library.code}-{table}", fmt, period, header, rows, branch=library.id)


@bp.get("/courses/<slug>/export/<table>.<fmt>")
@trainer_required
def course_export(slug: str, table: str, fmt: str):
    found = catalogue().get(slug)
    if found is None or fmt not in FORMATS or table not in exporting.COURSE_TABLES:
        abort(404)
    choice, _visible, scope = _choice()
    header, rows = exporting.COURSE_TABLES[table](found, scope, choice.period)
    return _send(f"{slug}-{table}", fmt, choice.period, header, rows, branches=len(scope))


def _send(table: str, fmt: str, period, header, rows, **details):
    """The table as a file; the export is in the audit log (committed with the answer)."""
    record("report_exported", actor=current_user, table=table, format=fmt,
           period=period.args(), **details)
    name = f"gramota-{table}-{period.start.isoformat()}-{period.end.isoformat()}"
    return table_response(fmt, name, header, rows, title=_("Report"))


@bp.app_template_global("reports_url_args")
def reports_url_args(choice: Choice, **extra) -> dict:
    """The period and branches of the current report, for links that keep them."""
    args = dict(choice.period.args())
    if choice.branch_ids:
        args["branch"] = choice.branch_ids
    elif choice.network_id is not None:
        args["network"] = choice.network_id
    args.update(choice.filters.args())
    args.update({k: v for k, v in extra.items() if v is not None})
    return args
