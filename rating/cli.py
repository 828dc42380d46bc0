"""`hallq rate --window N`: the citizen's rating terminal (好差评) facing the window.

Importing this module is cheap: the app and the engine are imported when the command runs
(see hallq.cli.main).
"""
from __future__ import annotations

import argparse
import sys

from hallq.db.config import window_number
from hallq.rating import texts as T

# what the command prints before the terminal's screen is up


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rate", help="the citizen's rating terminal at a window (好差评)",
                       description="A small screen facing the citizen: after a ticket is finished at this window "
                                   "it asks for a rating (非常满意 … 非常不满意).")
    p.add_argument("--window", type=window_number, required=True, help="the window this terminal stands at")
    p.add_argument("--timeout", type=float, default=60, help="seconds before an unanswered request goes away")
    p.set_defaults(func=handler)


def handler(args) -> int:
    import asyncio

    return asyncio.run(main(args))


async def main(args) -> int:
    from hallq.db.engine import HallEngine
    from hallq.db.errors import HallError
    from hallq.rating.app import RatingApp

    engine = await HallEngine.open(args.db, create=False)
    try:
        if not await engine.is_initialised():
            print(T.NO_HALL(db=args.db).text(args.lang), file=sys.stderr)
            return 2
        try:
            await engine.window(args.window)
        except HallError as err:
            print(f"hallq: {err.text(args.lang)}", file=sys.stderr)
            return 2
        await RatingApp(engine, args.window, lang=args.lang, timeout_s=args.timeout).run_async()
        return 0
    finally:
        await engine.close()
