"""Where the site's content comes from (its folders, the course packs, question types
of other packages) and loading all of it into one catalogue."""

from __future__ import annotations

from hashlib import sha256
from pathlib import Path

from flask import Flask

from .cache import RenderedFiles
from .loader import load_catalogue
from .model import Catalogue
from .packs import add_pack, find_packs
from .practice import attach_practices
from .practice_types import load_practice_plugins
from .question_types import load_plugins
from .quiz_loader import attach_quizzes


def project_folder(app: Flask) -> Path:
    """The folder relative content paths start from: the one that holds the app's own
    instance folder (courses/, quizzes/, certificates/ and instance/ side by side), also
    when the instance folder is kept elsewhere (GRAMOTA_INSTANCE_PATH)."""
    return Path(app.auto_find_instance_path()).parent


def content_path(app: Flask, key: str) -> Path:
    """Resolve a content folder setting; relative paths are in the project folder."""
    path = Path(app.config[key])
    if not path.is_absolute():
        path = project_folder(app) / path
    return path


def load_content(app: Flask) -> Catalogue:
    """Load and render the courses and their quizzes, the site's own and those of the
    course packs."""
    with app.app_context():
        return load_all(app)


def load_all(app: Flask) -> Catalogue:
    load_plugins()  # question types offered by other installed packages
    load_practice_plugins()

    rendered = rendered_files(app)
    options = {"languages": app.config["LMS_LANGUAGES"],
               "default_language": app.config["LMS_DEFAULT_LANGUAGE"],
               "max_bytes": app.config["LMS_MAX_CONTENT_FILE_BYTES"], "rendered": rendered}
    catalogue = load_catalogue(content_path(app, "LMS_COURSES_DIR"), **options)
    attach_quizzes(catalogue, content_path(app, "LMS_QUIZZES_DIR"), **options)
    attach_practices(catalogue, content_path(app, "LMS_PRACTICES_DIR"),
                     default_language=options["default_language"],
                     languages=options["languages"], max_bytes=options["max_bytes"])
    packs, problems = find_packs(app.config["LMS_CONTENT_PATHS"],
                                 beside=project_folder(app))
    catalogue.problems.extend(problems)
    for pack in packs:
        found = attach_quizzes(load_catalogue(pack.courses, **options), pack.quizzes,
                               **options)
        add_pack(catalogue, found, pack)
    rendered.prune()
    return catalogue


def rendered_files(app: Flask) -> RenderedFiles:
    """The rendered content kept between starts (lms/content/cache.py), in the instance
    folder unless ``LMS_CONTENT_CACHE_DIR`` says elsewhere; an empty setting keeps none."""
    folder = app.config["LMS_CONTENT_CACHE_DIR"]
    if not folder:
        return RenderedFiles(None)
    # a folder per set of content folders: what one site prunes is only its own
    where = repr([str(content_path(app, "LMS_COURSES_DIR")),
                  str(content_path(app, "LMS_QUIZZES_DIR")), app.config["LMS_CONTENT_PATHS"]])
    return RenderedFiles(Path(app.instance_path) / folder / sha256(where.encode()).hexdigest()[:16],
                         max_bytes=app.config["LMS_MAX_CONTENT_FILE_BYTES"])
