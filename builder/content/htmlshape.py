"""The shape of a text's HTML: how deep its elements nest, how wide its tables are, how many cells
they hold and how far those span, how many attributes a tag has.

nh3's parser (html5ever) does work for each tag in proportion to the elements open around it, so
nesting made sanitizing quadratic: deeply nested quotes or `<div>`s stalled a build, `check` too.
The proceedings PDF is laid out from the same HTML, and WeasyPrint fails on deep nesting, huge
spans and very wide tables. So every Markdown text is measured twice (builder/content/markup.py):

- `problem`, before nh3 parses it, in one pass whose time grows with the text's length. Markdown
  without raw HTML (most of it) takes a fast path: cmark writes its tags balanced, so a running
  count of opening and closing tags is exact there. Raw HTML is read as html5ever will read it:
  its tokenizer exactly (attribute quotes, comments, the raw text of <style>, <script>,
  <textarea> and the like), and its tree builder where that decides depth (elements closed by
  tags that imply it, table rows and cells, formatting elements such as <b> opened again after a
  misnested end tag, SVG and MathML). It can count a level or two less than html5ever on
  misnested tag soup (tests/test_limits.py compares it with nh3's own tree); the size limits
  bound what nh3 does with such a text.
- `sanitized_problem`, on nh3's output, which is well formed: exact, for what pages and the PDF get.

The texts the proceedings PDF prints (`printed_problem`) are measured once more, on that well-formed
HTML: WeasyPrint's time grows with the boxes and lines it lays out, each element a box, each line
of a code block a line, and text in table cells (narrow in a wide table) many lines.
"""

from __future__ import annotations

import re
from html import unescape as html_unescape
from itertools import accumulate

from builder.content.limits import (
    MAX_ATTRIBUTES,
    MAX_NESTING,
    MAX_PRINTED_PARTS,
    MAX_PRINTED_TABLE_TEXT,
    MAX_SPAN,
    MAX_TABLE_CELLS,
    MAX_TABLE_COLUMNS,
)

# A `<` that starts something in the tokenizer's data state: a start or end tag (group 1 "/" or
# "", group 2 the name), a comment, a markup declaration or processing instruction, or `</` not
# followed by a letter.
_OPENING = re.compile(r"<(?:(/?)([A-Za-z][^\t\n\f\r />]*)|(!--)|(!|\?)|(/))")
# One attribute, from the "before attribute name" state: slashes and white space, the name (whose
# first character may be "="), and a value after "=": quoted (group 2 or 4 the closing quote,
# empty at the end of the text) or not.
_ATTRIBUTE = re.compile(r"""[\t\n\f\r /]*(=?[^\t\n\f\r />=]*)[\t\n\f\r ]*"""
                        r"""(?:=[\t\n\f\r ]*(?:"([^"]*)("?)|'([^']*)('?)|([^\t\n\f\r >]*)))?""")
_COMMENT_END = re.compile(r"--!?>")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_DIGITS = re.compile(r"[\t\n\f\r ]*\+?([0-9]*)")

VOID = frozenset("area base basefont bgsound br col embed frame hr img input keygen link meta param source track "
                 "wbr".split())
# Elements whose text the tokenizer reads without tags, to their own end tag: raw text, RCDATA
# (<noscript> too: html5ever parses with scripting on).
RAW_TEXT = frozenset("style xmp iframe noembed noframes noscript textarea title".split())
FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
# Elements that put a marker in the list of formatting elements: a <b> opened inside one is not
# opened again outside it.
MARKERS = frozenset("applet object marquee template td th caption".split())
CLEARS_MARKER = frozenset("td th caption template".split())  # whenever closed; the others only by their end tag
# Where the search for the element an end tag closes stops ("has an element in scope"), wider
# than html5ever's where it has several: never closing what html5ever keeps open.
SCOPE = frozenset("applet caption html table td th marquee object template mi mo mn ms mtext annotation-xml "
                  "foreignobject desc title ol ul button select".split())
