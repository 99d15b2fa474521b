"""Load: values stay the text the partner typed, and every value keeps its line."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from builder.content.sources import load
from builder.engine import parallel
from tests.conftest import GOOD_EVENT, run_cli


def test_values_are_text_with_their_lines(make_site) -> None:
    content = make_site({"events/a.md": """\
        ---
        title: NO
        start: 2025-10-14 15:00
        time: 10:30
        topics:
          - Literacy
          - "Math: Algebra"
        ---

        Body line.
        """})
    sources, problems = load(content)
    assert problems == []
    doc = sources.events[0]
    assert doc.fields["title"].value == "NO" and doc.fields["title"].line == 2
    assert doc.fields["start"].value == "2025-10-14 15:00"
    assert doc.fields["time"].value == "10:30"
    assert [n.value for n in doc.fields["topics"].value] == ["Literacy", "Math: Algebra"]
    assert [n.line for n in doc.fields["topics"].value] == [6, 7]
    assert doc.body_line == 9 and doc.body.strip() == "Body line."


def test_bom_and_windows_line_ends_keep_line_numbers(make_site) -> None:
    content = make_site({"events/a.md": b"\xef\xbb\xbf---\r\ntitle: A\r\n\r\nstart: x\r\n---\r\nBody\r\n"})
    sources, problems = load(content)
    assert problems == []
    assert sources.events[0].fields["start"].line == 4
    assert sources.events[0].body == "Body\n"


def test_aliases_are_refused_at_their_line(make_site) -> None:
    content = make_site({"events/a.md": "---\ntitle: &t Hello\nsummary: *t\n---\n"})
    _, problems = load(content, shown_root="content")
    assert [str(p) for p in problems] == [
        "content/events/a.md:3: error: YAML aliases (`*name`) are not supported; write the value out in full"]


def test_files_are_read_in_name_order(make_site, monkeypatch) -> None:
    content = make_site({f"events/e{i}.md": f"---\ntitle: E{i}\n---\n" for i in (3, 1, 2)})
    original = Path.iterdir
    monkeypatch.setattr(Path, "iterdir", lambda self: reversed(list(original(self))))
    sources, _ = load(content)
    assert [d.slug for d in sources.events] == ["e1", "e2", "e3"]


def test_non_markdown_files_are_a_warning_not_lost_silently(make_site) -> None:
    content = make_site({"events/notes.txt": "hello", "events/.DS_Store": "x"})
    _, problems = load(content, shown_root="content")
    assert [(p.path, p.severity) for p in problems] == [("content/events/notes.txt", "warning")]


def test_parsing_on_two_cores_reads_what_one_core_reads(make_site) -> None:
    """A cold load parses front matter in forked processes: documents, problems (in order) and the
    remembered headers must be those of a load in one process, broken files included."""
    files: dict[str, str | bytes] = {f"events/e{number:03d}.md": GOOD_EVENT.replace("Reading", f"Reading {number}")
                                     for number in range(90)}
    files |= {"events/e010.md": "---\ntitle: [unclosed\n---\n", "events/e020.md": b"---\ntitle: \xff\n---\n",
              "events/e030.md": "", "events/e040.md": "no front matter", "events/Upper.MD": GOOD_EVENT,
              "events/notes.txt": "not an event", "events/e050.md": "---\ntitle: &a x\nsummary: *a\n---\n"}
    content = make_site(files)
    one_headers: dict = {}
    two_headers: dict = {}
    one = load(content, "content", one_headers)
    two = load(content, "content", two_headers, partial(parallel.run, jobs=2))
    assert len(one[0].events) == 86 and len(one[1]) == 7  # e050 is read without the field of its alias
    assert two == one
    assert two_headers == one_headers and len(one_headers) == 86


def test_a_yaml_error_hides_no_other_error_of_its_file(make_site) -> None:
    """The field on the line YAML cannot read is set aside (its lines blanked, so every other keeps its
    number): the syntax errors and the other fields' errors are all reported, and the set-aside field
    is not called missing."""
    content = make_site({"events/x.md": """\
        ---
        title: Book Club: Session 1
        start: 2025-10-14T15:00
        end: 2025-10-14T14:00
        type: webnar
        topics: [Literacy
        partner: Literacy Network
        registration: ftp://example.org
        ---
        """})
    result = run_cli("check", "--content", "content", cwd=content.parent)
    assert (result.returncode, result.stderr.splitlines()) == (1, [
        "content/events/x.md:2: error: the front matter is not valid YAML (mapping values are not allowed here); put "
        'text that contains ": " in double quotes, e.g. title: "Math: a new approach"',
        'content/events/x.md:4: error: end "2025-10-14T14:00" must be after start "2025-10-14T15:00"',
        'content/events/x.md:5: error: type "webnar" is not one of the allowed values; did you mean "webinar"? Valid '
        "values: webinar, chat, forum, open-house, guided-tour, contest, book-club, class, conference-session, launch, "
        "exhibit, collaborative-project, poll, badge, other.",
        "content/events/x.md:6: error: the front matter is not valid YAML (a bracket opened here is never closed); "
        'close it on the same line, e.g. title: "Reading Across the Curriculum" or topics: [Literacy, Science]',
        'content/events/x.md:8: error: registration "ftp://example.org" is not a web address; write a full web '
        "address that starts with https:// (only http and https links are allowed)",
        "5 errors; nothing was written"])


def test_a_front_matter_with_nothing_readable_left_reports_its_yaml_error_alone(make_site) -> None:
    content = make_site({"events/x.md": '---\ntitle: "Unclosed\n---\n'})
    result = run_cli("check", "--content", "content", cwd=content.parent)
    assert (result.returncode, result.stderr.splitlines()) == (1, [
        "content/events/x.md:2: error: the front matter is not valid YAML (a quote opened here is never closed); "
        'close it on the same line, e.g. title: "Reading Across the Curriculum" or topics: [Literacy, Science]',
        "1 error; nothing was written"])
