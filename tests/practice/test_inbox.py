"""The inbox practice, played as a learner would: each message judged, the tricks she
missed named at once, her result in words, the attempt keeping what she caught."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import csrf_from, sign_in, text_of

from lms.content.practice import read_practice
from lms.content.practice_types import PracticeError
from lms.db import db
from lms.practice.models import PracticeAttempt
from lms.state import catalogue

START = "/practice/first-steps/inbox/"


def play(client, *, cues_ticked: int):
    """Start and answer every message: scams called scams with only the first
    ``cues_ticked`` of the tricks ticked; honest ones called safe. Return each feedback."""
    page = text_of(client.get(START))
    step = client.post(START + "start", data={"csrf_token": csrf_from(page)})
    assert step.status_code == 302
    url = step.headers["Location"]
    inbox = catalogue().get("first-steps").practices["inbox"].text("ru").model
    feedbacks = []
    while True:
        page = text_of(client.get(url))
        subject = re.search(r'<dd id="mail-subject" class="mail-subject">([^<]+)</dd>', page)[1]
        message = next(m for m in inbox.messages if m.subject == subject)
        data = {"csrf_token": csrf_from(page), "verdict": "scam" if message.scam else "safe",
                "cue": list(message.cues[:cues_ticked])}
        answered = client.post(url, data=data)
        assert answered.status_code == 302 and answered.headers["Location"].endswith("#feedback")
        feedback = text_of(client.get(url))
        feedbacks.append((message, feedback))
        following = re.search(r'href="([^"]+)">(?:Дальше|Посмотреть, как получилось)', feedback)
        if "/result" in following[1]:
            return feedbacks, text_of(client.get(following[1]))
        url = following[1]


def test_she_plays_the_inbox_and_sees_the_tricks_she_missed_named(app, client, learner):
    sign_in(client, learner)
    lesson = text_of(client.get("/courses/first-steps/mouse/"))
    assert "Потренируйтесь безопасно" in lesson and START in lesson
    feedbacks, result = play(client, cues_ticked=1)
    assert len(feedbacks) == 3
    scams = [(m, f) for m, f in feedbacks if m.scam]
    assert scams, "the draw always has a scam"
    for message, feedback in scams:
        assert "Верно: это мошенники." in feedback
        assert "Вы заметили: Чужой адрес отправителя." in feedback  # the first trick, ticked
        # the second trick of each, named with why; a one-trick message misses nothing
        assert ("Вы пропустили:" in feedback) is (len(message.cues) > 1)
        assert "Банк никогда не просит код из СМС." in feedback
    attempt = db.session.scalar(db.select(PracticeAttempt))
    assert attempt.finished_at is not None and attempt.costly == 0
    assert sorted(attempt.caught) == sorted(m.cues[0] for m, _f in scams)
    assert sorted(attempt.missed) == sorted(c for m, _f in scams for c in m.cues[1:])
    total = len(attempt.caught) + len(attempt.missed)
    assert f"Вы заметили {len(attempt.caught)} из {total} уловок." in result
    assert "На что смотреть в следующий раз" in result  # two scams: one has two tricks


def test_a_retake_draws_again_and_nothing_answered_is_asked_again(app, client, learner):
    sign_in(client, learner)
    play(client, cues_ticked=2)
    play(client, cues_ticked=2)
    attempts = db.session.scalars(db.select(PracticeAttempt).order_by(PracticeAttempt.id)).all()
    assert len(attempts) == 2 and all(a.missed == [] for a in attempts)
    first = attempts[0]
    url = f"{START}{first.id}/1"
    page = text_of(client.get(url))
    assert 'name="verdict"' not in page  # answered: the feedback, not the form again


def test_a_learner_at_a_kazakh_branch_never_gets_a_russian_only_message(app, make_user):
    from lms.people.branches import get_or_create_library, get_or_create_network
    from lms.practice.services import start

    branch = get_or_create_library(get_or_create_network("kz", "Казахстан"), "a", "Алматы",
                                   country="KZ")
    reader = make_user("kz.reader", at=branch)
    practice = catalogue().get("first-steps").practices["inbox"]
    for _ in range(20):
        attempt = start(reader, practice, "ru", "KZ")
        assert "russia-only" not in attempt.steps and len(attempt.steps) == 3


def test_no_answer_is_asked_for_kindly_and_nothing_is_stored(app, client, learner):
    sign_in(client, learner)
    page = text_of(client.get(START))
    url = client.post(START + "start", data={"csrf_token": csrf_from(page)}).headers["Location"]
    page = text_of(client.get(url))
    refused = client.post(url, data={"csrf_token": csrf_from(page)})
    assert refused.status_code == 422 and "Выберите, что вы сделали бы" in text_of(refused)
    assert db.session.scalar(db.select(PracticeAttempt)).answers == {}


def test_someone_elses_attempt_is_not_found(app, client, learner, make_user):
    sign_in(client, learner)
    page = text_of(client.get(START))
    url = client.post(START + "start", data={"csrf_token": csrf_from(page)}).headers["Location"]
    other = app.test_client()
    sign_in(other, make_user("petrova"))
    assert other.get(url).status_code == 404
    assert client.get(url.rsplit("/", 1)[0] + "/99").status_code == 404


FIXTURE = Path(__file__).parents[1] / "fixtures" / "practices" / "first-steps" / "inbox.ru.yaml"


@pytest.mark.parametrize("change, line, message", [
    (("cues: [sender, link]", "cues: [sender, nowhere]"), 19, "uses the cue 'nowhere'"),
    (("draw: 3", "draw: 9"), 1, "'draw' is 9"),
    (("    scam: false\n", "    scam: maybe\n"), 34, "'scam' is true or false"),
    (("kind: inbox", "kind: casino"), 1, "unknown kind of practice 'casino'"),
    (("  - id: library", "  - id: bank-block"), 34, "used twice"),
    (("explain: \"Письмо честное: ничего не просят.\"", "explain: Честное: ничего."), 39,
     "must be in quotes"),
])
def test_a_wrong_practice_file_names_its_line(tmp_path, change, line, message):
    path = tmp_path / "inbox.ru.yaml"
    path.write_text(FIXTURE.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    with pytest.raises(PracticeError) as caught:
        read_practice(path, "ru")
    said = caught.value.template % caught.value.params
    assert (caught.value.line, message in said) == (line, True), said


def test_lms_check_warns_of_a_cue_no_message_uses(make_app, tmp_path):
    folder = tmp_path / "first-steps"
    folder.mkdir()
    (folder / "inbox.ru.yaml").write_text(FIXTURE.read_text(encoding="utf-8").replace(
        "cues:\n", "cues:\n  prize:\n    name: Выигрыш\n    explain: Бесплатно не бывает.\n"),
        encoding="utf-8")
    app = make_app(LMS_PRACTICES_DIR=str(tmp_path))
    result = app.test_cli_runner().invoke(args=["lms", "check", "--strict"])
    assert "first-steps/inbox.ru.yaml: уловка «prize» нигде не используется" in result.output
    assert result.exit_code == 1
