"""Driving the rating terminal in Pilot tests."""
from __future__ import annotations

import time

from hallq.db.engine import HallEngine
from hallq.rating.rating_view import RatingView

CLERK = "clerk:c01"


async def until(pilot, condition, timeout: float = 3.0) -> None:
    """Let the app run until `condition()` holds (bounded)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await pilot.pause(0.01)


def view(app) -> RatingView:
    return app.query_one(RatingView)


async def serve_one(engine: HallEngine, clock, window: int = 3) -> int:
    """Issue a ticket, call it to `window`, serve it for 6 minutes and finish it."""
    if (await engine.window(window)).state == "logged_out":
        await engine.login(window, "c01", "1111")
    ticket = await engine.issue_ticket("A")
    await engine.call_number(window, ticket.number, CLERK)
    await engine.start(window, CLERK)
    clock.advance(minutes=6)
    await engine.finish(window, CLERK)
    return ticket.id
