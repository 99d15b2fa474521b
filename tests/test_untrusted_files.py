"""Nothing outside content/ is read for it, and nothing the build keeps can run code.

A partner's pull request may carry links (to folders as well as files) and may place files in the
build cache beside the content folder. Links out are refused whatever their place on the way;
the cache is read without ever looking up code, and a damaged one only costs a full build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
from pathlib import Path

import pytest

from builder.engine import build as _pipeline  # noqa: F401 - imports the modules whose values the cache keeps
from builder.engine import cache
from tests.conftest import BADGE, BADGE_SVG, GOOD_EVENT, ISSUER, SITE_YML, run_builder, run_cli
from tests.test_limits import time_limit

SECRET = "TOP-SECRET-OUTSIDE-CONTENT"


def secret_folder(tmp_path: Path) -> Path:
    """Files outside the content folder, shaped like content, that must never be published."""
    outside = tmp_path / "elsewhere"
    (outside / "static").mkdir(parents=True)
    (outside / "leak.md").write_text(f"---\ntitle: {SECRET}\n---\n{SECRET}\n")
    (outside / "talk.vtt").write_text(f"WEBVTT\n\n00:00.000 --> 00:01.000\n{SECRET}\n")
    (outside / "static" / "site.js").write_text(f"alert('{SECRET}')")
    return outside


def published(out: Path) -> str:
    if not out.exists():
        return ""
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in out.rglob("*") if p.is_file())


@pytest.mark.parametrize("link", ["pages", "events", "partners", "forums", "media", "site.yml", "events/leak.md"])
def test_a_link_anywhere_on_the_way_out_of_content_is_refused(make_site, tmp_path, link) -> None:
    outside = secret_folder(tmp_path)
    content = make_site({"events/reading.md": GOOD_EVENT})
    target = content / link
    if target.exists():
        os.rename(target, tmp_path / "moved-away")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(outside / "leak.md" if link.endswith((".md", ".yml")) else outside)
    if link == "media":
        (content / "events" / "reading.md").write_text(GOOD_EVENT.replace(
            "summary:", "archive:\n  captions: media/talk.vtt\nsummary:"))
    out = tmp_path / "out"
    for command in (["check"], ["build", "--out", str(out)]):
        result = run_cli(*command, "--content", str(content))
        assert result.returncode == 1, result.stderr
        assert "outside the content folder" in result.stderr
        assert SECRET not in result.stderr
        assert "Traceback" not in result.stderr
    assert SECRET not in published(out)


def test_a_planted_cache_runs_nothing_and_costs_only_a_full_build(make_site, tmp_path) -> None:
    content = make_site({"events/reading.md": GOOD_EVENT})
    out = tmp_path / "out"
    assert run_cli("build", "--content", str(content), "--out", str(out)).returncode == 0
    canary = tmp_path / "ran"

    class Exploit:
        def __reduce__(self):  # what unpickling would call
            return (os.system, (f"touch {canary}",))

    folder = tmp_path / ".cache"
    settings = (folder / "site.pickle").read_bytes().split(b"\n", 1)[0]
    (folder / "site.pickle").write_bytes(settings + b"\n" + pickle.dumps(Exploit()))
    db = sqlite3.connect(folder / "cache.sqlite")
    db.execute("UPDATE fragments SET value = ?", (pickle.dumps(Exploit()),))
    db.commit()
    db.close()
    (content / "events" / "reading.md").write_text(GOOD_EVENT.replace("A **good** event.", "Edited."))
    result = run_cli("build", "--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert not canary.exists()
    assert "warning: the build cache could not be read" in result.stderr
    assert "Edited." in (out / "events" / "reading" / "index.html").read_text()
    again = run_cli("build", "--content", str(content), "--out", str(out))  # healed: no warning now
    assert again.returncode == 0 and "warning" not in again.stderr, again.stderr


@pytest.mark.parametrize("damage", ["garbled database", "truncated model", "bad state"])
def test_a_damaged_cache_heals_with_a_warning(make_site, tmp_path, damage) -> None:
    content = make_site({"events/reading.md": GOOD_EVENT})
    out = tmp_path / "out"
    assert run_cli("build", "--content", str(content), "--out", str(out)).returncode == 0
    folder = tmp_path / ".cache"
    if damage == "garbled database":
        data = bytearray((folder / "cache.sqlite").read_bytes())
        data[100:4000] = os.urandom(3900)  # the header survives: sqlite finds out only when reading
        (folder / "cache.sqlite").write_bytes(bytes(data))
    elif damage == "truncated model":
        data = (folder / "site.pickle").read_bytes()
        (folder / "site.pickle").write_bytes(data[: len(data) // 2])
    else:
        db = sqlite3.connect(folder / "cache.sqlite")
        db.execute("UPDATE state SET value = '{\"x\": [1, 2]}' WHERE name = 'inputs'")
        db.execute("UPDATE state SET value = 'x' WHERE name = 'generation'")
        db.commit()
        db.close()
    (content / "events" / "reading.md").write_text(GOOD_EVENT.replace("A **good** event.", "Edited."))
    result = run_cli("build", "--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Edited." in (out / "events" / "reading" / "index.html").read_text()
    fresh = tmp_path / "fresh"
    assert run_cli("build", "--content", str(content), "--out", str(fresh), "--no-cache").returncode == 0
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == \
        {p.relative_to(fresh): p.read_bytes() for p in fresh.rglob("*") if p.is_file()}
    again = run_cli("build", "--content", str(content), "--out", str(out))
    assert again.returncode == 0 and "warning" not in again.stderr, again.stderr


def test_unpack_builds_values_and_refuses_every_other_global() -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from builder.content.sources import Node

    value = {"node": Node("x", 3), "when": datetime(2025, 10, 1, tzinfo=ZoneInfo("America/Chicago")),
             "utc": datetime(2025, 1, 1, tzinfo=UTC), "set": frozenset({1, 2})}
    assert cache.unpack(cache.pack(value)) == value
    for planted in (pickle.dumps(os.system), pickle.dumps(Path("/etc")),
                    b"cbuiltins\ngetattr\n(cbuiltins\nstr\nVjoin\ntR.",
                    b"cbuiltins\ngetattr\n(czoneinfo\nZoneInfo\nV__init__\ntR.", b"not a pickle"):
        with pytest.raises(cache.Damaged):
            cache.unpack(planted)
    with pytest.raises(cache.Damaged):
        cache.unpack(pickle.dumps(Node("x", 1)), plain=True)


@pytest.mark.long
def test_a_cache_planted_or_copied_from_elsewhere_is_never_used(make_site, tmp_path) -> None:
    """Cache keys include a secret kept outside the project: fragments planted with the right key for
    this builder (here: the sanitized Markdown of every page replaced by script) are not used."""
    content = make_site({"events/reading.md": GOOD_EVENT})
    out = tmp_path / "out"
    mine = {"XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    attacker = {"XDG_CACHE_HOME": str(tmp_path / "attacker-cache")}  # whoever planted it knew no secret

    def plant_and_build(env: dict[str, str], title: str) -> str:
        db = sqlite3.connect(tmp_path / ".cache" / "cache.sqlite")
        planted = 0
        for key, value in db.execute("SELECT key, value FROM fragments").fetchall():
            if isinstance(cache.unpack(value), str):  # rendered Markdown
                db.execute("UPDATE fragments SET value = ? WHERE key = ?", (cache.pack("<script>PLANTED</script>"), key))
                planted += 1
        db.commit()
        db.close()
        assert planted
        site_yml = content / "site.yml"
        site_yml.write_text(site_yml.read_text().replace("title: Test Month", f"title: {title}"))
        result = run_builder("build", "--content", str(content), "--out", str(out), env=env)
        assert result.returncode == 0, result.stderr
        assert title in (out / "index.html").read_text()
        return published(out)

    assert run_builder("build", "--content", str(content), "--out", str(out), env=mine).returncode == 0
    assert "PLANTED" not in plant_and_build(attacker, "Test Month Two")
    # The control: with the secret the entries were keyed by, planted ones would be used.
    assert run_builder("build", "--content", str(content), "--out", str(out), env=mine).returncode == 0
    assert "PLANTED" in plant_and_build(mine, "Test Month Three")


@pytest.mark.long
def test_planted_compiled_templates_never_run(make_site, tmp_path) -> None:
    """Compiled templates are Python bytecode, which runs when loaded: the cache keeps them sealed with
    the user's secret, and one whose seal does not hold is compiled afresh instead."""
    import marshal
    import pickle as pickle_module

    from jinja2.bccache import bc_magic

    content = make_site({"events/reading.md": GOOD_EVENT})
    out = tmp_path / "out"
    env = {"XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    assert run_builder("build", "--content", str(content), "--out", str(out), env=env).returncode == 0
    compiled = sorted((tmp_path / ".cache" / "templates").iterdir())
    assert compiled
    canary = tmp_path / "ran"
    code = compile(f"import os\nos.system('touch {canary}')\n", "<planted>", "exec")

    def plant(seal, title: str) -> None:
        for path in compiled:
            data = path.read_bytes()[32:]
            checksum = pickle_module.loads(data[len(bc_magic):])  # Jinja's layout: magic, checksum, code
            path.write_bytes(seal(bc_magic + pickle_module.dumps(checksum, 2) + marshal.dumps(code)))
        site_yml = content / "site.yml"  # something to build again
        site_yml.write_text("\n".join(line if not line.startswith("title:") else f"title: {title}"
                                      for line in site_yml.read_text().split("\n")))

    for number, seal in enumerate((lambda data: data, lambda data: b"\0" * 32 + data)):  # old format, forged seal
        plant(seal, f"Month {number}")
        result = run_builder("build", "--content", str(content), "--out", str(out), env=env)
        assert result.returncode == 0, result.stderr
        assert not canary.exists()
        assert "Reading Across the Curriculum" in (out / "events" / "reading" / "index.html").read_text()
        compiled = sorted((tmp_path / ".cache" / "templates").iterdir())
    # The control: sealed with the user's own secret, the planted code would run.
    secret = (tmp_path / "user-cache" / "cem-builder" / "secret").read_text().strip().encode()
    plant(lambda data: hashlib.blake2b(data, key=secret, digest_size=32).digest() + data, "Month 3")
    run_builder("build", "--content", str(content), "--out", str(out), env=env)
    assert canary.exists()


def test_a_named_pipe_or_a_loop_of_links_in_content_is_an_error_of_its_own(make_site, tmp_path) -> None:
    """Reading a named pipe waits for a writer that never comes: as an event, as a badge's earners,
    named by a field or lying unused in media/, each was a build that never ended. A link to itself
    in events/ was an internal error."""
    content = make_site({"events/reading.md": GOOD_EVENT.replace(
        "summary:", "archive:\n  captions: media/talk.vtt\nsummary:")})
    (content / "site.yml").rename(content / "site.txt")
    for name in ("events/pipe.md", "badges/pipe.earners.csv", "media/talk.vtt", "media/unused.png", "site.yml"):
        (content / name).parent.mkdir(exist_ok=True)
        os.mkfifo(content / name)
    (content / "events" / "loop.md").symlink_to("loop.md")
    with time_limit(20):
        result = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("this is not an ordinary file (a named pipe") == 3, result.stderr
    assert '"media/talk.vtt" is not a file' in result.stderr, result.stderr
    assert "events/loop.md:1: error: this link leads to no file (a loop of links" in result.stderr, result.stderr


def test_a_link_to_a_badges_earners_never_publishes_their_addresses(make_site, tmp_path) -> None:
    """A link inside content/ to a badge's earners file, offered as a download or shown as a
    transcript, published every earner's e-mail address."""
    content = make_site({
        "badges/b.md": BADGE, "badges/b.earners.csv": "email,name,date,evidence\nprivate@example.org,Ann Lee,"
        "2025-10-30,https://example.org/work\n", "media/badge.svg": BADGE_SVG,
        "pages/kit.md": "---\ntitle: Kit\ndownloads:\n  - {title: List, file: media/list.csv}\n---\nKit.\n",
        "events/reading.md": GOOD_EVENT.replace("summary:", "archive:\n  transcript: media/list.md\nsummary:")},
        SITE_YML + ISSUER)
    for name in ("list.csv", "list.md"):
        (content / "media" / name).symlink_to("../badges/b.earners.csv")
    result = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("is a link to content/badges/b.earners.csv, which the site never publishes") == 2
    assert "private@" not in result.stderr + published(tmp_path / "out")


def test_file_names_that_are_not_utf8_are_named_in_errors_not_internal_ones(make_site, tmp_path) -> None:
    """A media file whose name is not UTF-8 stopped every cached build with an internal error (the
    input digests encoded the name); --no-cache built. Such a badge's earners are checked too."""
    content = make_site({"events/reading.md": GOOD_EVENT, "badges/b.md": BADGE, "media/badge.svg": BADGE_SVG},
                        SITE_YML + ISSUER)
    (content / "media" / os.fsdecode(b"notes\xff.txt")).write_text("notes")
    (content / "badges" / os.fsdecode(b"b\xfe.md")).write_text(BADGE)
    (content / "badges" / os.fsdecode(b"b\xfe.earners.csv")).write_text(
        "email,name,date,evidence\nann@example.org,Ann Lee,2025-10-30,https://example.org/work\n")
    result = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "internal error" not in result.stderr, result.stderr
    assert 'badges/b\\udcfe.md:1: error: the file name "b\\udcfe.md" is not a valid slug' in result.stderr
    (content / "badges" / os.fsdecode(b"b\xfe.md")).unlink()
    (content / "badges" / os.fsdecode(b"b\xfe.earners.csv")).unlink()
    assert run_cli("build", "--content", str(content), "--out", str(tmp_path / "out")).returncode == 0
