"""Made-up but plausible activity for a network: learners, progress, quizzes, classes,
consultations. The demo uses a little of it; bench/ fills a country with it.

Rows are written in batches with plain INSERTs (no ORM objects), then the summary tables
are recounted from them, exactly as after a restore.
"""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, insert, select, text

from ..certificates.models import Certificate
from ..classes.models import Attendance, ClassMember, ClassSession, StudyClass, class_trainer
from ..consultations.models import Consultation
from ..content import Catalogue, Course
from ..db import db
from ..figures import counting as facts
from ..people.models import Library, Role, User, trainer_library
from ..people.passwords import hash_password
from ..progress.models import Enrollment, LessonProgress
from ..quizzes.models import QuizAnswer, QuizAttempt

# Parents before the rows that refer to them.
ORDER = (User, trainer_library, Enrollment, LessonProgress, QuizAttempt, QuizAnswer,
         Certificate, Consultation, StudyClass, class_trainer, ClassMember, ClassSession,
         Attendance)

SURNAMES = {"ru": ["Иванова", "Смирнова", "Кузнецова", "Попова", "Васильева", "Петрова",
                   "Соколова", "Михайлова", "Новикова", "Фёдорова", "Морозов", "Волков",
                   "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов"],
            "uk": ["Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник",
                   "Шевченко", "Мельник", "Бойко", "Лисенко", "Руденко", "Савченко",
                   "Петренко"]}
NAMES = {"ru": ["Мария", "Анна", "Валентина", "Галина", "Нина", "Людмила", "Татьяна",
                "Ольга", "Иван", "Николай", "Виктор", "Владимир", "Пётр", "Михаил"],
         "uk": ["Олена", "Ганна", "Валентина", "Галина", "Ніна", "Людмила", "Тетяна",
                "Оксана", "Іван", "Микола", "Віктор", "Володимир", "Петро", "Михайло"]}
TOPIC_WEIGHTS = {"portal-registration": 9, "account-confirmation": 6, "e-signature": 3,
                 "utilities": 5, "pension": 6, "medical-appointment": 7, "job-search": 1,
                 "other": 3}
OUTCOME_WEIGHTS = {"service-obtained": 5, "explained": 6, "referred": 1}


@dataclass
class Scale:
    learners_per_branch: int = 40
    months: int = 12
    consultations_per_month: int = 12  # per branch
    classes_per_branch: int = 2
    trainers_per_branch: int = 2
    courses_per_learner: tuple[int, ...] = (1, 1, 2, 3)  # chosen at random for each
    stop_chance: float = 0.18  # after each lesson, the chance that a learner stops
    quiz_share: float = 1.0  # share of lessons whose quiz attempts are written
    answers_share: float = 1.0  # share of quiz attempts that keep their answers


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(9 + rng.randrange(9), rng.randrange(60)), UTC)


class Writer:
    """Batches of plain INSERTs; primary keys are given here, so nothing waits for them."""

    def __init__(self, batch: int = 5000):
        self.batch = batch
        self.pending: dict[type, list[dict]] = {}
        self.last_id: dict[type, int] = {}

    def add(self, model, **row) -> int | None:
        """Queue a row; return its new id (for models with an ``id``)."""
        if hasattr(model, "id") and "id" not in row:
            if model not in self.last_id:
                self.last_id[model] = db.session.scalar(select(func.max(model.id))) or 0
            self.last_id[model] += 1
            row["id"] = self.last_id[model]
        rows = self.pending.setdefault(model, [])
        rows.append(row)
        if len(rows) >= self.batch:
            self.flush()
        return row.get("id")

    def flush(self) -> None:
        """Write everything queued, parents before the rows that refer to them."""
        for kind in ORDER:
            rows = self.pending.pop(kind, [])
            if rows:
                db.session.execute(insert(kind), rows)

    def finish(self) -> None:
        self.flush()
        if db.session.get_bind().dialect.name == "postgresql":  # ids were given by hand
            for model in self.last_id:
                table = model.__tablename__
                db.session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"))


