"""Themes: the organizers override any template by file name, beside the content folder (never
inside it: partners send content/, and templates are code), and can extend the built-in one."""

from __future__ import annotations

from tests.conftest import GOOD_EVENT, run_builder


def test_a_site_template_overrides_and_extends_the_default(make_site, tmp_path) -> None:
    content = make_site({"events/reading.md": GOOD_EVENT})
    themes = content.parent / "themes"
    (themes / "static").mkdir(parents=True)
    (themes / "event.html").write_text(
        '{% extends "default/event.html" %}{% block description %}OVERRIDDEN{% endblock %}')
    (themes / "static" / "style.css").write_text("body { color: black; }")
    result = run_builder("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "events" / "reading" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="OVERRIDDEN">' in page
    assert "Reading Across the Curriculum" in page  # the rest still comes from the default template
    assert (tmp_path / "out" / "assets" / "style.css").read_text() == "body { color: black; }"
    other = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "OVERRIDDEN" not in other


def test_templates_and_static_files_inside_content_are_refused_and_never_run(make_site, tmp_path) -> None:
    """A partner's pull request can add content/themes/: check refuses it, and build neither runs its
    templates nor publishes its static files."""
    canary = tmp_path / "ran"
    run = "os.system('touch " + str(canary) + "')"
    content = make_site({
        "events/reading.md": GOOD_EVENT,
        "themes/event.html": "{{ cycler.__init__.__globals__." + run + " }}",
        "themes/base.html": "{{ lipsum.__globals__['os']." + run.removeprefix("os.") + " }}",
        "themes/static/site.js": "alert('planted')",
    })
    for command in (["check"], ["build", "--out", str(tmp_path / "out")]):
        result = run_builder(*command, "--content", str(content))
        assert result.returncode == 1, result.stderr
        assert f"{content}/themes:1: error: themes/ inside the content folder is not read" in result.stderr
    assert not canary.exists()
    assert not (tmp_path / "out").exists()
