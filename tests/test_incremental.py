"""Incremental builds: after any edit, a rebuild with the cache equals a cold build byte for byte,
and it touches only the files whose inputs changed."""

from __future__ import annotations

import filecmp
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_CONTENT, SAMPLE_EPOCH, pdf_stand_in, run_cli

ENV = {"SOURCE_DATE_EPOCH": "1759000000"}
# One worker runs them all (make test's --dist loadgroup): the sample site built with its cache
# (built_site) and the cold builds that several tests compare with are made once, not in each worker.
pytestmark = pytest.mark.xdist_group("incremental")


def tree(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_tree(a: Path, b: Path) -> None:
    files_a, files_b = tree(a), tree(b)
    assert sorted(files_a) == sorted(files_b), set(files_a) ^ set(files_b)
    different = [name for name in files_a if not filecmp.cmp(files_a[name], files_b[name], shallow=False)]
    assert not different, different[:10]


def mtimes(folder: Path) -> dict[str, int]:
    return {name: path.stat().st_mtime_ns for name, path in tree(folder).items()}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the sample site built once with its cache (.cache) into out/, in the folder every
    `site` is at; and a copy of that folder as the build left it (times to the nanosecond). Its
    PDF, and that of every build of a `site`, is pdf_stand_in's."""
    from builder.outputs import render

    root = tmp_path_factory.mktemp("incremental")
    folder, pristine = root / "site", root / "as-built"
    content = folder / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "html_to_pdf", pdf_stand_in)
        result = run_cli("build", "--content", str(content), "--out", str(folder / "out"), env=ENV)
    assert result.returncode == 0, result.stderr
    assert (folder / ".cache" / "cache.sqlite").is_file()
    shutil.copytree(folder, pristine, symlinks=True)
    return folder, pristine


@pytest.fixture()
def site(built_site: tuple[Path, Path], pdf_unread: None) -> Path:
    """The sample site just after its first build with its cache (site/.cache) into site/out: that
    folder put back as the build left it, at the same place (the cache records the output's
    absolute path, and each file by its size and time, which copying keeps). Every build of it in
    this process makes the PDF as built_site did (pdf_stand_in)."""
    folder, pristine = built_site
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(pristine, folder, symlinks=True)
    return folder / "content"


