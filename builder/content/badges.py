"""Badges: the checks of content/badges/ that need more than one field or more than one file.

A badge is a Markdown file (its fields are schema.BADGE; its body is the criteria), and who earned
it is a CSV file beside it, `<slug>.earners.csv`: one row per earner, with the earner's email
address. That address is untrusted content like any other, and it is private: it is checked here
and then only ever hashed (builder/content/model.py), so no page or file of the output holds it.

Each row is checked on its own line, every row before anything stops, as event files are.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from builder import routes
from builder.content import schema
from builder.content.limits import MAX_EARNERS, MAX_REFLECTION
from builder.content.schema import Context, Invalid, shown, suggest
from builder.content.sources import UNCARRIED, Node, Table
from builder.problems import Problem

if TYPE_CHECKING:
    from builder.content.validation import Record

REQUIRED = ("email", "name", "date", "evidence")
OPTIONAL = ("reflection", "revoked", "salt")
EXAMPLE_HEADER = ",".join(REQUIRED + ("reflection",))
SALT_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
MAX_SALT = 64
# An earner's bit in their badge's signed revocation list (builder/outputs/credentials.py) is their id
# modulo this, so it never moves when rows are added. 2^24 bits: 2 MiB unpacked (the specification asks
# for at least 16 KiB; openbadgeslib reads up to 5 MiB), about 2 KiB gzipped. Two of n earners share a
# bit with a chance of about n*n / 2^25 (one in thirty for a thousand earners): `check` says which
# two, on the later row, whether or not the build that follows signs anything.
STATUS_BITS = 1 << 24


@dataclass(frozen=True)
class EarnerRow:
    """One earner as the CSV gives them, checked."""

    line: int
    email: str  # private: the model only hashes it
    name: str
    date: date
    evidence: str  # an https:// address
    reflection: str
    revoked: str | None  # the reason, when the badge was taken back
    salt: str | None  # the row's own salt for the hashed address; None: one made from the content


@dataclass(frozen=True)
class Hashed:
    """What stands for an earner's address in the output: the salt, the salted hash and the id."""

    salt: str
    identity: str  # "sha256$" and the hex digest of the lowercased address followed by the salt
    id: str  # stable from the badge and the address, never from the row's place in the file


def hashed(base_url: str, badge: str, row: EarnerRow) -> Hashed:
    """An earner's address hashed. The salt is the row's own, else one made from the site, the badge
    and the address: the same content always gives the same files, and no clock is read. A salt that
    is public (as both are) stops lookup tables, not someone who guesses the address."""
    site, address = base_url.rstrip("/") + "/", row.email.lower()
    # "surrogatepass": a file name that is not UTF-8 (refused by validation, after this runs) has
    # surrogates in its slug; a valid slug is ASCII, and hashes as it always did.
    salt = row.salt or hashlib.sha256(f"salt\n{site}\n{badge}\n{address}".encode(errors="surrogatepass")).hexdigest()[:32]
    identity = "sha256$" + hashlib.sha256((address + salt).encode()).hexdigest()
    made = hashlib.sha256(f"earner\n{badge}\n{identity}".encode(errors="surrogatepass")).hexdigest()  # as private as the hash
    return Hashed(salt, identity, made[:16])


def status_index(earner_id: str) -> int:
    """The earner's bit in the badge's revocation list (STATUS_BITS)."""
    return int(earner_id, 16) % STATUS_BITS


def check(badges: list[Record], tables: list[Table], ctx: Context, problems: list[Problem],
          base_url: str | None = None) -> dict[str, list[EarnerRow]]:
    """Every earners file checked against its badge; returns badge slug -> its earners, in file order.
    With the site's `base_url` (the earners' ids are made from it), two earners of a badge on one bit
    of its revocation list are an error too."""
    slugs = {record.slug for record in badges}
    for record in badges:
        if record.slug in routes.BADGE_RESERVED:
            problems.append(Problem(record.path, 1, f'the badge name "{record.slug}" is used by the site itself '
                                    f"(/badges/{record.slug}.json); rename the file, e.g. to \"{record.slug}-badge.md\""))
    earners: dict[str, list[EarnerRow]] = {}
    for table in tables:
        if table.slug not in slugs:
            problems.append(Problem(table.path, 1, f"there is no badge {shown(table.slug)} for these earners (no "
                                    f"content/badges/{table.slug}.md){_hint(table.slug, sorted(slugs))}"))
            continue
        earners[table.slug] = _rows(table, ctx, problems)
        if base_url:
            _check_bits(table, earners[table.slug], base_url, problems)
    return earners


