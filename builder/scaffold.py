"""`python -m builder new event|forum|partner|page`: write a new content file that `check` accepts.

A partner's first pull request fails most often on the shape of the file, not on what it says:
a missing field, a date written another way, a title with a colon that YAML reads as a field.
The scaffolder asks for each field the schema declares (or takes it from options), reads every
answer with the parser `check` uses (builder/content/validation.py `parse_value`), and writes the
values quoted, so no answer can change the YAML around it. The file is never written over an
existing one, and the whole content folder is checked once it is there.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from builder.content import schema, sources, validation
from builder.content.schema import Context, Field, Invalid, slugify
from builder.content.sources import Node
from builder.problems import UsageError

# kind -> (its folder under content/, its table of fields, the field its slug is made from)
KINDS: dict[str, tuple[str, dict[str, Field], str]] = {
    "event": ("events", schema.EVENT, "title"),
    "forum": ("forums", schema.FORUM, "title"),
    "partner": ("partners", schema.PARTNER, "name"),
    "page": ("pages", schema.PAGE, "title"),
}
# Parsers of lists of names: an answer "Literacy, STEM Education" is a list of two.
LISTS = (schema.text_list, schema.sentences, schema.accessibility, schema.grades)

Ask = Callable[[str], str]  # shows a prompt, returns the line typed (input() on a terminal)


def askable(table: dict[str, Field]) -> list[tuple[str, Field]]:
    """The fields the scaffolder asks for, required ones first, each group in declaration order.
    Blocks (`archive`), lists of blocks and free-form `extra` are left to an editor: one line of
    answer cannot say them."""
    fields = [(name, spec) for name, spec in table.items()
              if spec.parse is not schema.anything and not hasattr(spec.parse, "schema")
              and not hasattr(spec.parse, "item_schema")]
    return [item for item in fields if item[1].required] + [item for item in fields if not item[1].required]


@dataclass
class Site:
    """What the site offers the new file: its declared lists and the partners it knows."""

    zone: str | None = None
    topics: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    partners: list[str] = field(default_factory=list)  # names first, then profile slugs; [] knows any name
    forums: tuple[str, ...] = ()


def read_site(content: Path) -> Site:
    """The site's lists, as the checker reads them; a value that does not parse is left out here
    (the final check reports it)."""
    found, _ = sources.load(content)
    ctx = Context(root=content)

    def value(document: sources.Document | None, name: str, spec: Field) -> Any:
        node = document.fields.get(name) if document else None
        try:
            return validation.parse_value(spec, node, ctx) if node is not None and node.value is not None else None
        except Invalid:
            return None

    profiles = {doc.slug: value(doc, "name", schema.PARTNER["name"]) for doc in found.partners}
    declared = value(found.site, "partners", schema.SITE["partners"]) or ()
    return Site(zone=value(found.site, "timezone", schema.SITE["timezone"]),
                topics=value(found.site, "topics", schema.SITE["topics"]) or (),
                audiences=value(found.site, "audiences", schema.SITE["audiences"]) or (),
                partners=validation.known_partners(profiles, declared) if profiles or declared else [],
                forums=tuple(doc.slug for doc in found.forums))


def known_names(site: Site) -> tuple[str, ...]:
    """The partners to offer by name: profile slugs name the same partners again."""
    return tuple(name for name in site.partners if not schema.SLUG_PATTERN.fullmatch(name)) or tuple(site.partners)


def choices(name: str, kind: str, site: Site) -> tuple[str, ...]:
    """The values to offer for a field: the schema's own lists and the site's."""
    offered: dict[str, tuple[str, ...]] = {
        "type": tuple(schema.EVENT_TYPES), "status": schema.STATUSES, "repeat": schema.REPEATS,
        "accessibility": tuple(schema.ACCESSIBILITY), "grades": tuple(schema.GRADES), "topics": site.topics,
        "audience": site.audiences, "partner": known_names(site), "host": known_names(site), "forum": site.forums,
    }
    return offered.get(name, ()) if kind != "partner" else ()


def node_of(answer: str | list[str], spec: Field) -> Node:
    """The node the loader makes of the value as written in the file (quoted, so kept as typed)."""
    if spec.parse in LISTS:
        items = answer if isinstance(answer, list) else [answer]
        parts = [part.strip() for item in items for part in item.split(",")]
        return Node([Node(part, 1) for part in parts if part], 1)
    return Node(answer if isinstance(answer, str) else ", ".join(answer), 1)


def check_answer(name: str, answer: str | list[str], spec: Field, site: Site, ctx: Context) -> str | None:
    """The checker's message for a bad answer, or None. Beyond the field's parser, the site's own
    lists: topics and audiences it declares, and the partners it knows."""
    try:
        value = validation.parse_value(spec, node_of(answer, spec), ctx)
    except Invalid as error:
        return f"{name} {error.message}"
    if name in ("partner", "host") and site.partners and value not in site.partners:
        return validation.unknown_partner(name, value, site.partners)
    for listed, what in (("topics", site.topics), ("audience", site.audiences)):
        if name == listed and what:
            declared = {known.casefold(): known for known in what}
            missing = [item for item in value if item.casefold() not in declared]
            if missing:
                return (f"{name} {schema.shown(missing[0])} is not in site.yml's list"
                        f"{schema.suggest(missing[0], what)}")
    return None


def quoted(value: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `value`: quotes, backslashes and every
    character YAML or an editor could take for a line break are escaped, so no value can end its
    line, start a comment, or close the front matter."""
    escaped = []
    for char in value:
        if char in '"\\':
            escaped.append("\\" + char)
        elif char == "\n":
            escaped.append("\\n")
        elif char == "\t":
            escaped.append("\\t")
        elif char.isprintable() and char not in "\x85\u2028\u2029\ufeff" and not 0xD800 <= ord(char) <= 0xDFFF:
            escaped.append(char)
        else:
            escaped.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
    return '"' + "".join(escaped) + '"'


