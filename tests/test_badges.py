"""Open badges (content/badges/): hosted Open Badges 2.0 documents that an independent verifier
(openbadgeslib, not the builder's code) accepts, earners whose email addresses never reach the
output, baked images that give their assertion back, and every wrong earners row one error on its
line."""

from __future__ import annotations

import csv
import json
import re
import struct
import zlib
from pathlib import Path

import png
import pytest
from openbadgeslib import baking
from openbadgeslib.ob2 import OB2VerificationError, OB2Verifier

from builder.content import pngchunks
from builder.content.model import build_site
from builder.content.sources import load
from builder.content.validation import validate
from builder.problems import ContentError
from tests.conftest import BADGE, BADGE_SVG, ISSUER, SAMPLE_CONTENT, SITE_YML
from tests.test_fields import EPOCH, FORUM, event_file

BASE = "https://connectededucators.example.org/"  # the sample site's base_url
CONTEXT = "https://w3id.org/openbadges/v2"
# What Open Badges 2.0 requires of each document (its Profile, BadgeClass, Assertion, RevocationList)
REQUIRED = {
    "Issuer": {"@context", "type", "id", "name", "url", "email"},
    "BadgeClass": {"@context", "type", "id", "name", "description", "image", "criteria", "issuer"},
    "Assertion": {"@context", "type", "id", "recipient", "badge", "verification", "issuedOn"},
    "RevocationList": {"@context", "type", "id", "issuer", "revokedAssertions"},
}


def documents(output: Path) -> dict[str, dict]:
    """Every Open Badges document of the output, by its path."""
    return {path.relative_to(output).as_posix(): json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(output.glob("badges/**/*.json"))}


def served(output: Path, url: str) -> Path:
    """The file a static host serves at `url` (a folder's index.html)."""
    assert url.startswith(BASE), f"{url} is not under base_url"
    path = output / url[len(BASE):]
    return path / "index.html" if url.endswith("/") else path


def earners_of_sample() -> list[dict[str, str]]:
    """Every row of the sample site's earners files, with its badge."""
    rows = []
    for path in sorted((SAMPLE_CONTENT / "badges").glob("*.earners.csv")):
        with path.open(encoding="utf-8", newline="") as file:
            rows += [{**row, "badge": path.name.removesuffix(".earners.csv")} for row in csv.DictReader(file)]
    return rows


def test_each_document_has_what_the_specification_requires_and_its_ids_are_files(sample_output: Path) -> None:
    found = documents(sample_output)
    kinds = sorted(data["type"] for data in found.values())
    assert kinds.count("BadgeClass") == 3 and kinds.count("Assertion") == len(earners_of_sample()) == 7
    assert kinds.count("Issuer") == kinds.count("RevocationList") == 1
    for path, data in found.items():
        assert data["@context"] == CONTEXT, path
        missing = REQUIRED[data["type"]] - set(data)
        assert not missing, f"{path} lacks {missing}"
        assert data["id"] == BASE + path, "a document's id is its own address"
        links = [data[key] for key in ("badge", "issuer", "image", "revocationList") if isinstance(data.get(key), str)]
        links += [data["criteria"]["id"]] if "criteria" in data else []
        for url in links:
            assert served(sample_output, url).is_file(), f"{path}: {url} is not a file of the output"
        if data["type"] == "Assertion":
            recipient = data["recipient"]
            assert recipient["type"] == "email" and recipient["hashed"] is True
            assert re.fullmatch(r"sha256\$[0-9a-f]{64}", recipient["identity"]) and recipient["salt"]
            assert data["verification"] == {"type": "HostedBadge"}
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["issuedOn"])


