"""`hallq kiosk [--id K1] [--printer URL] [--lang zh|en]`: the ticket kiosk full screen."""
from __future__ import annotations

import argparse
import asyncio
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("kiosk", help="the ticket kiosk (取号机)",
                       description="The ticket kiosk: walk-in tickets, appointment check-in, the green channel.")
    p.add_argument("--id", default="K1", dest="kiosk_id", help="the kiosk's id in the hall config (default K1)")
    p.add_argument("--printer", help="printer URL, overriding the hall config (e.g. tcp://10.0.0.21:9100, preview:)")
    p.add_argument("--idle", type=float, default=30, help="seconds without input before returning to the start")
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    return asyncio.run(main(args))


async def main(args: argparse.Namespace) -> int:
    from hallq.db.engine import HallEngine
    from hallq.kiosk.app import KioskApp
    from hallq.printers import PrinterUrlError, open_printer

    engine = await HallEngine.open(args.db)
    try:
        if not await engine.is_initialised():
            print("hallq kiosk: the hall is not set up yet; run: hallq init --demo", file=sys.stderr)
            return 2
        config = await engine.config()
        kiosk = config.kiosk(args.kiosk_id)
        if kiosk is None and config.kiosks:
            known = ", ".join(k.id for k in config.kiosks)
            print(f"hallq kiosk: no kiosk {args.kiosk_id} in the hall config (kiosks: {known})", file=sys.stderr)
            return 2
        url = args.printer or (kiosk.printer if kiosk else None)
        try:
            printer = open_printer(url, profile="80mm", name=f"kiosk {args.kiosk_id} printer")
        except PrinterUrlError as exc:
            print(f"hallq kiosk: {exc}", file=sys.stderr)
            return 2
        app = KioskApp(engine, printer, kiosk_id=args.kiosk_id, lang=getattr(args, "lang", "zh") or "zh",
                       idle_seconds=args.idle)
        await app.run_async()
        return 0
    finally:
        await engine.close()