TABLE_SCOPE = frozenset("html table template".split())
SPECIAL = SCOPE | frozenset(
    "address area article aside base basefont bgsound blockquote body br center col colgroup dd details dialog dir "
    "div dl dt embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr "
    "iframe img input keygen li link listing main menu meta nav noembed noframes noscript p param plaintext pre "
    "script search section source style summary tbody textarea tfoot th thead tr track wbr xmp".split())
# End tags that close the element of their name when it is in scope, through anything but SCOPE.
SCOPED_END = frozenset("address article aside blockquote button center details dialog dir div dl fieldset "
                       "figcaption figure footer header hgroup listing main menu nav ol pre search section summary "
                       "ul form applet marquee object dd dt li p h1 h2 h3 h4 h5 h6 select".split())
# Start tags html5ever never opens an element for, parsing a fragment of a page's body.
NEVER_OPENED = frozenset("html head body frameset frame".split())
TABLE_PARTS = frozenset("caption colgroup col tbody thead tfoot tr td th".split())
SECTIONS = frozenset("tbody thead tfoot".split())
CELLS = frozenset(("td", "th"))
CLOSES_P = frozenset("address article aside blockquote center details dialog dir div dl fieldset figcaption figure "
                     "footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 h6 pre "
                     "listing form plaintext hr xmp".split())
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# Start tags that leave SVG or MathML for HTML (font only with color, face or size).
BREAKOUT = frozenset("b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li "
                     "listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul "
                     "var".split())
SVG_INTEGRATION = frozenset(("foreignobject", "desc", "title"))
MATH_TEXT_INTEGRATION = frozenset("mi mo mn ms mtext".split())
HTML, SVG, MATH, MATH_HTML = 0, 1, 2, 3  # MATH_HTML: <annotation-xml> holding HTML (an integration point)

# The fast path: a running count of cmark's own tags.
_NOT_A_MARK = re.compile(r"[^<)]+")
_STEP = {"<": 1, ")": -1}
_CMARK_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
# A `<` in Markdown that can start raw HTML: anything but an autolink (<https://...>, <a@b.org>).
_RAW_HTML = re.compile(r"<(?![A-Za-z][A-Za-z0-9.+-]{1,31}:[^\t\n\f\r <>]*>|[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9.-]+>)")


# nh3's output: tags of the allow-list, attribute values with `<` and `>` escaped.
_SANITIZED_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)([^>]*)>")
_SPAN_ATTRIBUTE = re.compile(r' (colspan|rowspan)="([^"]*)"')


def sanitized_problem(html: str) -> str | None:
    """`problem` for nh3's output (well-formed HTML of allowed tags), exactly."""
    depth = best = cells = 0
    widths: list[int] = []
    tables = "<table" in html
    for match in _SANITIZED_TAG.finditer(html):
        closing, name = match[1], match[2]
        if name in VOID:
            continue
        if closing:
            depth -= 1
            if name == "table" and widths:
                widths.pop()
            continue
        depth += 1
        best = max(best, depth)
        if not tables:
            continue
        if name == "table":
            widths.append(0)
        elif name == "tr" and widths:
            widths[-1] = 0
        elif name in CELLS:
            spans = {key: _number(html_unescape(value)) for key, value in _SPAN_ATTRIBUTE.findall(match[3])}
            for key, value in spans.items():
                if value > MAX_SPAN:
                    return _span(key, value)
            cells += 1
            if cells > MAX_TABLE_CELLS:
                return _cells()
            if widths:
                widths[-1] += max(spans.get("colspan", 1), 1)
                if widths[-1] > MAX_TABLE_COLUMNS:
                    return _wide(widths[-1])
    return _deep(best) if best > MAX_NESTING else None


class TooDeep(Exception):
    """The measure found a limit passed: nothing after it needs reading."""


def may_hold_html(markdown: str) -> bool:
    """Whether cmark's HTML for this Markdown can hold raw HTML of the partner's."""
    return "<" in markdown and _RAW_HTML.search(markdown) is not None


# What Markdown's lines start with that can open nested blocks: indentation, quote and list markers.
_LINE_START = re.compile(r"\n([ \t>*+\-0-9.)]*)")  # found from each newline: `^` with re.M is tried everywhere
_WIDE_LINE = re.compile(rf"\n(?:[^\n|]*\|){{{MAX_TABLE_COLUMNS}}}")  # a line with that many `|` or more
_SURELY = MAX_NESTING - 10  # the rest: a table's 4 levels, a footnote's, a link a bare address makes


