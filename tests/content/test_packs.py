"""Course packs: a folder by path, or a package installed with pip, joins the catalogue;
a course address taken twice is reported by `lms check`."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

from helpers import FIXTURES, install_example, text_of

from lms.state import catalogue

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "gramota-pack-family-scams"
CONTENT = EXAMPLE / "gramota_pack_family_scams" / "content"


def test_a_pack_by_path_joins_the_catalogue_and_its_lessons_open(make_app):
    app = make_app(LMS_CONTENT_PATHS=[str(CONTENT)])
    with app.app_context():
        course = catalogue().get("family-scams")
        assert course is not None and "first-steps" in catalogue().courses
        assert course.final_quiz is not None and not catalogue().errors
    page = text_of(app.test_client().get("/courses/family-scams/how-the-call-goes/"))
    assert "Как звучит такой звонок" in page and "курьеру" in page
    listing = text_of(app.test_client().get("/"))
    assert "«Ваш родственник попал в беду»" in listing


def test_a_course_address_taken_twice_is_reported_and_the_first_kept(make_app, tmp_path):
    twin = tmp_path / "twin-pack"
    shutil.copytree(FIXTURES / "courses" / "first-steps", twin / "courses" / "first-steps")
    app = make_app(LMS_CONTENT_PATHS=str(twin))
    result = app.test_cli_runner().invoke(args=["lms", "check"])
    assert result.exit_code == 1
    assert "first-steps" in result.output and "twin-pack" in result.output
    with app.app_context():
        assert str(catalogue().get("first-steps").path).startswith(str(FIXTURES))


def test_a_pack_installed_with_pip_appears_in_the_catalogue(make_app, tmp_path, monkeypatch):
    site = install_example(EXAMPLE, tmp_path, monkeypatch)
    try:
        app = make_app()
        with app.app_context():
            course = catalogue().get("family-scams")
            assert course is not None and str(course.path).startswith(str(site))
        assert "Проверить за две минуты" in text_of(
            app.test_client().get("/courses/family-scams/check-in-two-minutes/"))
    finally:
        sys.modules.pop("gramota_pack_family_scams", None)


def test_a_pack_with_its_own_certificate_templates_prints_its_courses_with_them(
        make_app, tmp_path):
    from pypdf import PdfReader

    from lms.certificates.services import certificate_pdf
    from lms.db import db
    from lms.people.branches import get_or_create_library, get_or_create_network
    from lms.people.models import Role
    from lms.people.services import create_user
    from lms.progress import services as progress

    pack = tmp_path / "pack"
    shutil.copytree(CONTENT, pack)
    shutil.copytree(FIXTURES.parents[1] / "certificates", pack / "certificates")
    template = pack / "certificates" / "default.yaml"
    template.write_text(template.read_text(encoding="utf-8").replace(
        '{text: "{network}"', '{text: "Курс партнёра: {network}"'), encoding="utf-8")
    app = make_app(LMS_CONTENT_PATHS=[str(pack)], LMS_CERTIFICATES_ALLOW_UNSIGNED=True)
    with app.test_request_context():
        course = catalogue().get("family-scams")
        library = get_or_create_library(get_or_create_network("n", "Сеть"), "c", "ЦГБ")
        learner = create_user("orlova", "Орлова Нина", Role.LEARNER, "246810",
                              library=library)
        db.session.commit()
        for lesson in course.lessons:
            progress.complete_lesson(learner, course, lesson)
        from lms.certificates.services import issue
        from lms.progress.models import Enrollment

        enrollment = db.session.scalar(db.select(Enrollment))
        certificate = issue(enrollment, course)
        db.session.commit()
        text = PdfReader(io.BytesIO(certificate_pdf(certificate))).pages[0].extract_text()
    assert "Курс партнёра: Сеть" in text
