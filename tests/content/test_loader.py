"""The content loader: every problem reported as path:line, the rest still loads."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from lms.content import load_catalogue

GOOD_INDEX = "---\ntitle: Курс\nsummary: Описание курса.\n---\nВведение.\n"


def lesson(title="Урок", body="Текст урока.", extra=""):
    return f"---\ntitle: {title}\nminutes: 10\n{extra}---\n{body}\n"


@pytest.fixture
def tree(tmp_path):
    """Return a function writing files under tmp/courses and loading the catalogue."""
    root = tmp_path / "courses"
    root.mkdir()

    def write(files: dict[str, str | bytes]):
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        return load_catalogue(root)

    return write


def messages(catalogue):
    return [str(p) for p in catalogue.problems]


def test_loads_courses_lessons_in_order_with_translations():
    catalogue = load_catalogue(Path(__file__).parents[1] / "fixtures" / "courses")
    assert catalogue.problems == []
    course = catalogue.get("first-steps")
    assert course.lesson_slugs == ["mouse", "keyboard"]
    assert course.languages == ["ru", "uk"]
    assert course.text("uk").title == "Перші кроки"
    # Keyboard has no Ukrainian text: the Russian one is used instead.
    assert course.lessons[1].text("uk").lang == "ru"
    assert course.lessons[0].text("uk").title == "Миша"
    assert course.minutes("ru") == 25
    assert [c.slug for c in catalogue.listed("trainer")] == ["staff-basics"]


def test_a_broken_lesson_is_left_out_and_the_rest_loads(tree):
    catalogue = tree({
        "good/index.ru.md": GOOD_INDEX,
        "good/01-one.ru.md": lesson(),
        "good/02-two.ru.md": "---\ntitle Без двоеточия\n---\nТекст\n",
        "other/index.ru.md": GOOD_INDEX,
        "other/01-first.ru.md": lesson(),
    })
    assert sorted(catalogue.courses) == ["good", "other"]
    assert catalogue.get("good").lesson_slugs == ["one"]
    assert messages(catalogue) == [
        "courses/good/02-two.ru.md:2: a front matter line must look like 'key: value'",
        "courses/good/02-two.ru.md:1: 'title' is missing",
    ]


def test_unknown_key_and_missing_title_name_the_line(tree):
    catalogue = tree({
        "c/index.ru.md": GOOD_INDEX,
        "c/01-a.ru.md": "---\nminutes: 5\nautor: Петрова\n---\nТекст\n",
    })
    assert messages(catalogue) == [
        "courses/c/01-a.ru.md:3: unknown key 'autor' (known keys: title, minutes, reviewed)",
        "courses/c/01-a.ru.md:1: 'title' is missing",
        "courses/c: the course has no usable lessons",
    ]
    assert catalogue.courses == {}


def test_titles_may_contain_colons_without_quotes(tree):
    catalogue = tree({
        "c/index.ru.md": "---\ntitle: Госуслуги: первый вход\nsummary: Да.\nhours: 1.5\n---\n",
        "c/01-a.ru.md": lesson(title="Шаг 1: регистрация"),
    })
    assert catalogue.problems == []
    course = catalogue.get("c")
    assert course.text("ru").title == "Госуслуги: первый вход"
    assert course.hours == 1.5
    assert course.lessons[0].text("ru").title == "Шаг 1: регистрация"


def test_wrong_values_are_reported(tree):
    catalogue = tree({
        "c/index.ru.md": "---\ntitle: К\nsummary: С\naudience: everyone\nhours: много\n---\n",
        "c/01-a.ru.md": lesson(extra="quiz: ../etc\n"),
    })
    assert messages(catalogue) == [
        "courses/c/index.ru.md:4: 'audience' must be learner or trainer",
        "courses/c/index.ru.md:5: 'hours' must be a number of hours above zero",
        "courses/c: the course has no usable index file (index.ru.md)",
    ]


def test_missing_front_matter(tree):
    catalogue = tree({"c/index.ru.md": GOOD_INDEX, "c/01-a.ru.md": "Просто текст\n",
                      "c/02-b.ru.md": lesson()})
    assert messages(catalogue) == [
        "courses/c/01-a.ru.md:1: the file must start with front matter between --- lines"]


def test_front_matter_that_is_not_closed(tree):
    catalogue = tree({"c/index.ru.md": GOOD_INDEX, "c/02-b.ru.md": lesson(),
                      "c/01-a.ru.md": "---\ntitle: Урок\nminutes: 5\n\nТекст урока.\n"})
    assert messages(catalogue) == [
        "courses/c/01-a.ru.md:1: the front matter is not closed: add a line of three dashes "
        "--- after it"]


def test_duplicate_lesson_numbers(tree):
    catalogue = tree({
        "c/index.ru.md": GOOD_INDEX,
        "c/01-mouse.ru.md": lesson(),
        "c/01-keyboard.ru.md": lesson(),
    })
    # Files are read in name order: 01-keyboard comes first and keeps the number.
    assert catalogue.get("c").lesson_slugs == ["keyboard"]
    assert messages(catalogue) == [
        "courses/c/01-mouse.ru.md: lesson number 01 is already used by 01-keyboard.ru.md"]


def test_same_lesson_name_under_two_numbers(tree):
    catalogue = tree({
        "c/index.ru.md": GOOD_INDEX,
        "c/01-mouse.ru.md": lesson(),
        "c/02-mouse.uk.md": lesson(),
    })
    assert messages(catalogue) == [
        "courses/c/02-mouse.uk.md: lesson name 'mouse' is already used by lesson 1"]


@pytest.mark.parametrize("name", ["01-../x.ru.md", "1-short.ru.md", "01-Big.ru.md",
                                  "01-a b.ru.md", "01-a.xx.md", "01-images.ru.md"])
def test_bad_lesson_file_names_are_refused(tree, name):
    files = {"c/index.ru.md": GOOD_INDEX, "c/02-ok.ru.md": lesson()}
    if "/" in name.removeprefix("01-"):
        # A slug with a slash is a folder: the loader only reads files in the course folder.
        files["c/01-../x.ru.md"] = lesson()
        catalogue = tree(files)
        assert catalogue.get("c").lesson_slugs == ["ok"]
        return
    files[f"c/{name}"] = lesson()
    catalogue = tree(files)
    assert catalogue.get("c").lesson_slugs == ["ok"]
    assert len(catalogue.problems) == 1
    assert catalogue.problems[0].path == f"courses/c/{name}"


def test_course_folder_with_bad_name(tree):
    catalogue = tree({"Мой курс/index.ru.md": GOOD_INDEX, "Мой курс/01-a.ru.md": lesson()})
    assert catalogue.courses == {}
    assert "course folder name must be latin letters" in messages(catalogue)[0]


def test_non_utf8_file_names_the_line(tree):
    body = "---\ntitle: Урок\n---\nПервая строка\n".encode() + "Вторая".encode("cp1251")
    catalogue = tree({"c/index.ru.md": GOOD_INDEX, "c/01-a.ru.md": body,
                      "c/02-b.ru.md": lesson()})
    assert messages(catalogue) == [
        "courses/c/01-a.ru.md:5: the file is not in UTF-8; save it again choosing the UTF-8 "
        "encoding"]


def test_windows_line_endings_and_bom_are_accepted(tree):
    text = "\ufeff---\r\ntitle: Урок\r\n---\r\nТекст\r\n"
    catalogue = tree({"c/index.ru.md": GOOD_INDEX, "c/01-a.ru.md": text.encode("utf-8")})
    assert catalogue.problems == []
    assert catalogue.get("c").lessons[0].text("ru").title == "Урок"


def test_a_five_megabyte_lesson_is_refused(tree):
    huge = lesson(body="Очень длинный урок. " * 150_000)
    assert len(huge.encode()) > 5_000_000
    catalogue = tree({"c/index.ru.md": GOOD_INDEX, "c/01-a.ru.md": huge,
                      "c/02-b.ru.md": lesson()})
    assert catalogue.get("c").lesson_slugs == ["b"]
    assert messages(catalogue)[0].startswith("courses/c/01-a.ru.md: file is too large (")


def test_lesson_without_a_main_language_version(tree):
    catalogue = tree({"c/index.ru.md": GOOD_INDEX, "c/01-a.ru.md": lesson(),
                      "c/02-b.uk.md": lesson()})
    assert catalogue.get("c").lesson_slugs == ["a"]
    assert messages(catalogue) == [
        "courses/c/02-b.uk.md: this lesson has no ru version, the course's main language"]


def test_ukrainian_only_course_uses_ukrainian_as_main_language(tree):
    index = "---\ntitle: Дія\nsummary: Державні послуги онлайн.\ncountry: ua\n---\n"
    catalogue = tree({"diia/index.uk.md": index, "diia/01-a.uk.md": lesson()})
    course = catalogue.get("diia")
    assert course.default_language == "uk"
    assert course.country == "UA"
    assert course.text("ru").lang == "uk"


def test_missing_image_is_a_warning_and_the_lesson_stays(tree):
    catalogue = tree({
        "c/index.ru.md": GOOD_INDEX,
        "c/01-a.ru.md": lesson(body="Текст\n\n![Рисунок](images/none.png){width=10 height=10}"),
    })
    assert catalogue.get("c").lesson_slugs == ["a"]
    assert messages(catalogue) == [
        "courses/c/01-a.ru.md:7: image 'images/none.png' not found (warning)"]
    assert catalogue.errors == []


def test_translations_that_disagree_on_settings_are_warned(tree):
    catalogue = tree({
        "c/index.ru.md": GOOD_INDEX.replace("---\nВ", "hours: 2\n---\nВ"),
        "c/index.uk.md": GOOD_INDEX.replace("---\nВ", "hours: 3\n---\nВ"),
        "c/01-a.ru.md": lesson(),
    })
    assert catalogue.get("c").hours == 2
    assert messages(catalogue) == [
        "courses/c/index.uk.md: 'hours' differs from index.ru.md; the value there is used "
        "(warning)"]


def test_missing_courses_folder(tmp_path):
    catalogue = load_catalogue(tmp_path / "nowhere")
    assert catalogue.courses == {}
    assert messages(catalogue) == ["nowhere: the courses folder does not exist"]
