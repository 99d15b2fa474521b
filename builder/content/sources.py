"""Load: read the content folder into documents whose values are text with line numbers.

YAML is read with PyYAML's BaseLoader, so every scalar stays the text the partner
typed (`10:30` is not 630, `NO` is not False); the schema parses it later. Each value
keeps the line it was written on, because every error must name that line.
Nothing here judges the content beyond "can it be read at all".
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from builder.content.limits import MAX_FILE_BYTES, MAX_FRONT_MATTER, MAX_FRONT_MATTER_NESTING
from builder.problems import Problem

KINDS = ("events", "forums", "partners", "pages", "people", "badges")
EARNERS = ".earners.csv"  # beside a badge's .md in badges/: who earned it (builder/content/earners.py)
NULL_WORDS = {"", "~", "null", "Null", "NULL"}
# Characters no page, feed or calendar can carry: control characters but tab and newline, lone
# surrogates, and Unicode's noncharacters (U+FDD0-U+FDEF and the last two of every plane).
UNCARRIED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                       + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)) + "]")
FAST_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml when PyYAML was built with it

Value = str | None | list["Node"] | dict[str, "Node"]


@dataclass(frozen=True)
class Node:
    """A front-matter value as typed, and the 1-based line it starts on."""

    value: Value
    line: int


@dataclass(frozen=True)
class Document:
    """One content file: front matter as nodes, the Markdown body and where things are."""

    path: str  # as shown in messages, e.g. content/events/foo.md
    file: Path
    slug: str
    fields: dict[str, Node]
    body: str = ""
    body_line: int = 1
    header_line: int = 1  # the line with the opening `---`, for "field missing" errors
    dropped: frozenset[str] = frozenset()  # fields left unread on a line YAML could not read (reported already)


@dataclass(frozen=True)
class Sources:
    """Everything read from a content folder, before any validation."""

    root: Path
    site: Document | None
    events: list[Document] = field(default_factory=list)
    forums: list[Document] = field(default_factory=list)
    partners: list[Document] = field(default_factory=list)
    pages: list[Document] = field(default_factory=list)
    people: list[Document] = field(default_factory=list)
    badges: list[Document] = field(default_factory=list)
    earners: list[Table] = field(default_factory=list)  # the badges' earners files, sorted by name


@dataclass(frozen=True)
class Table:
    """A CSV file as text (a badge's earners), read as the Markdown files are: checked by validation."""

    path: str  # as shown in messages
    slug: str  # the badge's: the file name without EARNERS
    text: str


class _LoadError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _TextLoader(yaml.BaseLoader):
    """BaseLoader that refuses aliases: partners never need them and they allow 'billion laughs'."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _LoadError(
                event.start_mark.line + 1,
                "YAML aliases (`*name`) are not supported; write the value out in full",
            )
        return super().compose_node(parent, index)


Headers = dict[str, dict[str, Node]]  # a front matter's digest -> its fields


Tasks = list[Callable[[], Any]]
Run = Callable[[Tasks], Iterable[tuple[int, Any]]]  # runs tasks, yields (task number, result)


def one_by_one(tasks: Tasks) -> Iterator[tuple[int, Any]]:
    """The plain way to run load's tasks: in order, here."""
    for number, task in enumerate(tasks):
        yield number, task()


def load(root: Path, shown_root: str | None = None, headers: Headers | None = None,
         run: Run = one_by_one) -> tuple[Sources, list[Problem]]:
    """Read site.yml and every Markdown file under the content folder, sorted by name.

    `headers` holds front matter read before, by a digest of its text: a rebuild parses the YAML
    of changed files only (on a large site, parsing every header is most of this stage's time).
    It is updated to hold exactly this load's headers. `run` runs the reading of each file (the
    build's engine passes one that spreads them over the cores); each task is independent of the
    others."""
    shown = shown_root if shown_root is not None else str(root)
    problems: list[Problem] = []
    memo = _Memo(headers)

    def display(path: Path) -> str:
        return _display(root, shown, path)

    real_root = root.resolve()
    problems += _outsiders(root, real_root, display)
    site_path = root / "site.yml"
    site: Document | None = None
    if not inside(site_path, real_root):
        problems.append(Problem(display(site_path), 1, LINK_OUT))
    elif site_path.exists() and not site_path.is_file():  # a folder, or a named pipe that would never be read to its end
        problems.append(Problem(display(site_path), 1, NOT_REGULAR))
    elif not site_path.is_file():
        problems.append(Problem(display(site_path), 1,
                                "site.yml is missing; every site needs one with title, base_url, month and timezone"))
    else:
        site, found = _read(site_path, display(site_path), front_matter=False, memo=memo)
        problems += found

    listed: list[tuple[str, Path] | Problem] = []  # in order: the files to read, and the misnamed
    tables: list[Table] = []
    for kind in KINDS:
        folder = root / kind
        if not folder.is_dir() or not inside(folder, real_root):  # a folder link out is reported above
            continue
        with os.scandir(folder) as entries:  # which entries are folders is known without a stat each
            named = sorted((entry.name, _is_folder(entry), entry.is_symlink()) for entry in entries)
        for name, is_folder, is_link in named:
            path = folder / name
            if name.startswith(".") or is_folder:
                continue
            if is_link and not inside(path, real_root):  # the folder itself was found inside
                listed.append(Problem(display(path), 1, LINK_OUT if os.path.exists(path) else LINK_NOWHERE))
                continue
            if kind == "badges" and name.endswith(EARNERS):
                table = _read_table(path, display(path))
                if isinstance(table, Problem):
                    listed.append(table)
                else:
                    tables.append(table)
                continue
            if path.suffix.lower() != ".md":
                if kind != "pages" or path.suffix.lower() not in (".txt",):
                    listed.append(Problem(display(path), 1,
                                          f"only .md files belong in {kind}/; rename it to end in .md or move it",
                                          "warning"))
                continue
            if path.suffix != ".md":
                listed.append(Problem(display(path), 1, 'the file name must end in lowercase ".md"'))
                continue
            listed.append((kind, path))

    files = [item for item in listed if not isinstance(item, Problem)]
    tasks = [partial(_read_file, path, display(path), memo) for _, path in files]
    read: dict[Path, tuple[Document | None, list[Problem]]] = {}
    for index, (document, problem, header) in (one_by_one(tasks) if memo.earlier else run(tasks)):
        read[files[index][1]] = document, problem
        if header:
            memo.used[header[0]] = header[1]
    found: dict[str, list[Document]] = {kind: [] for kind in KINDS}
    for item in listed:
        if isinstance(item, Problem):
            problems.append(item)
            continue
        document, file_problems = read[item[1]]
        problems += file_problems
        if document:
            found[item[0]].append(document)
    return Sources(root=root, site=site, **found, earners=tables), problems


def _read_table(path: Path, shown: str) -> Table | Problem:
    """A badge's earners file as text, or why it cannot be read."""
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except NotRegular:
        return Problem(shown, 1, NOT_REGULAR)
    except OSError as error:
        return Problem(shown, 1, f"cannot read the file ({error.strerror or error})")
    if len(raw) > MAX_FILE_BYTES:
        return Problem(shown, 1, f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB; split the badge's earners")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return Problem(shown, raw[: error.start].count(b"\n") + 1, "the file is not UTF-8 text; save it as UTF-8 CSV "
                       "(in a spreadsheet: Save As, CSV UTF-8)")
    if "\x00" in text:
        return Problem(shown, text[: text.index("\x00")].count("\n") + 1, "the file contains a NUL character; save it "
                       "as plain UTF-8 CSV")
    return Table(shown, path.name.removesuffix(EARNERS), text.removeprefix("\ufeff"))


def _read_file(path: Path, shown: str, memo: _Memo) -> tuple[Document | None, list[Problem],
                                                             tuple[str, dict[str, Node]] | None]:
    """_read, and the front matter it parsed or reused (digest, fields), which a forked process
    must send back to the memo."""
    memo.last = None
    document, problem = _read(path, shown, front_matter=True, memo=memo)
    return document, problem, memo.last


def load_files(root: Path, shown_root: str, paths: list[Path]) -> tuple[list[Document], list[Problem]]:
    """Some Markdown files of the content folder, read as `load` reads them: an incremental build
    reads only the files that changed."""
    documents, problems = [], []
    real_root = root.resolve()
    for path in paths:
        if not inside(path, real_root):
            problems.append(Problem(_display(root, shown_root, path), 1, LINK_OUT))
            continue
        document, found = _read(path, _display(root, shown_root, path), front_matter=True, memo=_Memo(None))
        problems += found
        documents += [document] if document else []
    return documents, problems


LINK_OUT = "this is a link to somewhere outside the content folder; copy the file in instead"
LINK_NOWHERE = "this link leads to no file (a loop of links, or a broken one); remove it, or copy the file in instead"
NOT_REGULAR = "this is not an ordinary file (a named pipe, a device or a socket); replace it with a text file"


class NotRegular(OSError):
    """What read_regular refuses: anything but an ordinary file."""


def read_regular(path: Path, most: int) -> bytes:
    """The bytes of an ordinary file, at most `most` + 1 of them (one more than allowed says it is too
    long, without reading the rest). Anything else is refused before a byte is read: reading a named
    pipe waits for a writer that never comes, and a device such as /dev/zero never ends. (Opening
    without waiting, then asking what was opened, leaves no moment for the file to be swapped.)"""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotRegular(path)
        chunks, left = [], most + 1
        while left > 0 and (chunk := os.read(descriptor, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)
# What a content folder holds; anything else is reported, never read. `themes/` is the organizers'
# and lives beside content/: a template is code, and content/ is what partners send.
TOP_LEVEL = {"site.yml", "media", *KINDS}


def inside(path: Path, real_root: Path) -> bool:
    """`path` resolves inside the content folder (`real_root`, resolved), whatever link is on the way."""
    try:
        return path.resolve().is_relative_to(real_root)
    except (OSError, RuntimeError):  # a loop of links
        return False


def _outsiders(root: Path, real_root: Path, display: Callable[[Path], str]) -> list[Problem]:
    """What the content folder holds that is never read: organizers' files put where partners'
    belong, links out of it, and stray entries."""
    problems = []
    try:
        with os.scandir(root) as entries:
            names = sorted(entry.name for entry in entries)
    except OSError:
        return []
    for name in names:
        path = root / name
        if name == "themes":
            problems.append(Problem(display(path), 1, "themes/ inside the content folder is not read: templates "
                                    "are code, and only organizers may change them; move it beside the content "
                                    "folder (themes/ next to content/)"))
        elif name in TOP_LEVEL and not inside(path, real_root):
            problems.append(Problem(display(path), 1, LINK_OUT))
        elif name not in TOP_LEVEL and not name.startswith("."):
            problems.append(Problem(display(path), 1, "this is not read; a content folder holds site.yml and the "
                                    "folders " + ", ".join(f"{kind}/" for kind in (*KINDS, "media")), "warning"))
    return problems


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """Whether a folder's entry is a folder, through links too; a loop of links is none (asking
    raises), and is reported as a link that leads nowhere."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _display(root: Path, shown: str, path: Path) -> str:
    return f"{shown.rstrip('/')}/{path.relative_to(root).as_posix()}"


def _read(path: Path, shown: str, front_matter: bool, memo: _Memo) -> tuple[Document | None, list[Problem]]:
    """The file as a document, and its problems: none, or why it cannot be read (no document), or the
    YAML errors of a front matter read without the fields they are in (builder/content/sources._recover)."""
    slug = path.name[: -len(path.suffix)] if path.suffix else path.name
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except NotRegular:
        return None, [Problem(shown, 1, NOT_REGULAR)]
    except OSError as error:
        return None, [Problem(shown, 1, f"cannot read the file ({error.strerror or error})")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(shown, 1, f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB; "
                                        "move large material to media/ or a link")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(shown, line, "the file is not UTF-8 text; save it as UTF-8 "
                                           "(in most editors: Save As, Encoding: UTF-8)")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        return None, [Problem(shown, text[: text.index("\x00")].count("\n") + 1,
                              "the file contains a NUL character; save it as plain UTF-8 text")]
    if not text.strip():
        what = "title, base_url, month and timezone" if not front_matter else "a front matter block between --- lines"
        return None, [Problem(shown, 1, f"the file is empty; it needs {what}")]

    if front_matter:
        header, body, body_line, problem = _split(text, shown)
        if problem:
            return None, [problem]
        body = UNCARRIED.sub("", body)  # its lines stay where they were: no line break is dropped
        first_line = 2
    else:
        header, body, body_line, first_line = text, "", 1, 1
    if len(header) > MAX_FRONT_MATTER:  # before any YAML is parsed: its time grows with the length
        return None, [Problem(shown, max(first_line - 1, 1), _too_long(len(header), front_matter))]

    try:
        fields = memo.fields(header, first_line)
    except _LoadError as error:
        recovered = _recover(header, first_line, error) if front_matter else None
        if recovered is None:
            return None, [Problem(shown, error.line, error.message)]
        fields, dropped, errors = recovered
        return (Document(shown, path, slug, fields, body, body_line, header_line=max(first_line - 1, 1),
                         dropped=dropped), [Problem(shown, found.line, found.message) for found in errors])
    return Document(shown, path, slug, fields, body, body_line, header_line=max(first_line - 1, 1)), []


MAX_RECOVERY = 5  # fields set aside before giving up on a front matter YAML cannot read


def _recover(header: str, first_line: int, error: _LoadError) -> tuple[dict[str, Node], frozenset[str],
                                                                         list[_LoadError]] | None:
    """The fields of a front matter YAML could not read, read without the fields its errors are in:
    each such field's lines are blanked (the others keep their numbers), while YAML still stops, a
    few fields at most. Returns the fields, the names set aside (validation does not call them
    missing) and every error found on the way; None when nothing is left to check (then the first
    error alone is reported)."""
    lines = header.split("\n")
    dropped: set[str] = set()
    errors = [error]
    for _ in range(MAX_RECOVERY):
        index = errors[-1].line - first_line
        if not 0 <= index < len(lines):
            return None
        start, end = _field_lines(lines, index)
        name = re.match(r"([^\s:#'\"][^:#]*?)\s*:(\s|$)", lines[start])
        if name:
            dropped.add(name.group(1))
        lines[start:end] = [""] * (end - start)
        try:
            fields = _parse_mapping("\n".join(lines), first_line)
        except _LoadError as again:
            errors.append(again)
            continue
        return (fields, frozenset(dropped), errors) if fields else None
    return None


def _field_lines(lines: list[str], index: int) -> tuple[int, int]:
    """The lines of the top-level field that line `index` belongs to: from its `name:` line (the last
    line before it that starts at the margin) to the next such line."""
    start = index
    while start > 0 and (not lines[start] or lines[start][0] in " \t-#"):
        start -= 1
    end = index + 1
    while end < len(lines) and (not lines[end] or lines[end][0] in " \t-#"):
        end += 1
    return start, end


def _too_long(length: int, front_matter: bool) -> str:
    if front_matter:
        return (f"the front matter is {length:,} characters long; at most {MAX_FRONT_MATTER:,} are allowed: "
                "move long text into the description below the front matter, after the second `---` line")
    return (f"site.yml is {length:,} characters long; at most {MAX_FRONT_MATTER:,} are allowed: keep long text "
            "out of it, in pages/")


def _split(text: str, shown: str) -> tuple[str, str, int, Problem | None]:
    """Split `---` front matter from the body, line by line so line numbers stay exact.

    The boundary rule (three or more dashes alone on a line) is python-frontmatter's.
    """
    boundary = frontmatter.default_handlers.YAMLHandler.FM_BOUNDARY
    lines = text.split("\n")
    if not boundary.fullmatch(lines[0]):
        return "", "", 1, Problem(shown, 1, "the file has no front matter; start it with a line `---`, "
                                            "then the fields (title: ..., start: ...), then another `---` line")
    for index in range(1, len(lines)):
        if boundary.fullmatch(lines[index]):
            header = "\n".join(lines[1:index]) + "\n"
            return header, "\n".join(lines[index + 1:]), index + 2, None
    return "", "", 1, Problem(shown, 1, "the front matter is not closed; add a line `---` after the "
                                        "last field, before the description")


class _Memo:
    """Front matter parsed by an earlier load, reused when the text (and its first line) is the same."""

    def __init__(self, headers: Headers | None) -> None:
        self.earlier = dict(headers or {})
        self.used: Headers = headers if headers is not None else {}
        self.used.clear()
        self.last: tuple[str, dict[str, Node]] | None = None  # what the last call of fields() used

    def fields(self, header: str, first_line: int) -> dict[str, Node]:
        key = hashlib.blake2b(f"{first_line}\n{header}".encode(), digest_size=16).hexdigest()
        fields = self.earlier.get(key)
        if fields is None:
            fields = _parse_mapping(header, first_line)  # an error is raised, and parsed again next time
        self.used[key] = fields
        self.last = key, fields
        return fields


# Characters YAML treats as line breaks though no editor shows a new line there; as spaces,
# YAML's line numbers stay the editor's.
INVISIBLE_BREAKS = {0x85: " ", 0x2028: " ", 0x2029: " "}


def _parse_mapping(header: str, first_line: int) -> dict[str, Node]:
    if not header.strip():
        return {}
    header = header.translate(INVISIBLE_BREAKS)
    try:
        root = yaml.compose(header, Loader=FAST_LOADER)  # libyaml: many times faster than PyYAML's parser
    except (yaml.YAMLError, RecursionError, ValueError):
        root = _compose_slowly(header, first_line)  # for what is wrong, and where, in the words explained
    else:
        if "*" in header and _has_alias(root):  # libyaml takes aliases: PyYAML's parser refuses them on their line
            root = _compose_slowly(header, first_line)
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise _LoadError(root.start_mark.line + first_line,
                         "the front matter must be a list of `field: value` lines")
    converted = _convert(root, first_line, depth=0)
    assert isinstance(converted.value, dict)
    return converted.value


def _has_alias(root: yaml.Node) -> bool:
    """Whether a composed tree holds an alias: libyaml's composer puts the node an anchor named
    wherever an alias names it, so the tree then holds one node twice (or in itself)."""
    seen: set[int] = set()
    nodes = [root]
    while nodes:
        node = nodes.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            nodes += node.value
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                nodes += (key, value)
    return False


def _compose_slowly(header: str, first_line: int) -> yaml.Node | None:
    """PyYAML's own parser: it refuses aliases, and its error messages are the ones explained."""
    try:
        return yaml.compose(header, Loader=_TextLoader)
    except _LoadError as error:
        raise _LoadError(error.line + first_line - 1, error.message) from None
    except yaml.MarkedYAMLError as error:
        context = str(error.context or "")
        # An unclosed quote or bracket is found far below; the partner must look where it opened.
        opened = "quoted scalar" in context or "flow" in context
        mark = (error.context_mark if opened else None) or error.problem_mark or error.context_mark
        line = (mark.line + first_line) if mark else first_line
        reason = " ".join(str(error.problem or error.context or "invalid YAML").split())
        unclosed = _unclosed(header.split("\n")[: line - first_line + 1])
        if unclosed is not None and not _parses_when_closed(header, *unclosed):
            unclosed = None
        if unclosed is not None:
            line, what = unclosed[0] + first_line, unclosed[1]
            reason = f"a {what} opened here is never closed"
        elif "quoted scalar" in context:
            reason = "a quote opened here is never closed"
        elif opened:
            reason = "a bracket opened here is never closed"
        raise _LoadError(line, f"the front matter is not valid YAML ({reason}); {_yaml_hint(reason)}") from None
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        raise _LoadError(first_line, f"the front matter cannot be read as YAML ({type(error).__name__})") from None


def _convert(node: yaml.Node, first_line: int, depth: int) -> Node:
    line = node.start_mark.line + first_line
    if depth > MAX_FRONT_MATTER_NESTING:
        raise _LoadError(line, "the front matter is nested too deeply")
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value in NULL_WORDS:  # plain: None from PyYAML, "" from libyaml
            return Node(None, line)
        return Node(node.value, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(item, first_line, depth + 1) for item in node.value], line)
    mapping: dict[str, Node] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise _LoadError(key_node.start_mark.line + first_line, "a field name must be plain text")
        key = key_node.value
        if key in mapping:
            raise _LoadError(key_node.start_mark.line + first_line,
                             f'the field "{key}" is written twice; keep one of them')
        mapping[key] = _convert(value_node, first_line, depth + 1)
        if mapping[key].line < key_node.start_mark.line + first_line:
            mapping[key] = Node(mapping[key].value, key_node.start_mark.line + first_line)
    return Node(mapping, line)


def _unclosed(lines: list[str]) -> tuple[int, str] | None:
    """The first `field: "...` or `field: [...` line that does not close what it opens, if any.

    YAML lets a quoted value run over several lines, so it only notices the missing quote far
    below; partners almost always meant one line.
    """
    for index, line in enumerate(lines):
        match = re.match(r"\s*(?:- )?[\w.-]+:\s+(.*)$", line) or re.match(r"\s*- (.*)$", line)
        if not match:
            continue
        value = match.group(1).strip()
        if value.startswith('"') and not re.fullmatch(r'"(?:[^"\\]|\\.)*"\s*(#.*)?', value):
            return index, "quote"
        if value.startswith("'") and not re.fullmatch(r"'(?:[^']|'')*'\s*(#.*)?", value):
            return index, "quote"
        if value.startswith("[") and value.count("[") > value.count("]"):
            return index, "bracket"
    return None


def _parses_when_closed(header: str, index: int, what: str) -> bool:
    """Confirm the diagnosis: with the line closed, is the rest valid YAML?"""
    lines = header.split("\n")
    value = lines[index].split(":", 1)[1].strip() if ":" in lines[index] else lines[index].strip()
    lines[index] += "]" if what == "bracket" else value[0]
    try:
        yaml.compose("\n".join(lines), Loader=FAST_LOADER)
    except Exception:  # noqa: BLE001 - any failure means the guess was wrong
        return False
    return True


def _yaml_hint(reason: str) -> str:
    if "never closed" in reason:
        return "close it on the same line, e.g. title: \"Reading Across the Curriculum\" or topics: [Literacy, Science]"
    if "mapping values are not allowed" in reason:
        return 'put text that contains ": " in double quotes, e.g. title: "Math: a new approach"'
    if "found character '\\t'" in reason or "tab" in reason:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in reason:
        return "write each field as `name: value` on its own line"
    if "found undefined tag" in reason or "found unknown" in reason:
        return 'put the value in double quotes'
    return 'check the line for a missing quote or colon; quote text that contains ": " or starts with "[", "{", "*" or "&"'