def _check_bits(table: Table, rows: list[EarnerRow], base_url: str, problems: list[Problem]) -> None:
    """Two earners with one bit would be revoked together: the later row is asked for a salt."""
    first: dict[int, EarnerRow] = {}
    for row in rows:
        other = first.setdefault(status_index(hashed(base_url, table.slug, row).id), row)
        if other is not row:
            problems.append(Problem(table.path, row.line, f"{shown(row.name)} and {shown(other.name)} (line {other.line}) "
                                    "share a bit of the badge's revocation list, so revoking one would revoke both; add "
                                    "a `salt` column and write a few letters or digits in this row: it changes this "
                                    "earner's id and address"))


def check_references(badges: list[Record], events: list[Record], forums: list[Record], event_slugs: list[str],
                     forum_slugs: list[str], site: Record | None, problems: list[Problem]) -> None:
    """Events' and forums' `badges:` name badges that exist; badges' `events:` and `forums:` name
    events and forums that exist; a site with badges says who issues them."""
    badge_slugs = sorted(record.slug for record in badges)
    for record in [*events, *forums]:
        for slug in record.values.get("badges", ()):
            if slug not in badge_slugs:
                problems.append(Problem(record.path, record.lines["badges"], f"badges names {shown(slug)}, which is not "
                                        f"a badge of this site (no content/badges/{slug}.md){_hint(slug, badge_slugs)}"))
    for record in badges:
        for field_name, known, folder in (("events", sorted(event_slugs), "events"), ("forums", sorted(forum_slugs), "forums")):
            for slug in record.values.get(field_name, ()):
                if slug not in known:
                    problems.append(Problem(record.path, record.lines[field_name], f"{field_name} names {shown(slug)}, "
                                            f"which is not one of the site's {folder} (no content/{folder}/{slug}.md)"
                                            f"{_hint(slug, known)}"))
    if badges and site is not None and "issuer" not in site.values and "issuer" not in site.lines:
        problems.append(Problem(site.path, 1, "content/badges/ has badges, so site.yml needs to say who issues them: "
                                "add a block like `issuer:` with `  email: badges@example.org` on the line below it"))


def _hint(value: str, known: list[str]) -> str:
    """'; did you mean "x"?' and, for a short list, the names there are (schema.suggest), as a sentence."""
    hint = suggest(value, known)
    return hint if not hint or hint.startswith(";") else "." + hint


