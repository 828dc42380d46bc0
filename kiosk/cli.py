"""`hallq kiosk [--id K1] [--printer URL] [--lang zh|en]`: the ticket kiosk full screen.

Importing this module is cheap: the app, the engine and the printers are imported when
the command runs (see hallq.cli.main).
"""
from __future__ import annotations

import argparse
import sys

from hallq.i18n import Text
from hallq.kiosk import texts as T

# what the command prints before the kiosk's screen is up


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("kiosk", help="the ticket kiosk (取号机)",
                       description="The ticket kiosk: walk-in tickets, appointment check-in, the green channel.")
    p.add_argument("--id", default="K1", dest="kiosk_id", help="the kiosk's id in the hall config (default K1)")
    p.add_argument("--printer", help="printer URL, overriding the hall config (e.g. tcp://10.0.0.21:9100, preview:)")
    p.add_argument("--idle", type=float, default=30, help="seconds without input before returning to the start")
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    import asyncio

    return asyncio.run(main(args))


def _fail(lang: str, message: Text | str) -> int:
    print(f"hallq kiosk: {message.text(lang) if isinstance(message, Text) else message}", file=sys.stderr)
    return 2


async def main(args: argparse.Namespace) -> int:
    from hallq.db.engine import HallEngine
    from hallq.kiosk.app import KioskApp
    from hallq.printers import PrinterUrlError, open_printer
    from hallq.printers.preview import preview_folder

    lang = getattr(args, "lang", "zh") or "zh"
    engine = await HallEngine.open(args.db, create=False)
    try:
        if not await engine.is_initialised():
            return _fail(lang, T.NOT_SET_UP)
        config = await engine.config()
        kiosk = config.kiosk(args.kiosk_id)
        if kiosk is None and config.kiosks:
            return _fail(lang, T.NO_KIOSK(kiosk=args.kiosk_id, known=", ".join(k.id for k in config.kiosks)))
        url = args.printer or (kiosk.printer if kiosk else None)
        try:
            printer = open_printer(url, profile="80mm", name=f"kiosk {args.kiosk_id} printer",
                                   preview_dir=preview_folder(args.db))
        except PrinterUrlError as exc:
            return _fail(lang, str(exc))
        app = KioskApp(engine, printer, kiosk_id=args.kiosk_id, lang=lang, idle_seconds=args.idle)
        await app.run_async()
        return 0
    finally:
        await engine.close()
