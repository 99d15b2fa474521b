"""Signed Open Badges 3.0 (builder/outputs/credentials.py): with a key in CEM_BADGE_KEY, each
earner's credential verifies with an independent verifier (openbadgeslib's OB 3.0 VC-JWT verifier,
resolving the issuer's did:web and the status list from the output), a tampered or revoked one does
not, and neither the key nor an address reaches the output or the cache; without a key, one line
and no signed files. Every key here is made by the test."""

from __future__ import annotations

import base64
import gzip
import json
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier

from tests.conftest import BADGE, BADGE_SVG, ISSUER, SITE_YML, run_cli
from tests.test_incremental import assert_same_tree

BASE = "https://cem.example.org/"  # SITE_YML's base_url
EPOCH = {"SOURCE_DATE_EPOCH": "1756684800"}
EARNERS = """\
email,name,date,evidence,revoked
maya@example.org,Maya Thompson,2025-10-03,https://blog.example.org/maya,
dan@example.org,Daniel Okafor,2025-10-04,https://blog.example.org/dan,Copied another educator's work
"""


def make_key() -> tuple[str, bytes]:
    """A fresh Ed25519 key: its PEM, as CEM_BADGE_KEY holds it, and its 32 secret bytes."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    return pem.decode("ascii"), raw


def badge_site(make_site, site_yml: str = SITE_YML) -> Path:  # noqa: ANN001
    return make_site({"badges/connected-educator.md": BADGE, "badges/connected-educator.earners.csv": EARNERS,
                      "media/badge.svg": BADGE_SVG}, site_yml + ISSUER)


def build(content: Path, out: Path, pem: str | None, *options: str) -> str:
    env = {**EPOCH, "CEM_BADGE_KEY": pem or ""}
    result = run_cli("build", "--content", str(content), "--out", str(out), *options, env=env)
    assert result.returncode == 0, result.stderr
    return result.stderr


def signed_files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                  if p.suffix == ".jwt" or p.name in ("did.json", ".nojekyll"))


def payload(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_every_credential_verifies_and_a_revoked_or_tampered_one_does_not(make_site, tmp_path: Path) -> None:
    out = tmp_path / "out"
    pem, _ = make_key()
    build(badge_site(make_site), out, pem, "--no-cache")
    fetched: list[str] = []

    def download(url: str) -> bytes:  # every address the verifier fetches is a file of the output
        fetched.append(url)
        assert url.startswith(BASE), url
        return (out / url[len(BASE):]).read_bytes()

    did = json.loads((out / ".well-known" / "did.json").read_text(encoding="utf-8"))["id"]
    assert did == "did:web:cem.example.org"
    verifier = OB3Verifier.for_issuer_did(did, download=download)
    tokens = {path.name: path.read_text(encoding="ascii").strip()
              for path in sorted(out.glob("badges/connected-educator/earners/*.jwt"))}
    assert len(tokens) == 2
    verdicts = {}
    for name, token in tokens.items():
        try:
            credential = verifier.verify(token, check_status=True, download=download)
            verdicts[credential.raw["evidence"][0]["id"]] = "valid"
        except OB3VerificationError as error:
            verdicts[payload(token)["evidence"][0]["id"]] = str(error)
        page = (out / "badges/connected-educator/earners" / name.replace(".jwt", "/index.html")).read_text(encoding="utf-8")
        links = page.count(f'href="/badges/connected-educator/earners/{name}" download')
        assert links == (0 if "Revoked" in page else 1), name  # a revoked badge's file stays, unoffered
    assert verdicts["https://blog.example.org/maya"] == "valid"
    assert "revocation" in verdicts["https://blog.example.org/dan"] and "is set" in verdicts["https://blog.example.org/dan"]
    assert BASE + ".well-known/did.json" in fetched and BASE + "badges/connected-educator/status.jwt" in fetched

    body = payload(next(iter(tokens.values())))
    assert body["@context"][0] == "https://www.w3.org/ns/credentials/v2" and body["issuer"]["id"] == did
    subject = body["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"] and "id" not in subject
    assert subject["identifier"][0]["hashed"] is True and subject["identifier"][0]["identityHash"].startswith("sha256$")
    assert body["validFrom"] in ("2025-10-03T04:00:00Z", "2025-10-04T04:00:00Z")  # the award's day, New York

    header, claims, signature = next(iter(tokens.values())).split(".")
    forged = base64.urlsafe_b64encode(json.dumps({**payload(f"x.{claims}.x"), "name": "Forged"}).encode()).decode()
    with pytest.raises(OB3VerificationError, match="signature"):
        verifier.verify(f"{header}.{forged.rstrip('=')}.{signature}")


def test_a_site_in_a_folder_is_did_web_with_a_path(make_site, tmp_path: Path) -> None:
    """did:web:host:folder resolves to <folder>/did.json: no dot-folder, no .nojekyll."""
    base = "https://example.org:8443/cem2025/"
    out = tmp_path / "out"
    build(badge_site(make_site, SITE_YML.replace(BASE, base)), out, make_key()[0], "--no-cache")
    assert not (out / ".well-known").exists() and not (out / ".nojekyll").exists()
    did = json.loads((out / "did.json").read_text(encoding="utf-8"))["id"]
    assert did == "did:web:example.org%3A8443:cem2025"

    def download(url: str) -> bytes:
        assert url.startswith(base), url
        return (out / url[len(base):]).read_bytes()

    verifier = OB3Verifier.for_issuer_did(did, download=download)
    token = sorted(out.glob("badges/connected-educator/earners/*.jwt"))[0].read_text(encoding="ascii").strip()
    assert verifier.verify(token).issuer.id == did


def test_the_revoked_earners_bit_and_no_other_is_set(make_site, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(badge_site(make_site), out, make_key()[0], "--no-cache")
    status = payload((out / "badges/connected-educator/status.jwt").read_text(encoding="ascii"))
    assert status["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    encoded = status["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) >= 16 * 1024
    by_evidence = {}
    for path in out.glob("badges/*/earners/*.jwt"):
        body = payload(path.read_text(encoding="ascii"))
        index = int(body["credentialStatus"]["statusListIndex"])
        by_evidence[body["evidence"][0]["id"]] = bool(bits[index // 8] & (0x80 >> (index % 8)))
    assert by_evidence == {"https://blog.example.org/maya": False, "https://blog.example.org/dan": True}
    assert sum(bin(byte).count("1") for byte in bits) == 1


def test_without_a_key_one_line_and_no_signed_files(make_site, tmp_path: Path) -> None:
    out = tmp_path / "out"
    content = badge_site(make_site)
    stderr = build(content, out, None, "--no-cache")
    lines = [line for line in stderr.splitlines() if "CEM_BADGE_KEY" in line]
    assert lines == ["badges: no CEM_BADGE_KEY set: hosted Open Badges 2.0 only (signed Open Badges 3.0 credentials "
                     "need a key: see README, Signed badges)"], stderr
    assert signed_files(out) == []
    assert list(out.glob("badges/connected-educator/earners/*.json"))  # the hosted 2.0 badges are there
    checked = run_cli("check", "--content", str(content), env={**EPOCH, "CEM_BADGE_KEY": ""})
    assert checked.returncode == 0 and "CEM_BADGE_KEY" not in checked.stderr  # partners' checks never sign
    (content / "badges" / "connected-educator.md").unlink()
    (content / "badges" / "connected-educator.earners.csv").unlink()
    assert "CEM_BADGE_KEY" not in build(content, out, None, "--no-cache")  # no badges: nothing to say


def test_a_key_that_is_not_ed25519_pem_is_a_usage_error(make_site, tmp_path: Path) -> None:
    result = run_cli("build", "--content", str(badge_site(make_site)), "--out", str(tmp_path / "out"),
                     env={**EPOCH, "CEM_BADGE_KEY": "not a key"})
    assert result.returncode == 2 and "CEM_BADGE_KEY must be an unencrypted private key in PEM" in result.stderr
    assert not (tmp_path / "out").exists()


def test_no_key_nor_address_in_output_or_cache_and_each_key_change_is_built_anew(make_site, tmp_path: Path) -> None:
    """Cached builds with key A then key B equal `--no-cache` builds with each: the same key gives
    the same bytes, and the cache never hands back what the old key signed."""
    content = badge_site(make_site)
    cache, out = tmp_path / "cache", tmp_path / "out"
    key_a, key_b = make_key(), make_key()
    for pem, raw in (key_a, key_b):
        build(content, out, pem, "--cache", str(cache), "--jobs", "1")
        reference = tmp_path / f"reference-{raw[:4].hex()}"
        build(content, reference, pem, "--no-cache")
        assert_same_tree(out, reference)
        secrets = [raw, base64.b64encode(raw), base64.urlsafe_b64encode(raw).rstrip(b"="),
                   pem.split("\n")[1].encode(), b"maya@example.org", b"dan@example.org"]
        for folder in (out, cache):
            for path in folder.rglob("*"):
                if path.is_file():
                    data = path.read_bytes()
                    assert not [s for s in secrets if s in data], path
    a, b = (tmp_path / f"reference-{raw[:4].hex()}" for _, raw in (key_a, key_b))
    name = signed_files(a)[-1]
    assert (a / name).read_bytes() != (b / name).read_bytes()
    build(content, out, None, "--cache", str(cache), "--jobs", "1")  # the key taken away: the signed files go
    build(content, tmp_path / "unsigned", None, "--no-cache")
    assert_same_tree(out, tmp_path / "unsigned")
    assert signed_files(out) == []


def test_two_earners_on_one_status_bit_are_an_error_on_the_later_row(make_site, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """With a list of 8 bits, nine earners must share one. The build stopped only when it signed, with
    no line, so `check` passed what a signed build refused: now both name the later row and the fix,
    key or no key, and the output stays as it was."""
    from builder.content import badges

    monkeypatch.setattr(badges, "STATUS_BITS", 8)
    rows = "".join(f"e{n}@example.org,Earner {n},2025-10-03,https://blog.example.org/{n},\n" for n in range(9))
    content = make_site({"badges/connected-educator.md": BADGE, "media/badge.svg": BADGE_SVG,
                         "badges/connected-educator.earners.csv": "email,name,date,evidence,revoked\n" + rows},
                        SITE_YML + ISSUER)
    for command in (["check"], ["build", "--out", str(tmp_path / "out"), "--no-cache"]):
        result = run_cli(*command, "--content", str(content), env=EPOCH)
        assert result.returncode == 1
        assert re.search(r"content/badges/connected-educator\.earners\.csv:([3-9]|10): error: \"Earner \d\" and \"Earner "
                         r"\d\" \(line [2-9]\) share a bit of the badge's revocation list, .*`salt` column and write a few "
                         r"letters or digits in this row", result.stderr), result.stderr
    assert not (tmp_path / "out").exists()