def surely_within(markdown: str) -> bool:
    """Whether Markdown without raw HTML (no `<`) surely renders within the limits, by counting its
    characters, without rendering it: each level of blocks takes at least one character at the
    start of a line (`>`, a list marker, two columns of indentation), and each level of inline
    elements two delimiters (`*`, `_`, `~`) or a `[` within one paragraph. Most texts are shallow,
    and then validation need not render them to know it."""
    pipes = markdown.count("|")
    if "<" in markdown or pipes >= MAX_TABLE_COLUMNS and _WIDE_LINE.search("\n" + markdown):
        return False
    # A table has as many columns as its first line has cells (one more than its `|`, at most),
    # and every line after it, up to a blank one, is a row of that many cells, `|` or not.
    if pipes and (pipes + 1) * (markdown.count("\n") + 1) > MAX_TABLE_CELLS:
        return False
    blocks = max(map(len, _LINE_START.findall("\n" + markdown))) + 3 * markdown.count("\t")
    if blocks > _SURELY:
        return False
    inline = max(((part.count("*") + part.count("_") + part.count("~")) // 2 + part.count("[")
                  for part in markdown.split("\n\n")), default=0)
    return blocks + inline <= _SURELY


def problem(html: str, raw_html: bool = True) -> str | None:
    """What is wrong with the shape of this HTML (cmark's, before sanitizing), as the end of a
    message with the fix; None when it is within every limit. `raw_html=False` says it is cmark's
    HTML of Markdown that held no raw HTML (`may_hold_html`), and takes the fast path."""
    if not raw_html:
        return _cmark_problem(html)
    return _Measure(html).run()


def _deep(depth: int) -> str:
    return (f"nests quotes, lists or HTML tags more than {MAX_NESTING} levels deep (a list inside a list counts "
            "two levels: the list and its item); flatten it, for example by putting some parts side by side")


def _cmark_problem(html: str) -> str | None:
    # Every `<` of cmark's HTML starts a tag (text and attributes have `&lt;`), `</` a closing one,
    # and <br /> and <hr /> close themselves: the depth is the largest running count of the rest.
    if html.count("<") > MAX_NESTING:
        marks = _NOT_A_MARK.sub("", html.replace("<br />", "").replace("<hr />", "").replace("</", ")"))
        depth = max(accumulate(map(_STEP.__getitem__, marks)), default=0)
        if depth > MAX_NESTING:
            return _deep(depth)
    if "<table" in html:
        widest = max((row.count("<td") + row.count("<th") for row in _CMARK_ROW.findall(html)), default=0)
        if widest > MAX_TABLE_COLUMNS:
            return _wide(widest)
        if html.count("<td") + html.count("<th") - html.count("<thead") > MAX_TABLE_CELLS:
            return _cells()
    return None


def _cells() -> str:
    return (f"has tables of more than {MAX_TABLE_CELLS:,} cells in all (each row has as many cells as its table "
            "has columns); shorten the tables, or put the data in a spreadsheet and link to it")


# In well-formed HTML (cmark's, or nh3's), each `<` and a letter opens an element, and text and
# attribute values have `<` and `>` escaped.
_START_TAG = re.compile(r"<[a-zA-Z]")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_PRINTED_TAG = re.compile(r"<(/?)(td|th|pre)[\t\n\f\r />]")


