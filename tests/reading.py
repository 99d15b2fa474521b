"""Reading content files in tests the way the builder does (every value a string), but with
none of the builder's code, so a test's expectations never come from what it checks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml


def front_matter(path: Path) -> dict[str, Any]:
    """Front matter as strings (YAML BaseLoader: `NO` stays "NO", dates stay text)."""
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\r?\n(.*?)\r?\n---\s*(\n|$)", text, re.S)
    return (yaml.load(match.group(1), Loader=yaml.BaseLoader) or {}) if match else {}