def generate(libraries: list[Library], catalogue: Catalogue, scale: Scale, *,
             end: date, seed: int = 1, prefix: str = "sample") -> int:
    """Add activity for ``libraries`` over the ``scale.months`` months up to ``end``;
    return the number of learners added."""
    rng = random.Random(seed)
    start = end - timedelta(days=30 * scale.months)
    secret = hash_password(base64.b32encode(rng.randbytes(20)).decode())  # nobody knows it
    writer = Writer()
    added = 0
    for library in libraries:
        lang = library.network.language if library.network.language in NAMES else "ru"
        courses = [c for c in catalogue.listed("learner")
                   if c.country in (None, library.country)] or catalogue.listed()
        trainer_ids = _trainers(library, writer, secret, prefix, scale, rng, lang)
        learners = _learners(library, writer, secret, prefix, scale, rng, lang, start, end)
        added += len(learners)
        for user_id, full_name, created in learners:
            for course in rng.sample(courses, k=min(len(courses),
                                                    rng.choice(scale.courses_per_learner))):
                _study(writer, (user_id, full_name), library, course, created, end, scale,
                       rng)
        _consultations(writer, library, trainer_ids, scale, rng, start, end)
        _classes(writer, library, trainer_ids, [u for u, _n, _c in learners], courses, scale,
                 rng, start, end)
    writer.finish()
    facts.rebuild(db.session.connection())
    return added


def _trainers(library, writer, secret, prefix, scale, rng, lang) -> list[int]:
    rows = [{"username": f"{prefix}.t{library.id}.{i}",
             "full_name": f"{rng.choice(SURNAMES[lang])} {rng.choice(NAMES[lang])}",
             "search_key": f"trainer {library.id} {i}",
             "role": Role.TRAINER, "password_hash": secret, "library_id": library.id,
             "language": lang} for i in range(scale.trainers_per_branch)]
    ids = [writer.add(User, **row) for row in rows]
    writer.flush()
    for user_id in ids:
        writer.add(trainer_library, user_id=user_id, library_id=library.id)
    return ids


def _learners(library, writer, secret, prefix, scale, rng, lang, start, end):
    rows, created = [], []
    span = (end - start).days
    for i in range(scale.learners_per_branch):
        day = start + timedelta(days=int(span * rng.random() ** 0.7))
        surname, name = rng.choice(SURNAMES[lang]), rng.choice(NAMES[lang])
        moment = _moment(day, rng)
        rows.append({"username": f"{prefix}.l{library.id}.{i}", "full_name": f"{surname} {name}",
                     "search_key": f"{surname} {name}".lower(), "role": Role.LEARNER,
                     "password_hash": secret, "library_id": library.id, "language": lang,
                     "birth_year": None if rng.random() < 0.08 else 1938 + int(
                         37 * rng.random() ** 0.8), "created_at": moment})
        created.append(moment)
    return [(writer.add(User, **row), row["full_name"], moment)
            for row, moment in zip(rows, created, strict=True)]


def _study(writer, learner: tuple[int, str], library, course: Course, created: datetime,
           end: date, scale: Scale, rng: random.Random) -> None:
    user_id, full_name = learner
    started = created + timedelta(days=rng.randrange(10))
    if started.date() > end:
        return
    when, done = started, []
    for lesson in course.lessons:
        if rng.random() < scale.stop_chance:  # many stop somewhere on the way
            break
        when += timedelta(days=1 + rng.randrange(9), minutes=rng.randrange(600))
        if when.date() > end:
            break
        done.append((lesson, when))
    finished = None
    if len(done) == len(course.lessons) and course.final_quiz:
        finished = when + timedelta(days=rng.randrange(5))
        if finished.date() > end:
            finished = None
    enrollment_id = writer.add(Enrollment, user_id=user_id, course_slug=course.slug,
                               library_id=library.id, started_at=started,
                               completed_at=finished)
    for lesson, moment in done:
        writer.add(LessonProgress, enrollment_id=enrollment_id, lesson_slug=lesson.slug,
                   completed_at=moment)
        if lesson.quiz and rng.random() < scale.quiz_share:
            _attempts(writer, user_id, course, lesson.quiz, moment, scale, rng)
    if finished:
        _attempts(writer, user_id, course, course.final_quiz, finished, scale, rng)
        number = f"{library.network.code.upper()}-S{enrollment_id:07d}"
        writer.add(Certificate, number=number, code=base64.b32encode(rng.randbytes(17))
                   .decode().rstrip("="), enrollment_id=enrollment_id, user_id=user_id,
                   course_slug=course.slug, library_id=library.id, full_name=full_name,
                   course_title=course.text(course.default_language).title,
                   hours=course.hours, lang=course.default_language,
                   audience=course.audience, issued_at=finished, on_paper=False)


