"""Allow `python -m builder build|check`.

The libraries are looked for before anything imports them, with the standard library alone: a
partner who runs the command with the system's Python (outside .venv) gets what to do, and exit
status 2 (wrong usage), instead of a traceback that ends in ModuleNotFoundError.
"""

import importlib.util
import sys

# The import names of the project's dependencies (pyproject.toml) that every command loads.
NEEDED = ("jinja2", "yaml", "frontmatter", "cmarkgfm", "nh3", "icalendar", "feedgen", "tzdata",
          "confusable_homoglyphs", "langcodes")


def missing() -> list[str]:
    """The libraries this Python cannot import, without importing any of them."""
    return [name for name in NEEDED if importlib.util.find_spec(name) is None]


if __name__ == "__main__":
    absent = missing()
    if absent:
        print(f"python -m builder: error: the builder's libraries are not installed in this Python ({sys.executable}; "
              f"missing: {', '.join(absent)}): run `make check` (it sets up .venv and checks the content), or "
              "activate the project's environment first with `. .venv/bin/activate`", file=sys.stderr)
        sys.exit(2)

    from builder.cli import main

    sys.exit(main())
