"""Hostile partner content is data: the OWASP filter-evasion payloads, put into every text
field and every Markdown body, build without error and come out as inert text.

The site is built once; every .html file of the output is parsed with html5lib (a parser
independent of whatever wrote the pages) and checked for anything that could run script,
restyle the page, frame or embed something, or make the reader's browser call another host.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest

from builder.content.schema import name_slug
from tests.conftest import SITE_YML, run_cli, write_site

pytestmark = pytest.mark.xdist_group("hostile-content")  # the site is built once, by one worker

SITE_HOST = "cem.example.org"

# Representative payloads of the OWASP XSS Filter Evasion Cheat Sheet, plus Markdown and
# template-injection ones. Each goes into text fields (title, summary, presenters, partner...)
# and into Markdown bodies.
PAYLOADS = [
    # script tags: casings, attributes, broken nesting, encodings
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    '<SCRIPT/XSS SRC="https://xss.example/xss.js"></SCRIPT>',
    '<<SCRIPT>alert("XSS");//<</SCRIPT>',
    "<SCRIPT SRC=//xss.example/.j>",
    "<script\n>alert(1)</script\n>",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<xss onafterscriptexecute=alert(1)><script>1</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    # img and event handlers
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<img src=x onerror=alert(1)>",
    "'><img src=x onerror=alert(1)>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;"
    "&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58"
    "&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert('XSS')>",
    "<BODY ONLOAD=alert('XSS')>",
    "<p onclick=alert(1) onmouseover=\"alert(2)\">hover</p>",
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "<input autofocus onfocus=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TD onmouseover=alert(1)>x</TD></TABLE>",
    # links and URL schemes
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    '<math href="javascript:alert(1)">CLICK</math>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">go</button></form>',
    # frames, objects, base, meta, styles
    "<iframe src=\"javascript:alert('XSS');\"></iframe>",
    '<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>',
    '<OBJECT TYPE="text/x-scriptlet" DATA="https://xss.example/scriptlet.html"></OBJECT>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+" '
    'type="image/svg+xml" AllowScriptAccess="always"></EMBED>',
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">x</DIV>",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">x</DIV>",
    "<STYLE>@import'https://xss.example/xss.css';</STYLE>",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    # Markdown links and images
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](  javascript:alert(1)  )",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "[a][r]\n\n[r]: javascript:alert(1)",
    "![tracker](https://evil.example/pixel.gif)",
    '<img src="https://evil.example/pixel.gif">',
    '<img srcset="https://evil.example/pixel.gif 1x" src="//evil.example/p.gif">',
    '<a href="https://evil.example/">off-site</a>',
    "[off-site](https://evil.example/page)",
    "<https://evil.example/auto>",
    # template injection: must stay literal text
    "{{ 7*7 }}",
    "{% raw %}{{ 7*7 }}{% endraw %}",
    "{{ config.__class__.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "${7*7} #{7*7} <%= 7*7 %>",
]
TEMPLATE_PAYLOADS = {"{{ 7*7 }}", "{% raw %}{{ 7*7 }}{% endraw %}", "${7*7} #{7*7} <%= 7*7 %>"}

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "background", "poster", "srcset",
                  "cite", "longdesc", "codebase", "dynsrc", "lowsrc", "ping")
FORBIDDEN_ELEMENTS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
                      "input", "button", "textarea", "select", "svg", "math", "style", "video", "audio", "source",
                      "noscript", "xss")


def q(value: str) -> str:
    """A YAML double-quoted scalar: JSON's string escapes are a subset of YAML's."""
    return json.dumps(value)


def collapsed(value: str) -> str:
    """A title as the site keeps it: as typed, without unprintable characters, ends trimmed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")).strip()


