"""Lesson Markdown: nothing executable reaches the page; boxes, tables, sized images work."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from lms.content.markdown import render_markdown


class TagCollector(HTMLParser):
    """Collects the real tags and attributes a browser would see."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict]]:
    parser = TagCollector()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>",
    "[нажмите](javascript:alert(1))",
    '<img src="x" onerror="alert(1)">',
    "[a](JAVASCRIPT:alert(1))",
    "[a](&#106;avascript:alert(1))",
    "![x](javascript:alert(1)){width=1 height=1}",
    '<a href="#" onclick="alert(1)">ссылка</a>',
    "[a](vbscript:msgbox(1))",
    "![a](images/a.png){width=10 height=10 onload=alert(1)}",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
])
def test_nothing_executable_reaches_the_page(source):
    tags = tags_of(render_markdown(source).html)
    assert all(tag in {"p", "a", "img"} for tag, _ in tags)
    for _tag, attrs in tags:
        assert not [name for name in attrs if name.startswith("on")]
        for name in ("href", "src"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "vbscript:", "data:text")), value


def test_callouts_in_english_and_russian_words_with_default_titles():
    html = render_markdown(
        "::: warning\nНе сообщайте код.\n:::\n\n::: важно Запомните\nТекст\n:::\n").html
    assert '<div class="callout callout-warning" role="note">' in html
    assert '<p class="callout-title">Осторожно, мошенники</p>' in html
    assert '<div class="callout callout-important" role="note">' in html
    assert '<p class="callout-title">Запомните</p>' in html


def test_callout_default_title_follows_the_content_language():
    html = render_markdown("::: tip\nТекст\n:::\n", lang="uk").html
    assert '<p class="callout-title">Порада</p>' in html


def test_callout_title_is_escaped():
    html = render_markdown("::: note <b>жирный</b>\nТекст\n:::\n").html
    assert "&lt;b&gt;жирный&lt;/b&gt;" in html


def test_unknown_callout_kind_is_reported_with_its_line():
    rendered = render_markdown("Текст\n\n::: danger\nОпасно\n:::\n")
    assert [(p.line, p.message) for p in rendered.problems] == [
        (3, "unknown box kind 'danger'; use important, warning, tip or note")]


def test_tables_are_rendered_in_a_scrollable_wrapper():
    source = "| Так пишет мошенник | Так поступаете вы |\n|---|---|\n| a | b |\n"
    html = render_markdown(source).html
    assert '<div class="table-wrap" tabindex="0">\n<table>' in html
    assert "<th>Так пишет мошенник</th>" in html


def test_images_get_size_lazy_loading_and_a_relative_address(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "bar.svg").write_text("<svg/>")
    rendered = render_markdown("![Адресная строка](images/bar.svg){width=480 height=120}",
                               base_dir=tmp_path, image_prefix="../")
    assert rendered.problems == []
    assert ('<img src="../images/bar.svg" alt="Адресная строка" width="480" height="120" '
            'loading="lazy" />') in rendered.html


def test_image_outside_the_course_folder_is_refused(tmp_path):
    rendered = render_markdown("![x](../../secret.png){width=1 height=1}", base_dir=tmp_path)
    assert 'src=""' in rendered.html
    assert [p.message for p in rendered.problems] == [
        "image '../../secret.png' must be inside the course folder"]


def test_image_problems_are_reported(tmp_path):
    rendered = render_markdown("![](images/a.png){width=wide}", base_dir=tmp_path)
    assert sorted(p.message for p in rendered.problems) == [
        "image 'images/a.png' has no description (alt text)",
        "image 'images/a.png' has no size; add {width=480 height=320} after it",
        "image 'images/a.png' not found",
        "image 'images/a.png': width must be a whole number of pixels",
    ]


def test_a_level_one_heading_is_a_warning_with_its_line():
    rendered = render_markdown("---\ntitle: x\n---\n\n# Заголовок\n")
    assert [(p.line, p.severity) for p in rendered.problems] == [(5, "warning")]
