"""`python -m builder build|check`: arguments, messages and exit status.

Exit 0 when built (warnings allowed), 1 when the content has errors, 2 for wrong usage.
Whatever goes wrong, a partner sees one clear line per problem and never a traceback,
unless they ask for it with --debug.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from builder import build
from builder.problems import ContentError, UsageError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m builder", description="Build the Connected Educator Month site.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    build_cmd = commands.add_parser("build", help="build the site into the output folder")
    build_cmd.add_argument("--content", default="content", help="the site folder (default: content)")
    build_cmd.add_argument("--out", default="output", help="where to write the site (default: output)")
    check_cmd = commands.add_parser("check", help="validate the content; writes nothing")
    check_cmd.add_argument("--content", default="content", help="the site folder (default: content)")
    for command in (build_cmd, check_cmd):
        command.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    content = Path(args.content)
    try:
        if not content.is_dir():
            raise UsageError(f"the content folder {args.content} does not exist")
        if args.command == "build":
            warnings = build.build(content, Path(args.out))
        else:
            warnings = build.check(content)
    except UsageError as error:
        print(f"python -m builder: error: {error}", file=sys.stderr)
        return 2
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        errors = sum(1 for p in error.problems if p.severity == "error")
        print(f"{errors} error{'s' if errors != 1 else ''}; nothing was written", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the previous output is unchanged", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - the promise is one clear line, never a traceback
        if args.debug:
            traceback.print_exc()
        print(f"{args.content}: error: internal error ({type(error).__name__}: {error}); the previous output "
              "is unchanged. Run again with --debug and report it to the organizers", file=sys.stderr)
        return 1
    for warning in warnings:
        print(warning, file=sys.stderr)
    if args.command == "build":
        print(f"built {args.content} into {args.out}", file=sys.stderr)
    return 0