def test_the_verifier_accepts_every_assertion_and_refuses_a_revoked_or_tampered_one(sample_output: Path) -> None:
    """openbadgeslib's OB 2.0 verifier, with each address it fetches answered from output/: the
    assertion from its id, then its BadgeClass, the issuer and the revocation list."""
    fetched: list[str] = []

    def download(url: str) -> bytes:
        fetched.append(url)
        return served(sample_output, url).read_bytes()

    verifier = OB2Verifier(download=download)
    rows = earners_of_sample()
    by_id = {}
    for path, data in documents(sample_output).items():
        if data["type"] == "Assertion":
            by_id[data["id"]] = (path, data)
    verdicts = {}
    for row in rows:  # each earner's assertion is found by the address they gave: it is theirs
        matches = []
        for assertion_id, (path, data) in by_id.items():
            if f"/badges/{row['badge']}/" not in assertion_id:
                continue
            try:
                verifier.verify_hosted(data, expected_recipient=row["email"].lower(), check_revocation=True)
                matches.append(path)
            except OB2VerificationError as error:
                if "Recipient mismatch" not in str(error):
                    matches.append(path)
                    verdicts[row["email"]] = str(error)
        assert len(matches) == 1, (row["email"], matches)
    revoked = [row["email"] for row in rows if row.get("revoked")]
    assert revoked == ["sam.rivera@example.org"]
    assert set(verdicts) == set(revoked) and "has been revoked" in verdicts[revoked[0]], verdicts
    assert BASE + "badges/revocations.json" in fetched and BASE + "badges/issuer.json" in fetched

    path, data = next(item for item in by_id.values() if "revoked" not in item[1])
    tampered = {**data, "recipient": {**data["recipient"], "identity": "sha256$" + "0" * 64}}
    with pytest.raises(OB2VerificationError, match="recipient"):
        verifier.verify_hosted(tampered)
    other_badge = {**data, "badge": BASE + "badges/oer-curator.json"}
    with pytest.raises(OB2VerificationError, match="badge"):
        verifier.verify_hosted(other_badge)


def test_no_earners_address_is_anywhere_in_the_output(sample_output: Path) -> None:
    addresses = [row["email"].lower().encode() for row in earners_of_sample()]
    assert len(addresses) == 7
    for path in sorted(sample_output.rglob("*")):
        if path.is_file():
            data = path.read_bytes().lower()
            found = [address for address in addresses if address in data]
            assert not found, f"{path.relative_to(sample_output)} holds {found}"


def test_a_baked_image_gives_its_assertion_back(sample_output: Path) -> None:
    baked = sorted(p for p in sample_output.glob("badges/*/earners/*/*") if p.suffix in (".png", ".svg"))
    assert {p.suffix for p in baked} == {".png", ".svg"} and len(baked) == 6  # every earner but the revoked one
    for path in baked:
        data = path.read_bytes()
        address = baking.extract_png(data) if path.suffix == ".png" else baking.extract_svg(data)
        assertion = f"{BASE}{path.parent.relative_to(sample_output).as_posix()}.json"
        assert address == assertion, path
        assert json.loads(served(sample_output, address).read_text())["image"] == BASE + path.relative_to(
            sample_output).as_posix()
        page = (path.parent / "index.html").read_text(encoding="utf-8")
        assert f'href="/{path.relative_to(sample_output).as_posix()}" download' in page
        if path.suffix == ".png":
            width, height, rows, _ = png.Reader(bytes=data).read()  # still a PNG, pixels and all
            assert (width, height, len(list(rows))) == (128, 128, 128)


def test_pages_show_badges_earners_and_revocation(sample_output: Path) -> None:
    index = (sample_output / "badges" / "index.html").read_text(encoding="utf-8")
    assert index.count('<li class="card">') == 3 and index.count("3 earners so far") == 1
    start = index.index("Connected Educator</a></h2>")
    connected = index[start:index.index("</li>\n", start)]
    assert re.findall(r'<a href="/(\w+)/([\w-]+)/">', connected) == [
        ("forums", "future-of-teaching"), ("events", "kickoff-keynote-connected-classrooms"), ("events", "rural-educators-chat")]
    badge = (sample_output / "badges" / "oer-curator" / "index.html").read_text(encoding="utf-8")
    assert "Sam Rivera</a>, revoked" in badge and 'href="/events/oer-curator-badge-kickoff/"' in badge
    revoked = next(p for p in sample_output.glob("badges/oer-curator/earners/*/index.html") if "Sam Rivera" in p.read_text())
    text = revoked.read_text(encoding="utf-8")
    assert "<strong>Revoked.</strong>" in text and "without credit" in text and "download" not in text
    event = (sample_output / "events" / "rural-educators-chat" / "index.html").read_text(encoding="utf-8")
    assert '<dt>Open badges</dt><dd><ul class="inline"><li><a href="/badges/connected-educator/">Connected Educator' in event


