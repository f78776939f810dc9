"""The ``flask lms`` commands."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers import FIXTURES, sign_in

from lms.db import db
from lms.people.models import Network, Role, User


def test_check_passes_on_good_content(runner):
    result = runner.invoke(args=["lms", "check", "--strict"])
    assert result.exit_code == 0, result.output
    assert "2 courses, 3 lessons, 2 quizzes, 5 practices; 0 errors, 0 warnings." in result.output


def test_check_fails_with_path_and_line_on_a_broken_copy(make_app, tmp_path):
    broken = tmp_path / "courses"
    shutil.copytree(FIXTURES / "courses", broken)
    lesson = broken / "first-steps" / "02-keyboard.ru.md"
    lesson.write_text(lesson.read_text().replace("minutes: 15", "minutes: пятнадцать"))
    app = make_app(LMS_COURSES_DIR=str(broken))
    result = app.test_cli_runner().invoke(args=["lms", "check"])
    assert result.exit_code == 1
    # The command speaks the default interface language (Russian).
    assert ("courses/first-steps/02-keyboard.ru.md:3: «minutes» должно быть целым числом "
            "больше нуля") in result.output
    # The quizzes that name the broken lesson are left out and reported too.
    assert "quizzes/first-steps/final.ru.md:15: курс не содержит урока «keyboard»" in (
        result.output)
    assert "quizzes/first-steps/device-quiz.ru.md: курс не содержит урока «keyboard»" in (
        result.output)
    for practice in ("call", "portal", "signing"):  # the practices attached to it too
        assert (f"practices/first-steps/{practice}.ru.yaml: курс не содержит урока «keyboard»"
                in result.output)
    assert "2 courses, 2 lessons, 0 quizzes, 2 practices; 6 errors, 0 warnings." in result.output


def test_check_strict_fails_on_warnings(make_app, tmp_path):
    copy = tmp_path / "courses"
    shutil.copytree(FIXTURES / "courses", copy)
    (copy / "first-steps" / "images" / "mouse.svg").unlink()
    runner = make_app(LMS_COURSES_DIR=str(copy)).test_cli_runner()
    assert runner.invoke(args=["lms", "check"]).exit_code == 0
    result = runner.invoke(args=["lms", "check", "--strict"])
    assert result.exit_code == 1
    assert "картинка «images/mouse.svg» не найдена (предупреждение)" in result.output


def test_demo_creates_a_network_and_prints_accounts_that_work(runner, client):
    result = runner.invoke(args=["lms", "demo", "--json"])
    assert result.exit_code == 0, result.output
    accounts = json.loads(result.output)
    assert [a["role"] for a in accounts] == ["admin", "coordinator", "trainer", "learner",
                                             "trainer", "learner"]
    learner = next(a for a in accounts if a["role"] == "learner")
    assert len(learner["password"]) == 6 and learner["password"].isdigit()
    user = db.session.scalar(db.select(User).filter_by(username=learner["username"]))
    assert user.library.network.name == "Демонстрационная ЦБС"
    assert len(user.library.network.libraries) == 3
    assert db.session.scalar(db.select(db.func.count(Network.id))) == 2
    user.plain_password = learner["password"]
    assert "Здравствуйте, Мария Алексеевна!" in sign_in(client, user).get_data(
        as_text=True)
    from lms.certificates.models import Certificate

    sample = db.session.scalars(db.select(Certificate).where(
        Certificate.number.contains("-S"))).all()  # the sample year's certificates
    assert sample and all(c.full_name == c.user.full_name for c in sample)


def test_demo_can_run_twice_without_duplicates(runner):
    first = runner.invoke(args=["lms", "demo"])
    assert "200 learners" in first.output  # a year of sample activity for the reports
    people = db.session.scalar(db.select(db.func.count(User.id)))
    result = runner.invoke(args=["lms", "demo"])
    assert result.exit_code == 0
    assert "ivanova.ma" in result.output and "sample activity" not in result.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == people == 6 + 200 + 10


def test_create_admin(runner):
    result = runner.invoke(args=["lms", "create-admin", "boss", "--name", "Главный"],
                           input="short\nshort\n")
    assert result.exit_code == 1
    assert "Пароль должен быть не короче 10 символов." in result.output
    result = runner.invoke(args=["lms", "create-admin", "boss"],
                           input="a-long-password\na-long-password\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).filter_by(username="boss"))
    assert user.role is Role.ADMIN


def test_init_creates_the_schema_with_migrations(make_app, tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.drop_all()
    result = app.test_cli_runner().invoke(args=["lms", "init"])
    assert result.exit_code == 0, result.output
    assert "The database is up to date." in result.output
    assert Path(tmp_path / "fresh.sqlite3").exists()


def test_import_libraries_from_csv(runner, tmp_path):
    good = tmp_path / "branches.csv"
    good.write_text("code;name;address;country;timezone\n"
                    "c1;Центральная;ул. Ленина, 1;RU;Europe/Moscow\n"
                    "c2;Филиал № 2;ул. Мира, 2;RU;Asia/Yekaterinburg\n", encoding="utf-8-sig")
    result = runner.invoke(args=["lms", "import-libraries", "ekb", str(good)])
    assert result.exit_code == 1 and "give --name" in result.output
    result = runner.invoke(args=["lms", "import-libraries", "ekb", str(good), "--name", "ЦБС"])
    assert result.exit_code == 0, result.output
    assert "ЦБС: 2 created, 0 updated." in result.output
    network = db.session.scalar(db.select(Network).filter_by(code="ekb"))
    assert [lib.code for lib in network.libraries] == ["c2", "c1"]  # by name

    bad = tmp_path / "bad.csv"
    bad.write_text("code;name\nc3;\n", encoding="utf-8")
    result = runner.invoke(args=["lms", "import-libraries", "ekb", str(bad)])
    assert result.exit_code == 1
    assert "bad.csv:2: Заполните название." in result.output
    assert len(db.session.get(Network, network.id).libraries) == 2
