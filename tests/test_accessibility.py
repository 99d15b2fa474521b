"""Everyone can use it: axe-core (Deque's accessibility engine, tests/js/node_modules, installed by
`npm ci` in `make build`) finds no WCAG 2.2 A/AA violation on any kind of page, at phone and desktop
sizes with JavaScript and on a phone without it, in light and dark colour schemes; and reduced motion
means no motion.

JavaScript off: the page is loaded in a JavaScript-disabled page, as such a reader gets it, and axe is
evaluated into it by the test (DevTools' evaluation runs where the page's own scripts may not)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.browser import PHONE, PROJECT, VIEWPORTS, assert_no_sideways_scroll, largest

# One worker runs them all (make test's --dist loadgroup): the contexts that start every document with
# axe, and their first pages, are made once, not in each worker.
pytestmark = pytest.mark.xdist_group("accessibility")
AXE = PROJECT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
THEME_SCRIPT = "**/assets/{site,my,search,submit,embed}.js"  # the theme's scripts

KINDS = ["home", "day", "event", "cancelled-event", "archived-event", "topic", "partner", "forum", "partners",
         "subscribe", "page", "404", "proceedings", "proceedings-forum", "search", "conference", "my", "new", "submit",
         "badge", "earner", "embed", "starter-kit"]

RUN_AXE = """async ([tags, category]) => {
  // every rule of the tags; with a category (axe's 'cat.color'), only its rules of the tags
  const only = category
    ? {type: 'rule', values: axe.getRules([category]).filter(r => r.tags.some(t => tags.includes(t))).map(r => r.ruleId)}
    : {type: 'tag', values: tags};
  const result = await axe.run(document, {runOnly: only, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.map(String).join(' '), html: n.html.slice(0, 200),
                              summary: (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300)}))
  }));
}"""


@pytest.fixture(scope="session")
def a11y_pages(sample_output: Path, sample_pages: dict[str, str]) -> dict[str, str]:
    """sample_pages and the kinds only accessibility looks at: an archived event with a transcript,
    the partners directory, the longest plain page (code blocks), the proceedings and a forum's proceedings,
    a badge's criteria page, an earner's page, the largest partner's embeddable list and the starter kit."""
    transcripts = [p for p in (sample_output / "events").glob("*/index.html")
                   if 'id="transcript"' in p.read_text(encoding="utf-8")]
    assert transcripts, "the sample site has no archived event page with a transcript"
    archived = max(transcripts, key=lambda p: (p.stat().st_size, p.parent.name))
    plain = max((PROJECT / "content" / "pages").glob("*.md"), key=lambda p: (p.stat().st_size, p.name))
    assert (sample_output / plain.stem / "index.html").is_file(), f"content/pages/{plain.name} is not at /{plain.stem}/"
    return {**sample_pages,
            "archived-event": f"/events/{archived.parent.name}/",
            "partners": "/partners/",
            "page": f"/{plain.stem}/",
            "proceedings": "/proceedings/",
            "search": "/search/?q=classroom",
            "conference": "/conference/",
            "my": "/my/?e=kickoff-keynote-connected-classrooms,student-discourse-routines,"
                  "district-professional-learning-strategy",
            "new": "/new/",
            "submit": "/submit/",
            "proceedings-forum": largest(sample_output, "proceedings/forums"),
            "badge": largest(sample_output, "badges"),
            "earner": _reflected_earner(sample_output),
            "embed": sample_pages["partner"] + "embed/",
            "starter-kit": "/starter-kit/"}


def _reflected_earner(output: Path) -> str:
    """The page of an earner with a reflection and a badge to download: every part of the page kind."""
    pages = [p for p in sorted(output.glob("badges/*/earners/*/index.html"))
             if 'id="reflection"' in (text := p.read_text(encoding="utf-8")) and " download>" in text]
    assert pages, "the sample site has no earner with a reflection and a baked badge"
    return "/" + pages[0].parent.relative_to(output).as_posix() + "/"


# In a page without JavaScript no timer fires, and axe waits on timers between its rules: there, where
# none of the page's own scripts runs, axe's callbacks run as soon as it yields instead.
TIMERS_WITHOUT_JAVASCRIPT = """() => {
  window.setTimeout = (callback, delay, ...args) => { Promise.resolve().then(() => callback(...args)); return 0; };
  window.clearTimeout = () => {};
}"""


