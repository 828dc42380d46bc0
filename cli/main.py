"""The `hallq` command: one console script, argparse sub-commands.

Each part registers its own sub-commands through a `register(subparsers)` function
that adds parsers and sets `func=handler`, where `handler(args) -> int` is the exit
status. Errors a user can fix are printed in one line to stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from hallq.cli import logs

# each module has register(subparsers); a part not yet present is simply left out
PARTS = ("hallq.cli.commands", "hallq.printers.cli", "hallq.kiosk.cli", "hallq.counter.cli", "hallq.display.cli",
         "hallq.demo.cli",
         "hallq.web.cli", "hallq.rating.cli", "hallq.cli.report", "hallq.cli.sim")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hallq", description="Queue and ticketing for a government service hall (政务服务大厅)."
    )
    parser.add_argument(
        "--db",
        default=os.environ.get("HALLQ_DB", "hallq.db"),
        help="the hall database file (env HALLQ_DB, default ./hallq.db)",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    for name in PARTS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if not (name == exc.name or name.startswith(f"{exc.name}.")):  # a real missing dependency
                raise
            continue
        module.register(sub)
    _accept_global_options_anywhere(parser)
    return parser


def _accept_global_options_anywhere(parser: argparse.ArgumentParser) -> None:
    """Let `hallq status A001 --json` work as well as `hallq --json status A001`."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                have = {o for a in child._actions for o in a.option_strings}
                if "--json" not in have:
                    child.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
                if "--lang" not in have:
                    child.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help=argparse.SUPPRESS)
                if "--db" not in have:
                    child.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
                _accept_global_options_anywhere(child)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    logs.setup()
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the user sees one line, the log has the detail
        from hallq.db.errors import HallError

        logging.getLogger("hallq").exception("command %s failed", args.command)
        if isinstance(exc, HallError):
            print(f"hallq: {exc.text(args.lang)}", file=sys.stderr)
            return 1
        print(f"hallq: unexpected error: {exc} (details in {logs.log_path()})", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