def inputs_digest(content: Path, env: dict[str, str]) -> str:
    """What a build reads, as one digest: every file of the content folder and of the themes folder
    beside it, the settings from the environment, and where the content is."""
    digest = hashlib.sha256(repr((str(content), sorted(env.items()))).encode())
    for folder in (content, content.parent / "themes"):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(f"\0{path.relative_to(content.parent).as_posix()}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def cold_build(content: Path, env: dict[str, str] = ENV) -> Path:
    """The output of `build --no-cache` from `content` as it is now: the reference an incremental
    build must equal. Made once per set of inputs: tests that make the same edit to the sample site
    (retitling its first event, say) compare with the same build, kept beside the site folder."""
    fresh = content.parent.parent / "cold" / inputs_digest(content, env)
    if not fresh.is_dir():
        result = run_cli("build", "--content", str(content), "--out", str(fresh), "--no-cache", env=env)
        assert result.returncode == 0, result.stderr
    return fresh


def rebuild_and_compare(content: Path) -> None:
    """The incremental build of `content` equals a cold build without any cache."""
    out = content.parent / "out"
    result = run_cli("build", "--content", str(content), "--out", str(out), env=ENV)
    assert result.returncode == 0, result.stderr
    assert_same_tree(out, cold_build(content))


def changed_by_one_edit(site: Path, sentence: str, env: dict[str, str]) -> tuple[Path, set[str]]:
    """Append `sentence` to the first event, rebuild, and return it with the output files rewritten."""
    out = site.parent / "out"
    before = mtimes(out)
    path = first_event(site)
    path.write_text(path.read_text() + f"\n{sentence}\n")
    result = run_cli("build", "--content", str(site), "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    after = mtimes(out)
    return path, {name for name in after if after[name] != before.get(name)}


def first_event(content: Path) -> Path:
    return sorted((content / "events").glob("*.md"))[0]


def retitle(content: Path) -> None:
    path = first_event(content)
    path.write_text(re.sub(r"^title: .*$", 'title: "A New Title for Incremental Builds"', path.read_text(),
                           count=1, flags=re.M))


def reschedule(content: Path) -> None:
    path = sorted((content / "events").glob("*.md"))[5]
    text = path.read_text()
    text = re.sub(r"^(start: \d{4}-\d\d-)\d\d", r"\g<1>29", text, count=1, flags=re.M)
    text = re.sub(r"^(end: \d{4}-\d\d-)\d\d", r"\g<1>29", text, count=1, flags=re.M)
    path.write_text(text)


def delete_event(content: Path) -> None:
    first_event(content).unlink()


def add_event(content: Path) -> None:
    (content / "events" / "brand-new-event.md").write_text(
        "---\ntitle: Brand New Event\nstart: 2025-10-20T15:00\nend: 2025-10-20T16:00\ntimezone: America/Denver\n"
        "type: chat\ntopics: [Literacy]\npartner: A Brand New Partner\n---\nNew **body**.\n")
    site = content / "site.yml"  # a partner without a profile is declared in site.yml
    site.write_text(site.read_text().replace("partners:", "partners:\n  - A Brand New Partner", 1))


def edit_partner(content: Path) -> None:
    path = sorted((content / "partners").glob("*.md"))[0]
    path.write_text(path.read_text() + "\nA new paragraph about this partner.\n")


def edit_forum(content: Path) -> None:
    path = sorted((content / "forums").glob("*.md"))[0]
    path.write_text(path.read_text() + "\nA new paragraph about this forum.\n")


def edit_person(content: Path) -> None:
    """A profile's name and bio show on its page and beside the name on every event and forum page."""
    path = content / "people" / "maria-garcia.md"
    text = re.sub(r"^summary: .*$", "summary: A new bio.", path.read_text(), count=1, flags=re.M)
    path.write_text(text + "\nMore about Maria.\n")


def edit_site(content: Path) -> None:
    path = content / "site.yml"
    path.write_text(re.sub(r"^title: .*$", "title: Renamed Month", path.read_text(), count=1, flags=re.M))


def override_template(content: Path) -> None:
    (content.parent / "themes").mkdir(exist_ok=True)
    (content.parent / "themes" / "event.html").write_text(
        '{% extends "default/event.html" %}{% block title %}Overridden: {{ event.title }}{% endblock %}')


def override_list_item(content: Path) -> None:
    """The list item is made ahead and cached per event: its template must still count as an input."""
    (content.parent / "themes").mkdir(exist_ok=True)
    (content.parent / "themes" / "event-item.html").write_text('<li class="custom">{{ event.title }} ({{ level }})</li>')


def override_layout_block(content: Path) -> None:
    """Every page extends base.html: an override of one of its blocks must rebuild them all."""
    (content.parent / "themes").mkdir(exist_ok=True)
    (content.parent / "themes" / "base.html").write_text(
        '{% extends "default/base.html" %}{% block footer %}<p>Sponsored.</p>{{ super() }}{% endblock %}')


def edit_menus(content: Path) -> None:
    path = content / "site.yml"
    path.write_text(path.read_text() + "nav:\n  - {title: Topics, url: /topics/}\nfooter: []\n")


def resummarize(content: Path) -> None:
    """A summary shows in every list of the event (day, type, topics, partner) and in events.json."""
    path = first_event(content)
    text = path.read_text()
    if re.search(r"^summary:", text, flags=re.M):
        text = re.sub(r"^summary: .*$", "summary: A new summary for every list.", text, count=1, flags=re.M)
    else:
        text = text.replace("---\n", "---\nsummary: A new summary for every list.\n", 1)
    path.write_text(text)


def award_badge(content: Path) -> None:
    """An event's `badges:` is checked against content/badges/ and shows on the badge's pages: a full build."""
    path = content / "events" / "podcasting-with-students.md"
    path.write_text(path.read_text().replace("---\n", "---\nbadges: [oer-curator]\n", 1))


def revoke_earner(content: Path) -> None:
    """An earners file is no event file: the assertion, its page, the badge page and the revocation list change."""
    path = content / "badges" / "connected-educator.earners.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0] + ",revoked", *(line + "," for line in lines[1:-1]),
                               lines[-1] + ",Withdrawn at the earner's request."]) + "\n")


