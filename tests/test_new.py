"""`python -m builder new`: what it writes is what `check` accepts, whatever the answers hold.

Each kind is written from options (in this process, run_cli) and checked as it is on disk; the
questions on a terminal are answered through an injected prompt; values that YAML would read
otherwise (quotes, colons, #, new lines, `---`) must come back exactly as typed.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from builder import scaffold
from builder.content import sources, validation
from builder.content.schema import EVENT, Context
from tests.conftest import SITE_YML, run_cli

SITE = SITE_YML + "partners: [Literacy Network]\n"
PROFILE = "---\nname: STEM Teachers Network\n---\nAbout us.\n"
FORUM = "---\ntitle: A Forum\nstart: 2025-10-01\nend: 2025-10-31\ntopics: [Literacy]\nhost: Literacy Network\n---\nTalk.\n"
KNOWN = ("Partners are the profiles in content/partners/ and the names in site.yml's partners list; to add a new "
         "partner, add a profile (see the partner guide)")

EVENT_OPTIONS = ["--title", "Reading Across the Curriculum", "--start", "2025-10-14T15:00", "--end", "2025-10-14T16:00",
                 "--type", "webinar", "--topics", "Literacy, STEM Education", "--partner", "Literacy Network"]
OPTIONS = {
    "event": [*EVENT_OPTIONS, "--cost", "free", "--forum", "a-forum", "--body", "A **good** event."],
    "forum": ["--title", "Leading Together", "--start", "2025-10-01", "--end", "2025-10-31", "--topics", "School Leadership",
              "--host", "stem-teachers-network", "--moderators", "Ana Rodríguez", "--moderators", "Wei Chen"],
    "partner": ["--name", "Rural Schools Collaborative", "--url", "https://rural.example.org/"],
    "page": ["--title", "Code of Conduct", "--summary", "How we treat each other."],
}


@pytest.fixture
def site(make_site) -> Path:
    return make_site({"partners/stem-teachers-network.md": PROFILE, "forums/a-forum.md": FORUM}, SITE)


def record(path: Path, table: dict) -> validation.Record:
    """The file read and parsed exactly as `check` reads it."""
    document, problem = sources._read(path, str(path), front_matter=True, memo=sources._Memo(None))
    assert problem == [] and document is not None, problem
    problems: list = []
    found = validation._parse(document, table, Context(root=path.parent.parent), problems)
    assert problems == []
    return found


@pytest.mark.parametrize("kind", list(OPTIONS))
def test_each_kind_from_options_is_accepted_by_check(site: Path, kind: str) -> None:
    result = run_cli("new", kind, "--content", str(site), *OPTIONS[kind])
    assert result.returncode == 0, result.stderr
    folder, table, source = scaffold.KINDS[kind]
    slug = {"event": "reading-across-the-curriculum", "forum": "leading-together", "partner": "rural-schools-collaborative",
            "page": "code-of-conduct"}[kind]
    path = site / folder / f"{slug}.md"
    assert result.stdout == f"wrote {path}\nchecked {site}: no errors\n"
    assert result.stderr == ""
    written = path.read_bytes()
    assert run_cli("check", "--content", str(site)).returncode == 0
    assert path.read_bytes() == written  # accepted as written, byte for byte
    values = record(path, table).values
    assert values[source] == OPTIONS[kind][1]


def test_an_event_file_is_commented_with_the_field_docs(site: Path) -> None:
    assert run_cli("new", "event", "--content", str(site), *EVENT_OPTIONS, "--cost", "free").returncode == 0
    text = (site / "events" / "reading-across-the-curriculum.md").read_text()
    assert text.startswith('---\n# A new event, written by `python -m builder new event`; check it with `python -m '
                           'builder check`.\ntitle: "Reading Across the Curriculum"\nstart: "2025-10-14T15:00"\n'
                           'end: "2025-10-14T16:00"\ntype: "webinar"\ntopics: ["Literacy", "STEM Education"]\n'
                           'partner: "Literacy Network"\n# What taking part costs:')
    assert "\n# The web address where people register or join; it must start with `https://` (or `http://`).\n" \
           "# registration: https://example.org/register\n" in text
    assert text.endswith("# Below the closing line: the description, in Markdown.\n---\n")


@pytest.mark.parametrize("title", [
    'Math: a "new" approach # not a comment',
    "Two lines\n---\nand a fence",
    "---",
    "Back\\slash, [brackets], {braces}, & *star, 'quote', %percent, @at, `tick`: yes",
    "Tab\there, line\u2028separator, paragraph\u2029separator, émoji 📚, bidi \u05d0, BOM\ufeff",
])
def test_any_title_round_trips_exactly(site: Path, title: str) -> None:
    result = run_cli("new", "event", "--content", str(site), "--slug", "tricky", f"--title={title}", *EVENT_OPTIONS[2:])
    assert result.returncode == 0, result.stderr
    assert record(site / "events" / "tricky.md", scaffold.KINDS["event"][1]).values["title"] == title


def test_an_existing_file_is_never_overwritten(site: Path) -> None:
    assert run_cli("new", "event", "--content", str(site), *EVENT_OPTIONS).returncode == 0
    path = site / "events" / "reading-across-the-curriculum.md"
    before = path.read_bytes()
    result = run_cli("new", "event", "--content", str(site), *EVENT_OPTIONS, "--cost", "free")
    assert result.returncode == 2
    assert result.stderr == (f"python -m builder: error: {path} already exists; choose another name with --slug, "
                             "or edit that file\n")
    assert path.read_bytes() == before


def test_a_folder_linked_out_of_content_is_never_written_into(site: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (site / "pages").symlink_to(tmp_path / "elsewhere")
    assert run_cli("new", "page", "--content", str(site), *OPTIONS["page"]).returncode == 2
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_missing_required_fields_are_named_at_once(site: Path) -> None:
    result = run_cli("new", "event", "--content", str(site), "--title", "Only a title", "--start", "2025-10-14T15:00")
    assert result.returncode == 2
    end = EVENT["end"]
    assert result.stderr.startswith("python -m builder: error: cannot write the event: --end is missing: "
                                    f"{end.doc} For example: {end.example}; --type is missing: ")
    missing = [part.split(" is missing: ")[0] for part in result.stderr.split("; ") if " is missing: " in part]
    assert [name.rsplit(" ", 1)[-1] for name in missing] == ["--end", "--type", "--topics", "--partner"]
    assert not (site / "events").exists()


def test_bad_values_get_the_checkers_messages(site: Path) -> None:
    options = [*EVENT_OPTIONS]
    options[options.index("Literacy Network")] = "Literacy Netwrk"
    result = run_cli("new", "event", "--content", str(site), *options, "--start", "tomorrow")
    assert result.returncode == 2
    assert result.stderr == (
        'python -m builder: error: cannot write the event: --start: start "tomorrow" is not a date and time; write it '
        'like 2025-10-14T15:00 (or 2025-10-14 for all day); --partner: partner "Literacy Netwrk" is not a known '
        f'partner: did you mean "Literacy Network"? {KNOWN}\n')


@pytest.mark.parametrize(("slug", "message"), [
    ("Bad_Slug", 'python -m builder: error: --slug: the file name "Bad_Slug.md" is not a valid slug; rename it to '
                 '"bad-slug.md" (lowercase letters, digits and single hyphens)\n'),
    (None, "python -m builder: error: cannot make a file name from the title; give one with --slug, like --slug "
           "my-event\n"),
])
def test_the_file_name_is_checked_as_check_does(site: Path, slug: str | None, message: str) -> None:
    options = [*EVENT_OPTIONS]
    options[1] = "読書会"
    result = run_cli("new", "event", "--content", str(site), *(["--slug", slug] if slug else []), *options)
    assert (result.returncode, result.stderr) == (2, message)


def test_the_interview_re_asks_a_bad_answer_with_the_checkers_message(site: Path) -> None:
    answers = iter(["", "Reading Across the Curriculum", "next tuesday", "2025-10-14T15:00", "2025-10-14T16:00",
                    "webinarr", "webinar", "Literacy", "Literacy Netwrk", "Literacy Network",
                    "Europe/Paris", *[""] * 40])
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    out = io.StringIO()
    found, body = scaffold.interview("event", scaffold.read_site(site), Context(root=site), ask, out)
    assert found == {"title": "Reading Across the Curriculum", "start": "2025-10-14T15:00", "end": "2025-10-14T16:00",
                     "type": "webinar", "topics": "Literacy", "partner": "Literacy Network", "timezone": "Europe/Paris"}
    assert body == ""
    shown = out.getvalue()
    assert prompts[:3] == ["title> ", "title> ", "start> "]
    assert f"\n  title is required; for example: {EVENT['title'].example}\n" in shown
    assert '\n  start "next tuesday" is not a date and time; write it like 2025-10-14T15:00 (or 2025-10-14 for all ' \
           "day)\n" in shown
    assert '\n  type "webinarr" is not one of the allowed values; did you mean "webinar"? Valid values: webinar, ' in shown
    assert f'\n  partner "Literacy Netwrk" is not a known partner: did you mean "Literacy Network"? {KNOWN}\n' in shown
    assert "\n  Choose from: Literacy Network, STEM Teachers Network\n" in shown
    assert "\n  Choose from: Literacy, STEM Education, School Leadership\n" in shown
    assert "\n  Enter keeps the site's time zone, America/New_York.\n" in shown


class _Terminal(io.StringIO):
    """Standard input that says it is a terminal: input() reads its lines."""

    def isatty(self) -> bool:
        return True


def test_on_a_terminal_without_options_it_asks(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ["Code of Conduct", "How we treat each other.", "Be kind."]
    monkeypatch.setattr(sys, "stdin", _Terminal("\n".join(lines) + "\n"))
    result = run_cli("new", "page", "--content", str(site))
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(f"wrote {site}/pages/code-of-conduct.md\nchecked {site}: no errors\n")
    values = record(site / "pages" / "code-of-conduct.md", scaffold.KINDS["page"][1])
    assert values.values == {"title": "Code of Conduct", "summary": "How we treat each other."}
    assert values.body == "Be kind.\n"
