"""The sample site builds to exactly what tests/golden/ holds (`make golden` rewrites it when a
change to the output is intended, so review shows that change file by file)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests import golden_tree


def test_the_sample_site_builds_to_the_golden_tree(sample_output: Path) -> None:
    assert golden_tree.GOLDEN.is_dir(), "tests/golden/ is missing: run `make golden`"
    for name in golden_tree.EXCLUDED:  # left out of the comparison, not out of the site
        assert (sample_output / name).is_file(), f"{name} is no longer built: drop it from golden_tree.EXCLUDED"
    problems = golden_tree.differences(golden_tree.GOLDEN, sample_output)
    assert not problems, problems


def test_the_comparison_names_each_difference_and_the_fix(tmp_path: Path) -> None:
    golden, built = tmp_path / "golden", tmp_path / "built"
    for folder in (golden, built):
        (folder / "events" / "a").mkdir(parents=True)
        (folder / "index.html").write_text("<h1>Month</h1>\n<p>same</p>\n")
        (folder / "events.json").write_text('{"events":[{"title":"A","start":"2025-10-14"}]}\n')
        (folder / "proceedings").mkdir()
    (golden / ".gitattributes").write_text(golden_tree.ATTRIBUTES)
    assert golden_tree.differences(golden, built) == ""
    (golden / "events" / "a" / "index.html").write_text("gone\n")
    (built / "events" / "b.ics").write_bytes(b"BEGIN:VCALENDAR\r\n")
    (built / "index.html").write_text("<h1>Month</h1>\n<p>changed</p>\n")
    (built / "events.json").write_text('{"events":[{"title":"B","start":"2025-10-14"}]}\n')
    (built / "proceedings" / "proceedings.pdf").write_bytes(b"%PDF-1.7 any bytes")  # left out
    report = golden_tree.differences(golden, built)
    assert "2 changed, 1 new, 1 gone" in report, report
    assert "  gone: events/a/index.html" in report and "  new:  events/b.ics" in report
    assert "-<p>same</p>\n+<p>changed</p>" in report
    assert '-   "title": "A",\n+   "title": "B",' in report  # one-line JSON is diffed value by value
    assert "make golden" in report
    (built / "index.html").write_bytes((golden / "index.html").read_bytes().replace(b"\n", b"\r\n"))
    assert "line ends?" in golden_tree.differences(golden, built)


def test_make_golden_writes_what_the_comparison_reads(tmp_path: Path, sample_output: Path, monkeypatch) -> None:
    """regenerate() writes the reference build, less what is left out, with the folder's attributes."""
    monkeypatch.setattr(golden_tree, "build_sample", lambda out: shutil.copytree(sample_output, out))
    golden = tmp_path / "golden"
    golden_tree.regenerate(golden)
    assert golden_tree.differences(golden, sample_output) == ""
    assert (golden / ".gitattributes").read_text() == golden_tree.ATTRIBUTES
    assert not any((golden / name).exists() for name in golden_tree.EXCLUDED)
