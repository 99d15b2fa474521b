"""Write: put the rendered files into a fresh folder beside the output, then swap it in.

The previous output stays untouched until the new one is complete, so a failed or
interrupted build never leaves a half-written or emptied site behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from builder.problems import UsageError

MEDIA_SUFFIXES = (".vtt", ".md", ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".mp3", ".mp4", ".webm")


def check_destination(out: Path, content: Path) -> None:
    """Refuse an output folder whose replacement would destroy the content or a project."""
    out_real, content_real = out.resolve(), content.resolve()
    if out_real == content_real or content_real.is_relative_to(out_real) or out_real.is_relative_to(content_real):
        raise UsageError(f"--out {out} overlaps the content folder {content}; choose a separate folder")
    if out_real == Path.cwd().resolve() or Path.cwd().resolve().is_relative_to(out_real) or (out_real / ".git").exists():
        raise UsageError(f"--out {out} would replace the current folder or a repository; choose a separate folder")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file, not a folder")


def safe_path(relative: str) -> PurePosixPath:
    """Every output path is relative and stays inside the output folder."""
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in relative:
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    return path


def write_site(out: Path, files: Mapping[str, bytes], media: Mapping[str, Path]) -> None:
    """Write `files` and copy `media` (output path -> source file) into `out`, atomically swapped."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for relative, data in files.items():
            target = staging.joinpath(*safe_path(relative).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for relative, source in media.items():
            if not relative.lower().endswith(MEDIA_SUFFIXES):
                continue  # an .html or .svg from content/ could run script on the site's own origin
            target = staging.joinpath(*safe_path(relative).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        for folder, _, names in os.walk(staging):
            os.chmod(folder, 0o755)
            for name in names:
                os.chmod(os.path.join(folder, name), 0o644)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    out.rename(retired)
    try:
        staging.rename(out)
    except BaseException:
        retired.rename(out)
        raise
    shutil.rmtree(retired, ignore_errors=True)
