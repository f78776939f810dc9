"""A practice's pages: what it is and the start; one step at a time, with what the learner
saw and missed named at once; the result in words. No JavaScript is needed."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..content.practice_types import FieldErrors, PracticeError
from ..content.practice_types.walkthrough import tries
from ..i18n import current_language
from ..web.courses import get_course_or_404, reader_country
from . import services

bp = Blueprint("practice", __name__, url_prefix="/practice")


def get_practice_or_404(course_slug: str, practice_slug: str):
    course = get_course_or_404(course_slug)
    practice = course.practices.get(practice_slug)
    if practice is None:
        abort(404)
    return course, practice


@bp.get("/<course_slug>/<practice_slug>/")
def practice(course_slug: str, practice_slug: str):
    course, found = get_practice_or_404(course_slug, practice_slug)
    last = services.last_finished(current_user.id, found) if current_user.is_authenticated \
        else None
    return render_template("lms/practice/start.html", course=course, practice=found,
                           text=found.text(current_language()), last=last)


@bp.post("/<course_slug>/<practice_slug>/start")
@login_required
def start(course_slug: str, practice_slug: str):
    _course, found = get_practice_or_404(course_slug, practice_slug)
    attempt = services.start(current_user, found, current_language(), reader_country())
    return redirect(url_for(".step", course_slug=course_slug, practice_slug=practice_slug,
                            attempt_id=attempt.id, number=1))


@bp.route("/<course_slug>/<practice_slug>/<id:attempt_id>/<int:number>",
          methods=["GET", "POST"])
@login_required
def step(course_slug: str, practice_slug: str, attempt_id: int, number: int):
    course, found = get_practice_or_404(course_slug, practice_slug)
    attempt = services.get_own_attempt_or_404(attempt_id, found)
    if not 1 <= number <= len(attempt.steps):
        abort(404)
    step_id = attempt.steps[number - 1]
    text = found.text(attempt.lang)
    problem, scored, field_errors = None, None, {}
    if request.method == "POST":
        try:
            services.answer(attempt, found, step_id, request.form)
        except PracticeError as exc:
            problem = _(exc.template, **exc.params)
            if isinstance(exc, FieldErrors):
                field_errors = {name: (_(template), [_(rule) for rule in params.get("rules", ())])
                                for name, (template, params) in exc.fields.items()}
        else:
            return redirect(url_for(".step", course_slug=course_slug,
                                    practice_slug=practice_slug, attempt_id=attempt.id,
                                    number=number, _anchor="feedback"))
    if step_id in attempt.answers:
        scored = found.simulator.score(text.model, step_id, attempt.answers[step_id])
    page = render_template(
        "lms/practice/step.html", course=course, practice=found, text=text, attempt=attempt,
        number=number, item=found.simulator.step(text.model, step_id), step_id=step_id,
        answer=attempt.answers.get(step_id), scored=scored, problem=problem,
        field_errors=field_errors, typed=request.form if field_errors else {},
        tries=tries(request.form) + 1 if problem else 0,
        screen=found.simulator.screen(text.model, step_id, services.room(attempt)),
        template=f"lms/practice/types/{found.simulator.template}.html")
    return page, 422 if problem else 200


@bp.get("/<course_slug>/<practice_slug>/<id:attempt_id>/result")
@login_required
def result(course_slug: str, practice_slug: str, attempt_id: int):
    course, found = get_practice_or_404(course_slug, practice_slug)
    attempt = services.get_own_attempt_or_404(attempt_id, found)
    waiting = [n for n, step_id in enumerate(attempt.steps, start=1)
               if step_id not in attempt.answers]
    if waiting:
        return redirect(url_for(".step", course_slug=course_slug, practice_slug=practice_slug,
                                attempt_id=attempt.id, number=waiting[0]))
    services.finish(attempt, found)
    text = found.text(attempt.lang)
    missed = {cue: attempt.missed.count(cue) for cue in dict.fromkeys(attempt.missed)}
    return render_template("lms/practice/result.html", course=course, practice=found,
                           text=text, attempt=attempt, missed=missed,
                           lesson=course.lesson(found.lesson_slug),
                           ending=found.simulator.ending(text.model, attempt.steps,
                                                         attempt.answers))


@bp.get("/<course_slug>/<practice_slug>/<id:attempt_id>/file/<name>")
@login_required
def file(course_slug: str, practice_slug: str, attempt_id: int, name: str):
    """A file the practice offers (the application, signed, changed): opened, not kept."""
    _course, found = get_practice_or_404(course_slug, practice_slug)
    attempt = services.get_own_attempt_or_404(attempt_id, found)
    offered = found.simulator.file(found.text(attempt.lang).model, name, services.room(attempt))
    if offered is None:
        abort(404)
    body, mimetype = offered
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
