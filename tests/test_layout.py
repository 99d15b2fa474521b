"""The layout shows the architecture: the site's own code (builder/content/, builder/outputs/ and
the plain pipeline) never reaches into the engine that makes builds fast (builder/engine/), and
the content stages never depend on how output is made. Read from the import statements of every
module, those inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BUILDER = Path(__file__).resolve().parent.parent / "builder"


def imported(path: Path) -> set[str]:
    """Every builder module a file imports, anywhere in it."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name.split(".")[0] == "builder"}


def modules(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (BUILDER / folder).glob("*.py"))


def test_the_import_reader_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from builder.engine import cache\n    import builder.engine.parallel\n")
    assert {"builder.engine", "builder.engine.cache", "builder.engine.parallel"} <= imported(sample)


@pytest.mark.parametrize("path", [*modules("content", "outputs"), BUILDER / "pipeline.py", BUILDER / "output.py",
                                  BUILDER / "routes.py", BUILDER / "problems.py", BUILDER / "changes.py"],
                         ids=lambda p: p.name)
def test_the_site_code_never_imports_the_engine(path: Path) -> None:
    reaching = sorted(name for name in imported(path) if name == "builder.engine" or name.startswith("builder.engine."))
    assert not reaching, (f"{path.relative_to(BUILDER.parent)} imports {reaching}: "
                          "the engine may call the site's code, never the reverse")


@pytest.mark.parametrize("path", modules("content"), ids=lambda p: p.name)
def test_the_content_stages_never_import_the_outputs(path: Path) -> None:
    reaching = sorted(name for name in imported(path) if name.startswith("builder.outputs") or name == "builder.pipeline")
    assert not reaching, f"{path.relative_to(BUILDER.parent)} imports {reaching}: data flows from content to outputs"


def test_every_module_is_in_a_layer() -> None:
    """A new module goes in content/, outputs/ or engine/, or is one of the few at the top (the
    commands beside the build: serve.py, and changes.py for pull requests' job summaries)."""
    top = {path.name for path in BUILDER.glob("*.py")}
    assert top == {"__init__.py", "__main__.py", "cli.py", "serve.py", "pipeline.py", "output.py", "routes.py",
                   "problems.py", "changes.py", "scaffold.py", "revisions.py"}  # scaffold: the `new` command, as serve is `serve`
