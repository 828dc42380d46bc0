"""Driving the rating terminal in Pilot tests."""
from __future__ import annotations

from hallq.db.engine import HallEngine
from hallq.rating.rating_view import RatingView
from tests.pilot import until  # noqa: F401  (the one wait, re-exported for these tests)

CLERK = "clerk:c01"


def view(app) -> RatingView:
    return app.query_one(RatingView)


async def serve_one(engine: HallEngine, clock, window: int = 3) -> int:
    """Issue a ticket, call it to `window`, serve it for 6 minutes and finish it."""
    await engine.roll_over()  # what the window's terminal does at midnight
    if (await engine.window(window)).state == "logged_out":
        await engine.login(window, "c01", "1111")
    ticket = await engine.issue_ticket("A")
    await engine.call_number(window, ticket.number, CLERK)
    await engine.start(window, CLERK)
    clock.advance(minutes=6)
    await engine.finish(window, CLERK)
    return ticket.id
