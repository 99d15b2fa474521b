"""No single partner file can hang or break the build.

Every input has limits (builder/content/limits.py), `check` refuses what is over them with
`path:line: error:` and the fix, and whatever `check` accepts, `build` builds: no traceback, no
internal error. Here that is shown three ways:

- one case per limit: over it, `check` and `build` both refuse it on the right line; a site with
  everything at its limits builds, the proceedings PDF included;
- pathological inputs that took minutes (10,000-level nesting, 20,000 cues, absurd timestamps)
  are answered in seconds;
- property-based tests (hypothesis) over front matter, Markdown bodies, captions and the paths
  fields name: each random input is either refused with error lines only, or checked and built,
  within a time that grows with its size.

`check` and `build` run in-process (builder.pipeline.check and build) for speed;
a few cases run the command line as partners do.
"""

from __future__ import annotations

import json
import os
import re
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import html5lib
import nh3
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from builder import pipeline
from builder.content import htmlshape, limits, markup, schema, webvtt
from builder.problems import ContentError
from tests.conftest import FUZZ_SCALE, SAMPLE_CONTENT, SITE_YML, run_builder, write_site

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
PROPERTIES = settings(max_examples=50 * FUZZ_SCALE, deadline=None, derandomize=FUZZ_SCALE == 1, print_blob=True,
                      suppress_health_check=_QUIET)
SITES = settings(max_examples=20 * FUZZ_SCALE, deadline=None, derandomize=FUZZ_SCALE == 1, print_blob=True,
                 suppress_health_check=_QUIET)
# The two properties whose examples are whole pathological documents, each rendered or built, run
# fewer of them in `make test`; `make fuzz` runs twenty times as many, freshly random.
COSTLY_PROPERTIES = settings(PROPERTIES, max_examples=30 * FUZZ_SCALE)
COSTLY_SITES = settings(SITES, max_examples=20 * FUZZ_SCALE)

GOOD_EVENT = """\
---
title: "Reading Across the Curriculum"
start: 2025-10-14T15:00
end: 2025-10-14T16:00
type: webinar
topics: [Literacy]
partner: Literacy Network
{extra}---
{body}
"""
VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Maria>Hello.\n"


def an_event(extra: str = "", body: str = "A **good** event.\n") -> str:
    return GOOD_EVENT.format(extra=extra, body=body)


ARCHIVE = "archive:\n  recording: https://video.example.org/1\n"


# ---- running check and build, in-process ----

