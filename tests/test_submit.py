"""The /submit/ page: its fields come from the schema, its script says what `check` says of the same
value, and the file it opens on GitHub is one `check` accepts as it is, byte for byte."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from builder.content import schema
from builder.content.zones import known_zones
from tests.browser import Visit
from tests.conftest import SAMPLE_CONTENT, run_cli

pytest_plugins = ["tests.browser"]

GOOD = {"title": "Book Club: \"Hard\" Conversations #1 \\ part one", "start": "2025-10-14T15:00",
        "end": "2025-10-14T16:00", "type": "book-club", "topics": ["Literacy"],
        "partner": "Pacific Coast Writing Project"}


def test_the_fields_file_describes_each_field_as_the_schema_declares_it(sample_output: Path) -> None:
    data = json.loads((sample_output / "submit" / "fields.json").read_text(encoding="utf-8"))
    event = {field["name"]: field for field in data["kinds"]["event"]["fields"]}
    partner = {field["name"]: field for field in data["kinds"]["partner"]["fields"]}
    assert set(event) == {name for name, spec in schema.EVENT.items()
                          if not spec.organizers and name not in ("archive",)}
    assert set(partner) == {"name", "url", "description"}  # a logo is a file the page cannot add
    for name, field in event.items():
        spec = schema.EVENT[name]
        assert (field["doc"], field["required"], field["types"], field["max_items"]) == (
            spec.doc, spec.required, list(spec.types), spec.max_items), name
    assert [f["name"] for f in data["kinds"]["event"]["fields"]][:6] == [
        name for name, spec in schema.EVENT.items() if spec.required]
    assert event["type"]["choices"] == list(schema.EVENT_TYPES)
    assert event["topics"]["kind"] == "choices" and "Literacy" in event["topics"]["choices"]
    assert event["partner"]["kind"] == "choice" and GOOD["partner"] in event["partner"]["choices"]
    assert event["language"]["browser"] is False  # left to the pull request's check, and the page says so
    assert data["zones"] == sorted(known_zones())
    assert data["site"]["repository"] == "connected-educators/cem-site"


def message_of_check(tmp_path: Path, fields: dict[str, Any], slug: str = "my-event", body: str = "") -> list[str]:
    """What `check` says of an event file with these values (each quoted as the page quotes it)."""
    content = tmp_path / f"check-{len(list(tmp_path.iterdir()))}" / "content"
    (content / "events").mkdir(parents=True)
    shutil.copy(SAMPLE_CONTENT / "site.yml", content / "site.yml")
    lines = ["---"]
    for name, value in fields.items():
        written = "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]" if isinstance(
            value, list) else json.dumps(value, ensure_ascii=False)
        lines.append(f"{name}: {written}")
    (content / "events" / f"{slug}.md").write_text("\n".join(lines) + "\n---\n" + body, encoding="utf-8")
    result = run_cli("check", "--content", str(content))
    return [re.sub(r"^.*?:\d+: error: ", "", line) for line in result.stderr.splitlines() if ": error: " in line]


def tab_to(visit: Visit, selector: str) -> None:
    """Move the focus with Tab, or Shift+Tab where `selector` comes before it, until it is there: the
    keyboard, as a reader has it, by the shortest way (going round the page was most of the test's time)."""
    page = visit.page
    for _ in range(120):
        way = page.evaluate("""s => {
          const here = document.activeElement;
          if (here && here.matches(s)) return 0;
          const there = document.querySelector(s);
          return there && here && here.compareDocumentPosition(there) & Node.DOCUMENT_POSITION_PRECEDING ? -1 : 1;
        }""", selector)
        if way == 0:
            return
        page.keyboard.press("Shift+Tab" if way < 0 else "Tab")
    raise AssertionError(f"Tab never reached {selector}")


def type_into(visit: Visit, selector: str, value: str) -> None:
    tab_to(visit, selector)
    visit.page.keyboard.press("Control+A")
    visit.page.keyboard.press("Delete")
    if value:
        visit.page.keyboard.insert_text(value)
    visit.page.keyboard.press("Tab")  # leaving the field is when the page checks it


def error_of(visit: Visit, name: str) -> str:
    return visit.page.locator(f'[data-submit-form="event"] [data-field="{name}"] [data-error]').inner_text()


# Bad values and the field whose message they make; each is compared with what `check` says.
BAD = [
    ("title", "A" * 301),
    ("start", "2025-10-14 3pm"),
    ("start", "2025-02-30T10:00"),
    ("registration", "example.org/register"),
    ("timezone", "America/Chicgo"),
    ("timezone", "Eastern"),
    ("presenters", "Maria\u200bGarcia, Kwame Okafor"),
]


def test_the_form_says_what_check_says_and_opens_a_file_check_accepts(open_page, tmp_path: Path) -> None:
    visit = open_page("/submit/")
    page = visit.page
    page.wait_for_selector("[data-submit]:not([hidden])")
    assert page.locator("[data-submit-needs-js]").is_hidden()
    page.focus("body")
    for name, value in [(n, v) for n, v in GOOD.items() if isinstance(v, str) and n not in ("type", "partner")]:
        type_into(visit, f"#event-{name}", value)
    tab_to(visit, "#event-type")
    page.keyboard.type("Book")  # a closed select picks the option typed
    tab_to(visit, '#event-form-topics input[value="Literacy"], [data-field="topics"] input[value="Literacy"]')
    page.keyboard.press("Space")
    tab_to(visit, "#event-partner")
    page.keyboard.type(GOOD["partner"])
    tab_to(visit, "[data-submit-form=event] details summary")
    page.keyboard.press("Enter")  # opens "More details"

    for name, value in BAD:
        type_into(visit, f"#event-{name}", value)
        shown = error_of(visit, name).removeprefix("Error: ")
        fields = {**GOOD, name: value.split(", ") if name == "presenters" else value}
        expected = message_of_check(tmp_path, fields)
        assert shown in expected, (name, value, shown, expected)
        type_into(visit, f"#event-{name}", GOOD.get(name, ""))
    type_into(visit, "#event-end", "2025-10-14T14:00")  # before the start: a rule between two fields
    assert error_of(visit, "end").removeprefix("Error: ") in message_of_check(tmp_path, {**GOOD, "end": "2025-10-14T14:00"})
    type_into(visit, "#event-end", GOOD["end"])

    # Submitting with a problem moves the focus to it and says so.
    type_into(visit, "#event-slug", "Book_Club")
    tab_to(visit, "[data-submit-form=event] button[type=submit]")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "event-slug"
    assert error_of(visit, "slug").removeprefix("Error: ") in message_of_check(tmp_path, GOOD, slug="Book_Club")
    page.wait_for_function("document.querySelector('[data-submit-status]').textContent.includes('problem')")

    type_into(visit, "#event-slug", "")  # empty: made from the title again
    type_into(visit, "#event-summary", "Two sentences.\tWith a tab.")
    type_into(visit, "#event-body", "Bring a book.\n\n- and a friend\n")
    assert page.locator("#event-slug").input_value() == "book-club-hard-conversations-1-part-one"
    tab_to(visit, "[data-submit-form=event] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-submit-result]:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "submit-result-title"
    assert page.locator("[data-preview] h3").inner_text() == GOOD["title"]

    href = page.locator("[data-github]").get_attribute("href")
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", "/connected-educators/cem-site/new/main")
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert query["filename"] == ["content/events/book-club-hard-conversations-1-part-one.md"]
    file = query["value"][0]
    assert file == page.locator("[data-file]").text_content()
    content = tmp_path / "accepted" / "content"
    (content / "events").mkdir(parents=True)
    shutil.copy(SAMPLE_CONTENT / "site.yml", content / "site.yml")
    path = content / query["filename"][0].removeprefix("content/")
    path.write_bytes(file.encode("utf-8"))
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == file.encode("utf-8")
    assert 'title: "Book Club: \\"Hard\\" Conversations #1 \\\\ part one"' in file
    assert not visit.page_errors and not visit.foreign_requests()


def test_without_javascript_the_page_explains_the_file_route(open_page) -> None:
    visit = open_page("/submit/", javascript=False, reuse=True)
    assert visit.page.locator("[data-submit]").is_hidden()
    note = visit.page.locator("[data-submit-needs-js]")
    assert note.is_visible() and note.locator('a[href="/partner-guide/"]').count() == 1
