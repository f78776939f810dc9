"""A platform (tests/lti_platform.py, served on 127.0.0.1) launches Gramota: the right
person arrives signed in at the lesson placed, and the score of her quiz goes to the
platform's gradebook; a forged or replayed launch is refused; a teacher places a course
or lesson by deep linking."""

from __future__ import annotations

import time

import jwt
from helpers import csrf_from, text_of
from lti_platform import CLIENT_ID, ISSUER, LTI, begin, resource_launch
from quiz_pages import RIGHT, WRONG, take

from lms.db import db
from lms.lti.models import LtiAccount, LtiLink, LtiScore
from lms.people.models import User

KEYBOARD = {"course": "first-steps", "lesson": "keyboard"}


def eventually(check, seconds: float = 15) -> bool:
    """Whether ``check()`` comes true within ``seconds``, read afresh from the database
    (the grades are sent, and marked, by a thread after the answer)."""
    deadline = time.monotonic() + seconds
    while True:
        db.session.expire_all()
        if check():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def arrive(client, platform, **claims):
    """Her launch and, the first time, the welcome page agreed to; where she lands."""
    launched = client.post("/lti/launch", data=resource_launch(
        platform, begin(client), custom=KEYBOARD, **claims))
    if launched.status_code == 200:  # the first time: the welcome page
        page = text_of(launched)
        assert "Вы пришли из Moodle ЦБС" in page and "Орлова Нина" in page
        launch_id = launched.get_data(as_text=True).split('name="launch" value="')[1].split('"')[0]
        launched = client.post("/lti/welcome", data={
            "csrf_token": csrf_from(launched.get_data(as_text=True)), "launch": launch_id})
    assert launched.status_code == 302, launched.get_data(as_text=True)
    return launched.headers["Location"]


def test_a_launch_signs_in_the_right_person_and_her_quiz_score_goes_back(
        client, platform, library):
    assert arrive(client, platform) == "/courses/first-steps/keyboard/"
    account = db.session.scalar(db.select(LtiAccount))
    learner = account.user
    assert (account.subject, learner.full_name, learner.library_id) == (
        "user-42", "Орлова Нина", library.id)
    assert learner.is_learner and learner.consents[0].method == "screen"
    assert "Орлова Нина" in text_of(client.get("/me/"))  # signed in as her

    take(client, WRONG)  # the keyboard lesson's quiz: 0%, then 100%
    assert platform.wait_for_scores(1)[0]["scoreGiven"] == 0
    take(client, RIGHT)
    scores = platform.wait_for_scores(2)
    assert len(scores) == 2, scores
    path, headers, body = platform.scores[1]
    assert path == "/courses/7/lineitems/12/lineitem/scores"
    assert headers["Authorization"] == "Bearer platform-access-token"
    assert headers["Content-Type"] == "application/vnd.ims.lis.v1.score+json"
    assert {key: body[key] for key in ("userId", "scoreGiven", "scoreMaximum",
                                       "activityProgress", "gradingProgress")} == {
        "userId": "user-42", "scoreGiven": 100, "scoreMaximum": 100,
        "activityProgress": "Completed", "gradingProgress": "FullyGraded"}
    assert eventually(lambda: all(score.sent_at for score in
                                  db.session.scalars(db.select(LtiScore))))  # marked sent

    take(client, WRONG)  # a worse try later never lowers her grade
    assert platform.wait_for_scores(3)[2]["scoreGiven"] == 100

    client.post("/logout", data={"csrf_token": csrf_from(text_of(client.get("/me/")))})
    assert arrive(client, platform) == "/courses/first-steps/keyboard/"  # no welcome again
    assert db.session.scalar(db.select(db.func.count(LtiAccount.id))) == 1
    assert db.session.scalar(db.select(db.func.count(User.id)).where(
        User.full_name == "Орлова Нина")) == 1


def test_a_forged_replayed_or_unknown_launch_is_refused(client, platform, make_user):
    from cryptography.hazmat.primitives.asymmetric import rsa

    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    asked = begin(client)
    forged = resource_launch(platform, asked, custom=KEYBOARD)
    forged["id_token"] = platform.id_token(jwt.decode(
        forged["id_token"], options={"verify_signature": False}), key=other_key)
    refused = client.post("/lti/launch", data=forged)
    assert refused.status_code == 400
    assert "не удалось проверить" in text_of(refused)

    asked = begin(client)
    wrong_nonce = resource_launch(platform, {**asked, "nonce": "not-the-nonce"},
                                  custom=KEYBOARD)
    assert client.post("/lti/launch", data=wrong_nonce).status_code == 400
    good = resource_launch(platform, asked, custom=KEYBOARD)
    assert client.post("/lti/launch", data=good).status_code == 200  # the welcome
    assert client.post("/lti/launch", data=good).status_code == 400  # the same, replayed

    unknown = client.post("/lti/login", data={"iss": "https://other.example", "client_id": "x",
                                             "login_hint": "1",
                                             "target_link_uri": "http://localhost/lti/launch"})
    assert unknown.status_code == 400 and "не зарегистрирована" in text_of(unknown)
    elsewhere = client.post("/lti/login", data={
        "iss": ISSUER, "client_id": CLIENT_ID, "login_hint": "1",
        "target_link_uri": "https://attacker.example/steal"})
    assert elsewhere.status_code == 400
    assert db.session.scalar(db.select(db.func.count(LtiAccount.id))) == 0