def tag(index: int) -> str:
    """Letters that set each event's partner apart: two payloads differ only in case, and partners
    whose names look the same are refused (tests/test_partner_names.py)."""
    return chr(ord("a") + index // 26) + chr(ord("a") + index % 26)


def event_file(index: int, payload: str) -> str:
    return f"""\
---
title: {q(payload)}
start: 2025-10-{1 + index % 28:02d}T15:00
end: 2025-10-{1 + index % 28:02d}T16:00
type: webinar
topics: [Literacy]
partner: {q(f"{payload} ({tag(index)})")}
presenters: [{q(payload)}, "Maria Garcia"]
audience: [{q(payload)}]
summary: {q(payload)}
track: {q(payload)}
registration: https://evil.example/register?event={index}
forum: hostile-forum
archive:
  recording: https://video.evil.example/{index}
  summary: {q(payload)}
  takeaways: [{q(payload)}]
  resources:
    - {{title: {q(payload)}, url: "https://evil.example/resource"}}
---
Before the payload.

{payload}

After the payload.
"""


ALL_BODIES = "\n\n".join(PAYLOADS) + "\n"
# Valid http(s) addresses (no spaces) that carry markup: they must stay inside their attribute.
HOSTILE_URL = "https://evil.example/x?a=\"><script>alert(1)</script>&b='onmouseover='alert(1)"
HOSTILE_TOPIC = "<svg onload=alert('topic')> Topic"
HOSTILE_DESCRIPTION = "<script>alert('site')</script>"
# Events' audiences come from site.yml's list: it declares the payloads (one of those that share a
# filter value), which the events name.
HOSTILE_AUDIENCES = list({name_slug(" ".join(payload.split())): payload for payload in reversed(PAYLOADS)}.values())
HOSTILE_SITE_YML = SITE_YML.replace(
    "topics: [", f"description: {json.dumps(HOSTILE_DESCRIPTION)}\ntopics: [{json.dumps(HOSTILE_TOPIC)}, ").replace(
    "audiences: [", f"audiences: [{', '.join(map(json.dumps, HOSTILE_AUDIENCES))}, ") + (
    # The partners the events name without a profile: a site with profiles knows its partners.
    "partners: [" + ", ".join(json.dumps(name) for name in (
        *(f"{payload} ({tag(index)})" for index, payload in enumerate(PAYLOADS)),
        '"><img src=x onerror=alert(1)> Host', "Plain Partner")) + "]\n") + (
    f"issuer:\n  name: {q(HOSTILE_DESCRIPTION + ' Issuer')}\n  email: badges@cem.example.org\n")


def earners_csv() -> str:
    """A badge's earners, written by the csv module: every payload in a reflection, the first of each
    reflection's payloads as the earner's name, and a revoked earner whose reason is markup. A few
    earners, not one per payload: every earner page is the same template."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["email", "name", "date", "evidence", "reflection", "revoked"])
    groups: list[list[str]] = [[]]
    for payload in PAYLOADS:
        if len("\n".join([*groups[-1], payload])) > 1_900:
            groups.append([])
        groups[-1].append(payload)
    for index, group in enumerate(groups):
        writer.writerow([f"e{index}@example.org", " ".join(group[0].split()), "2025-11-01", HOSTILE_URL,
                         "\n".join(group), ""])
    writer.writerow(["revoked@example.org", "Revoked One", "2025-11-02", HOSTILE_URL, "", PAYLOADS[0]])
    return out.getvalue()


# Chapter titles that would break out of a WebVTT cue or a <track>, or of JSON and XML strings, if
# written as they are; a title's line breaks (YAML's "\n") are spaces, as the schema keeps them.
CHAPTER_TITLES = ["Intro --> 00:00:09.000 --> 00:00:10.000", "</track><script>alert(1)</script>",
                  "\"quoted\" and 'single' & <b>bold</b>", "two\n\nparagraphs\nWEBVTT\n\n00:00:01.000 --> 00:00:02.000",
                  "\\u2028 \u2028 and \u2029 breaks &amp; &lt;v x&gt;", *[p for p in PAYLOADS if len(p) <= 80][:10]]


def cue_text(payload: str) -> str:
    """A payload as a cue's text can carry it: on one line, its "-->" written as WebVTT escapes it."""
    return payload.replace("\n", " ").replace("-->", "--&gt;")


def site_files() -> dict[str, str]:
    files = {f"events/hostile-{index:02d}.md": event_file(index, payload) for index, payload in enumerate(PAYLOADS)}
    files["forums/hostile-forum.md"] = f"""\
---
title: {q("<script>alert('forum')</script> Forum")}
start: 2025-10-01
end: 2025-10-31
topics: [Literacy]
host: {q('"><img src=x onerror=alert(1)> Host')}
moderators: [{q("<svg onload=alert(1)>")}]
summary: {q("<iframe src=javascript:alert(1)>")}
synthesis: {q(ALL_BODIES)}
---
{ALL_BODIES}"""
    files["pages/hostile-page.md"] = f"""\
---
title: {q("<script>alert('page')</script> Page")}
summary: {q("<BODY ONLOAD=alert('XSS')>")}
---
{ALL_BODIES}"""
    files["partners/hostile-partner.md"] = f"""\
---
name: {q("<img src=x onerror=alert(1)> Network")}
url: https://evil.example/partner
description: {q("<script>alert('partner')</script>")}
---
{ALL_BODIES}"""
    files["events/hostile-urls.md"] = f"""\
---
title: "Links with quotes and brackets in them"
start: 2025-10-21T15:00
end: 2025-10-21T16:00
type: webinar
topics: [{q(HOSTILE_TOPIC)}]
partner: "Plain Partner"
registration: {q(HOSTILE_URL)}
archive:
  recording: {q(HOSTILE_URL + "&r")}
  slides: {q(HOSTILE_URL + "&s")}
  transcript: {q(HOSTILE_URL + "&t")}
  resources:
    - {{title: "Resource", url: {q(HOSTILE_URL + "&u")}}}
---
Nothing else.
"""
    files["media/hostile-badge.svg"] = ('<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96">'
                                        '<title>&lt;script&gt;</title><circle cx="48" cy="48" r="40"/></svg>\n')
    files["badges/hostile-badge.md"] = f"""\
---
name: {q("<script>alert('badge')</script> Badge")}
description: {q("<img src=x onerror=alert(1)>")}
image: media/hostile-badge.svg
tags: [{q("<svg onload=alert(1)>")}]
alignment:
  - {{name: {q('"><script>alert(1)</script>')}, url: {q(HOSTILE_URL)}, framework: {q("<b onclick=alert(1)>")}}}
forums: [hostile-forum]
---
{ALL_BODIES}"""
    files["badges/hostile-badge.earners.csv"] = earners_csv()
    # A transcript's sentences become key moments, and chapters' titles an outline: payloads in both.
    # (Times at even seconds: the page shows them, and a 49 on a page means a template ran "7*7".)
    files["media/hostile.vtt"] = "WEBVTT\n\n" + "".join(
        f"00:{index * 2 // 60:02d}:{index * 2 % 60:02d}.000 --> 00:{index * 2 // 60:02d}:{index * 2 % 60:02d}.900\n"
        f"<v {cue_text(payload).replace('>', '')}>Teachers said {cue_text(payload)} about reading in class today.\n\n"
        for index, payload in enumerate(PAYLOADS))
    short = [p.replace("\n", " ") for p in PAYLOADS if len(p) <= 80]
    files["events/hostile-transcript.md"] = """\
---
title: "A session with a transcript"
start: 2025-10-22T15:00
end: 2025-10-22T16:00
type: webinar
topics: [Literacy]
partner: "Plain Partner"
archive:
  recording: https://video.example.org/talk
  captions: media/hostile.vtt
  chapters:
""" + "".join(f"    - {{start: \"0:{index * 2:02d}\", title: {q(payload)}}}\n" for index, payload in enumerate(short[:30])) + """\
---
Nothing else.
"""
    # A media file on the site's own host (a player, which the checks allow only from the theme, fetches
    # nothing elsewhere): its chapters are also written as WebVTT and JSON files, with these titles.
    files["events/hostile-chapters.md"] = """\
---
title: "A video with chapters"
start: 2025-10-24T15:00
end: 2025-10-24T16:00
type: webinar
topics: [Literacy]
partner: "Plain Partner"
archive:
  recording: "https://cem.example.org/media/talk.mp4"
  captions: media/hostile.vtt
  chapters:
""" + "".join(f"    - {{start: \"0:{index * 2:02d}\", title: {q(title)}}}\n" for index, title in enumerate(CHAPTER_TITLES)) + """\
---
Nothing else.
"""
    files["events/hostile-markdown-transcript.md"] = f"""\
---
title: "A session with a Markdown transcript"
start: 2025-10-23T15:00
end: 2025-10-23T16:00
type: webinar
topics: [Literacy]
partner: "Plain Partner"
archive:
  recording: {q(HOSTILE_URL + "&m")}
  transcript: media/hostile.md
---
Nothing else.
"""
    files["media/hostile.md"] = "\n\n".join(f"Teachers said {p} about reading in class today." for p in PAYLOADS) + "\n"
    files["events/uses-hostile-partner.md"] = """\
---
title: "An ordinary event"
start: 2025-10-20T15:00
end: 2025-10-20T16:00
type: chat
topics: [Literacy]
partner: hostile-partner
---
Nothing to see.
"""
    return files


@pytest.fixture(scope="session")  # not "module": torn down whenever the worker runs another module's test between two of these
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("hostile")
    write_site(root, {}, HOSTILE_SITE_YML)
    for relative, text in site_files().items():  # written as is: dedent would mangle the payloads
        path = root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = run_cli("build", "--content", "content", "--out", "out", cwd=root)
    return root / "out", result


@pytest.fixture(scope="session")  # not "module": torn down whenever the worker runs another module's test between two of these
def pages(built: tuple[Path, object]) -> dict[str, object]:
    out, result = built
    assert result.returncode == 0, result.stderr
    parsed = {}
    for path in sorted(out.rglob("*.html")):
        parsed[path.relative_to(out).as_posix()] = html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)
    assert len(parsed) > len(PAYLOADS)
    return parsed