def printed_problem(html: str) -> str | None:
    """What makes this well-formed HTML (cmark's, or nh3's) too much for the proceedings PDF: more
    than MAX_PRINTED_PARTS elements and lines of code blocks, or more than MAX_PRINTED_TABLE_TEXT
    characters of text in table cells. One pass, whose time grows with the length of the HTML."""
    parts = len(_START_TAG.findall(html))
    table_text = 0
    cells = code = 0  # the open table cells and <pre> elements
    at = 0
    for match in _PRINTED_TAG.finditer(html):
        if code:
            parts += html.count("\n", at, match.start())
        if cells:
            table_text += _text_length(html, at, match.start())
        step = -1 if match[1] else 1
        if match[2] == "pre":
            code = max(code + step, 0)
        else:
            cells = max(cells + step, 0)
        at = html.find(">", match.end() - 1) + 1 or len(html)
    if parts > MAX_PRINTED_PARTS:
        return (f"has {parts:,} formatted parts (paragraphs, headings, lists and their items, table rows and cells, "
                f"links, emphasis, line breaks, lines of code); at most {MAX_PRINTED_PARTS:,} are allowed in a text "
                "the proceedings PDF prints: shorten it, or link to a longer document")
    if table_text > MAX_PRINTED_TABLE_TEXT:
        return (f"has {table_text:,} characters of text in tables; at most {MAX_PRINTED_TABLE_TEXT:,} are allowed in "
                "a text the proceedings PDF prints: shorten the tables, or put the data in a spreadsheet and link to it")
    return None


def _text_length(html: str, start: int, end: int) -> int:
    """The characters of text between two positions of well-formed HTML: its tags left out, its
    character references read, its runs of white space counted as one."""
    text = _TAG.sub("", html[start:end])
    return len(" ".join(html_unescape(text).split()))


def _span(key: str, value: object) -> str:
    shown = str(value) if len(str(value)) <= 20 else str(value)[:17] + "..."
    return (f'has a table cell with {key}="{shown}"; a cell may span at most {MAX_SPAN} '
            f'{"columns" if key == "colspan" else "rows"}')


def _wide(columns: int) -> str:
    return (f"has a table {columns} columns wide; at most {MAX_TABLE_COLUMNS} columns are allowed: split the table, "
            "or put the data in a spreadsheet and link to it")


class _Entry:
    """A formatting element in html5ever's list of active formatting elements."""

    __slots__ = ("on_stack", "in_list", "name")

    def __init__(self, name: str) -> None:
        self.name, self.on_stack, self.in_list = name, True, True


_MARKER = _Entry("")


