"""A retake or a corrected name issues the certificate again: a new number and date; the
old one says it was replaced, and by which; every version checks with its status; the
figures count one certificate."""

from __future__ import annotations

from helpers import complete_course as complete
from helpers import text_of

from lms import events
from lms.certificates import claims, services
from lms.certificates.models import Certificate
from lms.db import db, utcnow
from lms.figures.counting import rebuild
from lms.figures.models import DailyFigures
from lms.quizzes.models import QuizAttempt
from lms.state import catalogue


def retake(learner) -> None:
    """She passes the course's final quiz once more, later."""
    course = catalogue().get("first-steps")
    attempt = QuizAttempt(user_id=learner.id, course_slug=course.slug,
                          quiz_slug=course.final_quiz.slug, lang="ru", seed=2,
                          finished_at=utcnow(), score=100, passed=True)
    db.session.add(attempt)
    db.session.flush()
    events.quiz_finished.send(attempt, user=learner, course=course, quiz=course.final_quiz,
                              passed=True)
    db.session.commit()


def certificates_counted() -> int:
    return db.session.scalar(db.select(db.func.sum(DailyFigures.certificates))) or 0


def test_a_retake_issues_it_again_and_the_old_one_checks_as_replaced(app, client, learner):
    first = complete(learner)
    first_number, first_code = first.number, first.code
    assert certificates_counted() == 1
    retake(learner)
    old = db.session.scalar(db.select(Certificate).filter_by(number=first_number))
    new = old.superseded_by
    assert new is not None and new.issued_at > old.issued_at
    assert old.superseded_at == new.issued_at and new.replaces == [old]
    assert certificates_counted() == 1  # one certificate, issued twice
    rebuild(db.session.connection())
    db.session.commit()
    assert certificates_counted() == 1

    page = text_of(client.get(f"/verify/{first_code}"))
    assert "Этот сертификат выдан заново." in page
    assert f"его заменил сертификат № {new.number}" in page
    page = text_of(client.get(f"/verify/{new.code}"))
    assert "Сертификат подлинный." in page
    assert f"сертификата № {first_number} от" in page  # issued in place of

    with app.test_request_context():  # the old paper's QR code: genuine for what it was
        old_link = services.claim_link(old)
    old_page = text_of(client.get("/V/" + old_link.split("/V/", 1)[1]))
    assert "Этот сертификат выдан заново." in old_page
    claim = claims.verify(claims.message_of(old_link), services.claim_keys())
    assert claim.number == first_number

    retake(learner)  # and again: the first says which is the latest
    latest = db.session.scalar(db.select(Certificate).where(
        Certificate.superseded_by_id.is_(None), Certificate.user_id == learner.id))
    assert [c.number for c in old.versions()] == [first_number, new.number, latest.number]
    page = text_of(client.get(f"/verify/{first_code}"))
    assert f"Последний из них — № {latest.number}." in page
    assert certificates_counted() == 1


def test_the_certificate_issued_by_the_passing_attempt_is_not_issued_twice(learner):
    complete(learner)
    assert db.session.scalar(db.select(db.func.count()).select_from(Certificate)) == 1


def test_verify_qr_says_a_replaced_certificate_was_replaced(app, learner, tmp_path):
    first = complete(learner)
    with app.test_request_context():
        text = services.claim_link(first)
    retake(learner)
    new = db.session.scalar(db.select(Certificate).filter_by(number=first.number)).superseded_by
    picture = tmp_path / "old.png"
    zxing_picture(text).save(picture)
    web = app.test_client()
    keys, listed = tmp_path / "keys.json", tmp_path / "test.cose"
    keys.write_bytes(web.get("/V/keys.json").data)
    listed.write_bytes(web.get("/V/revoked/test.cose").data)
    for args in ([], ["--keys", str(keys), "--revoked", str(listed)]):  # here, and offline
        said = app.test_cli_runner().invoke(args=["lms", "verify-qr", str(picture), *args])
        assert said.exit_code == 0, said.output
        assert f"REPLACED by {new.number} on " in said.output
        assert "GENUINE" in said.output


def zxing_picture(text: str):
    """The QR code of ``text``, drawn as the certificate draws it, as a picture."""
    from PIL import Image, ImageDraw

    from lms.pdf.drawing import qr_modules

    rows, box = qr_modules(text), 6
    picture = Image.new("L", ((len(rows) + 8) * box,) * 2, 255)
    draw = ImageDraw.Draw(picture)
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                draw.rectangle([(c + 4) * box, (r + 4) * box, (c + 5) * box - 1,
                                (r + 5) * box - 1], fill=0)
    return picture