# Edits of files other than events, through the command line. Retitling, moving, resummarizing,
# adding and deleting events, and editing a forum, a person or a template, are compared with a cold
# build below too (PATCHING_EDITS and FULL_EDITS), which also checks how each was built.
EDITS: dict[str, Callable[[Path], None]] = {
    "override the list item template": override_list_item, "edit a partner profile": edit_partner,
    "rename the site": edit_site, "override one block of the theme's layout": override_layout_block,
    "change the theme's menus in site.yml": edit_menus, "name a badge on an event": award_badge,
    "revoke a badge": revoke_earner,
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_incremental_build_equals_cold_build(site: Path, edit: Callable[[Path], None]) -> None:
    edit(site)
    rebuild_and_compare(site)


def test_no_change_rebuild_writes_nothing(site: Path) -> None:
    out = site.parent / "out"
    before = mtimes(out)
    result = run_cli("build", "--content", str(site), "--out", str(out), env=ENV)
    assert result.returncode == 0, result.stderr
    assert mtimes(out) == before


def test_one_edit_rewrites_only_what_depends_on_it(site: Path) -> None:
    path, changed = changed_by_one_edit(site, "One more sentence.", ENV)
    after = mtimes(site.parent / "out")
    assert f"events/{path.stem}/index.html" in changed
    others = [name for name in after if name.startswith("events/") and name.endswith("/index.html")]
    assert len(others) > 40
    assert not [name for name in others if name in changed and path.stem not in name]
    assert "assets/style.css" not in changed
    assert len(changed) < len(after) / 4, sorted(changed)


def test_a_damaged_output_is_repaired(site: Path) -> None:
    out = site.parent / "out"
    page = next(p for p in (out / "events").glob("*/index.html"))
    page.write_text("tampered")
    (out / "calendar.ics").unlink()
    rebuild_and_compare(site)


def test_a_failed_rebuild_keeps_output_and_cache(site: Path) -> None:
    out = site.parent / "out"
    before = {name: path.read_bytes() for name, path in tree(out).items()}
    path = first_event(site)
    good = path.read_text()
    path.write_text(good.replace("type:", "type: not-a-type\nnothing:", 1))
    result = run_cli("build", "--content", str(site), "--out", str(out), env=ENV)
    assert result.returncode == 1
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert {name: path.read_bytes() for name, path in tree(out).items()} == before
    path.write_text(good + "\nFixed.\n")
    rebuild_and_compare(site)


def test_a_template_error_in_a_worker_is_one_clear_line(site: Path) -> None:
    out = site.parent / "out"
    before = {name: path.read_bytes() for name, path in tree(out).items()}
    (site.parent / "themes").mkdir()
    (site.parent / "themes" / "event.html").write_text("{{ no_such_value.attribute }}")
    result = run_cli("build", "--content", str(site), "--out", str(out), "--jobs", "2", "--no-cache", env=ENV)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "events/" in result.stderr and "no_such_value" in result.stderr
    assert {name: path.read_bytes() for name, path in tree(out).items()} == before


def test_parallel_build_equals_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          sample_output: Path) -> None:
    """The fast build without a cache, in one process and on two cores, equals the plain pipeline's.
    (`--jobs` with `--no-cache` runs the plain pipeline, which takes no jobs: hence the engine here.)"""
    from builder.engine import build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)  # sample_output's
    monkeypatch.setattr(build, "PARALLEL_WEIGHT", 0)  # the sample site is light enough to render in one process
    one, many = tmp_path / "one", tmp_path / "many"
    for out, jobs in ((one, 1), (many, 2)):
        build.build(SAMPLE_CONTENT, out, build.Options(jobs=jobs, cache=None))
    assert_same_tree(one, many)
    assert_same_tree(one, sample_output)


def test_deleting_the_cache_is_safe(site: Path) -> None:
    shutil.rmtree(site.parent / ".cache")
    retitle(site)
    rebuild_and_compare(site)


def test_cache_option_and_quiet_output(site: Path, tmp_path: Path) -> None:
    out = site.parent / "out"
    result = run_cli("build", "--content", str(site), "--out", str(out), "--cache", str(tmp_path / "elsewhere"),
                     env=ENV)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "elsewhere" / "cache.sqlite").is_file()
    assert result.stderr.strip().splitlines() == [  # no progress bars off a terminal; the sample's badges are not signed
        "badges: no CEM_BADGE_KEY set: hosted Open Badges 2.0 only (signed Open Badges 3.0 credentials need a key: "
        "see README, Signed badges)", f"built {site} into {out}"]
    result = run_cli("build", "--content", str(site), "--out", str(out), "--jobs", "many", env=ENV)
    assert result.returncode == 2 and "whole number" in result.stderr


