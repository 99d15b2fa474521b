"""The pipeline, one call per stage: load -> validate -> model -> render (+ search index) -> write.

`check` is the same pipeline without render and write. Each stage is its own module;
data flows one way and the Site is frozen before rendering starts.
"""

from __future__ import annotations

import os
from pathlib import Path

from builder import model, output, render, search, sources, theme, validation
from builder.problems import Problem, UsageError


def check(content: Path) -> list[Problem]:
    """Validate the content; return its warnings, raise ContentError with every error."""
    loaded, problems = sources.load(content, shown_root=_shown(content))
    validated = validation.validate(loaded, problems)
    model.build_site(validated, source_date_epoch())
    return validated.warnings


def build(content: Path, out: Path) -> list[Problem]:
    """Build the site into `out`; the previous `out` is left as it was if anything fails."""
    output.check_destination(out, content)
    loaded, problems = sources.load(content, shown_root=_shown(content))
    validated = validation.validate(loaded, problems)
    site = model.build_site(validated, source_date_epoch())
    files = render.render(site, theme.load_theme(content))
    files |= search.search_index(files)
    media = {path: content / path for path in site.media}
    output.write_site(out, files, media)
    return validated.warnings


def _shown(content: Path) -> str:
    """How messages name the content folder: as the user typed it, so editors can open the path."""
    return content.as_posix().rstrip("/") or "."


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org): the one date a build may take from outside."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {value!r}")
    return int(value)