def local(tag: object) -> str:
    """Element name without any namespace html5lib adds (svg, math)."""
    return str(tag).rsplit("}", 1)[-1].lower()


def attr_name(name: object) -> str:
    """Attribute names: html5lib gives foreign ones as (namespace, local) or {ns}local."""
    if isinstance(name, tuple):
        return ("xlink:" if name[0] and "xlink" in name[0] else "") + name[1].lower()
    text = str(name)
    if text.startswith("{"):
        namespace, _, rest = text[1:].partition("}")
        return ("xlink:" if "xlink" in namespace else "") + rest.lower()
    return text.lower()


def elements(pages: dict[str, object]) -> Iterator[tuple[str, object]]:
    for name, tree in pages.items():
        for element in tree.iter():
            if isinstance(element.tag, str):
                yield name, element


def main_of(tree: object) -> object:
    found = [e for e in tree.iter() if isinstance(e.tag, str) and local(e.tag) == "main"]
    assert len(found) == 1
    return found[0]


def normalized_url(value: str) -> str:
    """What a browser would act on: whitespace and control characters do not stop a scheme."""
    return re.sub(r"[\x00-\x20\x7f-\x9f\u200b\ufeff]", "", value).lower()


def report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems[:40])


def test_hostile_text_builds_without_error(built: tuple[Path, object]) -> None:
    _, result = built
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == "built content into out"


