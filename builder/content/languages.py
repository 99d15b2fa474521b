"""Languages: which tags we accept for an event's `language`, and what readers see of them.

A tag is BCP 47, as HTML's `lang`, iCalendar's LANGUAGE and schema.org's inLanguage read it:
`es`, `fr-CA`, `ase` (American Sign Language). Each subtag is checked against the IANA
registry by langcodes, so a typo such as `sp` is refused instead of reaching screen readers
as a language they cannot speak. Tags are written in their standard form (`EN-us` is
`en-US`, the deprecated `iw` is `he`). Names come from CLDR (langcodes' language_data).
"""

from __future__ import annotations

import re
from functools import cache

import langcodes

SYNTAX = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,12}")  # more subtags than any real tag needs
# Tags that name no language a reader could be told of: undetermined, no linguistic content,
# and the private-use ranges (qaa-qtz), whose meaning only their user knows.
NAMELESS = re.compile(r"und|zxx|q[a-t][a-z]")
EXAMPLES = '"en", "es" or "fr-CA"'


def check_language(value: str) -> tuple[str | None, str | None]:
    """(the tag in its standard form, None), or (None, what is wrong and how to write it)."""
    if "_" in value and SYNTAX.fullmatch(value.replace("_", "-")):
        return None, f'is not a language tag: tags use hyphens; did you mean "{value.replace("_", "-")}"?'
    if not SYNTAX.fullmatch(value):
        named = _tag_named(value)
        hint = f'; did you mean "{named}"?' if named else f"; write its code, like {EXAMPLES}"
        return None, f"is not a language tag{hint}"
    try:
        language = langcodes.Language.get(value)
        valid = language.is_valid()
    except langcodes.tag_parser.LanguageTagError:
        valid = False
    if not valid:
        return None, (f"is not a registered language tag; write a language's code from the IANA registry, like {EXAMPLES} "
                      "(a region after a hyphen is a country code, like US or MX)")
    if language.language is None or NAMELESS.fullmatch(language.language):
        return None, f"names no particular language; write the language the event is held in, like {EXAMPLES}"
    return langcodes.standardize_tag(value), None


def _tag_named(name: str) -> str | None:
    """The tag of a language written by its English name ("Spanish" -> "es"), if it is one."""
    if not re.fullmatch(r"[^\W\d_]+( [^\W\d_]+)*", name) or len(name) > 40:
        return None
    try:
        return langcodes.find(name).to_tag()
    except LookupError:
        return None


@cache
def language_names(tag: str) -> tuple[str, str]:
    """The language's name in English (the builder's own words) and in itself: ("Spanish", "español")."""
    language = langcodes.Language.get(tag)
    return language.display_name("en"), language.autonym()
