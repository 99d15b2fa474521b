"""Values a security test found that got past check: each is now one clear error, or carried inertly."""

from __future__ import annotations

import pytest

from tests.conftest import GOOD_EVENT, run_cli

ERROR_LINE = r"^\S+:\d+: (error|warning): "


def event(**fields: str) -> str:
    """GOOD_EVENT with fields replaced or added (a value of "" removes the field)."""
    lines = GOOD_EVENT.split("\n")
    header_end = lines.index("---", 1)
    header = {line.split(":", 1)[0]: line for line in lines[1:header_end]}
    for name, value in fields.items():
        if value:
            header[name] = f"{name}: {value}"
        else:
            header.pop(name, None)
    return "\n".join(["---", *header.values(), *lines[header_end:]])


@pytest.mark.parametrize("address", ['"http://[::1"', '"https://[fe80::1"', '"https://example.org:99999/"',
                                     '"https://example.org:port/"'])
def test_a_web_address_python_cannot_split_is_an_error_on_its_line(make_site, address) -> None:
    content = make_site({"events/reading.md": event(registration=address)})
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 1
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert f"{content}/events/reading.md:9: error: registration" in result.stderr, result.stderr


def test_a_name_that_makes_another_partners_address_is_an_error_naming_both(make_site, tmp_path) -> None:
    """Punctuation and letters of other alphabets drop out of a page's address: a name made of the
    real one plus such characters would otherwise take over the real partner's page and calendars."""
    content = make_site({
        "events/reading.md": GOOD_EVENT,
        "events/aaa-first.md": event(partner='"!Literacy Network — САΝСЕᏞᏞΕᎠ"'),
    })
    result = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "same page (/partners/literacy-network/)" in result.stderr
    assert "events/aaa-first.md:" in result.stderr and "events/reading.md:" in result.stderr
    assert not (tmp_path / "out").exists()


def test_control_characters_in_a_description_and_captions_never_reach_a_page(make_site, tmp_path) -> None:
    odd = "\x0b\x1b\x7f\ufffe\ufdd0\U0001ffff\x85"
    content = make_site({
        "events/reading.md": event(archive="\n  captions: media/talk.vtt").replace(
            "A **good** event.", f"A good{odd} event.\n\nSecond{odd} paragraph."),
        "media/talk.vtt": f"WEBVTT\n\n00:00.000 --> 00:01.000\nHello{odd} there\n",
    })
    assert run_cli("check", "--content", str(content)).returncode == 0
    out = tmp_path / "out"
    result = run_cli("build", "--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    page = (out / "events" / "reading" / "index.html").read_text(encoding="utf-8")
    assert "A good event." in page and "Second paragraph." in page and "Hello there" in page
    pages = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert not any(char in pages for char in odd[:-1]), [c for c in odd if c in pages]


@pytest.mark.parametrize(("zone", "when"), [("Asia/Kolkata", "1900-01-01T00:30"), ("Africa/Monrovia", "1960-05-01"),
                                            ("Europe/Amsterdam", "1930-06-01T10:00")])
def test_a_time_in_an_era_of_odd_offsets_is_an_error(make_site, zone, when) -> None:
    """Before standard time, zones were hours, minutes and seconds from UTC: ISO 8601 dates in JSON,
    JSON-LD and HTML, and events.json's own schema, cannot carry the seconds."""
    end = when.replace("T00:30", "T01:30").replace("T10:00", "T11:00")
    content = make_site({"events/reading.md": event(start=when, end=end, timezone=zone)})
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 1
    assert f"{content}/events/reading.md:3: error: start" in result.stderr, result.stderr
    assert "whole minutes from UTC" in result.stderr
