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

from hallq import logs


# each module has register(subparsers); a part not yet present is simply left out
PARTS = ("hallq.commands", "printers.cli", "kiosk.cli", "counter.cli", "display.cli", "hallq.demo_cli")


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
            if exc.name != name:  # a real missing dependency, not a part still to be built
                raise
            continue
        module.register(sub)
    return parser


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
        from db.errors import HallError

        logging.getLogger("hallq").exception("command %s failed", args.command)
        if isinstance(exc, HallError):
            print(f"hallq: {exc.text(args.lang)}", file=sys.stderr)
            return 1
        print(f"hallq: unexpected error: {exc} (details in {logs.log_path()})", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