def axe_violations(page, javascript: bool = True, category: str | None = None) -> list[dict]:
    """axe's findings in the page as it is, with axe added unless its context starts every document
    with it (`init_script=AXE`: sent to the browser once, rather than half a megabyte per page). A
    page without JavaScript runs no <script> element, so axe is evaluated into it. With a `category`
    ("cat.color"), only axe's rules of that category are run (of WCAG_TAGS, as always)."""
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` in tests/js (`make build` does)"
    if not page.evaluate("typeof window.axe === 'object'"):
        if javascript:
            page.add_script_tag(path=str(AXE))
        else:
            page.evaluate(TIMERS_WITHOUT_JAVASCRIPT)
            page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(RUN_AXE, [WCAG_TAGS, category])


def report(path: str, violations: list[dict]) -> str:
    lines = [f"{path}: {len(violations)} axe violation(s) of {', '.join(WCAG_TAGS)}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:10]:
            lines.append(f"    {node['target']}: {node['html']}")
            if node["summary"]:
                lines.append(f"      {node['summary']}")
        if len(v["nodes"]) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


# Each kind of page at both sizes with JavaScript, and on a phone without it. Without JavaScript the
# page is the same document at every size, and the desktop styles are checked with JavaScript on:
# the state left out could only find a fault of the no-JS markup that the desktop styles alone make,
# for another axe run per kind of page.
STATES = [pytest.param("360x740", True, id="360x740-js"), pytest.param("360x740", False, id="360x740-nojs"),
          pytest.param("1440x900", True, id="1440x900-js")]


@pytest.mark.parametrize(("size", "javascript"), STATES)
@pytest.mark.parametrize("kind", KINDS)
def test_no_axe_violations(kind, size, javascript, open_page, a11y_pages) -> None:
    """axe on the page as it is read, with JavaScript and without."""
    path = a11y_pages[kind]
    if javascript:
        visit = open_page(path, viewport=VIEWPORTS[size], reuse=True, init_script=AXE)
    else:
        visit = open_page(path, viewport=VIEWPORTS[size], javascript=False, reuse=True)
        assert visit.page.locator("main").is_visible(), f"{path}: <main> is not visible without JavaScript"
    violations = axe_violations(visit.page, javascript)
    print(report(path, violations))
    assert not violations, report(path, violations)
    # WCAG 1.4.10 (reflow), which axe leaves to people: nothing needs sideways scrolling, at any size.
    assert_no_sideways_scroll(visit.page, f"{kind}-{size}-{'js' if javascript else 'nojs'}")


# -- colour schemes and motion ----------------------------------------------------------------------

# Dark colours on a phone for each of these, and on a wide screen for the home page, the one page
# whose wide layout shows more (the month grid): the palette is the same at every size.
DARK = [pytest.param(kind, size, id=f"{kind}-{size}") for kind, size in [
    ("home", "360x740"), ("home", "1440x900"), ("archived-event", "360x740"), ("cancelled-event", "360x740"),
    ("proceedings", "360x740")]]


def luminance(rgb: str) -> float:
    r, g, b = (int(float(c)) / 255 for c in re.findall(r"[\d.]+", rgb)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


# What a colour scheme may change: colours. Properties of rules under a prefers-color-scheme
# condition other than these (as the browser gives them: shorthands in longhands), or a custom
# property whose value is no colour, could change more than colours.
SCHEMED_ONLY_COLOURS = """() => {
  const colour = new RegExp('^(color|color-scheme|background(-.*)?|border(-(top|right|bottom|left|block|inline))?'
                            + '(-(start|end))?-color|outline-color|text-decoration-color|caret-color|accent-color|fill|stroke)$');
  const found = [];
  const visit = (rules, schemed) => {
    for (const rule of rules) {
      const here = schemed || Boolean(rule.media && /prefers-color-scheme/.test(rule.media.mediaText));
      if (here && rule.style) {
        for (const name of rule.style) {
          const value = rule.style.getPropertyValue(name).trim();
          if (name.startsWith('--') ? !CSS.supports('color', value) : !colour.test(name))
            found.push(`${rule.selectorText} { ${name}: ${value} }`);
        }
      }
      if (rule.cssRules) visit(rule.cssRules, here);
    }
  };
  for (const sheet of document.styleSheets) visit(sheet.cssRules, /prefers-color-scheme/.test(sheet.media.mediaText));
  return found;
}"""


@pytest.mark.parametrize(("kind", "size"), DARK)
def test_dark_scheme_is_dark_and_passes_axe(kind, size, open_page, a11y_pages) -> None:
    """prefers-color-scheme: dark gives a dark page, with contrast still AA: axe's colour rules (color-contrast,
    link-in-text-block). Its other rules find in the dark page what they find in the light one (test_no_axe_violations),
    since the dark scheme changes nothing but colours: no script asks for it, and its CSS sets colours alone."""
    path = a11y_pages[kind]
    page = open_page(path, viewport=VIEWPORTS[size], reuse=True, init_script=AXE).page
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    try:  # the same page as a reader whose system prefers dark colours sees it
        page.emulate_media(color_scheme="dark")
        dark, ink = page.evaluate("[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]")
        assert luminance(light) > 0.8, f"{path}: the light scheme's background is {light}"
        assert luminance(dark) < 0.05, f"{path}: prefers-color-scheme: dark leaves the background at {dark}"
        assert luminance(ink) > 0.5, f"{path}: dark scheme text is {ink}"
        more_than_colours = page.evaluate(SCHEMED_ONLY_COLOURS)
        assert not more_than_colours, f"{path}: a colour scheme changes more than colours: {more_than_colours[:10]}"
        violations = axe_violations(page, category="cat.color")
    finally:
        page.emulate_media(color_scheme="light")  # as its context has it, for the next test to reuse it
    scripts = [p.name for p in (PROJECT / "themes" / "default" / "static").glob("*.js") if "color-scheme" in p.read_text()]
    assert not scripts, f"scripts that ask for the colour scheme: {scripts}"
    assert not violations, "dark scheme: " + report(path, violations)


MOTION = """() => {
  const probe = document.createElement('div');
  probe.id = 'motion-probe';
  probe.style.cssText = 'transition: opacity 2s ease 0s; animation: motion-probe 3s infinite;';
  document.body.appendChild(probe);
  const out = [];
  for (const el of [document.documentElement, ...document.querySelectorAll('body *')]) {
    const s = getComputedStyle(el);
    const longest = v => Math.max(...v.split(',').map(t => parseFloat(t) * (t.trim().endsWith('ms') ? 0.001 : 1)));
    if (s.scrollBehavior === 'smooth') out.push(`${el.tagName} scroll-behavior: smooth`);
    // Any transition at all, however short: a 0.01ms one still shows the old value for a frame (focus!)
    if (s.transitionProperty !== 'none' && longest(s.transitionDuration) > 0)
      out.push(`${el.tagName}#${el.id} transition ${s.transitionProperty} ${s.transitionDuration}`);
    if (s.animationName !== 'none' && longest(s.animationDuration) > 0.001 && s.animationIterationCount !== '1')
      out.push(`${el.tagName}#${el.id} animation ${s.animationName} ${s.animationDuration} x${s.animationIterationCount}`);
  }
  probe.remove();
  return out;
}"""


@pytest.mark.parametrize("kind", ["home", "archived-event"])
def test_reduced_motion_means_no_motion(kind, open_page, a11y_pages) -> None:
    """prefers-reduced-motion: reduce: no smooth scrolling, no transition at all and any animation (even
    one added later, like the probe this test inserts) finishes at once. Without the preference the probe
    moves, so the check can fail."""
    path = a11y_pages[kind]
    page = open_page(path, viewport=PHONE).page
    page.emulate_media(reduced_motion="no-preference")
    assert any("motion-probe" in m for m in page.evaluate(MOTION)), "the probe's transition was not seen"
    page.emulate_media(reduced_motion="reduce")
    moving = page.evaluate(MOTION)
    assert not moving, f"{path} moves despite prefers-reduced-motion: reduce: {json.dumps(moving[:10])}"


# -- the harness itself ---------------------------------------------------------------------------------

@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_axe_finds_violations(browser, javascript: bool) -> None:
    """A check that cannot fail proves nothing: axe flags an unlabelled image link and grey-on-white text,
    in a page with JavaScript and in one without (where no script of the page's own runs), and its colour
    rules alone the grey text; and a dark scheme's rule that sets more than colours is found."""
    visit = browser.new_page(PHONE, javascript=javascript)
    try:
        visit.page.set_content('<!doctype html><html lang="en"><title>t</title>'
                               '<style>@media (prefers-color-scheme: dark) { :root { --ink: #eee; --gap: 2rem; color: #eee }'
                               ' @supports (display: grid) { p { padding: 1px } } }</style><main><h1>t</h1>'
                               '<a href="/x"><img src="data:,"></a><p style="color:#bbb">faint</p>'
                               '<p id="ran">no</p><script>document.getElementById("ran").textContent = "yes"</script>'
                               '</main></html>')
        assert visit.page.inner_text("#ran") == ("yes" if javascript else "no")
        ids = {v["id"] for v in axe_violations(visit.page, javascript)}
        assert {"link-name", "color-contrast"} <= ids, ids
        assert {v["id"] for v in axe_violations(visit.page, javascript, category="cat.color")} == {"color-contrast"}
        found = visit.page.evaluate(SCHEMED_ONLY_COLOURS)
        assert [line.split("{ ")[1].split(":")[0] for line in found] == [
            "--gap", "padding-top", "padding-right", "padding-bottom", "padding-left"], found
    finally:
        visit.page.close()


def test_a_page_that_scrolls_sideways_is_named_with_what_is_too_wide(browser, tmp_path, monkeypatch) -> None:
    """The reflow check above can fail: a 2,000-pixel table on a phone, named in the message, pictured."""
    monkeypatch.setenv("TEST_ARTIFACTS", str(tmp_path))
    visit = browser.new_page(PHONE)
    try:
        visit.page.set_content('<!doctype html><html lang="en"><title>t</title><main><h1>t</h1>'
                               '<table id="wide" style="width:2000px"><tr><td>x</td></tr></table></main></html>')
        with pytest.raises(AssertionError, match=r"scrolls sideways.*table#wide"):
            assert_no_sideways_scroll(visit.page, "probe")
        assert (tmp_path / "probe.png").is_file()
    finally:
        visit.page.close()
