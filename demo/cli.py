"""`hallq demo`: the whole hall in one terminal, on the embedded default.

A demo database file (./demo.db unless --db names one), the bundled demo hall, the
preview printer. The demo hall is loaded when the file has none; a few bookings are
imported for today so check-in can be tried; the two counter tabs log their demo clerks
in. With --simulate citizens arrive and the other windows call by themselves.

The hall clock: the demo hall is open 09:00-12:00 and 13:30-17:30. Run outside those
hours (an evening, a lunch break), the demo's clock starts at 09:30 today instead of the
real time, so tickets can be taken at once; the kiosk tab says so.

Importing this module is cheap: the apps and the engine are imported when the command
runs (see hallq.cli.main).
"""
from __future__ import annotations

import argparse
import os
import sys

from hallq.demo import texts as T

DEMO_DB = "demo.db"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo", help="the whole hall in one terminal: kiosk, two counters, hall screen, supervisor",
        description="The whole hall in one terminal, in tabs (F1-F5): a kiosk with the preview printer's slips,"
                    " windows 1 and 9 with their demo clerks logged in, the hall screen and the supervisor board,"
                    " all on one demo database.")
    p.add_argument("--db", dest="demo_db", metavar="PATH",
                   help=f"the demo's database file (default ./{DEMO_DB}: the demo never uses ./hallq.db or HALLQ_DB"
                        " unless named here); created with the demo hall if it has none")
    p.add_argument("--simulate", action="store_true",
                   help="citizens arrive and the other windows call, serve and finish by themselves")
    p.add_argument("--speed", type=float, default=None,
                   help="how many times faster than real time the hall's clock runs"
                        " (default 10 with --simulate, else 1)")
    p.add_argument("--seed", type=int, help="seed for --simulate: the same seed plays the same day")
    p.add_argument("--voice", choices=("none", "espeak"), default="none",
                   help="speak the calls on the hall screen tab (default none)")
    p.set_defaults(func=handler)


def demo_db_path(args: argparse.Namespace) -> str:
    """--db after `demo`, or a top-level --db that differs from the default; else ./demo.db."""
    if getattr(args, "demo_db", None):
        return args.demo_db
    if args.db != os.environ.get("HALLQ_DB", "hallq.db"):
        return args.db
    return DEMO_DB


def handler(args: argparse.Namespace) -> int:
    import asyncio

    return asyncio.run(main(args))


async def main(args: argparse.Namespace) -> int:
    from hallq.db.engine import HallEngine
    from hallq.demo.app import COUNTERS, DemoApp
    from hallq.demo.hall import clock_note, prepare
    from hallq.demo.live_simulation import LiveSimulation, RunningClock, sleep_on
    from hallq.display.announcer import Announcer, EspeakSpeaker
    from hallq.printers import open_printer
    from hallq.printers.preview import preview_folder

    lang = getattr(args, "lang", "zh") or "zh"
    if args.speed is not None and args.speed <= 0:
        print(f"hallq demo: {T.BAD_SPEED.text(lang)}", file=sys.stderr)
        return 2
    rate = args.speed or (10.0 if args.simulate else 1.0)
    engine = await HallEngine.open(demo_db_path(args))
    try:
        config, start = await prepare(engine)
        now = engine.now()  # the hall's time, in its zone
        clock = engine.clock = RunningClock(start, rate)
        printer = open_printer("preview:", profile="58mm", name="demo kiosk printer",
                               preview_dir=preview_folder(demo_db_path(args)))
        announcer = None
        if args.voice == "espeak":
            announcer = Announcer(EspeakSpeaker(config.announce.speed), announce=config.announce)
        simulation = None
        if args.simulate:
            mine = {n for n, _, _ in COUNTERS}
            simulation = LiveSimulation(engine, config, [w.number for w in config.windows if w.number not in mine],
                                        seed=args.seed)
        app = DemoApp(engine, printer, clock=clock, lang=lang, announcer=announcer, simulation=simulation,
                      sleep_until=sleep_on(clock), clock_note=clock_note(clock, now, lang))
        await app.run_async()
        return 0
    finally:
        await engine.close()