def _attempts(writer, user_id, course, quiz, moment, scale, rng) -> None:
    """One or two attempts, the last one passed (the lesson counts as done)."""
    questions = quiz.text(quiz.default_language).questions
    tries = [0.45, 1.0] if rng.random() < 0.25 else [1.0]
    for number, chance in enumerate(tries, start=1):
        last = number == len(tries)
        points = [1.0 if last and q.index % 5 else  # every fifth question is harder
                  float(rng.random() < chance - 0.3 * (q.index % 5 == 0)) for q in questions]
        score = round(100 * sum(points) / max(1, len(points)))
        passed = last or score >= quiz.pass_mark
        row = {"user_id": user_id, "course_slug": course.slug, "quiz_slug": quiz.slug,
               "lang": quiz.default_language, "seed": rng.randrange(10**6),
               "started_at": moment - timedelta(minutes=10), "finished_at": moment,
               "score": max(score, quiz.pass_mark) if last else score, "passed": passed}
        if rng.random() < scale.answers_share:
            attempt_id = writer.add(QuizAttempt, **row)
            for q, got in zip(questions, points, strict=True):
                writer.add(QuizAnswer, attempt_id=attempt_id, question_index=q.index,
                           answer=None, points=got, answered_at=moment)
        else:
            writer.add(QuizAttempt, **row)
        if passed:
            return


def _consultations(writer, library, trainer_ids, scale, rng, start, end) -> None:
    topics, outcomes = list(TOPIC_WEIGHTS), list(OUTCOME_WEIGHTS)
    days = (end - start).days
    for _i in range(scale.consultations_per_month * scale.months):
        day = start + timedelta(days=rng.randrange(days + 1))
        group = rng.random() < 0.12
        writer.add(Consultation, library_id=library.id, on=day,
                   topic=rng.choices(topics, list(TOPIC_WEIGHTS.values()))[0],
                   format="group" if group else "individual",
                   people=rng.randrange(2, 16) if group else 1,
                   outcome=rng.choices(outcomes, list(OUTCOME_WEIGHTS.values()))[0],
                   note="", author_id=rng.choice(trainer_ids), created_at=_moment(day, rng))


def _classes(writer, library, trainer_ids, learner_ids, courses, scale, rng, start, end):
    if not learner_ids:
        return
    for n in range(scale.classes_per_branch):
        first = start + timedelta(days=rng.randrange(max(1, (end - start).days - 60)))
        course = rng.choice(courses)
        class_id = writer.add(
            StudyClass, library_id=library.id, course_slug=course.slug,
            name=f"{course.text(course.default_language).title}, {first:%m.%Y}",
            starts_on=first, created_at=_moment(first, rng))
        writer.add(class_trainer, class_id=class_id, user_id=trainer_ids[n % len(trainer_ids)])
        members = rng.sample(learner_ids, k=min(len(learner_ids), 8 + rng.randrange(5)))
        for user_id in members:
            writer.add(ClassMember, class_id=class_id, user_id=user_id,
                       joined_at=_moment(first, rng))
        sessions = [first + timedelta(weeks=w) for w in range(8)
                    if first + timedelta(weeks=w) <= end]
        session_ids = [writer.add(ClassSession, class_id=class_id, on=day, at=time(11))
                       for day in sessions]
        for session_id in session_ids:
            for user_id in members:
                if rng.random() < 0.8:
                    writer.add(Attendance, session_id=session_id, user_id=user_id,
                               recorded_by_id=trainer_ids[0])
