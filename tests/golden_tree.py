"""The golden tree: tests/golden/ holds the sample site's output, file for file and byte for byte, so
that any change to what the builder writes shows in review as a diff of the files it changes.

    make golden          # or: python -m tests.golden_tree

rebuilds it: content/ built by the plain pipeline (`build --no-cache`) with SOURCE_DATE_EPOCH fixed
(tests.conftest.build_sample, the build the `sample_output` fixture makes). tests/test_golden.py
builds the sample site and compares it with tests/golden/.

Left out, and why (EXCLUDED): the proceedings PDF and EPUB. The EPUB is a zip, whose compressed bytes
depend on the zlib it was made with; its pages are the print HTML, which tests/test_epub.py reads
back and EPUBCheck checks. The PDF: its bytes depend on the fonts, Pango and WeasyPrint
of the machine that lays it out, not only on the builder, so a golden copy would fail on a machine
with other fonts while the builder is unchanged; and a binary diff shows a reviewer nothing. What it
says is read back by tests/test_proceedings.py (pypdf), and the golden test still requires the file.
"""

from __future__ import annotations

import difflib
import json
import shutil
import sys
import tempfile
from pathlib import Path

from tests.conftest import PROJECT, build_sample

GOLDEN = PROJECT / "tests" / "golden"
EXCLUDED = {"proceedings/proceedings.pdf": "its bytes depend on the machine's fonts and Pango (tests/golden_tree.py)",
            "proceedings/proceedings.epub": "a zip: its compressed bytes depend on the machine's zlib (tests/golden_tree.py)"}
# Git must keep every byte as built (.ics lines end in CRLF): no end-of-line conversion in this folder.
ATTRIBUTES = "# The sample site's output as built (tests/golden_tree.py): every byte kept, CRLF included.\n* -text\n"
OWN_FILES = {".gitattributes"}  # the golden folder's own, not the site's
SHOWN_FILES = 5  # differing files whose diff is printed
SHOWN_LINES = 40  # lines of each file's diff


def files(folder: Path) -> dict[str, Path]:
    """Every file of a tree, by its path relative to it (with /), the excluded ones and the golden
    folder's own left out."""
    found = {path.relative_to(folder).as_posix(): path for path in sorted(folder.rglob("*"))
             if path.is_file() or path.is_symlink()}
    return {name: path for name, path in found.items() if name not in EXCLUDED and name not in OWN_FILES}


def readable(name: str, data: bytes) -> list[str]:
    """A file's lines for a diff: text as it is (one-line JSON indented, so a diff finds the change
    inside it), anything else as its size."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return [f"<{len(data):,} bytes, not UTF-8 text>"]
    if name.endswith(".json") and text.count("\n") <= 1:
        try:
            text = json.dumps(json.loads(text), indent=1, ensure_ascii=False, sort_keys=False)
        except ValueError:
            pass
    return text.splitlines()


def file_diff(name: str, golden: bytes, built: bytes) -> list[str]:
    lines = list(difflib.unified_diff(readable(name, golden), readable(name, built), f"tests/golden/{name}",
                                      f"built/{name}", n=2, lineterm=""))
    if not lines:  # the same text: the bytes differ in line ends or a trailing newline
        lines = [f"--- tests/golden/{name}", f"+++ built/{name}",
                 f"  same lines, other bytes: {golden[-60:]!r} / {built[-60:]!r} (line ends?)"]
    if len(lines) > SHOWN_LINES:
        lines = [*lines[:SHOWN_LINES], f"  ... {len(lines) - SHOWN_LINES} more lines of diff"]
    return lines


def differences(golden: Path, built: Path) -> str:
    """'' when `built` holds what `golden` does; else a readable report: the files missing, added and
    changed, the diffs of the first few changed, and what to do."""
    old, new = files(golden), files(built)
    missing, added = sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys())
    changed = [name for name in sorted(old.keys() & new.keys()) if old[name].read_bytes() != new[name].read_bytes()]
    if not (missing or added or changed):
        return ""
    report = [f"the sample site's output differs from tests/golden/: {len(changed)} changed, {len(added)} new, "
              f"{len(missing)} gone"]
    report += [f"  gone: {name}" for name in missing[:20]] + ([f"  ... {len(missing) - 20} more"] if len(missing) > 20 else [])
    report += [f"  new:  {name}" for name in added[:20]] + ([f"  ... {len(added) - 20} more"] if len(added) > 20 else [])
    report += [f"  changed: {name}" for name in changed[:20]] + (
        [f"  ... {len(changed) - 20} more"] if len(changed) > 20 else [])
    for name in changed[:SHOWN_FILES]:
        report += ["", *file_diff(name, old[name].read_bytes(), new[name].read_bytes())]
    report += ["", "If this change to the output is intended, run `make golden` (python -m tests.golden_tree) "
               "and commit tests/golden/ with it, so that review shows what changed."]
    return "\n".join(report)


def regenerate(golden: Path = GOLDEN) -> None:
    """Build the sample site afresh and put its files in `golden`, replacing what was there."""
    with tempfile.TemporaryDirectory(prefix="golden-") as scratch:
        out = Path(scratch) / "output"
        build_sample(out)
        for name in EXCLUDED:
            (out / name).unlink()
        (out / ".gitattributes").write_text(ATTRIBUTES, encoding="utf-8")
        if golden.exists():
            shutil.rmtree(golden)
        shutil.copytree(out, golden, symlinks=True)
    shown = golden.relative_to(PROJECT) if golden.is_relative_to(PROJECT) else golden
    print(f"wrote {len(files(golden))} files of the sample site's output to {shown}/ "
          f"(left out: {', '.join(EXCLUDED)})", file=sys.stderr)


if __name__ == "__main__":
    regenerate()
