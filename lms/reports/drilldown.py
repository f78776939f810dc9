"""A branch's classes and trainers; a course's funnel and its hardest questions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select

from ..certificates.models import Certificate
from ..classes.models import Attendance, ClassMember, ClassSession, StudyClass, class_trainer
from ..consultations.models import Consultation
from ..content import Course
from ..db import db
from ..people.models import Role, User, trainer_library
from ..progress.models import Enrollment, LessonProgress
from ..quizzes.models import QuizAnswer, QuizAttempt
from .period import Period
from .queries import _moments


@dataclass
class ClassLine:
    study_class: StudyClass
    learners: int
    sessions: int
    attendance: int


def branch_classes(library_id: int, period: Period) -> list[ClassLine]:
    """The branch's classes that had a session in the period, or were open in it."""
    sessions = (select(ClassSession.class_id, func.count(distinct(ClassSession.id)).label("n"),
                       func.count(Attendance.id).label("present"))
                .outerjoin(Attendance, Attendance.session_id == ClassSession.id)
                .where(ClassSession.on.between(period.start, period.end))
                .group_by(ClassSession.class_id).subquery())
    members = (select(ClassMember.class_id, func.count(ClassMember.id).label("n"))
               .where(ClassMember.left_at.is_(None)).group_by(ClassMember.class_id)
               .subquery())
    start, _end = _moments(period)
    lines = []
    for found, learners, held, present in db.session.execute(
            select(StudyClass, members.c.n, sessions.c.n, sessions.c.present)
            .outerjoin(members, members.c.class_id == StudyClass.id)
            .outerjoin(sessions, sessions.c.class_id == StudyClass.id)
            .where(StudyClass.library_id == library_id, StudyClass.starts_on <= period.end,
                   (StudyClass.closed_at.is_(None)) | (StudyClass.closed_at >= start))
            .order_by(StudyClass.starts_on.desc())):
        lines.append(ClassLine(found, learners or 0, held or 0, present or 0))
    return lines


@dataclass
class TrainerLine:
    trainer: User
    classes: int
    consultations: int
    people_helped: int
    certified: bool


def branch_trainers(library_id: int, period: Period) -> list[TrainerLine]:
    trainers = list(db.session.scalars(
        select(User).join(trainer_library, trainer_library.c.user_id == User.id)
        .where(trainer_library.c.library_id == library_id, User.role == Role.TRAINER)
        .order_by(User.search_key)))
    ids = [t.id for t in trainers]
    classes = dict(db.session.execute(
        select(class_trainer.c.user_id, func.count())
        .join(StudyClass, StudyClass.id == class_trainer.c.class_id)
        .where(class_trainer.c.user_id.in_(ids), StudyClass.library_id == library_id)
        .group_by(class_trainer.c.user_id)).all())
    desk = {author: (n, people) for author, n, people in db.session.execute(
        select(Consultation.author_id, func.count(Consultation.id),
               func.sum(Consultation.people))
        .where(Consultation.author_id.in_(ids), Consultation.library_id == library_id,
               Consultation.on.between(period.start, period.end))
        .group_by(Consultation.author_id))}
    certified = set(db.session.scalars(
        select(Certificate.user_id).where(Certificate.user_id.in_(ids),
                                          Certificate.audience == "trainer",
                                          Certificate.revoked_at.is_(None))))
    return [TrainerLine(t, classes.get(t.id, 0), desk.get(t.id, (0, 0))[0],
                        int(desk.get(t.id, (0, 0))[1] or 0), t.id in certified)
            for t in trainers]


def funnel(course: Course, library_ids: list[int], period: Period) -> list[tuple[str, int]]:
    """Learners who started the course in the period: enrolled → half → completed → certified."""
    start, end = _moments(period)
    started = (select(Enrollment.id).where(Enrollment.course_slug == course.slug,
                                           Enrollment.library_id.in_(library_ids),
                                           Enrollment.started_at >= start,
                                           Enrollment.started_at < end))
    enrolled = db.session.scalar(select(func.count()).select_from(started.subquery())) or 0
    half = max(1, (len(course.lessons) + 1) // 2)
    done = (select(LessonProgress.enrollment_id)
            .where(LessonProgress.enrollment_id.in_(started))
            .group_by(LessonProgress.enrollment_id)
            .having(func.count(LessonProgress.id) >= half))
    halfway = db.session.scalar(select(func.count()).select_from(done.subquery())) or 0
    completed = db.session.scalar(select(func.count(Enrollment.id)).where(
        Enrollment.id.in_(started), Enrollment.completed_at.is_not(None))) or 0
    certified = db.session.scalar(select(func.count(Certificate.id)).where(
        Certificate.enrollment_id.in_(started), Certificate.revoked_at.is_(None))) or 0
    return [("enrolled", enrolled), ("half", halfway), ("completed", completed),
            ("certified", certified)]


@dataclass
class HardQuestion:
    quiz_slug: str
    index: int
    answers: int
    wrong: int

    @property
    def wrong_share(self) -> int:
        return round(100 * self.wrong / self.answers) if self.answers else 0


def hardest_questions(course: Course, library_ids: list[int], period: Period,
                      limit: int = 10, at_least: int = 5) -> list[HardQuestion]:
    """The questions answered wrong most often (share of wrong answers), to improve them."""
    start, end = _moments(period)
    found = [HardQuestion(quiz, index, int(n), int(wrong or 0)) for quiz, index, n, wrong in
             db.session.execute(
                 select(QuizAttempt.quiz_slug, QuizAnswer.question_index,
                        func.count(QuizAnswer.id),
                        func.sum(db.case((QuizAnswer.points < 1, 1), else_=0)))
                 .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id)
                 .join(User, User.id == QuizAttempt.user_id)
                 .where(QuizAttempt.course_slug == course.slug,
                        User.library_id.in_(library_ids),
                        QuizAnswer.answered_at >= start, QuizAnswer.answered_at < end)
                 .group_by(QuizAttempt.quiz_slug, QuizAnswer.question_index))
             if n >= at_least and quiz in course.quizzes]
    found.sort(key=lambda q: (-q.wrong_share, -q.answers))
    return [q for q in found if q.wrong][:limit]


def hardest_with_text(course: Course, library_ids: list[int], period: Period, lang: str):
    """The hardest questions, each with its question as the learner reads it now
    (a question removed from the quiz since is left out)."""
    found = []
    for hard in hardest_questions(course, library_ids, period):
        questions = course.quizzes[hard.quiz_slug].text(lang).questions
        if hard.index < len(questions):
            found.append((hard, questions[hard.index]))
    return found
