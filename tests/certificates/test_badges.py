"""Every certificate is also an Open Badges 3.0 credential, signed by its network, that a
standard verifier (Digital Bazaar's W3C VC library, tests/verifiers/vc) accepts, and
refuses once anything in it is changed."""

from __future__ import annotations

import copy
import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import complete_course, sign_in, text_of

from lms.certificates import badges, services
from lms.certificates.signing import create_self_signed
from lms.db import db, utcnow
from lms.people.branches import get_or_create_library, get_or_create_network
from lms.state import catalogue

VERIFIER = Path(__file__).parents[1] / "verifiers" / "vc"


def verified(tmp_path, *credentials: dict) -> list[tuple[bool, str | None]]:
    """What the standard verifier says of each credential: verified, and why not."""
    if not (VERIFIER / "node_modules").is_dir():
        pytest.fail("the verifier is not installed: make test installs it "
                    "(npm ci --prefix tests/verifiers/vc)")
    files = []
    for number, credential in enumerate(credentials):
        files.append(tmp_path / f"credential-{number}.json")
        files[-1].write_text(json.dumps(credential, ensure_ascii=False))
    done = subprocess.run(["node", str(VERIFIER / "verify.mjs"), *map(str, files)],
                          capture_output=True, text=True, timeout=120, check=False)
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == len(files), done.stderr
    return [(answer["verified"], answer["error"]) for answer in answers]


def test_the_credential_verifies_with_a_standard_tool_and_fails_when_altered(
        app, learner, tmp_path):
    certificate = complete_course(learner)
    with app.test_request_context():
        badge = services.open_badge(certificate)

    subject = badge["credentialSubject"]
    achievement = subject["achievement"]
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert badge["id"] == f"urn:uuid:{certificate.uid}"
    assert badge["issuer"]["name"] == "Тестовая сеть"
    assert badge["issuer"]["id"].startswith("did:key:z6Mk")
    assert badge["validFrom"] == badges.at(certificate.issued_at)
    assert subject["identifier"][0]["identityHash"] == "Мария Иванова"
    course = catalogue().get("first-steps")
    assert (achievement["name"], achievement["creditsAvailable"]) == ("Первые шаги", 1.0)
    assert achievement["tag"] == [lesson.text("ru").title for lesson in course.lessons]
    assert achievement["criteria"]["narrative"] == (
        "Пройти все уроки курса и сдать итоговый тест.")
    assert badge["proof"]["cryptosuite"] == "eddsa-rdfc-2022"

    renamed = copy.deepcopy(badge)
    renamed["credentialSubject"]["identifier"][0]["identityHash"] = "Мария Петрова"
    more_hours = copy.deepcopy(badge)
    more_hours["credentialSubject"]["achievement"]["creditsAvailable"] = 72
    one_letter = copy.deepcopy(badge)
    value = one_letter["proof"]["proofValue"]
    one_letter["proof"]["proofValue"] = value[:-1] + ("2" if value[-1] != "2" else "3")
    other_issuer = copy.deepcopy(badge)
    other_issuer["issuer"]["name"] = "Другая сеть"
    said = verified(tmp_path, badge, renamed, more_hours, one_letter, other_issuer)
    assert said[0] == (True, None)
    assert all(not ok and "signature" in error.lower() for ok, error in said[1:]), said


def test_a_network_signs_with_one_key_another_network_with_its_own(app, make_user):
    keys = Path(app.config["LMS_SIGNING_KEYS_DIR"])
    create_self_signed(keys / "badges-east", "Восточная ЦБС")  # a network with its own keys
    east = get_or_create_library(get_or_create_network("badges-east", "Восточная сеть"),
                                 "e1", "В-1")
    db.session.commit()
    papers = [complete_course(make_user(name, full_name=name.title())) for name in
              ("one", "two")] + [complete_course(make_user("three", at=east))]
    with app.test_request_context():
        issuers = [services.open_badge(paper)["issuer"]["id"] for paper in papers]
    assert issuers[0] == issuers[1] != issuers[2]
    own = keys / "badges-east" / badges.BADGE_KEY
    assert issuers[2] == badges.did_key(badges.badge_key(own.parent))
    assert stat.S_IMODE(own.stat().st_mode) == 0o600


def test_the_learner_saves_hers_for_a_wallet_and_no_one_elses(app, client, learner,
                                                              make_user):
    certificate = complete_course(learner)
    other = complete_course(make_user("petrova", full_name="Анна Петрова"))
    sign_in(client, learner)
    page = text_of(client.get("/me/courses/first-steps/certificate"))
    assert "Сохранить электронный сертификат (файл JSON)" in page

    saved = client.get(f"/me/certificates/{certificate.number}.json")
    assert saved.mimetype == badges.MEDIA_TYPE
    assert saved.headers["Content-Disposition"] == (
        f'attachment; filename="{certificate.number}.json"')
    assert saved.json["credentialSubject"]["identifier"][0]["identityHash"] == "Мария Иванова"
    assert client.get(f"/me/certificates/{other.number}.json").status_code == 404

    certificate.revoked_at = utcnow()
    db.session.commit()
    assert client.get(f"/me/certificates/{certificate.number}.json").status_code == 404


def test_without_pyld_the_learner_gets_a_calm_page(app, client, learner,
                                                                      monkeypatch):
    certificate = complete_course(learner)
    monkeypatch.setitem(sys.modules, "pyld", None)  # the smallest install has no pyld
    sign_in(client, learner)
    page = client.get(f"/me/certificates/{certificate.number}.json")
    assert page.status_code == 503
    assert "Сертификат сейчас не получается скачать" in text_of(page)