# ---- earners files: every wrong row is one error on its line ----

def site_with(make_site, files: dict, site_yml: str = SITE_YML + ISSUER):  # noqa: ANN001, ANN201
    content = make_site({"forums/reading-forum.md": FORUM, "badges/connected-educator.md": BADGE,
                         "media/badge.svg": BADGE_SVG, **files}, site_yml)
    sources, problems = load(content)
    return build_site(validate(sources, problems), source_date_epoch=EPOCH)


def messages(make_site, files: dict, site_yml: str = SITE_YML + ISSUER) -> list[str]:  # noqa: ANN001
    with pytest.raises(ContentError) as caught:
        site_with(make_site, files, site_yml)
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in caught.value.problems]


HEADER = "email,name,date,evidence,reflection\n"


def test_each_wrong_row_is_one_error_on_its_line(make_site) -> None:
    rows = (HEADER + "a@example.org,Ana,2025-11-01,https://e.example.org/a,\n"
            "not-an-address,Ben,2025-11-01,https://e.example.org/b,\n"
            "c@example.org,Cy,2025-13-01,https://e.example.org/c,\n"
            "d@example.org,Di,2025-11-01,http://e.example.org/d,\n"
            "A@Example.org,Ana again,2025-11-02,https://e.example.org/a2,\n"
            'e@example.org,,2025-11-01,https://e.example.org/e,"two\nlines"\n'
            "f@example.org,Fi,2025-11-01\n")
    found = messages(make_site, {"badges/connected-educator.earners.csv": rows})
    assert found == [
        'connected-educator.earners.csv:3: email "not-an-address" is not an email address; write it like name@example.org',
        'connected-educator.earners.csv:4: date "2025-13-01" is not a real date or time (month must be in 1..12)',
        'connected-educator.earners.csv:5: evidence "http://e.example.org/d" must start with https://: verifiers and '
        "earners' backpacks open it",
        'connected-educator.earners.csv:6: "A@Example.org" has earned this badge already, on line 2; keep one of the two rows',
        "connected-educator.earners.csv:7: name is empty; every earner has an email, name, date and evidence",
        "connected-educator.earners.csv:9: this row has 3 values and the header 5; put a value (or nothing) between each "
        "pair of commas, and quote values with commas",
    ], found


def test_the_header_and_the_references_are_checked(make_site) -> None:
    found = messages(make_site, {
        "badges/connected-educator.earners.csv": "email,name,date,evidense,notes\n",
        "badges/issuer.md": BADGE, "badges/lost.earners.csv": HEADER,
        "events/reading.md": event_file("badges: [connected-educater]\n"),
        "badges/other.md": BADGE.replace("---\nAttend", "events: [nope]\n---\nAttend")}, site_yml=SITE_YML)
    assert found == [
        'connected-educator.earners.csv:1: the header has no column "evidence"; the first line names the columns, like '
        "email,name,date,evidence,reflection",
        'connected-educator.earners.csv:1: unknown column "evidense"; did you mean "evidence"?',
        'connected-educator.earners.csv:1: unknown column "notes"; the columns are email, name, date, evidence, '
        "reflection, revoked, salt",
        'issuer.md:1: the badge name "issuer" is used by the site itself (/badges/issuer.json); rename the file, e.g. to '
        '"issuer-badge.md"',
        'lost.earners.csv:1: there is no badge "lost" for these earners (no content/badges/lost.md). Valid values: '
        "connected-educator, issuer, other.",
        'other.md:5: events names "nope", which is not one of the site\'s events (no content/events/nope.md). Valid '
        "values: reading.",
        'reading.md:8: badges names "connected-educater", which is not a badge of this site (no '
        'content/badges/connected-educater.md); did you mean "connected-educator"? Valid values: connected-educator, '
        "issuer, other.",
        "site.yml:1: content/badges/ has badges, so site.yml needs to say who issues them: add a block like `issuer:` "
        "with `  email: badges@example.org` on the line below it",
    ], found


