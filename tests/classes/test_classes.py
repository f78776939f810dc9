"""A trainer's week with a class: create, enrol, grid, work in class, attendance, the log."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from helpers import csrf_from, joined_days_ago, sign_in, text_of

from lms.classes.models import Attendance, ClassMember, StudyClass
from lms.consultations.models import Consultation
from lms.db import db
from lms.people.models import Role
from lms.progress.models import LessonProgress


@pytest.fixture
def trainer(make_user):
    return make_user("petrova", role=Role.TRAINER, full_name="Петрова Ольга")


@pytest.fixture
def signed_in(client, trainer):
    sign_in(client, trainer)
    return client


def post(client, url, page=None, **data):
    token = csrf_from(text_of(client.get(page or url)))
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=True)


def new_class(client, library, name="Вторничная группа", starts=None):
    post(client, "/trainer/classes/", name=name, course="first-steps",
         library_id=str(library.id), starts_on=(starts or date.today()).isoformat())
    return db.session.scalar(db.select(StudyClass).filter_by(name=name))


def test_create_enrol_mark_done_and_record_attendance(signed_in, library, make_user):
    group = new_class(signed_in, library)
    assert group is not None and group.trainers[0].username == "petrova"
    page = f"/trainer/classes/{group.id}/"
    learners = [make_user(f"l{i}", full_name=name) for i, name in
                enumerate(["Ёлкина Анна", "Борисов Иван", "Сидорова Вера"])]
    search = text_of(signed_in.get(page, query_string={"q": "елкина"}))
    assert "Записать Ёлкина Анна" in search
    for person in learners:
        post(signed_in, f"{page}enrol", page, learner_id=str(person.id))
    grid = text_of(signed_in.get(page))
    assert grid.count("не пройден") >= 6  # 3 learners × 2 lessons
    assert "застрял" not in grid  # they joined today: nobody is stuck on day one
    joined_days_ago(group, 15)
    assert "застрял" in text_of(signed_in.get(page))  # nothing done for two weeks

    response = post(signed_in, f"{page}done", page, lesson="mouse",
                    learners=[str(learners[0].id), str(learners[1].id)])
    assert "отмечен пройденным на занятии для 2" in text_of(response)
    marked = list(db.session.scalars(db.select(LessonProgress)))
    assert {(p.lesson_slug, p.marked_by_id) for p in marked} == {("mouse", group.trainers[0].id)}
    assert len(marked) == 2
    assert "✓* пройден" in text_of(signed_in.get(page))

    post(signed_in, f"{page}sessions", page, on=date.today().isoformat(), at="11:00")
    session = db.session.scalar(db.select(StudyClass).filter_by(id=group.id)).sessions[0]
    attendance = f"{page}sessions/{session.id}/"
    post(signed_in, attendance, present=[str(learners[0].id), str(learners[2].id)])
    assert {a.user_id for a in db.session.scalars(db.select(Attendance))} == {
        learners[0].id, learners[2].id}


def test_a_learner_of_another_branch_cannot_be_enrolled(signed_in, library, make_user):
    from lms.people.branches import get_or_create_library

    group = new_class(signed_in, library)
    elsewhere = get_or_create_library(library.network, "north", "Северная")
    stranger = make_user("stranger", at=elsewhere)
    response = post(signed_in, f"/trainer/classes/{group.id}/enrol",
                    f"/trainer/classes/{group.id}/", learner_id=str(stranger.id))
    assert response.status_code == 404  # not one of the trainer's branches
    assert db.session.scalar(db.select(ClassMember)) is None


def test_attendance_for_a_future_session_or_a_stranger_is_refused(signed_in, library,
                                                                   make_user):
    group = new_class(signed_in, library)
    page = f"/trainer/classes/{group.id}/"
    member, outsider = make_user("member"), make_user("outsider")
    post(signed_in, f"{page}enrol", page, learner_id=str(member.id))
    tomorrow = date.today() + timedelta(days=1)
    post(signed_in, f"{page}sessions", page, on=tomorrow.isoformat())
    session = db.session.get(StudyClass, group.id).sessions[0]
    url = f"{page}sessions/{session.id}/"
    future = post(signed_in, url, present=[str(member.id)])
    assert "после того, как занятие состоялось" in text_of(future)
    early = post(signed_in, f"{page}sessions", page,
                 on=(date.today() - timedelta(days=30)).isoformat())
    assert "раньше начала" in text_of(early)
    assert db.session.scalar(db.select(Attendance)) is None
    assert outsider.id not in {u.id for u in db.session.get(StudyClass, group.id).learners}


def test_move_between_classes_and_close(signed_in, library, make_user):
    first, second = new_class(signed_in, library, "Первая"), new_class(signed_in, library,
                                                                         "Вторая")
    learner = make_user("mover")
    post(signed_in, f"/trainer/classes/{first.id}/enrol", f"/trainer/classes/{first.id}/",
         learner_id=str(learner.id))
    post(signed_in, f"/trainer/classes/{first.id}/move", f"/trainer/classes/{first.id}/",
         learner_id=str(learner.id), target=str(second.id))
    assert [u.id for u in db.session.get(StudyClass, second.id).learners] == [learner.id]
    assert db.session.get(StudyClass, first.id).learners == []
    post(signed_in, f"/trainer/classes/{second.id}/close", f"/trainer/classes/{second.id}/")
    assert db.session.get(StudyClass, second.id).closed_at is not None
    refused = post(signed_in, f"/trainer/classes/{second.id}/enrol",
                   f"/trainer/classes/{second.id}/", learner_id=str(learner.id))
    assert "Класс закрыт" in text_of(refused)


def test_a_consultation_is_recorded_in_seconds(signed_in, library):
    response = post(signed_in, "/trainer/consultations/", on=date.today().isoformat(),
                    topic="portal-registration", format="group", people="7",
                    outcome="service-obtained", library_id=str(library.id),
                    note="Регистрация на портале")
    assert "Консультация записана" in text_of(response)
    entry = db.session.scalar(db.select(Consultation))
    assert (entry.topic, entry.people, entry.format) == ("portal-registration", 7, "group")
    page = text_of(signed_in.get("/trainer/consultations/"))
    assert "помогли 7 людям" in page and "7 (Группа)" in page


@pytest.mark.parametrize("fields, message", [
    ({"people": "0"}, "Количество людей"),
    ({"people": "10000", "format": "group"}, "Количество людей"),
    ({"people": "3", "format": "individual"}, "Количество людей"),
    ({"on": (date.today() + timedelta(days=2)).isoformat()}, "не может быть в будущем"),
    ({"topic": "astrology"}, "из списков"),
    ({"outcome": "magic"}, "из списков"),
])
def test_bad_consultations_are_refused_and_nothing_is_stored(signed_in, library, fields,
                                                            message):
    data = {"on": date.today().isoformat(), "topic": "pension", "format": "individual",
            "people": "1", "outcome": "explained", "library_id": str(library.id), **fields}
    response = post(signed_in, "/trainer/consultations/", **data)
    assert response.status_code == 422
    assert message in text_of(response)
    assert db.session.scalar(db.select(Consultation)) is None


def test_login_cards_for_a_class_and_one_with_the_new_pin(signed_in, library, make_user):
    import io
    import re

    from pypdf import PdfReader

    group = new_class(signed_in, library)
    page = f"/trainer/classes/{group.id}/"
    people = [make_user(f"card{i}", full_name=f"Слушатель Номер{i}") for i in range(9)]
    for person in people:
        post(signed_in, f"{page}enrol", page, learner_id=str(person.id))
    pdf = PdfReader(io.BytesIO(signed_in.get(f"{page}cards.pdf").data))
    assert len(pdf.pages) == 2  # eight cards to a page
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert all(f"card{i}" in text for i in range(9))
    assert "______" in text  # no PIN printed: it is shown only when made
    warning = "Никому не называйте PIN-код, даже по телефону."
    assert " ".join(text.split()).count(warning) == 9  # on every card

    learner = people[0]
    response = post(signed_in, f"/trainer/learners/{learner.id}/pin",
                    f"/trainer/learners/{learner.id}/")
    pin = re.findall(r'login-card-value">(\d{6})<', text_of(response))[0]
    first = PdfReader(io.BytesIO(signed_in.get(
        f"/trainer/learners/{learner.id}/card.pdf").data)).pages[0].extract_text()
    assert pin in first
    again = PdfReader(io.BytesIO(signed_in.get(
        f"/trainer/learners/{learner.id}/card.pdf").data)).pages[0].extract_text()
    assert pin not in again


def test_the_card_qr_code_fills_in_the_username(client):
    page = text_of(client.get("/login?username=Ivanova.MA"))
    assert 'value="ivanova.ma"' in page


def test_a_paper_quiz_typed_in_is_graded_by_the_same_engine(signed_in, learner):
    from lms.quizzes.models import QuizAttempt

    url = f"/quizzes/first-steps/device-quiz/paper/{learner.id}"
    page = text_of(signed_in.get(url))
    assert "Какой кнопкой мыши открывают папку?" in page and 'name="q0-answer"' in page
    missing = post(signed_in, url, **{"q0-answer": "q0o0", "q2-answer": "q2o1"})
    assert missing.status_code == 422 and "Вопрос 2: Выберите ответ." in text_of(missing)
    assert db.session.scalar(db.select(QuizAttempt)) is None
    post(signed_in, url, **{"q0-answer": "q0o0", "q1-answer": ["q1o0", "q1o1"],
                            "q2-answer": "q2o1"})
    attempt = db.session.scalar(db.select(QuizAttempt))
    assert (attempt.score, attempt.passed, attempt.entered_by_id is not None) == (100, True,
                                                                                   True)
    assert db.session.scalar(db.select(LessonProgress).filter_by(lesson_slug="keyboard"))


def test_trainer_home_shows_today_stuck_and_consultations(signed_in, library, make_user):
    group = new_class(signed_in, library)
    page = f"/trainer/classes/{group.id}/"
    post(signed_in, f"{page}enrol", page, learner_id=str(make_user("quiet").id))
    joined_days_ago(group, 15)
    post(signed_in, f"{page}sessions", page, on=date.today().isoformat(), at="10:30")
    post(signed_in, "/trainer/consultations/", on=date.today().isoformat(), topic="pension",
         format="individual", people="1", outcome="explained", library_id=str(library.id))
    home = text_of(signed_in.get("/trainer/"))
    assert "Занятие класса «Вторничная группа», 10:30" in home
    assert "застрял 1 слушатель" in home
    assert "1 консультация в этом месяце" in home
    assert "Ваш курс тренера:" in home and "Школа тренера" in home


def test_learning_in_another_course_is_activity_and_a_newcomer_is_not_stuck(
        signed_in, library, make_user):
    from lms.progress import services
    from lms.state import catalogue

    group = new_class(signed_in, library)
    page = f"/trainer/classes/{group.id}/"
    busy = make_user("busy", full_name="Занятая Анна")
    new = make_user("new", full_name="Новая Вера")
    for person in (busy, new):
        post(signed_in, f"{page}enrol", page, learner_id=str(person.id))
    joined_days_ago(group, 20)
    other = catalogue().get("staff-basics") or catalogue().get("first-steps")
    services.complete_lesson(busy, other, other.lessons[0])  # today, in any course
    db.session.commit()
    grid = text_of(signed_in.get(page))
    stuck = grid[grid.index("Кто застрял"):grid.index('id="grid"')] if "Кто застрял" in grid else ""
    assert "Новая Вера" in stuck and "Занятая Анна" not in stuck
    row = re.search(r"Занятая Анна.*?</tr>", grid, re.S)[0]
    assert "никогда" not in row  # her last activity is today


def test_a_consultation_finds_the_learner_by_username_name_or_phone(signed_in, library,
                                                                   make_user):
    from lms.consultations.models import Consultation
    from lms.people.branches import get_or_create_library, get_or_create_network

    anna = make_user("belova.a", full_name="Белова Анна Сергеевна", phone="+7 912 345-67-89")
    make_user("belova.v", full_name="Белова Вера Ивановна")
    elsewhere = get_or_create_library(get_or_create_network("other", "Другая сеть"), "x", "X")
    make_user("chuzhaya", full_name="Чужая Ольга", at=elsewhere)

    def consult(learner):
        return post(signed_in, "/trainer/consultations/", on=date.today().isoformat(),
                    topic="pension", format="individual", people="1", outcome="explained",
                    library_id=str(library.id), learner=learner)

    for typed in ("belova.a", "8 912 345 67 89", "анна серг"):
        consult(typed)
        assert db.session.scalars(db.select(Consultation.learner_id)
                                  .order_by(Consultation.id.desc())).first() == anna.id, typed
    several = text_of(consult("Белова"))
    assert "Несколько слушателей" in several and "belova.a" in several and "belova.v" in several
    assert "ни один слушатель" in text_of(consult("Чужая")).lower()
    assert db.session.scalar(db.select(db.func.count(Consultation.id))) == 3


def test_a_learner_taken_out_of_a_class_leaves_it_and_keeps_her_work(signed_in, library,
                                                                     make_user):
    from lms.audit.models import AuditEvent
    from lms.progress.models import LessonProgress

    group = new_class(signed_in, library)
    page = f"/trainer/classes/{group.id}/"
    vera = make_user("vera", full_name="Сидорова Вера")
    post(signed_in, f"{page}enrol", page, learner_id=str(vera.id))
    post(signed_in, f"{page}done", page, lesson="mouse", learners=[str(vera.id)])
    out = text_of(post(signed_in, f"{page}take-out", page, learner_id=str(vera.id)))
    assert "больше не в классе" in out
    grid = out[out.index('id="grid"'):] if 'id="grid"' in out else ""
    assert "Сидорова Вера" not in grid
    assert db.session.scalar(db.select(db.func.count(LessonProgress.id))) == 1  # hers still
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="class_left")) is not None
    again = text_of(post(signed_in, f"{page}take-out", "/trainer/learners/new",
                         learner_id=str(vera.id)))
    assert "Этого слушателя нет в классе." in again


def test_a_session_added_by_mistake_is_deleted_with_its_attendance(signed_in, library,
                                                                  make_user):
    from lms.audit.models import AuditEvent
    from lms.classes.models import Attendance, ClassSession

    group = new_class(signed_in, library)
    page = f"/trainer/classes/{group.id}/"
    vera = make_user("vera", full_name="Сидорова Вера")
    post(signed_in, f"{page}enrol", page, learner_id=str(vera.id))
    post(signed_in, f"{page}sessions", page, on=date.today().isoformat(), at="10:00")
    session = db.session.scalar(db.select(ClassSession))
    post(signed_in, f"{page}sessions/{session.id}/", present=[str(vera.id)])
    assert db.session.scalar(db.select(db.func.count(Attendance.id))) == 1
    done = text_of(post(signed_in, f"{page}sessions/{session.id}/delete",
                        f"{page}sessions/{session.id}/"))
    assert "удалено" in done
    assert db.session.scalar(db.select(db.func.count(ClassSession.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Attendance.id))) == 0
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="class_session_deleted"))
    assert event.details["present"] == 1


def test_a_class_is_renamed_and_handed_over_to_another_trainer_of_its_branch(
        signed_in, library, make_user):
    from lms.audit.models import AuditEvent
    from lms.classes.models import StudyClass
    from lms.people.branches import get_or_create_library

    group = new_class(signed_in, library)
    page = f"/trainer/classes/{group.id}/"
    colleague = make_user("sidorova", role=Role.TRAINER, full_name="Сидорова Анна")
    elsewhere = make_user("far", role=Role.TRAINER, full_name="Далёкая Вера",
                          at=get_or_create_library(library.network, "b9", "Филиал 9"))
    shown = text_of(signed_in.get(page))
    assert "Сидорова Анна" in shown and "Далёкая Вера" not in shown
    done = text_of(post(signed_in, f"{page}edit", page, name="Вторничная группа, осень",
                        trainer_ids=[str(colleague.id)]))
    assert "Сохранено" in done
    db.session.expire_all()
    changed = db.session.get(StudyClass, group.id)
    assert changed.name == "Вторничная группа, осень"
    assert [t.username for t in changed.trainers] == ["sidorova"]
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="class_changed"))
    refused = text_of(post(signed_in, f"{page}edit", "/trainer/learners/new", name="X",
                           trainer_ids=[str(elsewhere.id)]))
    assert "среди тренеров его филиала" in refused


def test_the_grid_shows_each_learners_last_practice_result(signed_in, library, make_user):
    from lms.db import utcnow
    from lms.practice.models import PracticeAttempt

    group = new_class(signed_in, library)
    page = f"/trainer/classes/{group.id}/"
    tried, never = make_user("tried", full_name="Пробовала Анна"), make_user(
        "never", full_name="Непробовавшая Вера")
    for person in (tried, never):
        post(signed_in, f"{page}enrol", page, learner_id=str(person.id))
    for caught, missed, minutes in ((["sender"], ["link", "code"], 30),
                                    (["sender", "link"], ["code"], 5)):  # the last one counts
        db.session.add(PracticeAttempt(
            user_id=tried.id, library_id=library.id, course_slug="first-steps",
            practice_slug="inbox", lang="ru", seed=1, steps=["a"], answers={}, caught=caught,
            missed=missed, costly=0, finished_at=utcnow() - timedelta(minutes=minutes)))
    db.session.commit()
    grid = text_of(signed_in.get(page))
    assert "Тренажёры: замеченные уловки" in grid
    def practice_cell(name):  # the cells: two lessons, the practice, the last activity
        row = re.search(rf"{name}.*?</tr>", grid, re.S)[0]
        return re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[2].strip()

    assert practice_cell("Пробовала Анна") == "2 из 3"
    assert practice_cell("Непробовавшая Вера") == "—"
