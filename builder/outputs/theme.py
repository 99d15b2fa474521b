"""The theme: Jinja2 templates and static files, with per-site overrides by file name.

A site overrides any template or static file by placing one of the same name in the
organizers' `themes/` folder beside the content folder (never inside it: partners send
content/, and templates are code). `default/<name>` always
names the built-in file, so an override can extend the template it replaces:
`{% extends "default/event.html" %}`. Every page extends base.html, whose blocks (head, header,
nav, main, aside, footer, scripts) let an override of it change one part of every page.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jinja2
from markupsafe import Markup

from builder import routes
from builder.content import colors, recordings
from builder.content.languages import language_names
from builder.content.model import Event, Link, Person, Site, SiteInfo, name_slug
from builder.content.moments import anchor_paragraphs
from builder.content.schema import ACCESSIBILITY, EVENT_TYPES, GRADES, cost_text, pd_text
from builder.content.webvtt import clock
from builder.outputs import timetext
from builder.outputs.calendar_links import subscribe_links
from builder.problems import LocatedError

BUILTIN = Path(__file__).resolve().parents[2] / "themes" / "default"


ITEM_TEMPLATE = "event-item.html"  # what the `event_item` global (ListItems) renders


ITEM_LEVEL = 3  # the heading level of the built-in lists


# The theme's own menus, each (title, route), shown when site.yml declares none (`nav:`, `footer:`).
NAV = (("Calendar", routes.HOME), ("Conference", routes.CONFERENCE), ("Forums", routes.FORUMS), ("Topics", routes.TOPICS),
       ("Event types", routes.TYPES), ("Partners", routes.PARTNERS), ("Proceedings", routes.PROCEEDINGS),
       ("My schedule", routes.MY), ("Search", routes.SEARCH))
FOOTER = (("Subscribe to the calendar", routes.SUBSCRIBE), ("What's new", routes.NEW), ("Add your event", routes.SUBMIT),
          ("People", routes.PEOPLE), ("Open badges", routes.BADGES),
          ("RSS", routes.FEED), ("Atom", routes.ATOM), ("Events as JSON", routes.EVENTS_JSON))


def menus(site: Site) -> dict[str, tuple[Link, ...]]:
    """`nav_links` and `footer_links`, which every page's context has: site.yml's lists, else the
    theme's own, whose nav ends with the site's pages (content/pages/)."""
    root, info = site.info.base_path, site.info
    nav = info.nav if info.nav is not None else (*(Link(title, root + route) for title, route in NAV),
                                                 *(Link(page.title, root + page.url) for page in site.pages))
    footer = info.footer if info.footer is not None else tuple(
        Link(title, root + route) for title, route in FOOTER  # people and badges: made if there are any
        if (route != routes.PEOPLE or site.people) and (route != routes.BADGES or site.badges))
    return {"nav_links": nav, "footer_links": footer}


def color_style(info: SiteInfo) -> Markup:
    """The `color_style` global: CSS custom properties for site.yml's `colors:`, or nothing. Only
    colours validation parsed as `#rrggbb` are written, checked once more here, so no other text
    of site.yml can reach the stylesheet."""
    chosen = {name: value for name, value in info.colors if colors.parse_hex(value) == value}
    rules = []
    if "accent" in chosen or "accent_text" in chosen:
        accent = chosen.get("accent", colors.DEFAULT_ACCENT)
        ink = chosen.get("accent_text", colors.text_on(accent))
        # not in the dark scheme, whose accent the theme (or accent_dark) sets for its dark page
        rules.append(f"@media not screen and (prefers-color-scheme:dark){{:root{{--accent:{accent};"
                     f"--accent-hover:{accent};--accent-ink:{ink}}}}}")
    if "accent_dark" in chosen:
        dark = chosen["accent_dark"]
        rules.append(f"@media screen and (prefers-color-scheme:dark){{:root{{--accent:{dark};--accent-hover:{dark};"
                     f"--accent-ink:{colors.text_on(dark)}}}}}")
    return Markup(f"<style>{''.join(rules)}</style>") if rules else Markup("")


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


@functools.lru_cache(maxsize=8)
def _profiles(people: tuple[Person, ...]) -> dict[str, Person]:
    return {person.name.casefold(): person for person in people}


def profile_of(people: tuple[Person, ...], name: str) -> Person | None:
    """The profile of a presenter or moderator, by name (as the model matches them), or None."""
    return _profiles(people).get(name.casefold())


@dataclass(frozen=True)
class Theme:
    env: jinja2.Environment
    static: Mapping[str, bytes]  # output path (under assets/) -> bytes


def override_folders(content_root: Path) -> list[Path]:
    """Where a site's own templates live: the organizers' `themes/` beside the content folder.
    Never inside it: content/ is what partners send, and a template is code."""
    folder = content_root.resolve().parent / "themes"
    return [folder] if folder.is_dir() else []


def load_theme(content_root: Path, bytecode: jinja2.BytecodeCache | None = None) -> Theme:
    """The theme: the organizers' overrides, then the built-in templates. `bytecode` is where the
    build's engine keeps them compiled (Jinja's own hook), if anywhere."""
    folders = override_folders(content_root)
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
        long_day_text=timetext.long_day_text, clock_text=timetext.clock, month_text=timetext.month_text,
        subscribe_links=subscribe_links, language_names=language_names, accessibility_names=ACCESSIBILITY,
        theme_language=timetext.LANGUAGE, grade_names=GRADES, cost_text=cost_text, pd_text=pd_text,
        color_style=color_style, event_types=EVENT_TYPES,
    )
    env.globals["event_item"] = ListItems(env)
    env.globals["profile_of"] = profile_of
    env.filters["profile"] = lambda name, people: profile_of(people, name)
    env.filters["iso"] = lambda moment: moment.isoformat()
    env.filters["utc"] = lambda moment: f"{moment.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
    env.filters["slug"] = name_slug
    env.filters["grade"] = GRADES.__getitem__  # a grade band's slug -> its name
    env.filters["feature"] = ACCESSIBILITY.__getitem__  # an accessibility feature's slug -> its name
    env.globals["recording_clock"] = clock  # seconds into a recording -> 4:07 or 1:02:03
    env.filters["at"] = lambda recording, seconds: recordings.at(recording, seconds) if recording else None
    env.filters["paragraph_ids"] = lambda html, prefix="": Markup(anchor_paragraphs(str(html), prefix))
    static: dict[str, bytes] = {}
    for folder in [BUILTIN, *reversed(folders)]:  # later folders win
        static_dir = folder / "static"
        if not static_dir.is_dir():
            continue
        for path in sorted(static_dir.rglob("*")):
            if path.is_file() and not path.is_symlink() and not path.name.startswith("."):
                static[routes.ASSETS + path.relative_to(static_dir).as_posix()] = path.read_bytes()
    return Theme(env, MappingProxyType(dict(sorted(static.items()))))


class TemplateError(LocatedError):
    """A template failed while rendering a page: names the template file and line, the page, and
    Jinja's message (an override's typo, a value the page does not have)."""

    def __init__(self, template: str, line: int, page: str, message: str) -> None:
        super().__init__(f"{template}:{line}: error: {message} (rendering {page})")
        self.template, self.line, self.page = template, line, page


def render_page(env: jinja2.Environment, template: str, page: str, context: dict[str, Any]) -> str:
    """`template` rendered for the page at `page`; a failure is a TemplateError that says where."""
    try:
        return env.get_template(template).render(context)
    except Exception as error:
        template_file, line = _where(error, template)
        raise TemplateError(template_file, line, page, f"{type(error).__name__}: {error}") from error


def _where(error: Exception, template: str) -> tuple[str, int]:
    """The template file and line a failure happened in: the innermost template in its traceback
    (Jinja rewrites a template's frames to carry its file and line), else the page's template."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return _shown(error.filename), error.lineno
    where = (template, 1)
    trace = error.__traceback__
    while trace is not None:
        code = trace.tb_frame.f_code
        if not code.co_filename.endswith(".py") and not code.co_filename.startswith("<frozen"):
            where = (_shown(code.co_filename), trace.tb_lineno)
        trace = trace.tb_next
    return where


def _shown(filename: str) -> str:
    """A template's file as a message shows it: from the current folder when it is under it."""
    path = Path(filename)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return filename
