"""A template that fails names its file and line and the page being rendered, in one line; with
--debug the whole chain is shown, from whichever process rendered the page."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from builder import pipeline
from builder.outputs.theme import TemplateError
from tests.conftest import GOOD_EVENT, run_cli, write_site

BROKEN_EVENT_PAGE = ('{% extends "default/event.html" %}\n{% block content %}\n<p>\n'
                     '{{ event.no_such_field.x }}</p>\n{% endblock %}\n')


def site_with(root: Path, templates: dict[str, str]) -> Path:
    content = write_site(root, {"events/reading.md": GOOD_EVENT})
    (root / "themes").mkdir()
    for name, text in templates.items():
        (root / "themes" / name).write_text(text, encoding="utf-8")
    return content


def test_an_undefined_value_names_the_override_its_line_and_the_page(tmp_path: Path) -> None:
    content = site_with(tmp_path, {"event.html": BROKEN_EVENT_PAGE})
    with pytest.raises(TemplateError) as raised:
        pipeline.build(content, tmp_path / "out")
    error = raised.value
    assert Path(error.template).resolve() == (tmp_path / "themes" / "event.html").resolve()
    assert (error.line, error.page) == (4, "events/reading/index.html")
    assert "no_such_field" in str(error) and isinstance(error.__cause__, jinja2.UndefinedError)
    assert not (tmp_path / "out").exists()


def test_an_error_in_an_included_template_names_that_template(tmp_path: Path) -> None:
    content = site_with(tmp_path, {
        "page-note.html": "<aside>\n\n{{ missing_value }}</aside>\n",
        "event.html": '{% extends "default/event.html" %}{% block content %}{% include "page-note.html" %}{% endblock %}'})
    with pytest.raises(TemplateError) as raised:
        pipeline.build(content, tmp_path / "out")
    assert (Path(raised.value.template).name, raised.value.line) == ("page-note.html", 3)


def test_a_syntax_error_names_its_file_and_line(tmp_path: Path) -> None:
    broken = '{% extends "default/event.html" %}\n\n{% block content %}{% if %}{% endblock %}'
    content = site_with(tmp_path, {"event.html": broken})
    with pytest.raises(TemplateError) as raised:
        pipeline.build(content, tmp_path / "out")
    assert (Path(raised.value.template).name, raised.value.line) == ("event.html", 3)
    assert isinstance(raised.value.__cause__, jinja2.TemplateSyntaxError)


@pytest.mark.parametrize("cache", [["--no-cache"], ["--jobs", "2"]], ids=["pipeline", "engine"])
def test_the_cli_says_it_in_one_line_and_debug_shows_the_chain(tmp_path: Path, cache: list[str]) -> None:
    site_with(tmp_path, {"event.html": BROKEN_EVENT_PAGE})
    args = ["build", "--content", "content", "--out", "out", *cache]
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "themes/event.html:4: error: UndefinedError: 'builder.content.model.Event object' has no attribute "
        "'no_such_field' (rendering events/reading/index.html); the previous output is unchanged"]
    debug = run_cli(*args, "--debug", cwd=tmp_path)
    assert debug.returncode == 1
    assert "jinja2.exceptions.UndefinedError" in debug.stderr and "direct cause" in debug.stderr
    assert 'themes/event.html", line 4' in debug.stderr  # Jinja's own frame of the template
