"""The site generator in five stages: load -> validate -> model -> render -> write.

    content/ --load--> Sources --validate--> Content --model--> Site --render--> files --write--> out/

Each stage is a module named by its job (builder/content/ for the first three, builder/outputs/
for rendering, builder/output.py for writing); data flows one way, and the Site is frozen before
rendering starts. This is the whole of a `--no-cache` build: the reference the fast build must
equal byte for byte. builder/engine/ makes the same stages fast (a cache, several cores, a
model patched after an edit) and never changes what they make; `build --no-cache` runs this.
"""

from __future__ import annotations

import os
from pathlib import Path

from builder import output
from builder.content import model, sources, validation
from builder.content.moments import Highlights, Transcript
from builder.outputs import credentials, render, search, theme
from builder.problems import Problem, UsageError


def check(content: Path) -> list[Problem]:
    """Load, validate and model the content; return its warnings, raise ContentError with every error."""
    return checked(content)[1]


def checked(content: Path, against: str | None = None) -> tuple[model.Site, list[Problem]]:
    """`check`, and the site it modelled: `check` reports how many events, forums... it holds. With
    `against` (a git revision), also what the event files may not do to their published versions."""
    loaded, problems = sources.load(content, shown_root=shown(content))
    if against is not None:
        from builder import revisions  # git is needed by this option only

        problems += revisions.problems(loaded, against)
    validated = validation.validate(loaded, problems)
    return model.build_site(validated, source_date_epoch(), synthesize=no_moments), validated.warnings


def no_moments(segments: Transcript) -> Highlights:
    """No key moments nor passages, for a command that shows none (`check` reports problems and counts,
    `changes` a table of events): choosing them, a pure function of text already checked, would only
    take time."""
    return Highlights()


def build(content: Path, out: Path) -> list[Problem]:
    """Build the site into `out`, in one process, from nothing; return the warnings. The previous
    `out` is left exactly as it was if anything fails: the new site is put in place whole."""
    output.check_destination(out, content)
    output.recover(out)
    loaded, problems = sources.load(content, shown_root=shown(content))
    validated = validation.validate(loaded, problems)
    site = model.build_site(validated, source_date_epoch())
    key = badge_key()
    files = render.render(site, theme.load_theme(content), key)
    files |= search.index_files({path: data for path, data in files.items() if search.searchable(path, data)})
    with output.Writer(out, whole=True) as writer:
        for path, data in files.items():
            writer.add(path, data)
        for path in site.media:
            writer.copy(path, content / path)
        writer.commit()
    return validated.warnings


def shown(content: Path) -> str:
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


def badge_key() -> credentials.BadgeKey | None:
    """CEM_BADGE_KEY: the key that signs the Open Badges 3.0 credentials; None without one."""
    return credentials.read_key(os.environ.get(credentials.KEY_VARIABLE, ""))