def test_a_badge_image_must_be_one_the_build_can_bake(make_site) -> None:
    pixel = pngchunks.SIGNATURE + b"".join(pngchunks.chunk(*part) for part in (
        (b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)), (b"IDAT", zlib.compress(b"\x00\xff\x00\x00")), (b"IEND", b"")))
    assert site_with(make_site, {"media/badge.png": pixel, "badges/connected-educator.md": BADGE.replace(
        "media/badge.svg", "media/badge.png")}).badges[0].image_data == pixel
    damaged = pixel[:-1] + bytes([pixel[-1] ^ 1])  # a bit of IEND's checksum changed
    found = messages(make_site, {"media/badge.png": damaged,
                                 "badges/connected-educator.md": BADGE.replace("media/badge.svg", "media/badge.png")})
    assert found == ['connected-educator.md:4: image "media/badge.png" is not a PNG image the build can read: its '
                     "b'IEND' chunk is damaged (wrong checksum); export it again as PNG"], found
    scripted = BADGE_SVG.replace("<circle", '<script>alert(1)</script><circle')
    found = messages(make_site, {"media/badge.svg": scripted})
    assert found and "has a <script> element" in found[0], found


def test_earner_ids_and_salts_come_from_the_content_not_the_row_order(make_site) -> None:
    rows = ["a@example.org,Ana,2025-11-01,https://e.example.org/a,\n", "b@example.org,Ben,2025-11-02,https://e.example.org/b,\n"]
    first = site_with(make_site, {"badges/connected-educator.earners.csv": HEADER + "".join(rows)})
    again = site_with(make_site, {"badges/connected-educator.earners.csv": HEADER + "".join(reversed(rows))})
    assert first.badges == again.badges
    salted = site_with(make_site, {"badges/connected-educator.earners.csv": HEADER.replace("\n", ",salt\n")
                                   + rows[0].replace("\n", ",my-own-salt\n")})
    (earner,) = salted.badges[0].earners
    assert earner.salt == "my-own-salt" and earner.id != first.badges[0].earners[0].id


def test_a_file_over_the_limit_or_not_csv_is_one_error(make_site, monkeypatch) -> None:
    from builder.content import badges

    monkeypatch.setattr(badges, "MAX_EARNERS", 2)
    rows = "".join(f"e{n}@example.org,E{n},2025-11-01,https://e.example.org/{n},\n" for n in range(3))
    assert messages(make_site, {"badges/connected-educator.earners.csv": HEADER + rows}) == [
        "connected-educator.earners.csv:4: the file has more than 2 earners, the most allowed in one file: split the "
        "badge, one per cohort"]
    broken = HEADER + 'a@example.org,"Ana" Lee,2025-11-01,https://e.example.org/a,\n'
    assert messages(make_site, {"badges/connected-educator.earners.csv": broken}) == [
        "connected-educator.earners.csv:2: the file cannot be read as CSV (',' expected after '\"'); check the quotes on "
        'this line: a value with a comma or a quote is written in double quotes, with each quote inside doubled ("")']
    assert messages(make_site, {"badges/connected-educator.earners.csv": b"email\xff\n"}) == [
        "connected-educator.earners.csv:1: the file is not UTF-8 text; save it as UTF-8 CSV (in a spreadsheet: Save As, "
        "CSV UTF-8)"]
