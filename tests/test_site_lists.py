"""Lists every listing page carries (the filter menus) come from lists the organizers declare in
site.yml: topics and audiences. One event file cannot add to them, so it cannot grow every page
of the site; a value not in the list is an error with the value meant.
"""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

from tests.conftest import SITE_YML, run_builder, run_cli, write_site

AUDIENCES = "audiences: [Teachers, Principals, Coaches, Families]\n"


def event(audience: str, title: str = "An event", day: int = 14) -> str:
    """An event file; `audience` is on line 8."""
    return (f"---\ntitle: {title}\nstart: 2025-10-{day:02d}T15:00\nend: 2025-10-{day:02d}T16:00\ntype: webinar\n"
            f"topics: [Literacy]\npartner: P\naudience: {audience}\n---\nBody.\n")


def test_an_audience_not_in_the_sites_list_is_an_error_with_the_one_meant(tmp_path: Path) -> None:
    write_site(tmp_path, {"events/x.md": event("[Teacher, principals]")})
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        'content/events/x.md:8: error: audience "Teacher" is not an audience of this site; did you mean "Teachers"? '
        "Valid values: Coaches, Families, Principals, Teachers. (site.yml lists the audiences)",
        "1 error; nothing was written"]


def test_audiences_are_shown_as_the_site_spells_them(tmp_path: Path) -> None:
    write_site(tmp_path, {"events/x.md": event("[teachers, PRINCIPALS]"), "events/y.md": event("[Coaches]", "B", 15)})
    result = run_cli("build", "--content", "content", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "index.html").read_text()
    menu = re.search(r'<select name="audience">(.*?)</select>', page, re.S).group(1)
    assert re.findall(r">([^<]+)</option>", menu) == ["Anyone", "Coaches", "Principals", "Teachers"]
    assert "Teachers, Principals" in (tmp_path / "out" / "events" / "x" / "index.html").read_text()


def test_without_a_list_of_audiences_each_event_names_a_few(tmp_path: Path) -> None:
    """The partners' contract keeps site.yml's lists optional; without one, an event's own values make
    the menu, and the limit per event keeps one file from growing every page."""
    write_site(tmp_path, {"events/x.md": event("[Teachers]"),
                          "events/y.md": event("[" + ", ".join(f"Audience {n}" for n in range(11)) + "]", "B", 15)},
               SITE_YML.replace(AUDIENCES, ""))
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("content/events/y.md:8: error: audience has 11 items"), result.stderr
    (tmp_path / "content" / "events" / "y.md").unlink()
    result = run_cli("build", "--content", "content", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    menu = re.search(r'<select name="audience">(.*?)</select>', (tmp_path / "out" / "index.html").read_text(), re.S)
    assert re.findall(r">([^<]+)</option>", menu.group(1)) == ["Anyone", "Teachers"]


def test_an_audience_list_of_thousands_is_a_few_lines_of_errors_not_a_bigger_site(tmp_path: Path) -> None:
    """Before, thousands of names became the audience menu of every listing page."""
    names = ", ".join(f"Audience {number}" for number in range(5_000))  # within the front matter's size limit
    write_site(tmp_path, {"events/x.md": event(f"[{names}]"), "events/y.md": event("[Teachers]", "B", 15)})
    started = time.monotonic()
    result = run_cli("build", "--content", "content", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1 and not (tmp_path / "out").exists()
    assert time.monotonic() - started < 60
    lines = result.stderr.splitlines()
    assert 2 <= len(lines) <= 7 and re.fullmatch(r"\d errors?; nothing was written", lines[-1]), lines
    assert all(line.startswith("content/events/x.md:8: error: audience ") for line in lines[:-1]), lines


def test_unknown_audiences_are_reported_five_then_counted(tmp_path: Path) -> None:
    write_site(tmp_path, {"events/x.md": event("[" + ", ".join(f"Audience {n}" for n in range(8)) + ", Teachers]")})
    lines = run_cli("check", "--content", "content", cwd=tmp_path).stderr.splitlines()
    assert lines[0].startswith('content/events/x.md:8: error: audience "Audience 0" is not an audience of this site')
    assert lines[5:] == ["content/events/x.md:8: error: audience has 3 more values that are not in site.yml's "
                         "list of audiences", "6 errors; nothing was written"]


def test_spellings_of_known_audiences_leave_other_pages_as_they_were(tmp_path: Path) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    write_site(small, {"events/x.md": event("[Teachers, Principals]"), "events/y.md": event("[Coaches]", "B", 15)})
    write_site(large, {"events/x.md": event("[Teachers, teachers, TEACHERS, principals, PRINCIPALS, Principals]"),
                       "events/y.md": event("[Coaches]", "B", 15)})
    for root in (small, large):
        result = run_cli("build", "--content", "content", "--out", "out", cwd=root)
        assert result.returncode == 0, result.stderr
    for page in ("index.html", "days/2025-10-14/index.html", "types/webinar/index.html", "events/x/index.html"):
        assert (small / "out" / page).read_bytes() == (large / "out" / page).read_bytes(), page


def test_without_a_list_of_topics_each_event_names_a_few(tmp_path: Path) -> None:
    write_site(tmp_path, {"events/x.md": event("[Teachers]").replace("topics: [Literacy]", "topics: [Own Topic]"),
                          "events/y.md": event("[Teachers]", "B", 15).replace(
                              "topics: [Literacy]", "topics: [" + ", ".join(f"T{n}" for n in range(11)) + "]")},
               SITE_YML.replace("topics: [Literacy, STEM Education, School Leadership]\n", ""))
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("content/events/y.md:6: error: topics has 11 items"), result.stderr
    (tmp_path / "content" / "events" / "y.md").unlink()
    result = run_cli("build", "--content", "content", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "topics" / "own-topic" / "index.html").is_file()


def test_two_audiences_that_share_a_filter_value_are_an_error(tmp_path: Path) -> None:
    write_site(tmp_path, {"events/x.md": event("[Teachers]")},
               SITE_YML.replace(AUDIENCES, "audiences: [Teachers, Early Learners, early-learners]\n"))
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert 'content/site.yml:6: error: audiences "early-learners" and "Early Learners" would share the filter value ' \
           '"early-learners"; keep one' in result.stderr.splitlines()


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_names_equal_but_for_case_sort_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    """"Straße" and "STRASSE" fold to one word but are two audiences (two filter values): the menu
    used to order them as a set happened to, which the hash seed decides."""
    pairs = ["Straße", "STRASSE", "Weiß", "WEISS", "Maß", "MASS", "Fuß", "FUSS", "Gruß", "GRUSS"]
    site = SITE_YML.replace(AUDIENCES, f"audiences: [{', '.join(pairs)}]\n")
    files = {f"events/e{index}.md": event(f"[{name}]", f"Event {index}", 14 + index % 3)
             for index, name in enumerate(pairs)}
    outputs = []
    for seed in ("1", "2", "3"):
        root = tmp_path / seed
        write_site(root, files, site)
        result = run_builder("build", "--content", "content", "--out", "out", cwd=root, env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        outputs.append(digest(root / "out"))
    assert outputs[0] == outputs[1] == outputs[2]
    menu = re.search(r'<select name="audience">(.*?)</select>', (tmp_path / "1" / "out" / "index.html").read_text(),
                     re.S).group(1)
    assert re.findall(r">([^<]+)</option>", menu)[1:] == ["FUSS", "Fuß", "GRUSS", "Gruß", "MASS", "Maß", "STRASSE",
                                                          "Straße", "WEISS", "Weiß"]
