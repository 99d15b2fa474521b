"""Pages stay light on slow networks: with 1,000 events in the month the calendar page, with its
CSS and JavaScript, is at most 150 KB compressed; day pages carry the detail."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import html5lib
import pytest

from tests.conftest import SITE_YML, run_cli, write_site

pytestmark = pytest.mark.xdist_group("thousand-events")  # the site is built once, by one worker

TYPES = ["webinar", "chat", "class", "book-club", "open-house", "guided-tour", "conference-session"]
TOPICS = ["Literacy", "STEM Education", "School Leadership"]
WORDS = ("Designing Inquiry Units Classroom Practice Families Reading Science Assessment Leadership Rural "
         "Digital Citizenship Projects Coaching Student Voice Feedback Portfolios Equity Mathematics").split()


def thousand_events() -> dict[str, str]:
    rng = random.Random(2025)
    files = {}
    for index in range(1000):
        day, hour = 1 + index % 31, 8 + rng.randrange(12)
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9)))
        files[f"events/event-{index:04d}.md"] = (
            f'---\ntitle: "{title}"\nstart: 2025-10-{day:02d}T{hour:02d}:00\nend: 2025-10-{day:02d}T{hour + 1:02d}:00\n'
            f"type: {rng.choice(TYPES)}\ntopics: [{rng.choice(TOPICS)}]\npartner: Partner {index % 150}\n"
            f"audience: [Teachers]\nsummary: \"{title} for every classroom.\"\n---\n{title}.\n")
    return files


@pytest.fixture(scope="session")  # not "module": torn down whenever the worker runs another module's test between two of these
def thousand_event_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output of a site of 1,000 events, none archived yet."""
    folder = tmp_path_factory.mktemp("thousand")
    content = write_site(folder, thousand_events(), SITE_YML)
    result = run_cli("build", "--content", str(content), "--out", str(folder / "out"))
    assert result.returncode == 0, result.stderr
    return folder / "out"


def test_the_calendar_page_stays_under_150_kb_compressed(thousand_event_site: Path) -> None:
    out = thousand_event_site
    home = (out / "index.html").read_bytes()
    weight = sum(len(gzip.compress((out / name).read_bytes(), 9)) for name in
                 ("index.html", "assets/style.css", "assets/site.js", "assets/my.js"))
    print(f"calendar page with 1000 events: {len(home)} bytes of HTML, {weight} bytes compressed with CSS and JS")
    assert weight <= 150_000
    tree = html5lib.parse(home, namespaceHTMLElements=False)
    assert not [img for img in tree.iter("img") if img.get("loading") != "lazy"]
    day = (out / "days" / "2025-10-15" / "index.html").read_text(encoding="utf-8")
    assert day.count('class="event-item') >= 30  # the detail lives on the day pages


def test_the_printed_proceedings_wait_for_an_archived_session(thousand_event_site: Path) -> None:
    """1,000 sessions not archived yet would fill a PDF with titles and nothing else: the printed
    proceedings leave out what is not archived, so with nothing archived there is no PDF to offer."""
    assert not (thousand_event_site / "proceedings" / "proceedings.pdf").exists()
    page = (thousand_event_site / "proceedings" / "index.html").read_text(encoding="utf-8")
    assert "proceedings.pdf" not in page and "made once a session is archived" in page
