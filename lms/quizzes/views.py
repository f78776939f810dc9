"""Taking a quiz one question per screen; the result; the paper version and answer key."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from ..content.countries import for_country
from ..content.question_types import InvalidAnswer, question_type
from ..content.question_types.base import Mask
from ..content.quiz_parser import IMAGE_PREFIX
from ..i18n import current_language
from ..people.access import trainer_required
from ..web.courses import get_course_or_404, reader_country
from ..web.downloads import picture_response
from ..web.page_cache import same_for_every_visitor
from . import services
from .queries import best_attempt, get_own_attempt_or_404, open_attempt, quiz_pictures

bp = Blueprint("quizzes", __name__, url_prefix="/quizzes")


@bp.app_template_global("answer_field")
def answer_field(kind: str) -> str:
    """The answer field a question type uses (choice, order, matching, typed)."""
    return question_type(kind).template


@bp.app_template_filter("lms_quiz_html")
def quiz_html(html: str, course_slug: str) -> Markup:
    """Put the address of the course's quiz pictures into pre-rendered HTML, and keep the
    passages of the reader's country (a question's text or its explanation may have
    ``::: country`` variants, as a lesson's)."""
    # Authors write "images/x.svg", relative to the course's quiz folder.
    folder = url_for("lms.quizzes.image", course_slug=course_slug, filename="")
    html = for_country(html, reader_country(), current_language())
    return Markup(html.replace(IMAGE_PREFIX, folder.removesuffix("images/")))


def get_quiz_or_404(course_slug: str, quiz_slug: str):
    course = get_course_or_404(course_slug)
    quiz = course.quizzes.get(quiz_slug)
    if quiz is None:
        abort(404)
    return course, quiz


def _shown(quiz, attempt):
    """The quiz in the page's language where it is translated (the questions are the same,
    so answers carry over), else in the one the attempt began in: a learner who switches
    to Ukrainian mid-quiz does not read Russian questions under Ukrainian buttons."""
    language = current_language()
    return quiz.text(language if language in quiz.texts else attempt.lang)


def _question_url(course, quiz, attempt, number: int) -> str:
    return url_for(".question", course_slug=course.slug, quiz_slug=quiz.slug,
                   attempt_id=attempt.id, number=number)


@bp.get("/<course_slug>/<quiz_slug>/")
def quiz(course_slug: str, quiz_slug: str):
    course, quiz = get_quiz_or_404(course_slug, quiz_slug)
    best = current = None
    if current_user.is_authenticated:
        best = best_attempt(current_user.id, quiz)
        current = open_attempt(current_user.id, quiz)
    return same_for_every_visitor(lambda: render_template(
        "lms/quizzes/quiz.html", course=course, quiz=quiz, best=best, current=current,
        text=quiz.text(current_language())))


@bp.post("/<course_slug>/<quiz_slug>/start")
@login_required
def start(course_slug: str, quiz_slug: str):
    course, quiz = get_quiz_or_404(course_slug, quiz_slug)
    attempt = services.start_or_resume(current_user, course, quiz, current_language())
    remaining = services.unanswered(attempt, quiz)
    number = remaining[0] + 1 if remaining else len(quiz.questions)
    return redirect(_question_url(course, quiz, attempt, number))


@bp.route("/<course_slug>/<quiz_slug>/attempts/<id:attempt_id>/<id:number>",
          methods=["GET", "POST"])
@login_required
def question(course_slug: str, quiz_slug: str, attempt_id: int, number: int):
    course, quiz = get_quiz_or_404(course_slug, quiz_slug)
    attempt = get_own_attempt_or_404(attempt_id, quiz)
    if not 1 <= number <= len(quiz.questions):
        abort(404)
    if attempt.is_finished:
        return redirect(url_for(".result", course_slug=course.slug, quiz_slug=quiz.slug,
                                attempt_id=attempt.id))
    index = number - 1
    main = quiz.questions[index]
    kind = question_type(main.kind)
    mask = Mask(attempt.seed, index, len(main.data or ()))  # numbers of this attempt's page
    error = None
    if request.method == "POST":
        try:
            services.save_answer(attempt, quiz, index, kind.unmask(main, request.form, mask))
        except (InvalidAnswer, services.QuizError) as exc:
            error = _(str(exc))
        else:
            if quiz.feedback == "each":  # the page opens at the verdict, where her eyes are
                return redirect(_question_url(course, quiz, attempt, number) + "#feedback")
            if number == len(quiz.questions):
                return redirect(_question_url(course, quiz, attempt, number) + "#finish")
            return redirect(_question_url(course, quiz, attempt, number + 1))
    shown_quiz = _shown(quiz, attempt)
    shown = shown_quiz.questions[index]
    answer = attempt.answer_to(index)
    response = render_template(
        "lms/quizzes/question.html", course=course, quiz=quiz, attempt=attempt,
        shown_quiz=shown_quiz,
        number=number, question=shown, main=main, kind=kind, answer=answer, error=error,
        order=kind.display_order(main, attempt.seed, quiz.shuffle), mask=mask,
        show_feedback=answer is not None and quiz.feedback == "each",
        remaining=services.unanswered(attempt, quiz))
    return response, 422 if error else 200