# The theme's own first-party scripts, the only ones allowed.
THEME_SCRIPTS = ("/assets/site.js", "/assets/my.js", "/assets/search.js", "/assets/submit.js", "/assets/embed.js")


def is_theme_script(element) -> bool:
    return (element.get("src") in THEME_SCRIPTS and not (element.text or "").strip()
            and set(element.attrib) <= {"src", "defer", "blocking"} and element.get("blocking", "render") == "render")


def is_json_ld(element) -> bool:
    """Structured data: inert JSON that no content can break out of (no "<" at all)."""
    if dict(element.attrib) != {"type": "application/ld+json"} or "<" in (element.text or ""):
        return False
    try:
        json.loads(element.text or "")
    except ValueError:
        return False
    return True


def is_allowed_script(element) -> bool:
    return is_theme_script(element) or is_json_ld(element)


def test_no_script_element(pages: dict[str, object]) -> None:
    problems = [f"{name}: <script>{(e.text or '')[:60]!r}" for name, e in elements(pages) if local(e.tag) == "script"
                and not is_allowed_script(e)]
    assert not problems, report(problems)


def test_no_event_handler_attribute(pages: dict[str, object]) -> None:
    problems = [f"{name}: <{local(e.tag)} {attr_name(a)}={v!r}>" for name, e in elements(pages)
                for a, v in e.attrib.items() if attr_name(a).startswith("on")]
    assert not problems, report(problems)


def test_no_script_or_data_url(pages: dict[str, object]) -> None:
    problems = []
    for name, element in elements(pages):
        for attribute, value in element.attrib.items():
            if attr_name(attribute).split(":")[-1] in [a.split(":")[-1] for a in URL_ATTRIBUTES] and \
                    normalized_url(value).startswith(DANGEROUS_SCHEMES):
                problems.append(f"{name}: <{local(element.tag)} {attr_name(attribute)}={value!r}>")
    assert not problems, report(problems)


