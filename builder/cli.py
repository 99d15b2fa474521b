"""`python -m builder build|serve|check|changes|new`: arguments, messages and exit status.

Exit 0 when built (warnings allowed), 1 when the content has errors, 2 for wrong usage.
Whatever goes wrong, a partner sees one clear line per problem and never a traceback,
unless they ask for it with --debug. `check --format github` writes the same problems as
GitHub Actions annotations, so a pull request shows each on its file and line.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

from builder import pipeline
from builder.content.model import Site
from builder.engine import build
from builder.engine.parallel import TaskError
from builder.outputs import credentials
from builder.problems import ContentError, LocatedError, Problem, UsageError, visible, workflow_command, workflow_error


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {visible(message)}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m builder", description="Build the Connected Educator Month site.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    build_cmd = commands.add_parser("build", help="build the site into the output folder")
    serve_cmd = commands.add_parser("serve", help="build, serve on localhost and rebuild on every change")
    check_cmd = commands.add_parser("check", help="validate the content; writes nothing")
    changes_cmd = commands.add_parser("changes", help="list the events added, changed or removed since a git revision")
    for command in (build_cmd, serve_cmd, check_cmd, changes_cmd):
        command.add_argument("--content", default="content", help="the site folder (default: content)")
        command.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    check_cmd.add_argument("--format", choices=("text", "github"), default="text",
                           help="text: `path:line: error: message` (default); github: GitHub Actions annotations")
    check_cmd.add_argument("--against", metavar="REF", help="also compare the event files with this git revision, "
                           "e.g. origin/main: a changed time needs a later `updated:`, a file may not be deleted "
                           "(cancel the event) nor renamed (unless it says `moved_from:`)")
    changes_cmd.add_argument("--against", required=True, metavar="REF",
                             help="the git revision to compare with, e.g. origin/main")
    changes_cmd.add_argument("--format", choices=("markdown", "text"), default="markdown",
                             help="markdown: a table for a job summary (default); text: one line per event")
    for command in (build_cmd, serve_cmd):
        command.add_argument("--out", default="output", help="where to write the site (default: output)")
        command.add_argument("--jobs", type=_count, default=0, help="worker processes (default: one per core)")
        command.add_argument("--cache", help="the build cache folder (default: .cache beside the content folder)")
        command.add_argument("--no-cache", action="store_true", help="build everything from scratch, store nothing")
    _new_parser(commands)
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve_cmd.add_argument("--port", type=_count, default=8000, help="port (default: 8000; 0 picks a free one)")
    return parser


def _new_parser(commands: argparse._SubParsersAction) -> None:
    """`new <kind>` with an option per field of that kind, made from the schema (builder/scaffold.py)."""
    from builder import scaffold

    new_cmd = commands.add_parser("new", help="write a new event, forum, partner profile or page, asking for each field")
    kinds = new_cmd.add_subparsers(dest="kind", required=True, parser_class=_Parser)
    for kind, fields in scaffold.field_options().items():
        kind_cmd = kinds.add_parser(kind, help=f"a new {kind} file", description=(
            f"Write content/{scaffold.KINDS[kind][0]}/<slug>.md. On a terminal without field options, asks for "
            "each field; otherwise takes them from the options."))
        kind_cmd.add_argument("--content", default="content", help="the site folder (default: content)")
        kind_cmd.add_argument("--slug", help="the file name without .md (default: made from the title)")
        kind_cmd.add_argument("--body", default="", help="the description, in Markdown")
        for name, field in fields:
            many = field.parse in scaffold.LISTS
            kind_cmd.add_argument(f"--{name.replace('_', '-')}", dest=f"field_{name}", action="append" if many else None,
                                  metavar="VALUE", help=(field.doc + (" Several: separate with commas." if many else ""))
                                  .replace("%", "%%"))


def _new(args: argparse.Namespace) -> int:
    """Write a new content file, then check the whole folder with it, as `check` does."""
    from builder import scaffold
    from builder.content.schema import Context

    content = Path(args.content)
    try:
        if not content.is_dir():
            raise UsageError(f"the content folder {args.content} does not exist")
        site = scaffold.read_site(content)
        ctx = Context(root=content)
        options = {key.removeprefix("field_"): value for key, value in vars(args).items()
                   if key.startswith("field_") and value is not None}
        if sys.stdin.isatty() and not options:
            answers, body = scaffold.interview(args.kind, site, ctx, input, sys.stdout)
        else:
            answers, body = scaffold.from_options(args.kind, options, site, ctx), args.body
        slug = scaffold.choose_slug(args.kind, answers, args.slug)
        path = scaffold.write(content, args.kind, slug, scaffold.render(args.kind, answers, body))
    except UsageError as error:
        print(f"python -m builder: error: {visible(str(error))}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, EOFError):
        print("\nstopped; nothing was written", file=sys.stderr)
        return 1
    print(visible(f"wrote {path}"))
    try:
        warnings = pipeline.check(content)
    except ContentError as error:
        print("\n".join(_failure(args, error)).replace("nothing was written", f"fix them, then run python -m builder "
                                                        f"check --content {args.content}"), file=sys.stderr)
        return 1
    for warning in warnings:
        print(warning, file=sys.stderr)
    print(visible(f"checked {args.content}: no errors"))
    return 0


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    content = Path(args.content)
    if args.command == "serve":
        return _serve(args, content)
    if args.command == "new":
        return _new(args)
    try:
        if not content.is_dir():
            raise UsageError(f"the content folder {args.content} does not exist")
        if args.command == "build" and args.no_cache:  # the plain pipeline: the reference build
            warnings = pipeline.build(content, Path(args.out))
        elif args.command == "build":
            with progress_display() as progress:
                warnings = build.build(content, Path(args.out), _options(args, content, progress))
        elif args.command == "changes":
            from builder import changes  # git and the comparison are needed by this command only

            print(changes.report(content, args.against, args.format), end="")
            return 0
        else:
            site, warnings = pipeline.checked(content, args.against)
            _succeeded(args, warnings)
            print(_summary(site, warnings))
            return 0
    except UsageError as error:
        print(f"python -m builder: error: {visible(str(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; the previous output is unchanged", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - the promise is one clear line, never a traceback
        print("\n".join(_failure(args, error)), file=sys.stderr)
        return 1
    _succeeded(args, warnings)
    return 0


def _failure(args: argparse.Namespace, error: Exception) -> list[str]:
    """The lines that explain a failed build or check: a line per problem, never a traceback
    (unless --debug asks for it). Each is one line (problems.visible), whatever the content holds."""
    if isinstance(error, ContentError):
        errors = sum(1 for p in error.problems if p.severity == "error")
        return [*(_shown(args, p) for p in error.problems), f"{_count_of(errors, 'error')}; nothing was written"]
    lines = _other_failure(args, error)
    if getattr(args, "format", "text") == "github":  # no file of the content to annotate: the run itself
        return [workflow_error(line) for line in lines]
    return lines


def _other_failure(args: argparse.Namespace, error: Exception) -> list[str]:
    if args.debug:  # the whole chain: each exception this one was raised from, from any process
        traceback.print_exc()
        if isinstance(error, TaskError) and error.detail:
            print(f"In the worker process:\n{error.detail}", file=sys.stderr, end="")
    if isinstance(error, LocatedError) or isinstance(error, TaskError) and error.located:
        return [visible(f"{error}; the previous output is unchanged")]
    if isinstance(error, TaskError):  # a page could not be rendered
        return [visible(f"{args.content}: error: could not build {error}; the previous output is unchanged")]
    return [visible(f"{args.content}: error: internal error ({type(error).__name__}: {error}); the previous "
                    "output is unchanged. Run again with --debug and report it to the organizers")]


def _succeeded(args: argparse.Namespace, warnings: list[Problem]) -> None:
    for warning in warnings:
        print(_shown(args, warning), file=sys.stderr)
    if args.command != "check":
        if notice := credentials.unsigned_notice(Path(args.content)):
            print(notice, file=sys.stderr)
        print(visible(f"built {args.content} into {args.out}"), file=sys.stderr)


def _shown(args: argparse.Namespace, problem: Problem) -> str:
    """A problem as the chosen format writes it: `path:line: error: message`, or a GitHub annotation."""
    if getattr(args, "format", "text") == "github":
        return workflow_command(problem, _from_here(problem.path))
    return str(problem)


def _from_here(path: str) -> str:
    """`path` relative to the working directory, which is the repository's root in CI: GitHub puts an
    annotation on a file of the pull request only when it is named that way (`./` and absolute paths are not)."""
    return Path(os.path.relpath(path)).as_posix() if os.path.isabs(path) else Path(os.path.normpath(path)).as_posix()


def _summary(site: Site, warnings: list[Problem]) -> str:
    """One line that says what `check` read, so a clean run shows it read the files it should have."""
    found = ", ".join(_count_of(len(items), what) for items, what in (
        (site.events, "event"), (site.forums, "forum"), (site.partners, "partner"), (site.pages, "page")))
    if site.badges:  # said only by a site that has them: the earners files are read too
        earners = sum(len(badge.earners) for badge in site.badges)
        found += f", {_count_of(len(site.badges), 'badge')}, {_count_of(earners, 'earner')}"
    return f"{found}: {_count_of(len(warnings), 'warning') if warnings else 'no problems'}"


def _count_of(number: int, what: str) -> str:
    return f"{number} {what}{'' if number == 1 else 's'}"


def _options(args: argparse.Namespace, content: Path, progress: build.Progress | None) -> build.Options:
    cache = None if args.no_cache else Path(args.cache) if args.cache else build.default_cache(content)
    return build.Options(jobs=args.jobs, cache=cache, progress=progress)


def _serve(args: argparse.Namespace, content: Path) -> int:
    """Serve until Ctrl+C; a failed build is shown, never fatal (except wrong usage)."""
    from builder import serve  # the preview server's imports are not needed to build

    if not content.is_dir():
        print(visible(f"python -m builder: error: the content folder {args.content} does not exist"), file=sys.stderr)
        return 2
    out = Path(args.out)

    def build_once() -> list[str]:
        try:
            with progress_display() as progress:
                warnings = build.build(content, out, _options(args, content, progress))
        except UsageError as error:
            raise SystemExit(visible(f"python -m builder: error: {error}")) from None
        except Exception as error:  # noqa: BLE001 - shown on the page and in the terminal; keep serving
            lines = _failure(args, error)
            print("\n".join(lines), file=sys.stderr)
            return lines
        _succeeded(args, warnings)
        return []

    try:
        serve.serve(content, out, args.host, args.port, build_once)
    except KeyboardInterrupt:
        pass
    except OSError as error:
        print(visible(f"python -m builder: error: cannot serve on {args.host}:{args.port} ({error.strerror})"),
              file=sys.stderr)
        return 2
    return 0


@contextlib.contextmanager
def progress_display() -> Iterator[build.Progress | None]:
    """A progress bar per stage on a terminal (rich); nothing at all in CI logs, pipes and tests."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console  # here: off a terminal, a build need not load it (a large share of an edit's imports)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    bars = Progress(TextColumn("{task.description:>9}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    transient=True, console=Console(stderr=True))
    tasks: dict[str, TaskID] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bars.add_task(stage, total=total)
        bars.update(tasks[stage], completed=done, total=total)

    with bars:
        yield update