class _Measure:
    """One pass over the HTML: the open elements as html5ever keeps them (or more), and the deepest
    they got, with the formatting elements it would open again."""

    def __init__(self, html: str) -> None:
        self.html = html
        # (name, namespace, formatting entry or None)
        self.stack: list[tuple[str, int, _Entry | None]] = []
        self.active: list[_Entry] = []  # formatting entries and markers
        self.off_stack = 0  # formatting entries in the list whose element is closed: opened again
        self.widths: list[int] = []  # the width of the current row of each open table
        self.cells = 0
        self.found: str | None = None

    def run(self) -> str | None:
        try:
            self._scan()
        except TooDeep:
            pass
        return self.found

    def _fail(self, message: str) -> None:
        self.found = message
        raise TooDeep

    # ---- the tokenizer ----

    def _scan(self) -> None:
        html, search = self.html, _OPENING.search
        position = 0
        while True:
            match = search(html, position)
            if match is None:
                return
            start = match.start()
            if match[2] is not None:  # a tag
                end, attributes = self._attributes(match.end())
                if end is None:
                    return  # the text ends inside the tag: html5ever drops it, and nothing follows
                name = match[2].translate(_ASCII_LOWER)
                if match[1]:
                    self._end_tag(name)
                    position = end
                else:
                    position = self._start_tag(name, attributes, end)
                    if position is None:
                        return
            elif match[3]:  # <!--
                after = match.end()
                if html.startswith(">", after):
                    position = after + 1
                elif html.startswith("->", after):
                    position = after + 2
                else:
                    closing = _COMMENT_END.search(html, after)
                    if closing is None:
                        return
                    position = closing.end()
            elif match[5] and html.startswith(">", match.end()):  # `</>` is dropped
                position = match.end() + 1
            else:  # <!..., <?..., </ and no letter: a comment to the next `>` (or CDATA in SVG, MathML)
                if match[4] == "!" and html.startswith("[CDATA[", match.end()) and self._foreign():
                    closing_at = html.find("]]>", match.end())
                    end_at = closing_at + 3 if closing_at >= 0 else -1
                else:
                    closing_at = html.find(">", match.end())
                    end_at = closing_at + 1 if closing_at >= 0 else -1
                if end_at < 0:
                    return
                position = end_at if end_at > start else start + 1

    def _attributes(self, position: int) -> tuple[int | None, dict[str, str]]:
        """Read a tag's attributes from after its name: (the position after its `>`, or None if the
        text ends first; the attributes, the first of each name)."""
        html, match, size = self.html, _ATTRIBUTE.match, len(self.html)
        attributes: dict[str, str] = {}
        count = 0
        while True:
            found = match(html, position)
            name = found[1]
            if found[2] is not None and not found[3] or found[4] is not None and not found[5]:
                return None, attributes  # a quote never closed
            end = found.end()
            if name:
                count += 1
                if count > MAX_ATTRIBUTES:
                    self._fail(f"has an HTML tag with more than {MAX_ATTRIBUTES} attributes; remove some of them")
                key = name.translate(_ASCII_LOWER)
                if key not in attributes:
                    value = found[2] if found[2] is not None else found[4] if found[4] is not None else found[6]
                    attributes[key] = value or ""
            if end >= size:
                return None, attributes
            if html[end] == ">":
                return end + 1, attributes
            position = end if end > position else position + 1

    def _skip_raw_text(self, name: str, position: int) -> int | None:
        """Where the raw text of a <style>, <textarea>... that starts at `position` ends: at its end
        tag, which the scan reads next; None if it never ends."""
        if name == "script":
            return _script_end(self.html, position)
        found = _closing(name).search(self.html, position)
        return found.start() if found else None

    # ---- the tree ----

    def _context(self) -> int:
        """The namespace a start tag is read in: HTML, or that of an SVG or MathML element above it."""
        if not self.stack:
            return HTML
        name, space, _ = self.stack[-1]
        if space == HTML or space == MATH_HTML or space == SVG and name in SVG_INTEGRATION \
                or space == MATH and name in MATH_TEXT_INTEGRATION:
            return HTML
        return space

    def _foreign(self) -> bool:
        return self._context() != HTML

    def _mode(self) -> str:
        """The nearest element that decides html5ever's insertion mode around tables."""
        for name, space, _ in reversed(self.stack):
            if space == HTML and name in ("table", "template", "caption", "colgroup", "tbody", "thead", "tfoot",
                                          "tr", "td", "th"):
                return name
        return "body"

    def _push(self, name: str, space: int = HTML) -> None:
        entry = None
        if space == HTML and name in FORMATTING:
            entry = _Entry(name)
            self.active.append(entry)
        elif space == HTML and name in MARKERS:
            self.active.append(_MARKER)
        self.stack.append((name, space, entry))
        if name == "table" and space == HTML:
            self.widths.append(0)
        depth = len(self.stack) + self.off_stack
        if depth > MAX_NESTING:
            self._fail(_deep(depth))

    def _pop_to(self, index: int) -> None:
        """Close every element from `index` up."""
        while len(self.stack) > index:
            name, space, entry = self.stack.pop()
            if entry is not None:
                entry.on_stack = False
                if entry.in_list:
                    self.off_stack += 1
            if space == HTML and name in CLEARS_MARKER:  # closing a cell, caption or template
                self._clear_to_marker()
            if name == "table" and space == HTML and self.widths:
                self.widths.pop()

    def _clear_to_marker(self) -> None:
        while self.active:
            entry = self.active.pop()
            if entry is _MARKER:
                return
            entry.in_list = False
            if not entry.on_stack:
                self.off_stack -= 1

    def _find(self, names: frozenset[str] | tuple[str, ...], boundary: frozenset[str]) -> int | None:
        """The index of the nearest open HTML element named in `names`, if none in `boundary` is nearer."""
        for index in range(len(self.stack) - 1, -1, -1):
            name, space, _ = self.stack[index]
            if name in names and space == HTML:
                return index
            if name in boundary:
                return None
        return None

    def _start_tag(self, name: str, attributes: dict[str, str], position: int) -> int | None:
        """Open the element (as far as depth goes) and return where the scan goes on."""
        space = self._context()
        if space != HTML:
            if name in BREAKOUT or name == "font" and {"color", "face", "size"} & attributes.keys():
                while self.stack and self._context() != HTML:
                    self._pop_to(len(self.stack) - 1)
            else:
                if space == MATH and name == "annotation-xml" and attributes.get("encoding", "").translate(
                        _ASCII_LOWER) in ("text/html", "application/xhtml+xml"):
                    space = MATH_HTML
                elif space == MATH and name == "svg" and self.stack[-1][0] == "annotation-xml":
                    space = SVG
                self._push(name, space)
                return position
        if name in TABLE_PARTS:
            self._table_part(name, attributes)
            return position
        if name in VOID or name in NEVER_OPENED:
            return position
        if name == "svg" or name == "math":
            self._push(name, SVG if name == "svg" else MATH)
            return position
        top = self.stack[-1][0] if self.stack and self.stack[-1][1] == HTML else ""
        if name == "li" and top == "li" or name in ("dd", "dt") and top in ("dd", "dt") \
                or name in ("option", "optgroup") and top == "option":
            self._pop_to(len(self.stack) - 1)
        elif name in CLOSES_P and top == "p" or name in HEADINGS and top in HEADINGS:
            self._pop_to(len(self.stack) - 1)
        if name in ("button", "nobr") and (index := self._find((name,), SCOPE)) is not None:
            self._end_tag(name)  # a button in a button closes it first, as does a nobr
        if name == "a":  # so does a link in a link, in whatever it is open
            self._forget("a", close=True)
        if name == "select":  # a <select> in a <select> closes it instead
            index = self._find(("select",), SCOPE)
            if index is not None:
                self._pop_to(index)
                return position
        if name == "table" and self._mode() in ("table", "tbody", "thead", "tfoot", "tr"):
            index = self._find(("table",), TABLE_SCOPE)
            if index is not None:
                self._pop_to(index)
        self._push(name)
        if name == "plaintext":
            return None  # the rest of the text is text
        if name in RAW_TEXT or name == "script":
            return self._skip_raw_text(name, position)
        return position

    def _table_part(self, name: str, attributes: dict[str, str]) -> None:
        """A table's caption, column group, section, row or cell: html5ever ignores it outside a
        table, and inside one closes what it implies and opens the parts it leaves out."""
        mode = self._mode()
        if mode == "body":
            return
        inner = self._find(("table", "template"), TABLE_SCOPE)
        if inner is None:
            return
        base = inner + 1
        table = self.stack[inner][0] == "table"
        if name in ("caption", "colgroup", "col") or name in SECTIONS:
            self._pop_to(base)
            if name == "col":
                if table:
                    self._push("colgroup")
                return
            self._push(name)
            return
        section = self._find(SECTIONS, TABLE_SCOPE)
        row = self._find(("tr",), TABLE_SCOPE)
        if name == "tr":
            if section is not None and section >= base:
                self._pop_to(section + 1)
            else:
                self._pop_to(base)
                if table:
                    self._push("tbody")
            self._push("tr")
            if self.widths:
                self.widths[-1] = 0
            return
        if row is not None and row >= base:
            self._pop_to(row + 1)
        elif section is not None and section >= base:
            self._pop_to(section + 1)
            self._push("tr")
            self.widths[-1:] = [0] * len(self.widths[-1:])
        else:
            self._pop_to(base)
            if table:
                self._push("tbody")
                self._push("tr")
                self.widths[-1:] = [0] * len(self.widths[-1:])
        self._cell(attributes)
        self._push(name)

    def _cell(self, attributes: dict[str, str]) -> None:
        spans = {}
        for key in ("colspan", "rowspan"):
            value = attributes.get(key)
            if value is not None:
                spans[key] = _number(value)
                if spans[key] > MAX_SPAN:
                    self._fail(_span(key, value))
        self.cells += 1
        if self.cells > MAX_TABLE_CELLS:
            self._fail(_cells())
        if self.widths:
            self.widths[-1] += max(spans.get("colspan", 1), 1)
            if self.widths[-1] > MAX_TABLE_COLUMNS:
                self._fail(_wide(self.widths[-1]))

    def _end_tag(self, name: str) -> None:
        if self.stack and self.stack[-1][1] != HTML:  # in SVG or MathML: the nearest element of the name
            for index in range(len(self.stack) - 1, -1, -1):
                if self.stack[index][1] == HTML:
                    break
                if self.stack[index][0] == name:
                    self._pop_to(index)
                    return
        if name in TABLE_PARTS or name == "table":
            boundary = TABLE_SCOPE
        elif name in SCOPED_END:
            boundary = SCOPE
        else:
            boundary = SPECIAL
        index = self._find((name,), boundary)
        if index is None:
            if name == "p":  # html5ever puts an empty <p> where a `</p>` closes none
                self._push("p")
                self.stack.pop()
            elif name in FORMATTING and self._find((name,), frozenset()) is None:
                self._forget(name)  # in the list but closed already: taken off the list
            return
        if name in FORMATTING or name == "form":  # the adoption agency, or `</form>`: the element goes,
            # and what it holds stays open
            _, _, entry = self.stack.pop(index)
            if entry is not None and entry.in_list:
                entry.in_list = False
                at = len(self.active) - 1  # from the end, where it most likely is: markers of elements
                while self.active[at] is not entry:  # closed without their end tag stay in the list
                    at -= 1
                del self.active[at]
            return
        self._pop_to(index)
        if name in MARKERS and name not in CLEARS_MARKER:  # </applet>, </object>, </marquee>
            self._clear_to_marker()

    def _forget(self, name: str, close: bool = False) -> None:
        """Take the last formatting element of this name off the list (after the last marker), and
        with `close` off the open elements too."""
        for index in range(len(self.active) - 1, -1, -1):
            entry = self.active[index]
            if entry is _MARKER:
                return
            if entry.name == name:
                del self.active[index]
                entry.in_list = False
                if not entry.on_stack:
                    self.off_stack -= 1
                elif close:
                    for at in range(len(self.stack) - 1, -1, -1):
                        if self.stack[at][2] is entry:
                            del self.stack[at]
                            break
                return