def theme_filter_forms(pages: dict[str, object]) -> set[int]:
    """The theme's own filter, search and time zone forms (`form[data-filters]`, `form[data-search]`,
    `form[data-zone-picker]`), player of a media file on the site (`video.recording`; not what it
    holds), star buttons (`button[data-star]`), My schedule's controls
    (`div[data-my]`) and the submission form (`div[data-submit]`), which nh3 never lets content
    write, its <noscript> stylesheet and logo mark, and everything in them."""
    owned = set()
    theme = {"form": {"data-filters", "data-search", "data-zone-picker"}, "button": {"data-star"},
             "div": {"data-my", "data-submit"}}
    for _, element in elements(pages):
        if theme.get(local(element.tag), set()) & {attr_name(a) for a in element.attrib}:
            owned |= {id(e) for e in element.iter()}
        elif local(element.tag) in ("video", "audio") and element.get("class") == "recording" \
                and urlsplit(element.get("src", "")).hostname == SITE_HOST:  # the theme's player of a media file
            owned.add(id(element))
        elif local(element.tag) == "svg" and element.get("class") == "site-logo":  # the theme's logo mark (nh3 keeps no class)
            owned |= {id(e) for e in element.iter()}
        # base.html's <noscript>: only the theme's stylesheet for pages read without JavaScript
        inside = list(element.iter())[1:]
        if local(element.tag) == "noscript" and len(inside) == 1 and local(inside[0].tag) == "link" \
                and inside[0].get("href", "").endswith("assets/nojs.css"):
            owned |= {id(e) for e in element.iter()}
    return owned


def test_no_active_or_embedding_element(pages: dict[str, object]) -> None:
    theirs = theme_filter_forms(pages)
    problems = [f"{name}: <{local(e.tag)} {dict(e.attrib)}>" for name, e in elements(pages)
                if local(e.tag) in FORBIDDEN_ELEMENTS and not (local(e.tag) == "script" and is_allowed_script(e))
                and id(e) not in theirs]
    for name, element in elements(pages):
        if local(element.tag) == "meta" and any(attr_name(a) == "http-equiv" for a in element.attrib):
            problems.append(f"{name}: <meta {dict(element.attrib)}>")
    assert not problems, report(problems)


def test_meta_and_link_only_from_the_theme(pages: dict[str, object]) -> None:
    """Only the theme writes <meta> and <link>, in the <head>: links to the site itself (style sheet,
    canonical address, feeds), no refresh or other http-equiv."""
    problems = []
    for name, tree in pages.items():
        body = [e for e in tree.iter() if isinstance(e.tag, str) and local(e.tag) == "body"][0]
        for element in body.iter():
            if isinstance(element.tag, str) and local(element.tag) in ("meta", "link", "title", "base"):
                problems.append(f"{name}: <{local(element.tag)} {dict(element.attrib)}> in the body")
        head = [e for e in tree.iter() if isinstance(e.tag, str) and local(e.tag) == "head"][0]
        for element in head:
            if local(element.tag) == "link":
                href = element.get("href", "")
                if (urlsplit(href).hostname or SITE_HOST) != SITE_HOST or normalized_url(href).startswith(
                        DANGEROUS_SCHEMES):
                    problems.append(f"{name}: <link {dict(element.attrib)}>")
            elif local(element.tag) == "meta" and not (element.get("charset") or element.get("name") in (
                    "viewport", "description", "twitter:card", "twitter:title", "twitter:description")
                    or element.get("name") == "robots" and element.get("content") == "noindex"
                    or element.get("property") in ("og:title", "og:description", "og:type", "og:site_name")
                    or (element.get("property") in ("og:url", "og:image") or element.get("name") == "twitter:image")
                    and urlsplit(element.get("content", "")).hostname == SITE_HOST
                    or element.get("property") in ("og:image:alt", "og:image:width", "og:image:height")
                    or element.get("name") == "twitter:image:alt"):
                problems.append(f"{name}: <meta {dict(element.attrib)}>")
    assert not problems, report(problems)


def test_no_style_from_content(pages: dict[str, object]) -> None:
    problems = [f"{name}: <{local(e.tag)} style={e.get('style')!r}>" for name, e in elements(pages) if "style" in
                [attr_name(a) for a in e.attrib]]
    problems += [f"{name}: <style>" for name, e in elements(pages) if local(e.tag) == "style"]
    assert not problems, report(problems)


def test_titles_are_shown_as_text(pages: dict[str, object]) -> None:
    """Escaped, not stripped: the reader sees exactly what the partner typed."""
    problems = []
    for index, payload in enumerate(PAYLOADS):
        tree = pages[f"events/hostile-{index:02d}/index.html"]
        heading = [e for e in main_of(tree).iter() if isinstance(e.tag, str) and local(e.tag) == "h1"]
        text = "".join(heading[0].itertext()) if heading else None
        if text != collapsed(payload):
            problems.append(f"hostile-{index:02d}: h1 {text!r} != {collapsed(payload)!r}")
        title = [e for e in tree.iter() if isinstance(e.tag, str) and local(e.tag) == "title"][0]
        if not (title.text or "").startswith(collapsed(payload)):
            problems.append(f"hostile-{index:02d}: <title> {title.text!r}")
    assert not problems, report(problems)