@bp.post("/<course_slug>/<quiz_slug>/attempts/<id:attempt_id>/finish")
@login_required
def finish(course_slug: str, quiz_slug: str, attempt_id: int):
    course, quiz = get_quiz_or_404(course_slug, quiz_slug)
    attempt = get_own_attempt_or_404(attempt_id, quiz)
    try:
        services.finish(current_user, course, quiz, attempt)
    except services.QuizError as exc:
        flash(str(exc), "error")
        first = services.unanswered(attempt, quiz)[0] + 1
        return redirect(_question_url(course, quiz, attempt, first))
    return redirect(url_for(".result", course_slug=course.slug, quiz_slug=quiz.slug,
                            attempt_id=attempt.id))


@bp.get("/<course_slug>/<quiz_slug>/attempts/<id:attempt_id>/result")
@login_required
def result(course_slug: str, quiz_slug: str, attempt_id: int):
    course, quiz = get_quiz_or_404(course_slug, quiz_slug)
    attempt = get_own_attempt_or_404(attempt_id, quiz)
    if not attempt.is_finished:
        return redirect(_question_url(course, quiz, attempt, 1))
    wrong = [q for q in quiz.questions
             if (a := attempt.answer_to(q.index)) is None or not a.is_right]
    revisit = {slug for q in wrong if (slug := q.lesson_slug or quiz.lesson_slug)}
    lessons = [lesson for lesson in course.lessons if lesson.slug in revisit]
    return render_template("lms/quizzes/result.html", course=course, quiz=quiz,
                           attempt=attempt, text=_shown(quiz, attempt), lessons=lessons,
                           best=best_attempt(current_user.id, quiz), lang=current_language())


@bp.get("/<course_slug>/<quiz_slug>/print")
def paper(course_slug: str, quiz_slug: str):
    """The quiz on paper: every question on one page, options in the author's order."""
    course, quiz = get_quiz_or_404(course_slug, quiz_slug)
    return render_template("lms/quizzes/paper.html", course=course, quiz=quiz,
                           text=quiz.text(current_language()), key=False)


@bp.get("/<course_slug>/<quiz_slug>/key")
@trainer_required
def key(course_slug: str, quiz_slug: str):
    """The paper version with the right answers and explanations, for trainers."""
    course, quiz = get_quiz_or_404(course_slug, quiz_slug)
    return render_template("lms/quizzes/paper.html", course=course, quiz=quiz,
                           text=quiz.text(current_language()), key=True)


@bp.get("/<course_slug>/images/<path:filename>")
def image(course_slug: str, filename: str):
    course = get_course_or_404(course_slug)
    if filename.startswith(".") or not filename:
        abort(404)
    folder = quiz_pictures(course)
    return picture_response(folder, filename, 24 * 3600)


@bp.route("/<course_slug>/<quiz_slug>/paper/<id:user_id>", methods=["GET", "POST"])
@trainer_required
def enter_paper(course_slug: str, quiz_slug: str, user_id: int):
    """A trainer types in a learner's paper quiz; the same engine grades it."""
    from ..people.scope import get_learner_or_404

    course, quiz = get_quiz_or_404(course_slug, quiz_slug)
    learner = get_learner_or_404(user_id)
    error = None
    if request.method == "POST":
        try:
            attempt = services.enter_paper_quiz(current_user, learner, course, quiz,
                                                request.form)
        except services.PaperAnswerError as exc:
            error = _("Question %(number)s: %(message)s", number=exc.number,
                      message=_(exc.message))
        else:
            flash(_("Paper quiz entered: %(score)s%%.", score=attempt.score), "success")
            return redirect(url_for("lms.trainer.learner", user_id=learner.id))
    text = quiz.text(course.default_language)
    questions = [(q, quiz.questions[q.index], question_type(q.kind)) for q in text.questions]
    return render_template("lms/quizzes/enter_paper.html", course=course, quiz=quiz,
                           learner=learner, questions=questions, error=error), (
        422 if error else 200)
