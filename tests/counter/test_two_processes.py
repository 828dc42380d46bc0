"""Two counter apps in two processes on one database press "call next" together: no
ticket is ever called to both windows."""
from __future__ import annotations

import asyncio
import multiprocessing

from tests.counter.helpers import card_number, login, refused, until

TICKETS = 40


def press_call_next(db_path: str, window: int, clerk: str, pin: str, barrier, results) -> None:
    asyncio.run(_press(db_path, window, clerk, pin, barrier, results))


async def _press(db_path, window, clerk, pin, barrier, results) -> None:
    from hallq.counter.app import CounterApp
    from hallq.counter.ticket_card import TicketCard
    from hallq.db.clock import VirtualClock
    from hallq.db.engine import HallEngine
    from tests.conftest import MORNING

    clock = VirtualClock(MORNING)
    engine = await HallEngine.open(db_path, clock)
    called = []
    app = CounterApp(engine, window, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, clerk, pin)
        await asyncio.to_thread(barrier.wait)
        card = app.query_one(TicketCard)
        while True:
            before = card_number(app)
            await pilot.press("n")
            await until(pilot, lambda before=before: card_number(app) != before
                        or refused(app) in ("nothing_waiting", "still_called"), timeout=10)
            if refused(app) == "nothing_waiting":
                break
            called.append(card_number(app))
            await pilot.press("s")  # serving: the next "call next" finishes it first
            await until(pilot, lambda: card.ticket is not None and card.ticket.state == "serving", timeout=10)
    await engine.close()
    results.put((window, called))


async def test_never_the_same_ticket(engine, db_path):
    for i in range(TICKETS):
        await engine.issue_ticket("AB"[i % 2])
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    workers = [ctx.Process(target=press_call_next, args=(str(db_path), w, c, p, barrier, results))
               for w, c, p in ((1, "c01", "1111"), (2, "c02", "2222"))]
    for w in workers:
        w.start()
    got = dict(await asyncio.to_thread(lambda: [results.get(timeout=60) for _ in workers]))
    for w in workers:
        w.join(10)
    everyone = got[1] + got[2]
    assert len(everyone) == len(set(everyone)) == TICKETS
    assert got[1] and got[2]  # both windows really took part
