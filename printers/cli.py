"""`hallq printer test URL` and `hallq printer status URL`."""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import datetime

from hallq.printers.printer import DEFAULT_TIMEOUT, open_printer
from hallq.printers.profiles import PROFILES
from hallq.printers.slip import Slip
from hallq.printers.urls import PrinterUrlError


def register(subparsers) -> None:
    """Add the `printer` sub-command to the top-level parser's subparsers."""
    p = subparsers.add_parser("printer", help="test a slip printer or read its status")
    sub = p.add_subparsers(dest="printer_command", metavar="ACTION", required=True)

    t = sub.add_parser("test", help="print a test slip (Chinese text, big number, QR, cut)")
    t.add_argument("url", nargs="?", default="preview:", help="printer URL, e.g. tcp://10.0.0.21:9100 (default preview:)")
    t.add_argument("--profile", choices=sorted(PROFILES), default="80mm", help="paper width (default 80mm)")
    t.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds before giving up (default %(default)s)")
    t.set_defaults(func=test_handler)

    s = sub.add_parser("status", help="read the printer's status (DLE EOT)")
    s.add_argument("url", help="printer URL")
    s.add_argument("--timeout", type=float, default=5.0, help="seconds before giving up (default %(default)s)")
    s.set_defaults(func=status_handler)


def test_slip(lang: str = "zh") -> Slip:
    """A slip that exercises what goes wrong on cheap printers: hanzi and full-width
    punctuation, a huge number, a priority mark, a QR code."""
    return Slip(
        hall_name="政务服务中心（打印测试）",
        service_name="综合受理",
        service_name_en="General services",
        number="A001",
        people_ahead=3,
        estimated_wait_min=12,
        taken_at=datetime.now().replace(microsecond=0),
        priority_reason="老年人",
        qr_payload="https://hall.example/t/TEST-A001",
        footer_lines=["打印测试：中文、全角标点“，。：”、二维码、切纸", "Printer test: Chinese, big number, QR, cut"],
        lang=lang,
    )


def _lang(args) -> str:
    return getattr(args, "lang", "zh") or "zh"


def _open(args, **kw):
    try:
        return open_printer(args.url, **kw)
    except PrinterUrlError as exc:
        print(f"hallq: {exc}", file=sys.stderr)
        return None


def test_handler(args) -> int:
    printer = _open(args, profile=getattr(args, "profile", "80mm"), timeout=args.timeout)
    if printer is None:
        return 2
    result = asyncio.run(printer.print_slip(test_slip(_lang(args))))
    if getattr(args, "json", False):
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        if getattr(printer, "last_text", None):
            print("\n".join(printer.last_text))
            print()
        if result.png_path:
            print(result.png_path)
        if result.ok:
            print(result.clerk_text(_lang(args)))
    if not result.ok:
        print(f"hallq: {result.clerk_text(_lang(args))}", file=sys.stderr)
        return 1
    return 0


def status_handler(args) -> int:
    printer = _open(args, timeout=args.timeout)
    if printer is None:
        return 2
    st = asyncio.run(printer.status())
    if getattr(args, "json", False):
        print(json.dumps({"url": printer.url, **st.as_dict()}, ensure_ascii=False))
    else:
        def yn(v):
            return "unknown" if v is None else ("yes" if v else "no")

        print(f"printer {printer.url}")
        print(f"  reachable: {yn(st.reachable)}  online: {yn(st.online)}  paper end: {yn(st.paper_end)}  "
              f"paper near end: {yn(st.paper_near_end)}  cover open: {yn(st.cover_open)}")
        print(f"  {st.problem or 'ready'}")
    if not st.reachable:
        print(f"hallq: printer {printer.url}: {st.problem}", file=sys.stderr)
        return 1
    if not st.ok:
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:  # for `python -m printers.cli`
    parser = argparse.ArgumentParser(prog="hallq")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
