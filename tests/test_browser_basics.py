"""The sample site in a real browser (Debian's Chromium): no request to any other host, readable without
JavaScript, usable from the keyboard. (No sideways scrolling on a phone or a desktop, for every kind of
page: tests/test_accessibility.py, with each page it checks.)"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from tests.browser import DESKTOP, PHONE, VIEWPORTS, artifacts_dir, is_local, settle

KINDS = ["home", "day", "event", "cancelled-event", "topic", "partner", "forum", "subscribe", "404"]

# Attributes that make a browser fetch, now or later (lazy images, hints, media), as "tag attribute".
FETCHING = """() => {
  const out = [], sel = 'img[src], img[srcset], source[src], source[srcset], video[src], video[poster], audio[src],'
    + ' track[src], iframe[src], embed[src], object[data], script[src], input[type=image][src],'
    + ' link[rel~=stylesheet], link[rel~=icon], link[rel~=preload], link[rel~=prefetch], link[rel~=modulepreload],'
    + ' link[rel~=preconnect], link[rel~=dns-prefetch], link[rel~=manifest], [style*="url("]';
  for (const el of document.querySelectorAll(sel)) {
    const attrs = el.tagName === 'LINK' ? ['href'] : ['src', 'srcset', 'poster', 'data', 'style'];
    for (const attr of attrs) {
      const value = el.getAttribute(attr);
      if (value) out.push([el.tagName.toLowerCase(), attr, value]);
    }
  }
  return out;
}"""


def urls_in(attr: str, value: str) -> list[str]:
    if attr == "srcset":
        return [part.split()[0] for part in value.split(",") if part.strip()]
    if attr == "style":
        return re.findall(r"url\(\s*['\"]?([^'\")]+)", value)
    return [value]


def test_no_request_leaves_the_site(open_page, sample_pages) -> None:
    """(b): every request of every kind of page at 360x740 until the network is quiet, then after
    scrolling to the end (lazy images) and widening to 1440x900 (media queries), is to 127.0.0.1;
    nor does the markup name another host for anything the browser would fetch by itself (links
    to follow are fine). The pages are all open at once and wait together (browser.settle)."""
    visits = {kind: open_page(sample_pages[kind], viewport=PHONE) for kind in KINDS}
    for visit in visits.values():
        visit.page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    settle(list(visits.values()))
    for visit in visits.values():
        visit.page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
        visit.page.evaluate("window.scrollTo(0, 0); window.scrollTo(0, document.documentElement.scrollHeight)")
    settle(list(visits.values()))
    problems = []
    for kind, visit in visits.items():
        path, page = sample_pages[kind], visit.page
        if not any(url.endswith("/assets/style.css") for url in visit.requests):
            problems.append(f"{path}: the recorder missed the CSS: {visit.requests}")
        if visit.foreign_requests():
            problems.append(f"{path} asks other hosts (the test blocked them): {visit.foreign_requests()}")
        fetching = [(tag, attr, url) for tag, attr, value in page.evaluate(FETCHING) for url in urls_in(attr, value)]
        foreign = [f"<{tag} {attr}={url}>" for tag, attr, url in fetching if not is_local(urljoin(page.url, url))]
        if foreign:
            problems.append(f"{path} would fetch from other hosts: {foreign}")
        if visit.page_errors or visit.console_errors:
            problems.append(f"{path}: script errors {visit.page_errors}, console errors {visit.console_errors}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("kind", KINDS)
def test_readable_without_javascript(kind, open_page, sample_pages) -> None:
    """(c): with JavaScript off the h1 and the main content are there and visible."""
    path = sample_pages[kind]
    page = open_page(path, viewport=PHONE, javascript=False, reuse=True).page
    main = page.locator("main")
    assert main.count() == 1, f"{path}: {main.count()} <main> elements"
    assert main.is_visible(), f"{path}: <main> is not visible without JavaScript"
    h1 = page.locator("main h1").first
    assert h1.count() == 1 and h1.is_visible(), f"{path}: no visible h1 in <main> without JavaScript"
    heading = h1.inner_text().strip()
    assert heading, f"{path}: the h1 is empty"
    text = re.sub(r"\s+", " ", main.inner_text()).strip()
    assert len(text) > len(heading) + 20, f"{path}: <main> shows little beyond its heading without JavaScript: {text!r}"
    box = main.bounding_box()
    assert box and box["height"] > 100, f"{path}: <main> is collapsed without JavaScript ({box})"


def focus_info(page) -> dict:
    return page.evaluate("""() => {
      const el = document.activeElement, style = getComputedStyle(el), box = el.getBoundingClientRect();
      return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, href: el.getAttribute('href'),
              text: (el.textContent || '').trim().slice(0, 60),
              focusVisible: el.matches(':focus-visible'),
              outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
              outlineColor: style.outlineColor, boxShadow: style.boxShadow,
              box: {left: box.left, top: box.top, right: box.right, bottom: box.bottom},
              inView: box.width > 1 && box.height > 1 && box.right > 0 && box.bottom > 0
                      && box.left < window.innerWidth && box.top < window.innerHeight};
    }""")


def has_visible_indicator(info: dict) -> bool:
    outline = info["outlineStyle"] not in ("none", "hidden") and info["outlineWidth"] >= 1
    return outline or info["boxShadow"] not in ("", "none")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_keyboard_skip_link_and_focus_outline(size, open_page) -> None:
    """(e): first Tab shows the skip link, Enter moves focus to main, the next focused link has a visible outline."""
    page = open_page("/", viewport=VIEWPORTS[size]).page
    page.keyboard.press("Tab")
    skip = focus_info(page)
    assert skip["tag"] == "a" and skip["href"] == "#main", f"the first Tab focuses {skip}, not the skip link"
    assert skip["inView"], f"the focused skip link is off screen at {size}: {skip['box']}"
    assert has_visible_indicator(skip), f"the focused skip link has no visible focus indicator: {skip}"

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'", timeout=3000)
    assert page.evaluate("location.hash") == "#main"

    page.keyboard.press("Tab")
    link = focus_info(page)
    assert link["tag"] in ("a", "button", "select", "input", "summary"), \
        f"Tab after the skip link focuses {link}, not a control in main"
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)"), \
        f"Tab after the skip link leaves <main>: {link}"
    assert link["focusVisible"], f"the focused link does not match :focus-visible: {link}"
    assert has_visible_indicator(link), f"the keyboard-focused link has no visible outline or box-shadow: {link}"
    assert link["inView"], f"the keyboard-focused link is not scrolled into view: {link['box']}"
    page.screenshot(path=str(artifacts_dir() / f"home-focus-{size}.png"))

    # The indicator is the focus style, not the link's everyday look.
    focused = page.evaluate_handle("document.activeElement")
    focused.evaluate("el => el.blur()")
    resting = focused.evaluate("el => [getComputedStyle(el).outlineStyle, getComputedStyle(el).boxShadow]")
    assert resting != [link["outlineStyle"], link["boxShadow"]], f"the focus indicator equals the resting style {resting}"


def relative_luminance(rgb: str) -> float:
    r, g, b = (int(float(c)) / 255 for c in re.findall(r"[\d.]+", rgb)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


BEHIND = """el => {
  for (let node = el.parentElement; node; node = node.parentElement) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(bg)) return bg;
  }
  return 'rgb(255, 255, 255)';
}"""


def test_focus_outline_contrasts_with_the_page(open_page) -> None:
    """WCAG 2.2 SC 1.4.11 (non-text contrast): a focus outline needs 3:1 against what it is drawn on,
    else the 'visible' outline is invisible to many readers. Checked on the first four controls a
    keyboard reaches on the home page: skip link, site title, first navigation links."""
    page = open_page("/", viewport=DESKTOP).page
    weak = []
    for _ in range(4):
        page.keyboard.press("Tab")
        info = focus_info(page)
        if info["outlineStyle"] in ("none", "hidden") or not info["outlineWidth"]:
            continue  # test_keyboard_skip_link_and_focus_outline reports missing outlines
        behind = page.evaluate_handle("document.activeElement").evaluate(BEHIND)
        ratio = contrast(info["outlineColor"], behind)
        if ratio < 3:
            weak.append(f"{info['text']!r}: outline {info['outlineColor']} on {behind} is {ratio:.2f}:1")
    assert not weak, "focus outlines below 3:1 against their background:\n" + "\n".join(weak)


# -- the harness itself: a check that cannot fail proves nothing --------------------------------------

def test_recorder_sees_and_blocks_other_hosts(browser) -> None:
    """A request to another host, named or by its address, is recorded and fails in the browser
    itself: no name is resolved, and the dead proxy refuses the connection (NETWORK_GUARD_ARGS)."""
    visit = browser.new_page(PHONE)
    failed: dict[str, str] = {}
    visit.page.on("requestfailed", lambda request: failed.update({request.url: request.failure or ""}))
    try:
        visit.page.set_content('<img src="http://third-party.invalid/pixel.png" alt="">'
                               '<img src="http://93.184.216.34/pixel.png" alt="">', wait_until="load")
        visit.settle()
        assert visit.foreign_requests() == ["http://third-party.invalid/pixel.png", "http://93.184.216.34/pixel.png"]
        assert visit.page.evaluate("[...document.images].map(i => i.naturalWidth)") == [0, 0]  # never fetched
        assert set(failed) == set(visit.foreign_requests()), failed
        assert all(reason in ("net::ERR_PROXY_CONNECTION_FAILED", "net::ERR_NAME_NOT_RESOLVED")
                   for reason in failed.values()), failed
    finally:
        visit.page.close()


def test_javascript_off_means_no_script_runs(browser) -> None:
    visit = browser.new_page(PHONE, javascript=False)
    try:
        visit.page.set_content('<p id="x">off</p><script>document.getElementById("x").textContent = "on"</script>')
        assert visit.page.inner_text("#x") == "off"
    finally:
        visit.page.close()