def _number(value: str) -> int:
    """A cell's span as browsers read it (its leading digits) or as WeasyPrint does (Python's int(),
    which takes "+5", " 5 ", "1_0" and other scripts' digits), whichever is larger."""
    digits = _DIGITS.match(value)[1].lstrip("0")
    read = int(digits or "0") if len(digits) <= 9 else 10**9
    text = value.strip()
    if len(text) > 100:
        return max(read, 10**9) if any(c.isdigit() for c in text) else read
    try:
        return max(read, int(text))
    except ValueError:
        return read


_END_TAGS: dict[str, re.Pattern[str]] = {}


def _closing(name: str) -> re.Pattern[str]:
    pattern = _END_TAGS.get(name)
    if pattern is None:
        pattern = _END_TAGS[name] = re.compile(rf"</{name}[\t\n\f\r />]", re.I)
    return pattern


_SCRIPT_DATA = re.compile(r"<!--|</script[\t\n\f\r />]", re.I)
_SCRIPT_ESCAPED = re.compile(r"-->|</script[\t\n\f\r />]|<script[\t\n\f\r />]", re.I)
_SCRIPT_DOUBLE = re.compile(r"-->|</script[\t\n\f\r />]", re.I)


def _script_end(html: str, position: int) -> int | None:
    """Where a <script>'s text ends (its `</script`), through the tokenizer's escaped states: in
    `<!-- <script> ... </script> -->` the first `</script>` does not end it."""
    state = _SCRIPT_DATA
    while True:
        found = state.search(html, position)
        if found is None:
            return None
        token = found[0]
        if token.startswith("</"):
            if state is not _SCRIPT_DOUBLE:
                return found.start()
            state, position = _SCRIPT_ESCAPED, found.end() - 1
        elif token == "<!--":
            state, position = _SCRIPT_ESCAPED, found.start() + 2  # its dashes may end it: <!-->
        elif token == "-->":
            state, position = _SCRIPT_DATA, found.end()
        else:  # <script in the escaped state
            state, position = _SCRIPT_DOUBLE, found.end() - 1