def _rows(table: Table, ctx: Context, problems: list[Problem]) -> list[EarnerRow]:
    """The rows of one earners file, each checked; the file's problems are added to `problems`."""
    reader = csv.reader(io.StringIO(table.text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []  # the header and the earners: blank lines are not kept
    try:
        start = 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((start, cells))
                if len(rows) > MAX_EARNERS + 1:  # the header, the most allowed and one more: enough to refuse
                    break
            start = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(table.path, reader.line_num or 1, f"the file cannot be read as CSV ({error}); check "
                                "the quotes on this line: a value with a comma or a quote is written in double "
                                'quotes, with each quote inside doubled ("")'))
        return []
    if not rows:
        problems.append(Problem(table.path, 1, f"the file has no header line; start it with {EXAMPLE_HEADER}"))
        return []
    (header_line, header), body = rows[0], rows[1:]
    columns = _columns(table, header_line, header, problems)
    if columns is None:
        return []
    if len(body) > MAX_EARNERS:
        problems.append(Problem(table.path, body[MAX_EARNERS][0], f"the file has more than {MAX_EARNERS:,} earners, "
                                "the most allowed in one file: split the badge, one per cohort"))
        return []
    earners: list[EarnerRow] = []
    first: dict[str, int] = {}
    for line, cells in body:
        if len(cells) != len(header):
            problems.append(Problem(table.path, line, f"this row has {len(cells)} values and the header {len(header)}; "
                                    "put a value (or nothing) between each pair of commas, and quote values with commas"))
            continue
        row = _row(table, line, dict(zip(columns, cells, strict=True)), ctx, problems)
        if row is None:
            continue
        key = row.email.casefold()
        if key in first:
            problems.append(Problem(table.path, line, f"{shown(row.email)} has earned this badge already, on line "
                                    f"{first[key]}; keep one of the two rows"))
            continue
        first[key] = line
        earners.append(row)
    return earners


def _columns(table: Table, line: int, header: list[str], problems: list[Problem]) -> list[str] | None:
    """The header's column names, lowercased, if they are the known ones, each once, with the required."""
    columns = [cell.strip().lower() for cell in header]
    known = [*REQUIRED, *OPTIONAL]
    ok = True
    for name in columns:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f'; did you mean "{close[0]}"?' if close else "; the columns are " + ", ".join(known)
            problems.append(Problem(table.path, line, f"unknown column {shown(name)}{hint}"))
            ok = False
        elif columns.count(name) > 1:
            problems.append(Problem(table.path, line, f"the column {shown(name)} is there twice; keep one"))
            return None
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        problems.append(Problem(table.path, line, "the header has no column " + ", ".join(f'"{m}"' for m in missing)
                                + f"; the first line names the columns, like {EXAMPLE_HEADER}"))
        ok = False
    return columns if ok else None


def _row(table: Table, line: int, cells: dict[str, str], ctx: Context, problems: list[Problem]) -> EarnerRow | None:
    """One earner, or None after reporting each of its wrong values."""
    values: dict[str, object] = {}
    parsers = {"email": schema.email, "name": schema.one_line, "date": schema.day, "evidence": _evidence}
    for name, parse in parsers.items():
        cell = cells[name].strip()
        if not cell:
            problems.append(Problem(table.path, line, f"{name} is empty; every earner has an email, name, date and "
                                    "evidence"))
            continue
        try:
            values[name] = parse(Node(cell, line), ctx)
        except Invalid as error:
            problems.append(Problem(table.path, line, f"{name} {error.message}"))
    reflection = UNCARRIED.sub("", cells.get("reflection", "")).strip()
    if len(reflection) > MAX_REFLECTION:
        problems.append(Problem(table.path, line, f"reflection is {len(reflection):,} characters long; at most "
                                f"{MAX_REFLECTION:,} are allowed: link to a longer text in the evidence"))
    salt = cells.get("salt", "").strip() or None
    if salt is not None and (len(salt) > MAX_SALT or not set(salt) <= SALT_CHARACTERS):
        problems.append(Problem(table.path, line, f"salt {shown(salt)} must be at most {MAX_SALT} letters, digits, "
                                "hyphens or underscores, or left empty"))
    revoked = " ".join(UNCARRIED.sub("", cells.get("revoked", "")).split()) or None
    if revoked is not None and len(revoked) > schema.MAX_TEXT:
        problems.append(Problem(table.path, line, f"revoked is {len(revoked):,} characters long; say why in at most "
                                f"{schema.MAX_TEXT} characters"))
    if len(values) < len(parsers) or len(reflection) > MAX_REFLECTION:
        return None
    return EarnerRow(line, str(values["email"]), str(values["name"]), values["date"], str(values["evidence"]),  # type: ignore[arg-type]
                     reflection, revoked, salt)


def _evidence(node: Node, ctx: Context) -> str:
    """The page that shows the earner's work: a web address that starts with https://."""
    value = schema.url(node, ctx)
    if not value.lower().startswith("https://"):
        raise Invalid(f"{shown(value)} must start with https://: verifiers and earners' backpacks open it")
    return value
