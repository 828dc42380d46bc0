"""`hallq counter --window N`: the clerk's window in a terminal (also over SSH).

Importing this module is cheap: the app and the engine are imported when the command runs
(see hallq.cli.main).
"""
from __future__ import annotations

import argparse
import sys

from hallq.counter import texts as T
from hallq.db.config import window_number

# what the command prints before the window's screen is up


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("counter", help="the clerk's window (窗口叫号): log in, call, serve, transfer",
                       description="The clerk's window: log in, call, serve, transfer; supervisors also see the hall.")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--window", type=window_number, help="this window's number")
    where.add_argument("--supervisor", action="store_true", help="the whole hall, for a supervisor without a window")
    p.set_defaults(func=handler)


def handler(args) -> int:
    import asyncio

    return asyncio.run(main(args))


async def main(args) -> int:
    from hallq.counter.app import CounterApp
    from hallq.counter.supervisor_app import SupervisorApp
    from hallq.db.engine import HallEngine
    from hallq.db.errors import HallError

    engine = await HallEngine.open(args.db, create=False)
    try:
        if not await engine.is_initialised():
            print(T.NO_HALL(db=args.db).text(args.lang), file=sys.stderr)
            return 2
        if args.supervisor:
            await SupervisorApp(engine, lang=args.lang).run_async()
            return 0
        try:
            await engine.window(args.window)
        except HallError as err:
            print(f"hallq: {err.text(args.lang)}", file=sys.stderr)
            return 2
        await CounterApp(engine, args.window, lang=args.lang).run_async()
        return 0
    finally:
        await engine.close()
