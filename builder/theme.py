"""The theme: Jinja2 templates and static files, with per-site overrides by file name.

A site overrides any template or static file by placing one of the same name in the
organizers' `themes/` folder beside the content folder (never inside it: partners send
content/, and templates are code). `default/<name>` always
names the built-in file, so an override can extend the template it replaces:
`{% extends "default/event.html" %}`.
"""

from __future__ import annotations

import functools
import io
import os
import re
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date
from pathlib import Path
from types import MappingProxyType

import jinja2
from jinja2 import meta
from markupsafe import Markup

from builder import cache, routes, timetext
from builder.calendar_links import subscribe_links
from builder.fingerprint import digest
from builder.model import Event, name_slug

BUILTIN = Path(__file__).resolve().parent.parent / "themes" / "default"


# The `event_item` global (ListItems) renders this template, out of jinja2.meta's sight.
ITEM_TEMPLATE, ITEM_CALL = "event-item.html", "event_item("
# Templates that read these see every event, so every event is among their pages' inputs.
READS_EVERY_EVENT = re.compile(r"\bsite\.(events|by_|ongoing_by_day|forums_by_|media)")


ITEM_LEVEL = 3  # the heading level of the built-in lists


class ListItems:
    """The `event_item` global: an event's list item, made once per build and process however many
    lists show it (a month-long forum is on 31 day pages). Set before any template loads, as
    Jinja wants its globals."""

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self.known: dict[tuple[str, str, int, str], str] = {}  # (slug, occurrence start, level, root) ->

    def __call__(self, event: Event, root: str, level: int = ITEM_LEVEL, day: date | None = None) -> Markup:
        occurrence = event.occurrence_on(day) if day else event.occurrences[0]
        key = (event.slug, occurrence.start.isoformat(), level, root)
        if key not in self.known:
            self.known[key] = self.env.get_template(ITEM_TEMPLATE).render(
                event=event, o=occurrence, level=level, root=root).strip()
        return Markup(self.known[key])


@dataclass(frozen=True)
class Theme:
    env: jinja2.Environment
    static: Mapping[str, bytes]  # output path (under assets/) -> bytes

    def inputs_of(self, name: str) -> tuple[str, bool]:
        """The digest of a template with all it extends, includes and imports; and whether any of
        them reads the site's events. A changed template thus rebuilds only the pages that use it."""
        sources: dict[str, str] = {}
        waiting = [name]
        while waiting:
            current = waiting.pop()
            if current in sources:
                continue
            sources[current] = self.env.loader.get_source(self.env, current)[0]  # type: ignore[union-attr]
            for referenced in _referenced(sources[current]):
                if referenced is None:  # a name computed at render time: any template may be used
                    every = sorted(self.env.list_templates())
                    return digest(*every, *(self.env.loader.get_source(self.env, n)[0] for n in every)), True  # type: ignore[union-attr]
                waiting.append(referenced)
        parts = [part for key in sorted(sources) for part in (key, sources[key])]
        return digest(*parts), any(READS_EVERY_EVENT.search(text) for text in sources.values())


_SYNTAX = jinja2.Environment()


@functools.lru_cache(maxsize=256)
def _referenced(source: str) -> tuple[str | None, ...]:
    """The templates a template's text names, and the item template if it calls `event_item`
    (each text parsed once: every page's fingerprint asks). Parsing needs only Jinja's syntax,
    so a plain environment does it and no build's environment is kept."""
    named = tuple(meta.find_referenced_templates(_SYNTAX.parse(source)))
    return named + (ITEM_TEMPLATE,) if ITEM_CALL in source else named


def override_folders(content_root: Path) -> list[Path]:
    """Where a site's own templates live: the organizers' `themes/` beside the content folder.
    Never inside it: content/ is what partners send, and a template is code."""
    folder = content_root.resolve().parent / "themes"
    return [folder] if folder.is_dir() else []


class _Compiled(jinja2.FileSystemBytecodeCache):
    """Templates as an earlier build compiled them (Jinja checks each against its source and its own
    version): compiling them again is a good part of a one-event edit. Compiled Python runs when
    loaded, and the cache sits where a pull request can place files, so each is kept sealed with the
    user's secret (cache.seal) and one whose seal does not hold is compiled afresh. A cache that
    cannot be written only costs that time."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            with open(self._get_cache_filename(bucket), "rb") as file:
                data = cache.unseal(file.read())
        except OSError:
            return
        if data is not None:
            bucket.load_bytecode(io.BytesIO(data))

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        written = io.BytesIO()
        bucket.write_bytecode(written)
        path = self._get_cache_filename(bucket)
        temporary = f"{path}.{os.getpid()}"
        try:
            with open(temporary, "wb") as file:
                file.write(cache.seal(written.getvalue()))
            os.replace(temporary, path)
        except OSError:
            with suppress(OSError):
                os.unlink(temporary)


def load_theme(content_root: Path, compiled: Path | None = None) -> Theme:
    """The theme: the organizers' overrides, then the built-in templates; `compiled` (a folder of the
    build cache) keeps them compiled, sealed."""
    folders = override_folders(content_root)
    bytecode = None
    if compiled is not None:
        with suppress(OSError):
            compiled.mkdir(parents=True, exist_ok=True)
            bytecode = _Compiled(str(compiled))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.FileSystemLoader([*folders, BUILTIN]),
            jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(BUILTIN)}),
        ]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # each build loads the theme afresh; otherwise every render stats its templates
        bytecode_cache=bytecode,
    )
    env.globals.update(
        span_text=timetext.span_text, time_range_text=timetext.time_range_text, day_text=timetext.day_text,
        long_day_text=timetext.long_day_text, month_text=timetext.month_text,
        subscribe_links=subscribe_links,
    )
    env.globals["event_item"] = ListItems(env)
    env.filters["iso"] = lambda moment: moment.isoformat()
    env.filters["utc"] = lambda moment: f"{moment.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
    env.filters["slug"] = name_slug
    static: dict[str, bytes] = {}
    for folder in [BUILTIN, *reversed(folders)]:  # later folders win
        static_dir = folder / "static"
        if not static_dir.is_dir():
            continue
        for path in sorted(static_dir.rglob("*")):
            if path.is_file() and not path.is_symlink() and not path.name.startswith("."):
                static[routes.ASSETS + path.relative_to(static_dir).as_posix()] = path.read_bytes()
    return Theme(env, MappingProxyType(dict(sorted(static.items()))))