def test_a_grade_the_platform_refuses_waits_for_the_next_send(client, platform, runner):
    arrive(client, platform)
    platform.refuse_scores = True
    take(client, RIGHT)
    assert eventually(lambda: db.session.scalar(db.select(LtiScore.tries)))
    waiting = db.session.scalar(db.select(LtiScore))
    assert waiting.sent_at is None and "503" in waiting.error
    platform.refuse_scores = False
    result = runner.invoke(args=["lms", "lti", "send-scores"])
    assert "1 grades sent, 0 not taken" in result.output, result.output
    assert platform.scores[0][2]["scoreGiven"] == 100


def test_a_teacher_places_a_lesson_by_deep_linking(client, platform):
    asked = begin(client, hint="teacher-1")
    body = {"sub": "teacher-1", "nonce": asked["nonce"], "name": "Ирина Коваленко",
            LTI + "message_type": "LtiDeepLinkingRequest",
            LTI + "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"],
            "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings": {
                "deep_link_return_url": platform.base + "/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["window"], "data": "moodle-data"}}
    chooser = client.post("/lti/launch", data={"id_token": platform.id_token(body),
                                               "state": asked["state"]})
    page = text_of(chooser)
    assert chooser.status_code == 200 and "Выберите, что добавить в ваш курс" in page
    assert "Первые шаги" in page and "Урок 2. Клавиатура" in page

    back = client.post("/lti/deep-link", data={
        "csrf_token": csrf_from(chooser.get_data(as_text=True)),
        "item": "first-steps/keyboard"})
    html = back.get_data(as_text=True)
    assert f'action="{platform.base}/deep-link-return"' in html
    assert f"form-action 'self' {platform.base}" in back.headers["Content-Security-Policy"]
    token = html.split('name="JWT" value="')[1].split('"')[0]
    message = jwt.decode(token, platform.tool_public_pem, algorithms=["RS256"],
                         audience=ISSUER)
    assert message["iss"] == CLIENT_ID
    assert message[LTI + "message_type"] == "LtiDeepLinkingResponse"
    assert message["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == "moodle-data"
    [item] = message["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]
    assert (item["type"], item["url"], item["title"], item["custom"]) == (
        "ltiResourceLink", "http://localhost/lti/launch", "Клавиатура", KEYBOARD)
    assert item["lineItem"]["scoreMaximum"] == 100
    assert db.session.scalar(db.select(db.func.count(LtiLink.id))) == 0  # nobody signed in
    again = client.post("/lti/deep-link", data={
        "csrf_token": csrf_from(chooser.get_data(as_text=True)), "item": "first-steps"})
    assert again.status_code == 404  # the choice is made once per launch


def test_the_tool_publishes_its_public_key(client, platform):
    keys = client.get("/lti/jwks.json").json["keys"]
    assert len(keys) == 1 and keys[0]["kty"] == "RSA" and keys[0]["alg"] == "RS256"
    assert "d" not in keys[0]  # the public half only


def test_an_erased_learner_is_untied_from_the_platform(app, client, platform, make_user):
    from lms.people.models import Role
    from lms.people.services import anonymise

    arrive(client, platform)
    learner = db.session.scalar(db.select(LtiAccount)).user
    take(client, RIGHT)
    assert eventually(lambda: db.session.scalar(db.select(LtiScore.sent_at)))
    anonymise(make_user("trainer.a", role=Role.TRAINER), learner, "по её просьбе")
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(LtiAccount.id))) == 0
    assert db.session.scalar(db.select(db.func.count(LtiScore.id))) == 0
    client = app.test_client()  # the next time she comes, on a computer of the library
    launched = client.post("/lti/launch", data=resource_launch(platform, begin(client),
                                                               custom=KEYBOARD))
    assert "Вы пришли из Moodle ЦБС" in text_of(launched)  # a new start, not her account


def test_her_two_accounts_joined_the_platform_leads_to_the_one_kept(app, client, platform,
                                                                     learner, make_user):
    from lms.people.merging import merge_learners
    from lms.people.models import Role

    arrive(client, platform)
    from_platform = db.session.scalar(db.select(LtiAccount)).user
    merge_learners(make_user("trainer.a", role=Role.TRAINER), learner, from_platform)
    db.session.commit()
    assert db.session.scalar(db.select(LtiAccount)).user_id == learner.id
    client = app.test_client()  # the next time she comes
    assert arrive(client, platform) == "/courses/first-steps/keyboard/"
    assert "Мария Иванова" in text_of(client.get("/me/"))
    assert platform.key_sets_sent == 1  # the platform's keys, asked for once


def test_a_platform_that_keeps_names_to_itself_asks_her_for_hers(client, platform):
    launched = client.post("/lti/launch", data=resource_launch(
        platform, begin(client), custom=KEYBOARD, given_name=None, family_name=None,
        name=None))
    html = launched.get_data(as_text=True)
    assert "Фамилия, имя и отчество, как в сертификате" in text_of(launched)
    form = {"csrf_token": csrf_from(html),
            "launch": html.split('name="launch" value="')[1].split('"')[0]}
    empty = client.post("/lti/welcome", data={**form, "name": ""})
    assert empty.status_code == 422 and "Платформа не сообщила ваше имя" in text_of(empty)
    assert db.session.scalar(db.select(db.func.count(LtiAccount.id))) == 0
    named = client.post("/lti/welcome", data={**form, "name": "Лебедева Зоя Петровна"})
    assert named.status_code == 302
    assert db.session.scalar(db.select(LtiAccount)).user.full_name == "Лебедева Зоя Петровна"
