"""Themes: a site overrides any template by file name, and can extend the built-in one."""

from __future__ import annotations

from tests.conftest import GOOD_EVENT, run_builder


def test_a_site_template_overrides_and_extends_the_default(make_site, tmp_path) -> None:
    content = make_site({
        "events/reading.md": GOOD_EVENT,
        "themes/event.html": '{% extends "default/event.html" %}{% block description %}OVERRIDDEN{% endblock %}',
        "themes/static/style.css": "body { color: black; }",
    })
    result = run_builder("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "events" / "reading" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="OVERRIDDEN">' in page
    assert "Reading Across the Curriculum" in page  # the rest still comes from the default template
    assert (tmp_path / "out" / "assets" / "style.css").read_text() == "body { color: black; }"
    other = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "OVERRIDDEN" not in other