def json_strings(data: object, key: str = "") -> Iterator[str]:
    """The text values of structured data, leaving out addresses (they hold the page's number)."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield from json_strings(value, name)
    elif isinstance(data, list):
        for value in data:
            yield from json_strings(value, key)
    elif isinstance(data, str) and key != "url" and not key.startswith("@"):
        yield data


def text_with_data(tree: object) -> str:
    """A page's text, its JSON-LD read as JSON: the values a template might have evaluated."""
    text = "".join(tree.itertext())
    for script in [e for e in tree.iter() if isinstance(e.tag, str) and local(e.tag) == "script" and is_json_ld(e)]:
        text = text.replace(script.text, "\n".join(json_strings(json.loads(script.text))))
    return text


def test_template_syntax_stays_literal(pages: dict[str, object]) -> None:
    problems = []
    for index, payload in enumerate(PAYLOADS):
        if payload not in TEMPLATE_PAYLOADS:
            continue
        page = f"events/hostile-{index:02d}/index.html"
        text = "".join(main_of(pages[page]).itertext())
        if text.count(payload) < 4:  # h1, summary, presenters, partner, body, takeaways...
            problems.append(f"{page}: {payload!r} appears {text.count(payload)} time(s) as text")
        if re.search(r"(?<![\d-])49(?![\d-])", text):
            problems.append(f"{page}: 7*7 was evaluated: {text!r}")
    for name, tree in pages.items():
        text = text_with_data(tree)
        if re.search(r"(?<![\w-])49(?![\w-])", text):
            problems.append(f"{name}: contains 49")
        if "__globals__" in text and "{{ config.__class__.__init__.__globals__ }}" not in text:
            problems.append(f"{name}: a template expression was evaluated")
    assert not problems, report(problems)


# The theme's own "add to calendar" and "subscribe" buttons go to these fixed services; they are
# not user content, so `ugc` would be wrong on them (they carry nofollow noopener).
CALENDAR_SERVICES = {"calendar.google.com", "outlook.live.com", "outlook.office.com"}


def test_external_links_carry_rel(pages: dict[str, object]) -> None:
    """Links that content puts on the page (prose, registration, partner site, archive) are
    marked nofollow ugc noopener."""
    problems = []
    checked = 0
    for name, tree in pages.items():
        for element in main_of(tree).iter():
            if not isinstance(element.tag, str) or local(element.tag) != "a":
                continue
            href = element.get("href", "").strip()
            parts = urlsplit(href)
            if not href.lower().startswith(("http:", "https:", "//")) or parts.hostname == SITE_HOST:
                continue
            rel = set((element.get("rel") or "").lower().split())
            if parts.hostname in CALENDAR_SERVICES:
                if not {"nofollow", "noopener"} <= rel:
                    problems.append(f"{name}: <a href={href!r} rel={element.get('rel')!r}>")
                continue
            checked += 1
            if not {"nofollow", "ugc", "noopener"} <= rel:
                problems.append(f"{name}: <a href={href!r} rel={element.get('rel')!r}>")
    assert checked > len(PAYLOADS), "the hostile site should have many external links"
    assert not problems, report(problems)


def test_no_third_party_requests(pages: dict[str, object]) -> None:
    """No image (or other fetched resource) comes from another host."""
    problems = []
    for name, element in elements(pages):
        tag = local(element.tag)
        for attribute, value in element.attrib.items():
            attribute = attr_name(attribute)
            fetched = (attribute in ("src", "srcset", "poster", "background", "data")) or \
                (tag == "link" and attribute == "href")
            if not fetched:
                continue
            for candidate in value.split(","):
                url = candidate.strip().split(" ")[0]
                host = urlsplit(url).hostname
                if url.lower().startswith(("http:", "https:", "//")) and host != SITE_HOST:
                    problems.append(f"{name}: <{tag} {attribute}={value!r}>")
    assert not problems, report(problems)


def test_hostile_urls_stay_inside_their_attribute(pages: dict[str, object]) -> None:
    tree = pages["events/hostile-urls/index.html"]
    hrefs = [e.get("href") for e in main_of(tree).iter() if isinstance(e.tag, str) and local(e.tag) == "a"]
    # whole, inside its attribute; quotes and angle brackets are percent-encoded, as browsers send them
    decoded = [unquote(href) for href in hrefs]
    for suffix in ("", "&r", "&s", "&t", "&u"):
        assert HOSTILE_URL + suffix in decoded, (suffix, hrefs)
    assert not any(c in href for href in hrefs for c in '"<> ')


