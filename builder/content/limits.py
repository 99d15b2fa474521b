"""Limits: the most one content file may hold, each declared once, here.

Every limit keeps one partner's file from hanging or breaking the build for everyone: the work
of each stage grows with the size of what it reads, and some of it (sanitizing nested HTML, laying
out the PDF) grows faster than that, so sizes, counts and nesting are bounded before any of it
runs. `check` refuses a file over a limit with the fix, so whatever it accepts, `build` builds.

Each limit is an int that also says what it limits, in the partner guide's words; the guide's
"Limits" table is `guide_table()`, and a test holds the two together.
"""

from __future__ import annotations


class Limit(int):
    """A number that knows what it limits (`what`) and in what (`unit`)."""

    what: str
    unit: str

    def __new__(cls, value: int, unit: str, what: str) -> Limit:
        limit = super().__new__(cls, value)
        limit.what, limit.unit = what, unit
        return limit

    def __reduce__(self) -> tuple[type, tuple[int, str, str]]:
        return Limit, (int(self), self.unit, self.what)


MAX_FILE_BYTES = Limit(2_000_000, "bytes", "A content file (an event, forum, partner or page `.md`, or `site.yml`)")
# -- front matter --
MAX_FRONT_MATTER = Limit(100_000, "characters", "The front matter (the fields between the `---` lines), and "
                                                "`site.yml`")
MAX_FRONT_MATTER_NESTING = Limit(20, "levels", "Lists and blocks inside each other in the front matter")
MAX_REPEAT_DAYS = Limit(400, "days", "From the first to the last day of a repeating event (`until`)")
MAX_TEXT = Limit(300, "characters", "A title, summary, description, name or other one-line value")
MAX_URL = Limit(2_000, "characters", "A web address")
MAX_PATH = Limit(200, "characters", "The path of a file under `content/` (captions, transcript, slides, logo)")
MAX_SLUG = Limit(150, "characters", "A file name without `.md` (the slug), and the web address part made "
                                    "from a partner's or topic's name")
MAX_TOPICS = Limit(10, "items", "`topics` of one event or forum")
MAX_AUDIENCE = Limit(10, "items", "`audience` of one event")
MAX_PEOPLE = Limit(30, "items", "`presenters` of one event, `moderators` of one forum")
MAX_TAKEAWAYS = Limit(20, "items", "`takeaways` of one archive")
MAX_CHAPTERS = Limit(100, "items", "`chapters` of one archive")
MAX_RESOURCES = Limit(20, "items", "`resources` of one archive")
MAX_SITE_LIST = Limit(200, "items", "`topics`, `audiences` or `partners` in `site.yml`")
# -- Markdown --
MAX_BODY = Limit(100_000, "characters", "The description (the Markdown text below the front matter)")
MAX_MARKDOWN = Limit(20_000, "characters", "An archive `summary` or a forum `synthesis`")
MAX_NESTING = Limit(30, "levels", "Nesting in Markdown: quotes, lists and HTML tags inside each other "
                                  "(a list inside a list counts two levels: the list and its item)")
MAX_TABLE_COLUMNS = Limit(20, "columns", "Columns of a table (a cell with `colspan` counts as many)")
MAX_TABLE_CELLS = Limit(500, "cells", "Table cells in one Markdown text, all its tables together (each row has "
                                      "as many cells as its table has columns)")
MAX_SPAN = Limit(20, "cells", "`colspan` or `rowspan` of a table cell")
MAX_ATTRIBUTES = Limit(20, "attributes", "Attributes of one HTML tag")
# -- what the proceedings PDF prints: an archive's summary, a forum's synthesis --
MAX_PRINTED_PARTS = Limit(1_000, "parts", "Formatted parts of an archive `summary` or a forum `synthesis`: "
                                          "paragraphs, headings, lists and their items, table rows and cells, "
                                          "links, emphasis, line breaks, lines of code")
MAX_PRINTED_TABLE_TEXT = Limit(500, "characters", "Text in the tables of an archive `summary` or a forum "
                                                  "`synthesis`")
# -- files an archive names --
MAX_MEDIA_TEXT = Limit(1_000_000, "bytes", "A captions or transcript file (`.vtt` or `.md`)")
MAX_CUES = Limit(20_000, "cues", "Cues of one captions or transcript `.vtt` file")
MAX_CUE_TEXT = Limit(2_000, "characters", "The text of one cue")
MAX_RECORDING_HOURS = Limit(24, "hours", "A cue's time in a `.vtt` file (from the start of the recording)")
MAX_EARNERS = Limit(5_000, "rows", "Earners of one badge (the rows of its `.earners.csv`)")
MAX_REFLECTION = Limit(2_000, "characters", "An earner's `reflection` in a badge's `.earners.csv`")
MAX_BADGE_IMAGE = Limit(256_000, "bytes", "A badge's image (`.svg` or `.png`)")

LIMITS: dict[str, Limit] = {name: value for name, value in globals().items() if isinstance(value, Limit)}

# Not a Limit, so not in the partner guide's table: only organizers write site.yml's `nav` and
# `footer`. Each link is on every page, so a long list grows every page of the site.
MAX_MENU_LINKS = 30


def guide_table() -> str:
    """The partner guide's table of limits, one row per limit, in the order declared above."""
    rows = ["| What | At most |", "|------|---------|"]
    rows += [f"| {limit.what} | {int(limit):,} {limit.unit} |" for limit in LIMITS.values()]
    return "\n".join(rows) + "\n"
