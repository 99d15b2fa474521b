"""The /submit/ page's fields: what its form asks for, as JSON, from the one declaration of each field.

The page's script (themes/default/static/submit.js) builds the form from this file and runs the
checker's rules on each value as the partner types, with the checker's own words: the schema's
fields (builder/content/schema.py, `Field.form`), its limits, and the site's own lists (topics,
audiences, partners, forums, time zones) that `check` holds a file to. A rule that needs more than
the value (a Markdown description's depth, a clash with another file's name) is left to the check
of the pull request, and each field says whether the browser runs all of its rules (`browser`).
"""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from typing import Any

from markupsafe import Markup

from builder.content import names, schema, validation
from builder.content.limits import MAX_BODY, MAX_SLUG, MAX_TEXT, MAX_URL
from builder.content.model import Site
from builder.content.zones import COMMON_NAMES, known_zones

# kind -> (its folder under content/, its table of fields, the field its slug is made from, its name)
KINDS = {"event": ("events", schema.EVENT, "title", "An event"),
         "partner": ("partners", schema.PARTNER, "name", "A partner profile")}
# The kinds of input whose every rule submit.js runs as `check` does (schema.FORM_KINDS).
IN_BROWSER = frozenset({"text", "line", "url", "date-time", "date", "zone", "choice", "choices", "list", "slug"})
LABELS = {"pd_credit": "PD credit", "image_alt": "Image description", "timezone": "Time zone", "url": "Website"}


def fields_json(site: Site) -> bytes:
    """`/submit/fields.json`: the site, the limits, and each kind's fields in the order `check`
    reports them (required ones first, as the form shows them)."""
    data = {
        "site": {"title": site.info.title, "timezone": site.info.timezone, "repository": site.info.repository,
                 "branch": site.info.branch},
        "limits": {"text": MAX_TEXT, "url": MAX_URL, "slug": MAX_SLUG, "body": MAX_BODY},
        "types": {slug: kind.name for slug, kind in schema.EVENT_TYPES.items()},
        "zones": sorted(known_zones()),
        "common_zones": COMMON_NAMES,
        "hidden": hidden_characters(),
        "kinds": kinds(site),
    }
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def kinds(site: Site) -> dict[str, dict[str, Any]]:
    """Each kind of file the form writes: its folder, the field its slug is made from, and its fields."""
    return {kind: {"folder": folder, "slug_from": slug_from, "label": label,
                   "fields": [_field(name, spec, site) for name, spec in _asked(table, site)]}
            for kind, (folder, table, slug_from, label) in KINDS.items()}


def form_context(site: Site) -> dict[str, Any]:
    """What submit.html writes the form from: the same fields, each doc as HTML (`code`, *emphasis*)."""
    found = kinds(site)
    for spec in found.values():
        for field in spec["fields"]:
            field["doc_html"] = doc_html(field["doc"])
    return {"kinds": found}


def doc_html(doc: str) -> Markup:
    """A field's doc, written for the partner guide's Markdown, as HTML: `code` and *emphasis*."""
    escaped = html.escape(doc, quote=False)
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    return Markup(re.sub(r"\*([^*\s][^*]*)\*", r"<em>\1</em>", escaped))


def _asked(table: dict[str, schema.Field], site: Site) -> list[tuple[str, schema.Field]]:
    """The fields a partner writes and a form can hold: required ones first, each group in order."""
    fields = [(name, spec) for name, spec in table.items() if not spec.organizers
              and schema.FORM_KINDS.get(getattr(spec.parse, "kind", None) or spec.parse) != "file"
              and not hasattr(spec.parse, "schema") and not hasattr(spec.parse, "item_schema")
              and not (name == "forum" and not site.forums)]
    return [item for item in fields if item[1].required] + [item for item in fields if not item[1].required]


def _field(name: str, spec: schema.Field, site: Site) -> dict[str, Any]:
    """One field as the form asks for it: the schema's description, and the site's list where the
    site holds the value to one (declared topics and audiences, known partners, forums)."""
    form = spec.form(name)
    declared = dict(site.info.declared)
    offered = {"topics": declared.get("topics"), "audience": declared.get("audiences"),
               "forum": tuple(forum.slug for forum in site.forums) or None}
    if name in ("partner", "host"):
        profiles = {p.slug: p.name for p in site.partners if p.has_profile}
        known = validation.known_partners(profiles, declared.get("partners", ())) if profiles or declared.get(
            "partners") else []
        offered[name] = tuple(n for n in known if not schema.SLUG_PATTERN.fullmatch(n)) or tuple(known) or None
    if offered.get(name):
        form["choices"] = list(offered[name])
        form["kind"] = "choices" if form["kind"] == "list" else "choice"
    if name == "timezone":
        form["default"] = site.info.timezone
    form["label"] = LABELS.get(name, name.replace("_", " ").capitalize())
    form["browser"] = form["kind"] in IN_BROWSER
    return form


@functools.cache
def hidden_characters() -> dict[str, list[str]]:
    """Every character a name may not hide (names.hidden) but control characters, which the script
    knows by their range: its code point in hex -> what it is and how messages name it."""
    found = {}
    for code in [*range(0x20000), *range(0xE0000, 0xF0000)]:
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF or unicodedata.category(char) == "Cc":
            continue
        problem = names.hidden(char)
        if problem is not None:
            found[f"{code:x}"] = [problem[1], names.describe(char)]
    return found
