"""`hallq demo`: the whole hall in one terminal, on the embedded default.

A demo database file (./demo.db unless --db names one), the bundled demo hall, the
preview printer. The demo hall is loaded when the file has none; a few bookings are
imported for today so check-in can be tried; the two counter tabs log their demo clerks
in. With --simulate citizens arrive and the other windows call by themselves.

The hall clock: the demo hall is open 09:00-12:00 and 13:30-17:30. Run outside those
hours (an evening, a lunch break), the demo's clock starts at 09:30 today instead of the
real time, so tickets can be taken at once; the kiosk tab says so.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
from datetime import datetime, time, timedelta

DEMO_DB = "demo.db"
DEMO_CODE = "DEMO"  # the demo's bookings: DEMO251 … on the 25th
OPENS = time(9, 30)       # where the demo's clock starts when the hall is shut
ENOUGH = timedelta(minutes=30)  # less opening time left than this: start at OPENS instead


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


def start_time(config, now: datetime, last_event: datetime | None = None) -> datetime:
    """Where the hall's clock starts: now if the hall is open for a while yet, else 09:30
    today — or just after the last thing that happened today, so time never runs back."""
    hours = [h for s in config.services if not s.appointment_only for h in s.hours]

    def open_at(when: datetime) -> bool:
        return any(a <= when.time() and datetime.combine(when.date(), b) - when >= ENOUGH for a, b in hours)

    if open_at(now):
        return now.replace(microsecond=0)
    if last_event is not None and last_event.date() == now.date() and open_at(last_event):
        return (last_event + timedelta(seconds=1)).replace(microsecond=0)
    return datetime.combine(now.date(), OPENS)


def demo_bookings(now: datetime) -> list[dict]:
    """A few bookings for today around `now`: two to check in now, one too early."""
    slot = now.replace(minute=0 if now.minute < 30 else 30, second=0, microsecond=0)
    later = slot + timedelta(hours=1, minutes=30)

    def row(code, name, service, start, phone=None):
        return {"code": code, "name": name, "service": service, "phone": phone,
                "slot_start": start.isoformat(), "slot_end": (start + timedelta(minutes=30)).isoformat()}

    code = f"{DEMO_CODE}{now:%d}"  # a code a day, so yesterday's check-ins do not get in the way
    return [row(f"{code}1", "张三", "A", slot), row(f"{code}2", "李四", "B", slot, "13912345678"),
            row(f"{code}3", "王五", "F", slot), row(f"{code}4", "赵六", "C", later)]


async def prepare(engine, now: datetime):
    """Load the demo hall if the file has none and import the demo bookings if today has
    none. Returns (config, the time the hall's clock starts at)."""
    from db.config import demo_text, load_demo

    if not await engine.is_initialised():
        await engine.load_config(load_demo(), demo_text())
    config = await engine.config()
    last_id = await engine.last_event_id()
    last = await engine.events(after_id=last_id - 1) if last_id else []
    start = start_time(config, now, last[0].at if last else None)
    if not [a for a in await engine.appointments(start.date().isoformat()) if a.code.startswith(DEMO_CODE)]:
        await engine.import_appointments(demo_bookings(start))
    return config, start


def clock_note(clock, now: datetime, lang: str) -> str:
    """A line for the screen when the hall's clock is not the real time."""
    from hallq.demo import tr

    notes = []
    if abs((clock.start - now).total_seconds()) >= 60:
        notes.append(tr("help_clock", lang, hall=f"{clock.start:%H:%M}", real=f"{now:%H:%M}"))
    if clock.rate != 1:
        notes.append(tr("help_speed", lang, rate=clock.rate))
    return "\n".join(notes)


def handler(args: argparse.Namespace) -> int:
    return asyncio.run(main(args))


async def main(args: argparse.Namespace) -> int:
    from db.engine import HallEngine
    from display.announcer import Announcer, EspeakSpeaker
    from hallq.demo import COUNTERS, DemoApp
    from hallq.live_simulation import LiveSimulation, RunningClock, sleep_on
    from printers import open_printer

    lang = getattr(args, "lang", "zh") or "zh"
    if args.speed is not None and args.speed <= 0:
        print("hallq demo: --speed must be more than 0", file=sys.stderr)
        return 2
    rate = args.speed or (10.0 if args.simulate else 1.0)
    engine = await HallEngine.open(demo_db_path(args))
    try:
        now = datetime.now()
        config, start = await prepare(engine, now)
        clock = engine.clock = RunningClock(start, rate)
        printer = open_printer("preview:", profile="58mm", name="demo kiosk printer")
        announcer = None
        if args.voice == "espeak":
            announcer = Announcer(EspeakSpeaker(), repeat=config.announce.repeat, english=config.announce.english)
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