class TooSlow(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail with TooSlow after `seconds` (a generous bound, against hangs, not a benchmark)."""
    def expire(signum: int, frame: object) -> None:
        raise TooSlow(f"took more than {seconds:.0f} s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def bound(content: Path) -> float:
    """Seconds a check plus a build of this content may take: 60, and 20 more per MB it holds."""
    size = sum(path.stat().st_size for path in content.rglob("*") if path.is_file() and not path.is_symlink())
    return 60 + 20 * size / 1e6


def errors(content: Path) -> list[str] | None:
    """None when `check` accepts the content; else its lines, each `path:line: severity: message`
    naming a file of the content folder. Any other outcome (an exception, a hang) fails the test."""
    try:
        pipeline.check(content)
    except ContentError as error:
        lines = [str(problem) for problem in error.problems]
        shown = re.escape(content.as_posix())
        bad = [line for line in lines if not re.fullmatch(rf"{shown}/\S[^\n]*:[1-9]\d*: (error|warning): [^\n]+", line)]
        assert not bad, f"lines not of the form path:line: error: message: {bad}"
        assert any(": error: " in line for line in lines)
        return lines
    return None


def builds(content: Path, out: Path) -> None:
    pipeline.build(content, out)
    assert (out / "index.html").is_file()


def check_then_build(content: Path) -> list[str] | None:
    """`check`, and when it accepts the content, `build` too, which must then succeed; within
    bound(content) seconds."""
    with time_limit(bound(content)):
        found = errors(content)
        if found is None:
            builds(content, content.parent / "out")
    if currently_in_test_context():  # --hypothesis-show-statistics counts them
        event("checked and built" if found is None else "refused")
    return found


@pytest.fixture
def site(tmp_path: Path):
    def make(files: dict[str, str | bytes], site_yml: str = SITE_YML) -> Path:
        return write_site(tmp_path, {name: data if isinstance(data, bytes) else data.encode("utf-8")
                                     for name, data in files.items()}, site_yml)
    return make


# ---- the guide ----

def test_the_partner_guide_lists_every_limit_with_its_value() -> None:
    guide = (SAMPLE_CONTENT / "pages" / "partner-guide.md").read_text(encoding="utf-8")
    assert limits.guide_table() in guide, ("the partner guide's Limits table differs from builder/content/limits.py; "
                                           "paste builder.content.limits.guide_table() into it")
    for name, limit in limits.LIMITS.items():
        assert f"| {limit.what} | {int(limit):,} {limit.unit} |" in guide, name


def test_every_list_field_has_a_limit() -> None:
    for table in (schema.SITE, schema.EVENT, schema.FORUM, schema.ARCHIVE):
        for name, field in table.items():
            if field.parse in (schema.text_list, schema.sentences) or hasattr(field.parse, "item_schema"):
                assert field.max_items is not None, name


# ---- one case per limit ----

def deep(levels: int) -> str:
    return ">" * levels + " deep\n"


LONG_NAME = "Partner " * 25  # 200 characters, its slug too
OVER = [
    ("body-too-long", {"events/x.md": an_event(body="word " * 20_001)}, 9, "100,000"),
    ("body-quotes", {"events/x.md": an_event(body=deep(99_000))}, 9, "more than 30 levels deep"),
    ("body-lists", {"events/x.md": an_event(body="- " * 40 + "x\n")}, 9, "more than 30 levels deep"),
    ("body-divs", {"events/x.md": an_event(body="<div>" * 19_000 + "x\n")}, 9, "more than 30 levels deep"),
    ("body-formatting", {"events/x.md": an_event(body="<b><i>" * 16_000 + "x\n")}, 9, "more than 30 levels deep"),
    ("body-reopened", {"events/x.md": an_event(body="".join(f'<div><b id="b{n}"></div>x' for n in range(40)))},
     9, "more than 30 levels deep"),
    ("body-attributes", {"events/x.md": an_event(body="<span " + " ".join(f"a{n}=1" for n in range(21)) + ">x</span>\n")},
     9, "more than 20 attributes"),
    ("body-wide-table", {"events/x.md": an_event(body="|" + "a|" * 21 + "\n|" + "-|" * 21 + "\n")}, 9, "21 columns"),
    ("body-colspan", {"events/x.md": an_event(body='<table><tr><td colspan="999999999999">x</td></tr></table>\n')},
     9, "colspan"),
    ("page-quotes", {"pages/about.md": "---\ntitle: About\n---\n" + deep(40)}, 4, "more than 30 levels deep"),
    ("summary-nesting", {"events/x.md": an_event(ARCHIVE + f"  summary: {json.dumps(deep(31))}\n")}, 10,
     "archive.summary nests"),
    ("summary-rowspan", {"events/x.md": an_event(ARCHIVE + '  summary: "<table><tr><td rowspan=21>x</td></tr></table>"\n')},
     10, 'rowspan="21"'),
    ("summary-too-long", {"events/x.md": an_event(ARCHIVE + f"  summary: {json.dumps('w ' * 10_001)}\n")}, 10, "20,000"),
    ("too-many-takeaways", {"events/x.md": an_event(ARCHIVE + "  takeaways: " + json.dumps(["t"] * 21) + "\n")}, 10,
     "21 items; at most 20"),
    ("too-many-resources", {"events/x.md": an_event(ARCHIVE + "  resources:\n" + "".join(
        '    - {title: "R", url: "https://example.org/r"}\n' for _ in range(21)))}, 11, "21 items; at most 20"),
    ("too-many-topics", {"events/x.md": an_event().replace("[Literacy]", json.dumps(["Literacy"] * 11))}, 6,
     "11 items; at most 10"),
    ("too-many-presenters", {"events/x.md": an_event("presenters: " + json.dumps([f"P{n}" for n in range(31)]) + "\n")},
     8, "31 items; at most 30"),
    ("url-too-long", {"events/x.md": an_event("registration: https://example.org/" + "r" * 2000 + "\n")}, 8, "2,000"),
    ("path-too-long", {"events/x.md": an_event(ARCHIVE + "  captions: media/" + "a" * 200 + ".vtt\n")}, 10, "200"),
    ("file-name-too-long", {f"events/{'a' * 151}.md": an_event()}, 1, "at most 150 characters"),
    ("partner-name-too-long-for-its-page", {"events/x.md": an_event().replace("Literacy Network", LONG_NAME.strip())}, 7,
     "too long for a web address"),
    ("caption-hours", {"events/x.md": an_event(ARCHIVE + "  captions: media/t.vtt\n"),
                       "media/t.vtt": "WEBVTT\n\n99999999999:00:00.000 --> 99999999999:00:01.000\nx\n"}, 10,
     "more than 24 hours"),
    ("caption-digits", {"events/x.md": an_event(ARCHIVE + "  captions: media/t.vtt\n"),
                        "media/t.vtt": "WEBVTT\n\n" + "9" * 5000 + ":00:00.000 --> 00:00:01.000\nx\n"}, 10,
     "more than 24 hours"),
    ("caption-cues", {"events/x.md": an_event(ARCHIVE + "  captions: media/t.vtt\n"),
                      "media/t.vtt": "WEBVTT\n\n" + "00:00:01.000 --> 00:00:02.000\nx\n\n" * 20_001}, 10,
     "more than 20,000 cues"),
    ("caption-cue-text", {"events/x.md": an_event(ARCHIVE + "  captions: media/t.vtt\n"),
                          "media/t.vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + "<v a" * 1000 + "\n"}, 10,
     "4,000 characters"),
    ("caption-file-size", {"events/x.md": an_event(ARCHIVE + "  captions: media/t.vtt\n"),
                           "media/t.vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + "x\n" * 600_000}, 10,
     "1,000,000"),
    ("transcript-nesting", {"events/x.md": an_event(ARCHIVE + "  transcript: media/t.md\n"), "media/t.md": deep(50_000)},
     10, '"media/t.md" nests'),
    ("site-topic-too-long-for-its-page", {"events/x.md": an_event()}, 5, "too long for a web address"),
    ("repeating-too-long", {"events/x.md": an_event("repeat: daily\nuntil: 2026-12-01\n")}, 9, "more than a year"),
    ("body-table-cells", {"events/x.md": an_event(body="|" + "a|" * 5 + "\n|" + "-|" * 5 + "\n" + "w\n" * 100)}, 9,
     "more than 500 cells"),
    ("body-html-table-cells", {"events/x.md": an_event(body="<table>" + "<tr><td>w</td></tr>" * 501 + "</table>\n")}, 9,
     "more than 500 cells"),
    ("summary-parts", {"events/x.md": an_event(ARCHIVE + "  summary: " + json.dumps("- w\n" * 1_000) + "\n")}, 10,
     "archive.summary has 1,001 formatted parts"),
    ("summary-table-text", {"events/x.md": an_event(ARCHIVE + "  summary: " + json.dumps("|a|b|\n|-|-|\n|" + "w" * 499 + "|x|\n")
                                                    + "\n")}, 10, "502 characters of text in tables"),
    ("front-matter-too-long", {"events/x.md": an_event(f"extra: {json.dumps('x' * 100_000)}\n")}, 1,
     "the front matter is 100,154 characters long; at most 100,000"),
]


@pytest.mark.parametrize(("files", "line", "words"), [pytest.param(files, line, words, id=name)
                                                      for name, files, line, words in OVER])
def test_over_a_limit_check_and_build_refuse_it_on_its_line(site, request, files: dict, line: int, words: str) -> None:
    site_yml = SITE_YML
    if request.node.callspec.id == "site-topic-too-long-for-its-page":
        site_yml = SITE_YML.replace("topics: [", "topics: [" + "T" * 151 + ", ")
    content = site(files, site_yml)
    with time_limit(60):
        lines = errors(content)
    assert lines, "check accepted it"
    path = "site.yml" if "site-topic" in request.node.callspec.id else next(iter(files))
    expected = f"{content.as_posix()}/{path}:{line}: error: "
    assert any(found.startswith(expected) and words in found for found in lines), "\n".join(lines)
    with time_limit(60), pytest.raises(ContentError) as refused:
        builds(content, content.parent / "out")
    assert sorted(map(str, refused.value.problems)) == sorted(lines)
    assert not (content.parent / "out").exists()


def test_a_site_with_everything_at_its_limits_builds(site) -> None:
    """The most of everything at once: 30 levels, 20 columns spanning 20 rows, 20 takeaways and
    resources of the longest text and address, 20,000 cues up to 24 hours, 150-character names."""
    cues = "".join(f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}.000 --> {t // 3600:02d}:{t // 60 % 60:02d}:"
                   f"{t % 60:02d}.500\nw{n}\n\n" for n, t in enumerate(range(0, 79_996, 4)))
    cues += "23:59:59.000 --> 24:00:00.000\nThe end.\n"
    table = "<table><tr>" + '<td colspan="2" rowspan="20">x</td>' * 10 + "</tr>" + "<tr><td>y</td></tr>" * 5 + "</table>"
    summary = deep(29) + "\n" + table + "\n\n" + "word " * 3_000
    archive = (ARCHIVE + "  captions: media/t.vtt\n  transcript: media/t.md\n" + f"  summary: {json.dumps(summary)}\n"
               "  takeaways: " + json.dumps([f"Takeaway {n} " + "x" * 280 for n in range(20)]) + "\n  resources:\n"
               + "".join(f"    - {{title: {json.dumps('R' * 300)}, url: \"https://example.org/{'u' * 1_970}{n}\"}}\n"
                         for n in range(20)))
    fields = (f"presenters: {json.dumps([f'Presenter {n}' for n in range(30)])}\n"
              f"registration: https://example.org/{'r' * 1_970}\n" + archive)
    body = "- " * 15 + "x\n\n" + "|" + "a|" * 20 + "\n|" + "-|" * 20 + "\n\n" + ("A paragraph of words. " * 40 + "\n\n") * 100
    slug = "a" * 150
    content = site({f"events/{slug}.md": an_event(fields, body).replace("Literacy Network", "P" * 150)
                    .replace('"Reading Across the Curriculum"', json.dumps("T" * 300))
                    .replace("[Literacy]", "[Literacy, " + "T" * 150 + "]"),
                    "media/t.vtt": "WEBVTT\n\n" + cues, "media/t.md": deep(29) + "\nThe transcript.\n" * 1_000},
                   SITE_YML.replace("topics: [", "topics: [" + "T" * 150 + ", "))
    assert check_then_build(content) is None
    out = content.parent / "out"
    assert (out / "events" / f"{slug}.ics").is_file()
    assert (out / "proceedings" / "proceedings.pdf").stat().st_size > 10_000


# ---- what took minutes ----

@pytest.mark.parametrize(("name", "files"), [
    ("99,000 nested quotes", {"events/x.md": an_event(body=">" * 99_000 + " x\n")}),
    ("20,000 nested lists", {"events/x.md": an_event(body="- " * 20_000 + "x\n")}),
    ("19,000 nested <div>", {"events/x.md": an_event(body="<div>" * 19_000 + "x\n")}),
    ("20,000 cues in one second", {"events/x.md": an_event(ARCHIVE + "  captions: media/t.vtt\n"),
                                   "media/t.vtt": "WEBVTT\n\n" + "00:00:01.000 --> 00:00:02.000\nx\n\n" * 20_000}),
])
def test_what_took_minutes_is_answered_in_seconds(site, name: str, files: dict) -> None:
    content = site(files)
    started = time.monotonic()
    check_then_build(content)
    assert time.monotonic() - started < 30, name  # each took one to three minutes


def test_a_megabyte_of_ampersands_or_no_break_spaces_is_sanitized_in_linear_time() -> None:
    """A Markdown transcript may be 1 MB: nh3 took 9 s for a paragraph of "&" that long, and 6 s for
    one of no-break spaces (its time grew with the square of their number); of "<", a tenth of a second."""
    started = time.perf_counter()
    assert markup.render_markdown("x " + "&" * 990_000).startswith("<p>x &amp;&amp;")
    assert markup.render_markdown("x " + "\xa0" * 495_000).startswith("<p>x &nbsp;&nbsp;")
    assert time.perf_counter() - started < 4


SLOW_YAML = "".join("  - [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q]\n" for _ in range(35_000))


def test_a_long_front_matter_is_refused_before_it_is_parsed(site) -> None:
    """Two MB of front matter with a `*` in it (then PyYAML's own parser read it) and a quote left
    open at its end: `check` read it twice, to find the error and to confirm it, in half a minute."""
    content = site({"events/x.md": an_event("title2: x *\nextra:\n" + SLOW_YAML + 'summary: "abc\n'),
                    "events/y.md": an_event("extra:\n" + SLOW_YAML[:99_000] + 'summary: "abc *\n')},
                   SITE_YML + "extra: " + json.dumps("x" * 100_000) + "\n")
    with time_limit(20):
        lines = errors(content)
    assert sorted(lines) == [
        f"{content.as_posix()}/events/x.md:1: error: the front matter is 1,960,177 characters long; at most 100,000 "
        "are allowed: move long text into the description below the front matter, after the second `---` line",
        f"{content.as_posix()}/events/y.md:1776: error: the front matter is not valid YAML (a quote opened here is "
        'never closed); close it on the same line, e.g. title: "Reading Across the Curriculum" or topics: '
        "[Literacy, Science]",
        f"{content.as_posix()}/site.yml:1: error: site.yml is 100,212 characters long; at most 100,000 are allowed: "
        "keep long text out of it, in pages/"], "\n".join(lines)


FORUM = """\
---
title: "Connected Leadership"
start: 2025-10-01
end: 2025-10-31
topics: [School Leadership]
host: Literacy Network
---
A forum.
"""


def printed(summary: str) -> str:
    """An event of the forum whose archive summary the proceedings PDF prints."""
    return an_event("forum: connected-leadership\n" + ARCHIVE + f"  summary: {json.dumps(summary, ensure_ascii=False)}\n")


def grid(columns: int, rows: int, cell: str) -> str:
    return "|" + "a|" * columns + "\n|" + "-|" * columns + "\n" + ("|" + f"{cell}|" * columns + "\n") * rows


def test_a_summary_too_much_for_the_pdf_is_refused(site) -> None:
    """Six summaries, each a table of 20 columns and 450 rows of `w` (under 20,000 characters):
    `check` took half a second, and `build` 46 s, laying them out in the proceedings PDF."""
    content = site({"forums/connected-leadership.md": FORUM,
                    **{f"events/x{n}.md": printed(grid(20, 450, "w")) for n in range(6)}})
    lines = [line for line in check_then_build(content) or [] if ": warning: " not in line]  # copies: same start
    assert lines == [f"{content.as_posix()}/events/x{n}.md:11: error: archive.summary has tables of more than 500 "
                     "cells in all (each row has as many cells as its table has columns); shorten the tables, or put "
                     "the data in a spreadsheet and link to it" for n in range(6)], "\n".join(lines or [])


@pytest.mark.long
def test_summaries_at_the_printed_limits_are_printed_in_time(site) -> None:
    """What WeasyPrint laid out slowest, each within the limits: 1,000 list items; 500 cells; 500
    characters of a table of 20 columns, in 26 quotes or in a table as narrow; and 29 quotes around
    20,000 characters without a space, which took more than 15 minutes when each quote took the same
    width off the page."""
    nested = "<table><tr><td><table><tr><td>" + "字" * 500 + "</td>" + "<td></td>" * 19 + "</tr></table></td>" \
             + "<td></td>" * 19 + "</tr></table>"
    quoted = "".join("> " * 26 + line + "\n" for line in ["|" + "a|" * 20, "|" + "-|" * 20, "|" + "字" * 480 + "|"])
    summaries = ["- w\n" * 999, grid(20, 24, "w"), quoted, nested, "> " * 29 + "字" * 19_900, "# h\n" * 1_000]
    content = site({"forums/connected-leadership.md": FORUM,
                    **{f"events/x{n}.md": printed(summary) for n, summary in enumerate(summaries)}})
    assert check_then_build(content) is None
    assert (content.parent / "out" / "proceedings" / "proceedings.pdf").stat().st_size > 10_000


def test_the_command_line_names_the_file_and_line(tmp_path: Path) -> None:
    write_site(tmp_path, {"events/x.md": an_event(ARCHIVE + "  captions: media/t.vtt\n", deep(5_000)),
                          "media/t.vtt": "WEBVTT\n\n99999999999:00:00.000 --> 99999999999:00:01.000\nx\n"})
    for command in (["check"], ["build", "--out", "out", "--no-cache"]):
        result = run_builder(*command, "--content", "content", cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert result.stderr.splitlines() == [
            'content/events/x.md:10: error: archive.captions "media/t.vtt" is not valid WebVTT: media/t.vtt line 3: '
            'timestamp "99999999999:00:00.000" is more than 24 hours into the recording; write the time from the '
            "start of the recording, like 01:02:03.000 for an hour, two minutes and three seconds",
            "content/events/x.md:12: error: the description below the front matter nests quotes, lists or HTML tags "
            "more than 30 levels deep (a list inside a list counts two levels: the list and its item); flatten it, "
            "for example by putting some parts side by side",
            "2 errors; nothing was written"]


def test_a_failing_pdf_is_named_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from builder.outputs import pdf
    with pytest.raises(pdf.PdfFailed, match="nested too deeply.*archive blocks"):
        pdf.html_to_pdf("<div>" * 5_000 + "x")


# ---- the measure of nesting, against nh3's own tree ----

TAGS = ("div p b i a span ul ol li dl dt dd table tbody thead tr td th caption colgroup col blockquote h2 select option "
        "optgroup template svg math mi mtext annotation-xml foreignObject desc title style script textarea xmp iframe "
        "noscript object marquee button form font nobr em strong code br hr img input body html frameset section pre "
        "listing details summary").split()
RAW = {"script", "style", "iframe", "xmp", "noembed", "noframes", "noscript", "plaintext", "textarea", "title"}
ORACLE = nh3.Cleaner(tags={tag.lower() for tag in TAGS} - RAW, attributes={}, strip_comments=True, link_rel=None)
ORACLE_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^>]*)?>")


def depth_of(html: str) -> int:
    """The depth of nh3's tree, from its well-formed output."""
    depth = best = 0
    for closing, name in ORACLE_TAG.findall(html):
        if name.lower() in htmlshape.VOID:
            continue
        depth += -1 if closing else 1
        best = max(best, depth)
    return best


def measured(html: str) -> int:
    """The measure's depth of this HTML, the limit aside."""
    class Unlimited(htmlshape._Measure):
        def _push(self, name: str, space: int = htmlshape.HTML) -> None:
            super()._push(name, space)
            self.deepest = max(getattr(self, "deepest", 0), len(self.stack) + self.off_stack)
    measure = Unlimited(html)
    limit, htmlshape.MAX_NESTING = htmlshape.MAX_NESTING, 10**9
    try:
        measure.run()
    finally:
        htmlshape.MAX_NESTING = limit
    return getattr(measure, "deepest", 0)


def tag_soup() -> st.SearchStrategy[str]:
    tag = st.sampled_from(TAGS).flatmap(lambda t: st.sampled_from([t, t.upper()]))
    attributes = st.sampled_from(["", " x", ' title=">"', " a=b", " encoding=text/html", " colspan=3", " '", ' "',
                                  " =x", "/"])
    token = st.one_of(st.builds(lambda t, a: f"<{t}{a}>", tag, attributes), st.builds(lambda t: f"</{t}>", tag),
                      st.sampled_from(["x", "<!--x-->", "<!-->", "<!x>", "<?x>", "</ x>", "</>", "<![CDATA[x]]>", "<",
                                       ">", '"', "'", "=", "-->", "<!--", " "]))
    return st.lists(token, min_size=10, max_size=150).map("".join)


@PROPERTIES
@given(tag_soup())
def test_the_measure_of_raw_html_is_close_to_nh3s_tree(soup: str) -> None:
    """It counts at most two levels less than html5ever builds on misnested tag soup, and what a
    page gets is measured again, exactly, after sanitizing."""
    assert depth_of(ORACLE.clean(soup)) <= measured(soup) + 2


MARKDOWN_LEAVES = st.sampled_from(["word", "**bold**", "*it*", "~~del~~", "[link](https://example.org/)", "`code`",
                                   "![img](https://example.org/i.png)", "https://example.org/auto", "a[^1]\n\n[^1]: note",
                                   "| a | b |\n|---|---|\n| 1 | 2 |", "# Heading", "---", "    code", "```\nfenced\n```"])
# What nests: each wraps the Markdown inside it (an inline one leaves a block of several lines as it is).
MARKDOWN_WRAPS = (
    lambda text: "\n".join("> " + line for line in text.split("\n")),
    lambda text: "- " + text.replace("\n", "\n  "),
    lambda text: "1. " + text.replace("\n", "\n   "),
    lambda text: f"*{text}*" if "\n" not in text else text,
    lambda text: f"**{text}**" if "\n" not in text else text,
    lambda text: f"[{text}](https://example.org/)" if "\n" not in text else text,
    lambda text: f"<div>\n\n{text}\n\n</div>",
    lambda text: f"<b>{text}</b>" if "\n" not in text else text,
)


@st.composite
def nested_markdown(draw: st.DrawFn, max_leaves: int) -> str:
    """A tree of up to `max_leaves` leaves whose inner nodes each wrap what is below them or set
    two to four blocks side by side. (Made by hand: st.recursive validated its strategies again on
    every draw, which took most of this file's time.)"""
    left = [max_leaves]

    def node(depth: int) -> str:
        if depth > 0 and (left[0] <= 1 or draw(st.integers(0, 3)) == 0):
            left[0] -= 1
            return draw(MARKDOWN_LEAVES)
        choice = draw(st.integers(0, len(MARKDOWN_WRAPS)))
        if choice < len(MARKDOWN_WRAPS):
            return MARKDOWN_WRAPS[choice](node(depth + 1))
        return "\n\n".join(node(depth + 1) for _ in range(draw(st.integers(1, min(4, max(1, left[0]))))))
    return node(0)


def markdown() -> st.SearchStrategy[str]:
    """Markdown of every construct that nests, nested at random, with some raw HTML."""
    repeated = st.builds(lambda unit, count: unit * count,
                         st.sampled_from([">", "- ", "1. ", "<div>", "<b><i>", "<q>", "*", "[", "<td>", "  - x\n"]),
                         st.one_of(st.integers(0, 40), st.integers(0, 3_000)))
    return st.one_of(nested_markdown(40), repeated,
                     st.builds(lambda a, b: a + "\n\n" + b, repeated, nested_markdown(10)))


def html_depth(html: str) -> int:
    tree = html5lib.parse(f"<div>{html}</div>", namespaceHTMLElements=False)

    def depth(element) -> int:  # noqa: ANN001
        return 1 + max((depth(child) for child in element), default=0)
    body = tree.find("body")
    return depth(body) - 2  # without <body> and the <div> around


@pytest.mark.long
@PROPERTIES
@given(markdown())
def test_markdown_is_rendered_within_the_limits_or_refused_in_time(text: str) -> None:
    with time_limit(20 + len(text) / 5_000):
        problem = markup.markdown_problem(text)
        rendered = markup.render_markdown(text)
    if problem is None:
        assert rendered != markup.REFUSED
        assert html_depth(rendered) <= limits.MAX_NESTING
        assert htmlshape.sanitized_problem(rendered) is None
    else:
        assert rendered == markup.REFUSED
    if htmlshape.surely_within(text):  # the shortcut that skips measuring is never wrong
        assert htmlshape.problem(markup._images_to_links(markup._cmark_html(text)), raw_html=False) is None


# ---- whole files: front matter, bodies, captions, paths ----

FIELDS = [*(name for name in schema.EVENT if name != "archive"), *(f"archive.{name}" for name in schema.ARCHIVE),
          "nonsense"]


def scalars() -> st.SearchStrategy[object]:
    return st.one_of(
        st.text(max_size=40),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
        st.sampled_from(["2025-10-14T15:00", "2025-10-14", "9999-99-99", "America/Chicago", "webinar", "Literacy",
                         "https://example.org/x", "media/talk.vtt", "media/talk.md", "media/slides.pdf", "yes", "NO",
                         "", "~", "null", "\x00", "\u202e", "\ud800", "<script>alert(1)</script>", "{{ 7*7 }}",
                         ">" * 50 + " deep", "<div>" * 60]),
        st.integers(min_value=1, max_value=60_000).map(lambda n: "x" * n),
        st.integers(min_value=0, max_value=2_000).map(lambda n: "https://example.org/" + "p" * n),
        st.floats(allow_nan=True), st.integers(), st.booleans(), st.none())


def values() -> st.SearchStrategy[object]:
    return st.recursive(scalars(), lambda inner: st.one_of(
        st.lists(inner, max_size=30), st.dictionaries(st.text(max_size=12), inner, max_size=6),
        st.integers(0, 40).map(lambda n: "[" * n + "]" * n)), max_leaves=60)


# Values each field accepts, at and near its limits, so that many random files pass `check` and
# go on to be built: the build must not fail on what `check` accepted.
PLAUSIBLE: dict[str, list[object]] = {
    "title": ["T" * 300, "Título: ✓ 中文", "<b>x</b> {{ 7*7 }}", "a\nb"],
    "start": ["2025-10-14T15:00", "2025-10-14", "2025-03-09T02:30"],
    "end": ["2025-10-14T16:00", "2025-10-15", "2026-10-14T16:00"],
    "timezone": ["Pacific/Kiritimati", "America/St_Johns", "Asia/Kathmandu"],
    "topics": [["Literacy"] * 10, ["Literacy", "STEM Education", "School Leadership"]],
    "partner": ["P" * 150, "Ω" * 150, "ﷺ" * 8, "stem-teachers-network"],
    "presenters": [[f"Presenter {n} " + "p" * 280 for n in range(30)]],
    "registration": ["https://example.org/" + "r" * 1_980, "http://[::1]/", "https://例え.jp/パス"],
    "join": ["https://example.org/" + "j" * 1_980, "https://meet.example.org/a,b;c\\d"],
    "language": ["es", "zh-Hant-TW", "ase", "en-US-x-twain", "sgn-US"],
    "accessibility": [["captions", "asl", "transcript", "slides-in-advance"], "ASL", ["Slides in advance"] * 3],
    "summary": ["S" * 300], "audience": [["Teachers", "Families"]], "track": ["K" * 300],
    "repeat": ["daily"], "until": ["2026-11-18"], "published": ["2025-09-01"], "updated": ["2025-10-01T10:00"],
    "extra": [json.loads("[" * 19 + "]" * 19), {"k" * 100: ["v" * 1_000] * 100}],
    "archive.recording": ["https://www.youtube.com/watch?v=abc", "https://example.org/v.mp4"],
    "archive.captions": ["media/talk.vtt"], "archive.transcript": ["media/talk.md", "https://example.org/t"],
    "archive.slides": ["media/slides.pdf"],
    "archive.summary": [deep(29), "|" + "a|" * 20 + "\n|" + "-|" * 20 + "\n", "<table><tr><td colspan=20>x</td></tr></table>",
                        "<ol start=99999999999999999999><li>x</li></ol>", "<img width=99999999 height=99999999 alt=x>",
                        "`" + "x" * 19_990 + "`"],
    "archive.takeaways": [["t" * 300] * 20], "archive.resources": [[{"title": "R" * 300, "url": "https://example.org/"
                                                                     + "u" * 1_970}] * 20],
}


def field_values() -> st.SearchStrategy[tuple[str, object]]:
    return st.sampled_from(FIELDS).flatmap(lambda name: st.tuples(st.just(name), st.one_of(
        st.sampled_from(PLAUSIBLE.get(name, [None])), st.sampled_from(PLAUSIBLE.get(name, [None])), values())))


def yaml_of(value: object) -> str:
    """The value as YAML (JSON is YAML), or as itself when it is a string that may be read bare."""
    if isinstance(value, str) and value and value.isprintable() and not value.startswith((" ", "[", "{")):
        return value if ":" not in value and "#" not in value else json.dumps(value)
    return json.dumps(value)


def with_fields(changes: dict[str, object]) -> str:
    base = {"title": '"Reading"', "start": "2025-10-14T15:00", "end": "2025-10-14T16:00", "type": "webinar",
            "topics": "[Literacy]", "partner": "Literacy Network"}
    lines, archive = [], []
    for name, value in changes.items():
        if name.startswith("archive."):
            archive.append(f"  {name[8:]}: {yaml_of(value)}")
        else:
            base[name] = yaml_of(value)
    lines = [f"{name}: {value}" for name, value in base.items()]
    if archive:
        lines += ["archive:", *archive]
    return "---\n" + "\n".join(lines) + "\n---\nA body.\n"


MEDIA: dict[str, str | bytes] = {
    "media/talk.vtt": VTT, "media/talk.md": "# Transcript\n\nSaid.\n", "media/slides.pdf": b"%PDF-1.4\n%%EOF\n",
    "media/logo.png": b"\x89PNG\r\n\x1a\n", "media/folder.vtt/inside.txt": "a folder named like a file",
}


def scratch(files: dict[str, str | bytes]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        content = write_site(root, {name: data.encode("utf-8") if isinstance(data, str) else data  # not dedented
                                    for name, data in {**MEDIA, **files}.items()})
        (root / "secret.vtt").write_text(VTT, encoding="utf-8")
        os.symlink(root / "secret.vtt", content / "media" / "leak.vtt")
        os.symlink(content / "media" / "talk.vtt", content / "media" / "inside-link.vtt")
        yield content


@SITES
@given(st.lists(field_values(), min_size=1, max_size=5))
def test_random_front_matter_is_refused_with_lines_or_built(changes: list[tuple[str, object]]) -> None:
    for content in scratch({"events/x.md": with_fields(dict(changes))}):
        check_then_build(content)


@pytest.mark.long
@SITES
@given(markdown(), st.sampled_from(["events/x.md", "pages/about.md", "partners/literacy-network.md",
                                   "archive.summary", "archive.transcript"]))
def test_random_bodies_are_refused_with_lines_or_built(text: str, where: str) -> None:
    files: dict[str, str | bytes] = {"events/x.md": an_event()}
    if where == "pages/about.md":
        files[where] = "---\ntitle: About\n---\n" + text
    elif where == "partners/literacy-network.md":
        files[where] = "---\nname: Literacy Network\n---\n" + text
    elif where == "archive.summary":
        files["events/x.md"] = an_event(ARCHIVE + f"  summary: {json.dumps(text)}\n")
    elif where == "archive.transcript":
        files["events/x.md"] = an_event(ARCHIVE + "  transcript: media/t.md\n")
        files["media/t.md"] = text
    else:
        files[where] = an_event(body=text)
    for content in scratch(files):
        check_then_build(content)


def timestamps() -> st.SearchStrategy[str]:
    clock = st.builds(lambda h, m, s, ms: f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}", st.integers(0, 30), st.integers(0, 59),
                      st.integers(0, 59), st.integers(0, 999))
    return st.one_of(clock, clock.map(lambda t: t[3:]), st.sampled_from(
        ["99999999999:00:00.000", "24:00:00.000", "24:00:00.001", "00:60:00.000", "1:00.000", "00:00:00,000", "",
         "9" * 5_000 + ":00:00.000", "-01:00:00.000", "00:00:01.000 align:start"]), st.text(max_size=20))


def cues() -> st.SearchStrategy[str]:
    cue = st.builds(lambda start, end, text: f"{start} --> {end}\n{text}\n", timestamps(), timestamps(),
                    st.one_of(st.text(max_size=60), st.sampled_from(["<v Maria>Hi.", "<v a" * 700, "<b>x</b>",
                                                                     "NOTE x", "-->"])))
    many = st.builds(lambda unit, count: unit * count, st.sampled_from(["00:00:01.000 --> 00:00:02.000\nx\n\n"]),
                     st.integers(0, 21_000))
    return st.one_of(st.lists(cue, max_size=40).map(lambda items: "WEBVTT\n\n" + "\n".join(items)), many.map(
        lambda text: "WEBVTT\n\n" + text), st.text(max_size=200))


@SITES
@given(cues(), st.sampled_from(["captions", "transcript"]))
def test_random_captions_are_refused_with_lines_or_built(text: str, field: str) -> None:
    for content in scratch({"events/x.md": an_event(ARCHIVE + f"  {field}: media/t.vtt\n"), "media/t.vtt": text}):
        check_then_build(content)


def paths() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(["media/talk.vtt", "../secret.vtt", "/etc/passwd", "media/../media/talk.vtt", "media/leak.vtt",
                         "media/inside-link.vtt", "media/folder.vtt", "content/media/talk.vtt", "media/missing.vtt",
                         "./media/talk.vtt", "media//talk.vtt", "media\\talk.vtt", "C:\\talk.vtt", "~/talk.vtt",
                         "media/talk.vtt\x00", "media/tälk.vtt", "http://example.org/t.vtt", "file:///etc/passwd",
                         "media/talk.md", "media/slides.pdf", "media/logo.png", "events/x.md", "site.yml", ".", "/",
                         "media/" + "a" * 300 + ".vtt", "events", "index.html", "assets/site.js"]),
        st.lists(st.sampled_from(["..", ".", "media", "talk.vtt", "", "x", "leak.vtt", "\\", "~"]), max_size=6).map(
            "/".join),
        st.text(max_size=60))


@SITES
@given(st.sampled_from(["archive.captions", "archive.transcript", "archive.slides", "logo"]), paths())
def test_random_paths_are_refused_with_lines_or_built(field: str, path: str) -> None:
    if field == "logo":
        files = {"events/x.md": an_event(), "partners/literacy-network.md":
                 f"---\nname: Literacy Network\nlogo: {json.dumps(path)}\n---\nA partner.\n"}
    else:
        files = {"events/x.md": with_fields({field: path})}
    for content in scratch(files):
        check_then_build(content)


# ---- check and build agree ----

HOSTILE = [
    an_event(body=deep(30)), an_event(body=deep(31)), an_event(body="<b><i>" * 14 + "x"), an_event(body="<q>" * 29 + "x"),
    an_event(body="<table><tr>" + "<td>x</td>" * 20 + "</tr></table>"),
    an_event(body="<table><tr>" + "<td colspan=20>x</td>" + "</tr></table>"),
    an_event(body="<table><tr><td colspan=' 20 '>x</td><td>y</td></tr></table>"),
    an_event(body='<table><tr><td rowspan="٢١">x</td></tr></table>'),
    an_event(body="<select>" + "<option>" * 40), an_event(body="<svg>" + "<g>" * 40), an_event(body="<math><mi>" + "<div>" * 40),
    an_event(body="<style>" + "<div>" * 40 + "</style>x"), an_event(body="<!--" + "<div>" * 40 + "-->x"),
    an_event(body="<textarea>" + "<div>" * 40), an_event(body="<plaintext>" + "<div>" * 40),
    an_event(body="<script><!--<script></script>" + "<div>" * 40 + "</script>"),
    an_event(body="".join(f"<p><b id=b{n}>x</p>" for n in range(35))),
    an_event(body="".join("<button><button></button><listing></button>" for _ in range(40))),
    an_event(ARCHIVE + "  takeaways: " + json.dumps(["x" * 300] * 20) + "\n"),
    an_event(ARCHIVE + f"  summary: {json.dumps('<ol start=99999999999999999999><li>x</li></ol>')}\n"),
    an_event(ARCHIVE + f"  summary: {json.dumps('<img width=99999999999 height=99999999999 alt=x>')}\n"),
    an_event(ARCHIVE + f"  summary: {json.dumps('<pre>' + 'x' * 19_000 + '</pre>')}\n"),
    an_event(ARCHIVE + "  summary: " + json.dumps("|" + "a|" * 20 + "\n|" + "-|" * 20 + "\n" + ("|" + "x|" * 20 + "\n") * 24)
          + "\n"),
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_what_check_accepts_build_builds(text: str) -> None:
    for content in scratch({"events/x.md": text}):
        check_then_build(content)


def test_the_sample_site_is_within_every_limit() -> None:
    assert errors(SAMPLE_CONTENT) is None


def test_webvtt_anchors_are_as_before() -> None:
    cues = webvtt.parse("WEBVTT\n\n" + "".join(f"00:00:0{n // 3}.{n % 3}00 --> 00:00:09.000\nx\n\n" for n in range(9)))
    assert [cue.anchor for cue in cues] == ["t-00-00-00", "t-00-00-00-2", "t-00-00-00-3", "t-00-00-01",
                                           "t-00-00-01-2", "t-00-00-01-3", "t-00-00-02", "t-00-00-02-2",
                                           "t-00-00-02-3"]