def test_hostile_payloads_reach_every_page_kind(pages: dict[str, object]) -> None:
    """The checks above looked at pages that really hold the payloads."""
    earners = sorted(name for name in pages if name.startswith("badges/hostile-badge/earners/"))
    assert len(earners) == earners_csv().count("@example.org"), earners[:5]
    for page in ("forums/hostile-forum/index.html", "hostile-page/index.html", "partners/hostile-partner/index.html",
                 "partners/hostile-partner/embed/index.html", "events/hostile-00/index.html", "badges/index.html",
                 "badges/hostile-badge/index.html", *earners):
        text = "".join(main_of(pages[page]).itertext())
        assert "alert(" in text, page
    topic = [name for name in pages if name.startswith("topics/svg-onload-alert-topic")]
    assert topic, sorted(pages)[:20]
    for page in ("events/hostile-transcript/index.html", "events/hostile-markdown-transcript/index.html"):
        moments = [e for e in main_of(pages[page]).iter() if isinstance(e.tag, str) and "moments" in e.get("class", "")]
        assert moments and "<" in "".join(moments[0].itertext()), page  # markup, shown as text
    chapters = [e for e in main_of(pages["events/hostile-transcript/index.html"]).iter()
                if isinstance(e.tag, str) and e.get("class") == "chapters"]
    assert chapters and "alert(" in "".join(chapters[0].itertext())


def test_the_partner_badge_holds_the_name_as_text(built: tuple[Path, object]) -> None:
    """The badge is an SVG file, read by browsers as XML: each partner's is well-formed, draws no
    element but the badge's own, and holds the hostile name only as text."""
    out, result = built
    assert result.returncode == 0, result.stderr
    badges = sorted(out.glob("partners/*/badge.svg"))
    assert len(badges) > len(PAYLOADS) // 2, len(badges)
    for path in badges:
        svg = ET.fromstring(path.read_bytes())
        assert {local(e.tag) for e in svg.iter()} <= {"svg", "title", "rect", "g", "text"}, path
        assert all(attr_name(a) in {"xmlns", "width", "height", "viewbox", "role", "aria-labelledby", "id", "x", "y",
                                    "rx", "fill", "stroke", "stroke-width", "font-family", "font-size", "font-weight",
                                    "text-anchor", "letter-spacing", "textlength", "lengthadjust"}
                   for e in svg.iter() for a in e.attrib), path
    hostile = ET.fromstring((out / "partners/hostile-partner/badge.svg").read_bytes())
    assert hostile.find("{http://www.w3.org/2000/svg}title").text.endswith(": <img src=x onerror=alert(1)> Network")


BAD_HTML = [
    pytest.param('<p><script>alert(1)</script></p>', test_no_script_element, id="script"),
    pytest.param('<script type="application/ld+json">{"name": "</p><p>"}</script>', test_no_script_element,
                 id="json-ld-with-markup"),
    pytest.param('<script type="application/ld+json">alert(1)</script>', test_no_active_or_embedding_element,
                 id="json-ld-not-json"),
    pytest.param('<p onclick="x">a</p>', test_no_event_handler_attribute, id="handler"),
    pytest.param('<a href=" jav&#x09;ascript:alert(1)">a</a>', test_no_script_or_data_url, id="javascript-url"),
    pytest.param('<svg><a xlink:href="javascript:alert(1)">a</a></svg>', test_no_script_or_data_url,
                 id="xlink-href"),
    pytest.param('<iframe src="https://evil.example/"></iframe>', test_no_active_or_embedding_element, id="iframe"),
    pytest.param('<meta http-equiv="refresh" content="0">', test_no_active_or_embedding_element, id="refresh"),
    pytest.param('<p style="color:red">a</p>', test_no_style_from_content, id="style"),
    pytest.param('<a href="https://evil.example/">a</a>', test_external_links_carry_rel, id="no-rel"),
    pytest.param('<img src="//evil.example/p.gif">', test_no_third_party_requests, id="foreign-image"),
]


@pytest.mark.parametrize("snippet, check", BAD_HTML)
def test_the_checks_catch_what_they_look_for(snippet: str, check) -> None:
    """Each check above fails on a page that has the problem (so its passing means something)."""
    links = "".join(f'<a href="https://evil.example/{n}" rel="nofollow ugc noopener">x</a>' for n in range(99))
    page = f"<!doctype html><html><head><title>t</title></head><body><main>{links}{snippet}</main></body></html>"
    with pytest.raises(AssertionError):
        check({"page.html": html5lib.parse(page, namespaceHTMLElements=False)})