def test_an_edit_reindexes_one_search_shard(site: Path) -> None:
    out, env = site.parent / "out", {**ENV, "CEM_SEARCH_SHARD_PAGES": "15"}
    result = run_cli("build", "--content", str(site), "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    _, changed = changed_by_one_edit(site, "A sentence only this event says: quixotically.", env)
    shards = {"/".join(name.split("/")[:2]) if "/shard-" in name else "search-index"
              for name in changed if name.startswith("search-index/") and name != "search-index/index.json"}
    assert len(shards) == 1, shards
    assert_same_tree(out, cold_build(site, env))


def test_a_new_builder_rewrites_every_search_shard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shard whose pages are unchanged is still rewritten by a builder that writes the index
    differently; left as it was, its files would not match the new manifest."""
    from builder import pipeline
    from builder.engine import build
    from builder.outputs import search

    monkeypatch.setenv("CEM_SEARCH_SHARD_PAGES", "15")
    out, cache = tmp_path / "out", tmp_path / "cache"
    build.build(SAMPLE_CONTENT, out, build.Options(cache=cache))
    monkeypatch.setattr(search, "PAGES_PER_FILE", 7)
    monkeypatch.setattr(build, "code_version", lambda: "a newer builder")
    build.build(SAMPLE_CONTENT, out, build.Options(cache=cache))
    pipeline.build(SAMPLE_CONTENT, tmp_path / "fresh")
    manifest = json.loads((out / "search-index" / "index.json").read_text())
    assert manifest["per_file"] == 7 and len(manifest["shards"]) > 3
    for shard in manifest["shards"]:
        assert (out / "search-index" / shard["path"] / f"p-{(shard['pages'] - 1) // 7}.json").is_file()
    assert_same_tree(out, tmp_path / "fresh")


def test_a_damaged_or_unwritable_cache_only_costs_time(site: Path, tmp_path: Path) -> None:
    (site.parent / ".cache" / "cache.sqlite").write_bytes(b"this is not a database" * 100)
    for name in ("cache.sqlite-wal", "cache.sqlite-shm"):
        (site.parent / ".cache" / name).unlink(missing_ok=True)
    retitle(site)
    rebuild_and_compare(site)
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    result = run_cli("build", "--content", str(site), "--out", str(site.parent / "out"),
                     "--cache", str(blocked / "cache"), env=ENV)
    assert result.returncode == 0, result.stderr


def test_a_new_cache_is_written_with_a_rollback_journal_then_kept_in_wal_mode(site: Path) -> None:
    """A first build's one big transaction commits without copying its log; later ones use WAL."""
    import sqlite3

    def journal_mode() -> str:
        db = sqlite3.connect(site.parent / ".cache" / "cache.sqlite")
        try:
            return db.execute("PRAGMA journal_mode").fetchone()[0]
        finally:
            db.close()

    assert journal_mode() == "delete"  # as the fixture's first build left it
    retitle(site)
    rebuild_and_compare(site)
    assert journal_mode() == "wal"


def built_in_process(content: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Build `content` into its out/ with its cache, as the CLI does; return the progress stages."""
    from builder.engine import build

    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    stages: set[str] = set()
    build.build(content, content.parent / "out", build.Options(
        cache=build.default_cache(content), progress=lambda stage, done, total: stages.add(stage)))
    return stages


def set_field(name: str, value: str, number: int = 0) -> Callable[[Path], None]:
    """An edit that sets one front-matter field of an event (the first by name, unless `number`)."""
    def edit(content: Path) -> None:
        path = sorted((content / "events").glob("*.md"))[number]
        text = path.read_text()
        if re.search(rf"^{name}:", text, flags=re.M):
            text = re.sub(rf"^{name}: .*$", f"{name}: {value}", text, count=1, flags=re.M)
        else:
            text = text.replace("---\n", f"---\n{name}: {value}\n", 1)
        path.write_text(text)
    return edit


def append_to_two_events(content: Path) -> None:
    for path in sorted((content / "events").glob("*.md"))[3:5]:
        path.write_text(path.read_text() + "\nA second paragraph, with a [link](/events/) and **bold** text.\n")


def reword_takeaway(content: Path) -> None:
    """An archived session's words: the themes of its forum and topics and its related sessions,
    which the build cache keeps between builds (builder/engine/memo.py), change."""
    path = content / "events" / "connected-leadership-open-house.md"
    text = path.read_text()
    assert "Peer coaching circles work best" in text
    path.write_text(text.replace("Peer coaching circles work best", "Circles of peers work best"))


def retitle_chapter(content: Path) -> None:
    """A chapter of a video: its page's outline and its chapter files (WebVTT, JSON) change."""
    path = content / "events" / "media-literacy-fifteen-minutes-a-day.md"
    text = path.read_text()
    assert 'title: "A habit, not a unit"' in text
    path.write_text(text.replace('title: "A habit, not a unit"', 'title: "A habit & not a <unit>"'))


PATCHING_EDITS: dict[str, Callable[[Path], None]] = {
    "reword a description": lambda content: first_event(content).write_text(first_event(content).read_text() + "\nMore.\n")
    and None,
    "edit two events": append_to_two_events, "retitle": retitle, "move to another day": reschedule,
    "change the summary": resummarize, "change the type": set_field("type", "book-club"),
    "cancel": set_field("status", "cancelled"), "feature": set_field("featured", "true"),
    "repeat weekly": lambda content: (set_field("repeat", "weekly", 2)(content),
                                      set_field("until", "2025-10-30", 2)(content)) and None,
    "add a recording": set_field("archive", "{recording: https://video.example.org/abc, summary: \"It *went* well.\"}"),
    "move to another zone": set_field("timezone", "Asia/Tokyo", 1),
    "give a presenter with a profile": set_field("presenters", "[Maria Garcia]"),
    "reword an archived session's takeaway": reword_takeaway, "retitle a chapter": retitle_chapter,
}
FULL_EDITS: dict[str, Callable[[Path], None]] = {
    "change the topics": set_field("topics", "[Literacy]"),
    "change the partner": set_field("partner", "Rural Schools Collaborative"),
    "date the announcement": set_field("published", "2025-09-30"), "add an event": add_event,
    "delete an event": delete_event, "edit a forum": edit_forum, "override a template": override_template,
    "edit a person profile": edit_person,
}


@pytest.mark.parametrize("edit", PATCHING_EDITS.values(), ids=PATCHING_EDITS.keys())
def test_an_event_edit_patches_the_last_model_and_equals_a_cold_build(
        site: Path, edit: Callable[[Path], None], monkeypatch: pytest.MonkeyPatch) -> None:
    edit(site)
    assert "edited event files" in built_in_process(site, monkeypatch)
    assert_same_tree(site.parent / "out", cold_build(site))


@pytest.mark.parametrize("edit", FULL_EDITS.values(), ids=FULL_EDITS.keys())
def test_an_edit_other_files_depend_on_builds_in_full(
        site: Path, edit: Callable[[Path], None], monkeypatch: pytest.MonkeyPatch) -> None:
    edit(site)
    assert "edited event files" not in built_in_process(site, monkeypatch)
    rebuild_and_compare(site)


def test_a_patched_build_reports_the_problems_a_full_check_does(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from builder import pipeline
    from builder.engine import build
    from builder.problems import ContentError

    path = first_event(site)
    good = path.read_text()
    path.write_text(good.replace("type:", "type: not-a-type\nforum: no-such-forum\ncolour: blue\nnothing:", 1))
    with pytest.raises(ContentError) as patched:
        built_in_process(site, monkeypatch)
    with pytest.raises(ContentError) as full:
        pipeline.check(site)
    assert patched.value.problems == full.value.problems and len(full.value.problems) >= 3
    # a wall time that happens twice is a warning; the patched build keeps the other files' warnings
    path.write_text(re.sub(r"^(start|end): .*$", lambda m: f"{m[1]}: 2025-11-02T01:{'15' if m[1] == 'start' else '45'}",
                           good, flags=re.M).replace("---\n", "---\ntimezone: America/New_York\n", 1))
    assert "edited event files" in built_in_process(site, monkeypatch)
    warnings = build.build(site, site.parent / "out")  # nothing changed: the warnings kept
    assert warnings == pipeline.check(site) and any("happens twice" in w.message for w in warnings)


def test_successive_edits_each_patch_the_last_and_equal_a_cold_build(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Patched builds keep only the events edited since the last full build; each must start from
    the one before it, and a full build in between starts the record afresh."""
    edits = [retitle, set_field("status", "cancelled", 3), reschedule, set_field("summary", "Again.", 3),
             set_field("topics", "[Literacy]", 7), set_field("title", "After a full build", 3)]
    patched = [built_in_process(site, monkeypatch) for edit in edits if edit(site) is None]
    assert ["edited event files" in stages for stages in patched] == [True, True, True, True, False, True]
    assert_same_tree(site.parent / "out", cold_build(site))


def test_a_snapshot_made_with_other_settings_is_not_patched(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from builder import pipeline
    from builder.engine import build

    retitle(site)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760000000")  # another date for whatever has none: every page differs
    stages: set[str] = set()
    build.build(site, site.parent / "out", build.Options(
        cache=build.default_cache(site), progress=lambda stage, done, total: stages.add(stage)))
    assert "edited event files" not in stages
    fresh = site.parent / "fresh"
    pipeline.build(site, fresh)
    assert_same_tree(site.parent / "out", fresh)
