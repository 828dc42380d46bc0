"""`hallq printer test URL` and `hallq printer status URL`.

Every `hallq` command imports this module to build its parser, so the top of it imports
nothing heavy (no python-escpos, Pillow, qrcode, pyserial, pyusb): the printer machinery
is imported inside the handlers. Output is in the language of `--lang` (texts in
printers.texts); `--json` gives the codes (printers.vocabulary) and English problems.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from hallq.i18n import Text
from hallq.printers import texts as T
from hallq.printers.defaults import DEFAULT_TIMEOUT, STATUS_COMMAND_TIMEOUT
from hallq.printers.errors import PrinterUrlError
from hallq.printers.profiles import PROFILES

if TYPE_CHECKING:
    from hallq.printers.preview import PreviewPrinter
    from hallq.printers.printer import Printer
    from hallq.printers.slip import Slip


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `printer` sub-command (test, status) to the top-level parser.

    Args:
        subparsers: what the top-level parser's add_subparsers() returned.
    """
    p = subparsers.add_parser("printer", help="test a slip printer or read its status")
    sub = p.add_subparsers(dest="printer_command", metavar="ACTION", required=True)

    t = sub.add_parser("test", help="print a test slip (Chinese text, big number, QR, cut)")
    t.add_argument("url", nargs="?", default="preview:",
                   help="printer URL, e.g. tcp://10.0.0.21:9100 (default preview:)")
    t.add_argument("--profile", choices=sorted(PROFILES), default="80mm", help="paper width (default 80mm)")
    t.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                   help="seconds before giving up (default %(default)s)")
    t.set_defaults(func=test_handler)

    s = sub.add_parser("status", help="read the printer's status (DLE EOT)")
    s.add_argument("url", help="printer URL")
    s.add_argument("--timeout", type=float, default=STATUS_COMMAND_TIMEOUT,
                   help="seconds before giving up (default %(default)s)")
    s.set_defaults(func=status_handler)


def test_slip(lang: str = "zh") -> Slip:
    """A slip that exercises what goes wrong on cheap printers: hanzi and full-width
    punctuation, a huge number, a priority mark, a QR code.

    Args:
        lang: the language of the slip's labels, "zh" or "en".

    Returns:
        Ticket A001 of a test hall, taken now.
    """
    from hallq.printers.slip import Slip

    return Slip(
        hall_name=T.TEST_HALL_NAME.text(lang),
        service_name=T.TEST_SERVICE_NAME.text(lang),
        service_name_en=T.TEST_SERVICE_NAME_EN.text(lang),
        number="A001",
        people_ahead=3,
        estimated_wait_min=12,
        taken_at=datetime.now().replace(microsecond=0),
        priority_reason="elderly",
        qr_payload="https://hall.example/t/TEST-A001",
        footer_lines=[T.TEST_FOOTER_ZH.text(lang), T.TEST_FOOTER_EN.text(lang)],
        lang=lang,
    )


def _lang(args: argparse.Namespace) -> str:
    lang: str = getattr(args, "lang", "zh") or "zh"
    return lang


def _open(args: argparse.Namespace, *, profile: str | None = None, timeout: float) -> Printer | PreviewPrinter | None:
    """The printer of args.url, or None after printing why its URL cannot be used."""
    from hallq.printers.preview import preview_folder
    from hallq.printers.printer import open_printer

    db = getattr(args, "db", None)
    folder = preview_folder(db) if db and os.path.exists(db) else None  # a hall's folder, when there is a hall
    try:
        return open_printer(args.url, profile=profile, timeout=timeout, preview_dir=folder)
    except PrinterUrlError as exc:
        print(f"hallq: {exc}", file=sys.stderr)
        return None


def test_handler(args: argparse.Namespace) -> int:
    """`hallq printer test [URL]`: print the test slip.

    Prints the slip as text and the PNG's path (preview printers), then the clerk's line;
    with --json, the PrintResult as JSON. A failure is one line on stderr.

    Args:
        args: url, profile, timeout; the global json and lang.

    Returns:
        0 printed (or printed with a warning), 1 failed, 2 a bad URL.
    """
    import asyncio

    printer = _open(args, profile=getattr(args, "profile", "80mm"), timeout=args.timeout)
    if printer is None:
        return 2
    lang = _lang(args)
    result = asyncio.run(printer.print_slip(test_slip(lang)))
    if getattr(args, "json", False):
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        last_text: list[str] = getattr(printer, "last_text", [])
        if last_text:
            print("\n".join(last_text))
            print()
        if result.png_path:
            print(result.png_path)
        if result.ok:
            print(result.clerk_text(lang))
    if not result.ok:
        print(f"hallq: {result.clerk_text(lang)}", file=sys.stderr)
        return 1
    return 0


def _yes_no(value: bool | None) -> Text:
    return T.UNKNOWN if value is None else (T.YES if value else T.NO)


def status_handler(args: argparse.Namespace) -> int:
    """`hallq printer status URL`: read the printer's status (DLE EOT).

    Prints what the printer says (reachable, online, paper end, paper near end, cover
    open) and its problem; with --json, the URL and PrinterStatus.as_dict(). An
    unreachable printer is also one line on stderr.

    Args:
        args: url, timeout; the global json and lang.

    Returns:
        0 ready (a paper-near-end warning included), 1 a problem that stops printing or
        unreachable, 2 a bad URL.
    """
    import asyncio

    printer = _open(args, timeout=args.timeout)
    if printer is None:
        return 2
    lang = _lang(args)
    st = asyncio.run(printer.status())
    if getattr(args, "json", False):
        print(json.dumps({"url": printer.url, **st.as_dict()}, ensure_ascii=False))
    else:
        print(T.STATUS_PRINTER(url=printer.url).text(lang))
        print("  " + T.STATUS_FLAGS(reachable=_yes_no(st.reachable), online=_yes_no(st.online),
                             paper_end=_yes_no(st.paper_end), paper_near_end=_yes_no(st.paper_near_end),
                             cover_open=_yes_no(st.cover_open)).text(lang))
        problem = st.problem_text if st.problem else T.STATUS_READY
        print("  " + problem.text(lang))
    if not st.reachable:
        print(f"hallq: {T.STATUS_UNREACHABLE(url=printer.url, problem=st.problem_text).text(lang)}", file=sys.stderr)
        return 1
    if not st.ok:
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m hallq.printers.cli`: the printer commands without the rest of hallq.

    Args:
        argv: the arguments (default sys.argv[1:]), with the global --json and --lang
            before `printer`.

    Returns:
        The command's exit status.
    """
    parser = argparse.ArgumentParser(prog="hallq")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    status: int = args.func(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