@pytest.fixture(scope="module")
def book(built: tuple[Path, object]) -> dict[str, object]:
    """The proceedings' EPUB: each XHTML document, well-formed XML (or this fails), parsed by html5lib."""
    out, result = built
    assert result.returncode == 0, result.stderr
    parsed = {}
    with zipfile.ZipFile(out / "proceedings" / "proceedings.epub") as epub:
        for name in epub.namelist():
            if name.endswith(".xhtml"):
                data = epub.read(name)
                ET.fromstring(data)
                parsed[name] = html5lib.parse(data, namespaceHTMLElements=False)
    return parsed


def test_the_epub_holds_the_payloads_as_inert_text(book: dict[str, object]) -> None:
    """The EPUB is made from the print HTML, not from pages: the same checks hold in it."""
    for check in (test_no_script_element, test_no_event_handler_attribute, test_no_script_or_data_url,
                  test_no_active_or_embedding_element, test_no_style_from_content, test_no_third_party_requests):
        check(book)
    text = " ".join("".join(tree.itertext()) for tree in book.values())
    assert "<script>alert('XSS')</script>" in text and "<img src=x onerror=alert(1)>" in text


WEBVTT_TIMING = re.compile(r"\d{2,}:\d{2}:\d{2}\.\d{3} --> \d{2,}:\d{2}:\d{2}\.\d{3}")


def vtt_cue_texts(text: str) -> list[str]:
    """A WebVTT file's cue texts, read as the spec's parser would split them, failing on anything that
    would make it read other cues or markup: a cue is an optional id line, a timing line, and its text
    (no "-->" and no "<" in it: no tags), and a blank line ends it."""
    header, *blocks = text.split("\n\n")
    assert header == "WEBVTT" and text.endswith("\n") and "\r" not in text, text[:80]
    texts = []
    for block in blocks:
        lines = block.strip("\n").split("\n")
        if lines[0] and "-->" not in lines[0]:
            lines = lines[1:]  # the cue's id
        assert lines and WEBVTT_TIMING.fullmatch(lines[0]), block
        assert len(lines) > 1 and not any("-->" in line or "<" in line for line in lines[1:]), block
        texts.append("\n".join(lines[1:]).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
    return texts


def test_the_chapter_files_hold_the_titles_as_text(built: tuple[Path, object], pages: dict[str, object]) -> None:
    """A video's chapters, written for its player (WebVTT) and podcast apps (JSON), read back as the
    titles were given (their line breaks as spaces), and named by the page's <track> and the podcast."""
    out, _ = built
    titles = [" ".join(collapsed(title).split()) for title in CHAPTER_TITLES]
    folder = out / "events" / "hostile-chapters"
    assert [c["title"] for c in json.loads((folder / "chapters.json").read_bytes())["chapters"]] == titles
    assert vtt_cue_texts((folder / "chapters.vtt").read_text(encoding="utf-8")) == titles
    (video,) = [e for _, e in elements({"page": pages["events/hostile-chapters/index.html"]}) if local(e.tag) == "video"]
    assert [(local(e.tag), e.get("kind"), e.get("src")) for e in video] == [
        ("track", "captions", "/media/hostile.vtt"), ("track", "chapters", "/events/hostile-chapters/chapters.vtt"),
        ("a", None, None)]
    feed = ET.parse(out / "proceedings" / "podcast.xml").getroot()
    named = [e.get("url") for e in feed.iter("{https://podcastindex.org/namespace/1.0}chapters")]
    assert named == [f"https://{SITE_HOST}/events/hostile-chapters/chapters.json"]


def test_every_data_file_parses(built: tuple[Path, object]) -> None:
    """Every JSON and XML file the build wrote from the hostile content parses as its format, and every
    chapters file as WebVTT: no value broke out of its string."""
    out, _ = built
    written = sorted(p for p in out.rglob("*") if p.suffix in (".json", ".xml") or p.name == "chapters.vtt")
    assert {p.suffix for p in written} == {".json", ".xml", ".vtt"}, written[:5]
    for path in written:
        if path.suffix == ".json":
            json.loads(path.read_bytes())
        elif path.suffix == ".xml":
            ET.parse(path)
        else:
            vtt_cue_texts(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", ["WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nA --> B\n",
                                  "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n</track>\n",
                                  "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nOne\n\nTwo\n"])
def test_the_webvtt_reader_fails_on_a_broken_cue(text: str) -> None:
    with pytest.raises(AssertionError):
        vtt_cue_texts(text)
