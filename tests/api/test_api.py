"""The JSON API: tokens, scope (as on the pages), certificate checks, the description."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import complete_course

from lms.db import db, utcnow
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.people.models import Role


@pytest.fixture
def world(app, make_user, runner):
    """Network A (branch a1: learner Орлова with the course done, trainer) and network B
    (branch b1: learner Бойко); a token for each person."""
    a1 = get_or_create_library(get_or_create_network("net-a", "Сеть А"), "a1", "А-1")
    b1 = get_or_create_library(get_or_create_network("net-b", "Сеть Б"), "b1", "Б-1")
    people = {"orlova": make_user("orlova", full_name="Орлова Нина", at=a1),
              "boyko": make_user("boyko", full_name="Бойко Ганна", at=b1),
              "trainer": make_user("trainer.a", role=Role.TRAINER, at=a1)}
    certificate = complete_course(people["orlova"])
    tokens = {}
    for key, person in people.items():
        result = runner.invoke(args=["lms", "api-token", person.username, "--name", "test"])
        assert result.exit_code == 0, result.output
        tokens[key] = result.stdout.strip().splitlines()[0]
    return {**people, "a1": a1, "b1": b1, "tokens": tokens, "certificate": certificate}


def call(client, url, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(url, headers=headers)


def test_a_token_acts_as_its_person_and_nothing_opens_without_one(client, world):
    me = call(client, "/api/v1/me", world["tokens"]["orlova"])
    assert me.status_code == 200 and me.json["full_name"] == "Орлова Нина"
    assert me.json["role"] == "learner"
    for token in (None, "gramota_not-a-real-token", "Basic abc"):
        refused = call(client, "/api/v1/me", token)
        assert refused.status_code == 401 and "ключ API" in refused.json["error"]
        assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert call(client, "/me/", world["tokens"]["orlova"]).status_code == 302  # not the pages


def test_a_learner_sees_her_own_progress_and_no_one_elses(client, world):
    orlova, boyko = world["orlova"], world["boyko"]
    own = call(client, f"/api/v1/learners/{orlova.id}/progress", world["tokens"]["orlova"])
    assert own.status_code == 200
    course = next(c for c in own.json["courses"] if c["course"] == "first-steps")
    assert (course["lessons_done"], course["lessons"], course["completed"]) == (2, 2, True)
    assert own.json["certificates"][0]["number"] == world["certificate"].number
    other = call(client, f"/api/v1/learners/{boyko.id}/progress", world["tokens"]["orlova"])
    assert other.status_code == 404 and other.json == {"error": "Не найдено."}


def test_a_trainer_sees_their_branch_only(client, world):
    token = world["tokens"]["trainer"]
    assert call(client, f"/api/v1/learners/{world['orlova'].id}/progress",
                token).status_code == 200
    assert call(client, f"/api/v1/learners/{world['boyko'].id}/progress",
                token).status_code == 404
    summary = call(client, f"/api/v1/branches/{world['a1'].id}/summary?period=month", token)
    assert summary.status_code == 200
    assert summary.json["figures"]["lessons"] == 2  # Orlova's two lessons this month
    assert summary.json["period"]["start"] == date.today().replace(day=1).isoformat()
    assert call(client, f"/api/v1/branches/{world['b1'].id}/summary",
                token).status_code == 404
    odd = call(client, f"/api/v1/branches/{world['a1'].id}/summary?period=decade", token)
    assert odd.status_code == 200 and odd.json["notes"]  # told, with the nearest period


def test_anyone_checks_a_certificate_by_its_code(client, world):
    certificate = world["certificate"]
    found = client.get(f"/api/v1/certificates/{certificate.code}")
    assert found.status_code == 200 and found.json["valid"] is True
    assert found.json["number"] == certificate.number
    assert client.get("/api/v1/certificates/NO-SUCH-CODE").json["valid"] is False
    certificate.revoked_at = certificate.issued_at
    db.session.commit()
    assert client.get(f"/api/v1/certificates/{certificate.code}").json["valid"] is False


def test_the_api_is_described_for_integrators(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/me", "/learners/{id}/progress",
                                      "/branches/{id}/summary", "/certificates",
                                      "/certificates/{number}.pdf",
                                      "/certificates/{number}/credential",
                                      "/certificates/{code}"}


def test_a_signed_in_browser_cookie_does_not_open_the_api(app, world):
    from helpers import sign_in

    browser = app.test_client()
    sign_in(browser, world["trainer"])
    assert browser.get("/api/v1/me").status_code == 401
    both = call(browser, "/api/v1/me", world["tokens"]["orlova"])
    assert both.status_code == 200 and both.json["username"] == "orlova"  # the token's


def test_a_revoked_token_stops_working(client, world, runner):
    token = world["tokens"]["trainer"]
    listing = runner.invoke(args=["lms", "api-tokens"])
    assert token not in listing.output  # only their numbers and owners are shown
    line = next(row for row in listing.output.splitlines() if "trainer.a" in row)
    number = line.split("\t", 1)[0]
    assert runner.invoke(args=["lms", "api-tokens", "--revoke", number]).exit_code == 0
    assert call(client, "/api/v1/me", token).status_code == 401
    again = runner.invoke(args=["lms", "api-tokens", "--revoke", number])
    assert again.exit_code != 0 and "No token" in again.output


def test_the_api_keeps_no_session(client, world):
    response = call(client, "/api/v1/me", world["tokens"]["trainer"])
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_a_number_too_big_for_the_database_is_not_found(client, world):
    token = world["tokens"]["trainer"]
    huge = "99999999999999999999999"
    assert call(client, f"/api/v1/branches/{huge}/summary", token).status_code == 404
    assert call(client, f"/api/v1/learners/{huge}/progress", token).status_code == 404
    assert client.get(f"/reports/branches/{huge}").status_code in (302, 404)


def test_every_api_error_is_json(client, world):
    token = world["tokens"]["trainer"]
    for url in ("/api/v1/nothing", "/api/v1/learners/abc/progress"):
        response = call(client, url, token)
        assert response.status_code == 404 and response.json["error"] == "Страница не найдена"
    wrong_method = client.post("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert wrong_method.status_code in (400, 405) and "error" in wrong_method.json


def test_made_up_tokens_are_refused_without_a_look_up_past_the_limit(app, client, world):
    from sqlalchemy import event

    app.config["LMS_API_REFUSED_TOKEN_LIMIT"] = "3 per minute"
    statuses = [call(client, "/api/v1/me", f"gramota_guess{n}").status_code for n in range(3)]
    assert statuses == [401, 401, 401]
    looked_up = []
    listener = lambda *args: looked_up.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        refused = call(client, "/api/v1/me", "gramota_guess4")
        real = call(client, "/api/v1/me", world["tokens"]["orlova"])  # same address
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"
    assert "Слишком много запросов" in refused.json["error"]
    assert real.status_code == 429  # the address is paused, whatever it sends
    assert not any("lms_api_token" in statement for statement in looked_up), looked_up
    token = world["tokens"]["orlova"]
    other = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"},
                       environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other.status_code == 200  # another address is not


def test_calls_are_limited_per_person_a_token_acts_as(app, client, world):
    app.config["LMS_API_RATE_LIMIT"] = "2 per minute"
    token = world["tokens"]["trainer"]
    assert [call(client, "/api/v1/me", token).status_code for _ in range(3)] == [200, 200, 429]
    assert call(client, "/api/v1/me", world["tokens"]["orlova"]).status_code == 200
    assert call(client, f"/api/v1/certificates/{world['certificate'].code}").status_code == 200


def test_certificates_are_listed_and_fetched_as_far_as_the_token_reaches(client, world):
    from lms.certificates.services import reissue

    first = world["certificate"]
    again = reissue(first, reason="name corrected")
    db.session.commit()
    numbers = (first.number, again.number)
    mine = call(client, "/api/v1/certificates", world["tokens"]["orlova"]).json
    assert [(c["number"], c["status"], c["replaced_by"], c["replaces"])
            for c in mine["certificates"]] == [
        (numbers[1], "valid", None, [numbers[0]]),
        (numbers[0], "replaced", numbers[1], [])]
    trainer = world["tokens"]["trainer"]
    by_branch = call(client, f"/api/v1/certificates?branch={world['a1'].id}"
                             f"&course=first-steps", trainer).json
    assert [c["number"] for c in by_branch["certificates"]] == list(reversed(numbers))
    by_learner = call(client, f"/api/v1/certificates?learner={world['orlova'].id}", trainer)
    assert len(by_learner.json["certificates"]) == 2
    assert call(client, "/api/v1/certificates", world["tokens"]["boyko"]).json == {
        "certificates": [], "more": False}  # another network's learner sees none of hers
    assert call(client, f"/api/v1/certificates?branch={world['a1'].id}",
                world["tokens"]["boyko"]).json["certificates"] == []
    wrong = call(client, "/api/v1/certificates?branch=a1", trainer)
    assert wrong.status_code == 400 and wrong.json["error"] == "branch — это число."

    pdf = call(client, f"/api/v1/certificates/{numbers[1]}.pdf", trainer)
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert call(client, f"/api/v1/certificates/{numbers[1]}.pdf",
                world["tokens"]["boyko"]).status_code == 404
    assert call(client, f"/api/v1/certificates/{numbers[1]}.pdf").status_code == 401
    old = call(client, f"/api/v1/certificates/{first.code}").json
    assert (old["valid"], old["status"], old["replaced_by"]) == (False, "replaced", numbers[1])


def test_a_certificate_is_fetched_as_an_open_badge_as_far_as_the_token_reaches(client,
                                                                               world):
    number = world["certificate"].number
    own = call(client, f"/api/v1/certificates/{number}/credential", world["tokens"]["orlova"])
    assert own.mimetype == "application/vc+ld+json"
    assert own.json["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert own.json["credentialSubject"]["identifier"][0]["identityHash"] == "Орлова Нина"
    assert own.json["issuer"]["name"] == "Сеть А" and "proofValue" in own.json["proof"]
    trainer = call(client, f"/api/v1/certificates/{number}/credential",
                   world["tokens"]["trainer"])
    assert trainer.json["credentialSubject"] == own.json["credentialSubject"]
    assert call(client, f"/api/v1/certificates/{number}/credential",
                world["tokens"]["boyko"]).status_code == 404
    assert call(client, f"/api/v1/certificates/{number}/credential").status_code == 401
    world["certificate"].revoked_at = utcnow()
    db.session.commit()
    gone = call(client, f"/api/v1/certificates/{number}/credential", world["tokens"]["orlova"])
    assert gone.status_code == 410 and gone.json["error"] == "Сертификат отозван."


def test_a_pdf_that_cannot_be_signed_now_is_a_json_503(app, client, world, tmp_path):
    app.config["LMS_SIGNING_KEYS_DIR"] = str(tmp_path / "no-keys")
    number = world["certificate"].number
    answer = call(client, f"/api/v1/certificates/{number}.pdf", world["tokens"]["orlova"])
    assert answer.status_code == 503 and "попробуйте позже" in answer.json["error"]