def yaml_value(answer: str | list[str], spec: Field) -> str:
    node = node_of(answer, spec)
    if isinstance(node.value, list):
        return "[" + ", ".join(quoted(item.value) for item in node.value if isinstance(item.value, str)) + "]"
    assert isinstance(node.value, str)
    return quoted(node.value)


def comment(text: str) -> list[str]:
    return textwrap.wrap(text, 96, initial_indent="# ", subsequent_indent="# ", break_on_hyphens=False)


def render(kind: str, answers: dict[str, str | list[str]], body: str) -> str:
    """The file: given fields (each optional one under its doc), then every other field commented out
    with its doc and example, ready to be used by deleting the "# "."""
    _, table, _ = KINDS[kind]
    lines = ["---", f"# A new {kind}, written by `python -m builder new {kind}`; check it with `python -m builder check`."]
    for name, spec in askable(table):
        if name in answers:
            if not spec.required:
                lines += comment(spec.doc)
            lines.append(f"{name}: {yaml_value(answers[name], spec)}")
    left = [(name, spec) for name, spec in table.items() if name not in answers and not spec.required]
    if left:
        lines += ["#", "# Other fields you may add: delete the \"# \" before the field's line(s)."]
    for name, spec in left:
        lines += ["#"] + comment(spec.doc)
        lines += [f"# {line}" for line in (spec.example or f"{name}:").split("\n")]
    lines += ["#", "# Below the closing line: the description, in Markdown.", "---"]
    return "\n".join(lines) + "\n" + (body.rstrip("\n") + "\n" if body.strip() else "")


def from_options(kind: str, options: dict[str, Any], site: Site, ctx: Context) -> dict[str, str | list[str]]:
    """The answers given as options; every missing required field and bad value, at once, as one error."""
    _, table, _ = KINDS[kind]
    answers: dict[str, str | list[str]] = {}
    problems = []
    for name, spec in askable(table):
        given = options.get(name)
        if given is None or given == [] or given == "":
            if spec.required:
                problems.append(f"--{name.replace('_', '-')} is missing: {spec.doc} For example: {spec.example}")
            continue
        problem = check_answer(name, given, spec, site, ctx)
        if problem:
            problems.append(f"--{name.replace('_', '-')}: {problem}")
        answers[name] = given
    if problems:
        raise UsageError(f"cannot write the {kind}: " + "; ".join(problems))
    return answers


def interview(kind: str, site: Site, ctx: Context, ask: Ask, out: TextIO) -> tuple[dict[str, str | list[str]], str]:
    """Ask for each field in turn, showing its doc, choices and default; re-ask a bad answer with the
    checker's message. Returns the answers and the description."""
    _, table, _ = KINDS[kind]
    answers: dict[str, str | list[str]] = {}
    fields = askable(table)
    print(f"A new {kind}. Required fields first; then optional ones: press Enter to skip.", file=out)
    for name, spec in fields:
        print(file=out)
        print(f"{name} ({'required' if spec.required else 'optional'}): {spec.doc}", file=out)
        offered = choices(name, kind, site)
        if offered:
            print("  Choose from: " + ", ".join(offered), file=out)
        if spec.parse in LISTS:
            print("  Several values: separate them with commas.", file=out)
        default = site.zone if name == "timezone" and kind in ("event", "forum") else None
        if default:
            print(f"  Enter keeps the site's time zone, {default}.", file=out)
        while True:
            answer = ask(f"{name}> ").strip()
            if not answer:
                if spec.required:
                    print(f"  {name} is required; for example: {spec.example}", file=out)
                    continue
                break
            problem = check_answer(name, answer, spec, site, ctx)
            if problem is None:
                answers[name] = answer
                break
            print(f"  {problem}", file=out)
    print(file=out)
    body = ask("Description, in Markdown, on one line (Enter to write it later in the file)> ")
    return answers, body


def choose_slug(kind: str, answers: dict[str, str | list[str]], given: str | None) -> str:
    """The file's name: --slug, else made from the title (or name), checked as `check` checks it."""
    folder, _, source = KINDS[kind]
    title = answers.get(source)
    slug = given if given is not None else slugify(title if isinstance(title, str) else "")[:80].rstrip("-")
    if not slug:
        raise UsageError(f"cannot make a file name from the {source}; give one with --slug, like --slug my-{kind}")
    problem = validation.slug_problem(slug, folder)
    if problem:
        raise UsageError(f"--slug: {problem}")
    return slug


def write(content: Path, kind: str, slug: str, text: str) -> Path:
    """Create the file; never over an existing one (the "x" mode fails if it is there)."""
    folder, _, _ = KINDS[kind]
    path = content / folder / f"{slug}.md"
    if not sources.inside(path, content.resolve()):  # a link in a pull request must not choose where we write
        raise UsageError(f"{content / folder} is a link to somewhere outside the content folder; nothing was "
                         "written (check reports the link: replace it with a folder)")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise UsageError(f"{path} already exists; choose another name with --slug, or edit that file") from None
    return path


def field_options() -> dict[str, list[tuple[str, Field]]]:
    """Per kind, the fields that become options (`--title`, `--image-alt`)."""
    return {kind: askable(table) for kind, (_, table, _) in KINDS.items()}


