"""Configuration layers: defaults, instance/config.py, environment, test config."""

from __future__ import annotations

import stat
from importlib.util import find_spec

import pytest

from lms import create_app
from lms.db import normalise_database_url


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with an instance folder; the app is built as if started there."""
    instance = tmp_path / "instance"
    instance.mkdir()
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(instance))
    for key in ("DATABASE_URL", "FLASK_SECRET_KEY", "LMS_SITE_NAME", "LMS_COURSES_DIR"):
        monkeypatch.delenv(key, raising=False)
    return tmp_path


def test_defaults_put_sqlite_and_content_in_the_project(project):
    app = create_app({"LMS_CONTENT_AUTOLOAD": False})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///gramota.sqlite3"
    assert app.extensions["lms"].courses_dir == project / "courses"
    assert app.config["LMS_URL_PREFIX"] == ""


def test_secret_key_is_generated_once_into_the_instance_folder(project):
    first = create_app({"LMS_CONTENT_AUTOLOAD": False}).config["SECRET_KEY"]
    second = create_app({"LMS_CONTENT_AUTOLOAD": False}).config["SECRET_KEY"]
    key_file = project / "instance" / "secret_key"
    assert first == second == key_file.read_text().strip()
    assert len(first) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_layers_override_in_order(project, monkeypatch):
    (project / "instance" / "config.py").write_text(
        "LMS_SITE_NAME = 'Из instance'\nSECRET_KEY = 'from-instance'\n"
        "LMS_DEFAULT_LANGUAGE = 'uk'\n", encoding="utf-8")
    monkeypatch.setenv("LMS_SITE_NAME", "Из окружения")
    monkeypatch.setenv("LMS_CONTENT_AUTOLOAD", "false")
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example:5432/gramota")
    app = create_app({"LMS_DEFAULT_LANGUAGE": "kk"})
    assert app.config["SECRET_KEY"] == "from-instance"
    assert app.config["LMS_SITE_NAME"] == "Из окружения"
    assert app.config["LMS_CONTENT_AUTOLOAD"] is False
    assert app.config["LMS_DEFAULT_LANGUAGE"] == "kk"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://u:p@db.example:5432/gramota")
    assert not (project / "instance" / "secret_key").exists()


@pytest.mark.parametrize("given, expected", [
    ("postgres://a@h/db", "postgresql+psycopg://a@h/db"),
    ("postgresql://a@h/db", "postgresql+psycopg://a@h/db"),
    ("postgresql+psycopg://a@h/db", "postgresql+psycopg://a@h/db"),
    ("sqlite:///x.sqlite3", "sqlite:///x.sqlite3"),
])
def test_database_url_spellings(given, expected):
    assert normalise_database_url(given) == expected


def test_gramota_instance_path_moves_the_instance_folder(tmp_path, monkeypatch):
    elsewhere = tmp_path / "var" / "gramota"
    elsewhere.mkdir(parents=True)
    (elsewhere / "config.py").write_text("LMS_SITE_NAME = 'Из /var'\n", encoding="utf-8")
    monkeypatch.setenv("GRAMOTA_INSTANCE_PATH", str(elsewhere))
    app = create_app({"LMS_CONTENT_AUTOLOAD": False, "SECRET_KEY": "x"})
    assert app.instance_path == str(elsewhere)
    assert app.config["LMS_SITE_NAME"] == "Из /var"


def test_test_apps_read_neither_the_developers_instance_nor_shell(tmp_path, monkeypatch,
                                                                  make_app):
    # what a developer may have set for the site on this machine
    developers = tmp_path / "checkout" / "instance"
    developers.mkdir(parents=True)
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(developers))
    (developers / "config.py").write_text(
        "LMS_SITE_NAME = 'Из instance'\nLMS_DEFAULT_LANGUAGE = 'uk'\n", encoding="utf-8")
    monkeypatch.setenv("LMS_STUCK_DAYS", "3")
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-the-shell")
    site = create_app({"LMS_CONTENT_AUTOLOAD": False})
    assert (site.config["LMS_SITE_NAME"], site.config["LMS_STUCK_DAYS"]) == ("Из instance", 3)

    app = make_app()

    assert app.config["LMS_SITE_NAME"] is None
    assert app.config["LMS_DEFAULT_LANGUAGE"] == "ru"
    assert app.config["LMS_STUCK_DAYS"] == 14
    assert app.config["SECRET_KEY"] == "test-secret-key"
    assert app.instance_path != str(developers)


def test_an_instance_folder_kept_elsewhere_leaves_the_content_in_the_project(
        project, tmp_path, monkeypatch):
    monkeypatch.setenv("GRAMOTA_INSTANCE_PATH", str(tmp_path / "var" / "gramota"))
    app = create_app({"LMS_CONTENT_AUTOLOAD": False, "SECRET_KEY": "x"})
    assert app.extensions["lms"].courses_dir == project / "courses"
    assert app.extensions["lms"].quizzes_dir == project / "quizzes"


def test_postgresql_without_its_driver_says_what_to_install(project, monkeypatch):
    monkeypatch.setattr("importlib.util.find_spec",
                        lambda name, *a: None if name == "psycopg" else find_spec(name, *a))
    with pytest.raises(RuntimeError, match=r"install requirements/server\.txt"):
        create_app({"LMS_CONTENT_AUTOLOAD": False, "SECRET_KEY": "x",
                    "SQLALCHEMY_DATABASE_URI": "postgresql://gramota@127.0.0.1/gramota"})
