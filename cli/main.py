"""The `hallq` command: one console script, argparse sub-commands.

Each part registers its own sub-commands through a `register(subparsers)` function
that adds parsers and sets `func=handler`, where `handler(args) -> int` is the exit
status. Errors a user can fix are printed in one line to stderr, never a traceback.

A command is quick because only its own part is imported: COMMANDS names the module
that registers each sub-command, and `main` builds the parser from that module alone.
`hallq --help`, no command or an unknown one build the whole parser (every part). The
register() modules import nothing heavy at their top (no Textual, aiohttp, PIL, …):
their handlers import what they need.

Output to a pipe that closes early (`hallq events | head -1`) ends the command quietly
with status 141, as a command killed by SIGPIPE would.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import cast

# the modules with register(subparsers), in the order `hallq --help` lists their commands;
# a part not yet present is simply left out
PARTS = ("hallq.cli.commands", "hallq.printers.cli", "hallq.kiosk.cli", "hallq.counter.cli", "hallq.display.cli",
         "hallq.demo.cli", "hallq.web.cli", "hallq.rating.cli", "hallq.cli.report", "hallq.cli.sim",
         "hallq.cli.notify")

# sub-command → the module that registers it (a test checks this against the parts)
COMMANDS = {
    **dict.fromkeys(("init", "take", "checkin", "call", "recall", "noshow", "start", "finish", "resume", "pause",
                     "rejoin", "cancel", "transfer", "clerk", "status", "tickets", "windows", "queues", "figures",
                     "close-day", "events", "appointments"), "hallq.cli.commands"),
    "printer": "hallq.printers.cli",
    "kiosk": "hallq.kiosk.cli",
    "counter": "hallq.counter.cli",
    "display": "hallq.display.cli",
    "demo": "hallq.demo.cli",
    "serve": "hallq.web.cli",
    "rate": "hallq.rating.cli",
    "report": "hallq.cli.report",
    "followups": "hallq.cli.report",
    **dict.fromkeys(("sim", "replay", "backup", "restore"), "hallq.cli.sim"),
    "notify": "hallq.cli.notify",
}

GLOBAL_WITH_VALUE = ("--db", "--lang")  # the top-level options that take a value


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The `hallq` parser: with `command`, only the part that registers it; else every part.

    Args:
        command: a sub-command name (a key of COMMANDS), or None for the whole parser.

    Returns:
        The parser; an unknown `command` (or a part that fails to import for want of
        itself) gives the whole parser, which then reports the unknown command.
    """
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
    part = COMMANDS.get(command or "")
    if part is not None:
        one = cast(_OneCommand, parser.add_subparsers(dest="command", metavar="COMMAND", action=_OneCommand))
        one.only = command
        if _register(part, one):
            _accept_global_options_anywhere(parser)
            return parser
        return build_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in PARTS:
        _register(name, sub)
    _accept_global_options_anywhere(parser)
    return parser


class _OneCommand(argparse._SubParsersAction):
    """Sub-parsers that build only the parser of the command `only`: a part registers all
    its commands, the others get an `_Unbuilt` (argparse takes ~1 ms a parser)."""

    only: str | None = None

    def add_parser(self, name, **kwargs):
        if name != self.only:
            return _Unbuilt()
        return super().add_parser(name, **kwargs)


class _Unbuilt:
    """Stands in for the parser of a command that is not run: takes every call a
    register() makes on a parser (add_argument, add_mutually_exclusive_group,
    add_subparsers, add_parser, set_defaults …) and builds nothing."""

    def __getattr__(self, name: str):
        return lambda *args, **kwargs: self


def _register(name: str, sub: argparse._SubParsersAction) -> bool:
    """Import part `name` and add its sub-commands; False when the part is not there."""
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if not (name == exc.name or name.startswith(f"{exc.name}.")):  # a real missing dependency
            raise
        return False
    module.register(sub)
    return True


def command_in(argv: list[str]) -> str | None:
    """The sub-command named in `argv`: its first word that is neither an option nor the
    value of --db or --lang (also abbreviated, as argparse allows: `--la en`). None when
    there is none, or when -h/--help comes first (the help lists every command)."""
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if word == "-h" or (len(word) > 2 and "--help".startswith(word)):
            return None
        if word.startswith("-"):
            if "=" not in word and len(word) > 2 and any(o.startswith(word) for o in GLOBAL_WITH_VALUE):
                next(words, None)
            continue
        return word
    return None


def _accept_global_options_anywhere(parser: argparse.ArgumentParser) -> None:
    """Let `hallq status A001 --json` work as well as `hallq --json status A001`."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                have = {o for a in child._actions for o in a.option_strings}
                hidden = {"default": argparse.SUPPRESS, "help": argparse.SUPPRESS}
                if "--json" not in have:
                    child.add_argument("--json", action="store_true", **hidden)
                if "--lang" not in have:
                    child.add_argument("--lang", choices=["zh", "en"], **hidden)
                if "--db" not in have:
                    child.add_argument("--db", **hidden)
                _accept_global_options_anywhere(child)


def main(argv: list[str] | None = None) -> int:
    """Run `hallq ARGV` (default: the process's arguments); returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        try:
            parser = build_parser(command_in(argv))
            args = parser.parse_args(argv)
            if not getattr(args, "func", None):
                parser.print_help()
                return 2
            return _run(args)
        finally:  # also after --help: a closed pipe shows here, not in the interpreter's last flush
            sys.stdout.flush()
    except BrokenPipeError:
        # the reader went away (`| head`): the rest of the output goes nowhere, quietly
        # (https://docs.python.org/3/library/signal.html#note-on-sigpipe)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a command killed by the signal reports


def _run(args: argparse.Namespace) -> int:
    from hallq.cli import logs

    logs.setup()
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise
    except Exception as exc:  # the user sees one line, the log has the detail
        import logging

        from hallq.cli import texts
        from hallq.db.errors import HallError

        logging.getLogger("hallq").exception("command %s failed", args.command)
        if isinstance(exc, HallError):
            print(f"hallq: {exc.text(args.lang)}", file=sys.stderr)
            return 1
        print(f"hallq: {texts.UNEXPECTED(error=exc, log=logs.log_path()).text(args.lang)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
