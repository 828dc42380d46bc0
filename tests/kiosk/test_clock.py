"""The kiosk follows the hall's clock: a service opens on its tile at its opening time and
the counts start afresh at midnight, with no event in between."""
from __future__ import annotations

from datetime import datetime

from hallq.db.clock import VirtualClock
from hallq.db.config import demo_text, load_demo
from hallq.db.engine import HallEngine
from hallq.kiosk import texts as T
from hallq.kiosk.app import KioskApp
from hallq.kiosk.start_panel import StartPanel
from tests.pilot import until


def note_of(app, prefix: str):
    panel = app.query_one(StartPanel)
    return next(t.note for t, s in zip(panel.service_tiles, panel.services, strict=True) if s.prefix == prefix)


async def test_tiles_change_at_opening_time_and_at_midnight_without_an_event(tmp_path, printer):
    clock = VirtualClock(datetime(2026, 11, 25, 8, 59))
    engine = await HallEngine.open(tmp_path / "hall.db", clock)
    await engine.load_config(load_demo(), demo_text())
    app = KioskApp(engine, printer, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: note_of(app, "A") == T.OUT_OF_HOURS)
        last = await engine.last_event_id()
        clock.set(datetime(2026, 11, 25, 9, 0))
        await until(pilot, lambda: note_of(app, "A") == T.WAITING(n=0))
        assert await engine.last_event_id() == last  # nothing happened but the time
        await engine.issue_ticket("A")
        await until(pilot, lambda: note_of(app, "A") == T.WAITING(n=1))
        clock.set(datetime(2026, 11, 25, 17, 30))  # A closes at 17:30
        await until(pilot, lambda: note_of(app, "A") == T.OUT_OF_HOURS)
        clock.set(datetime(2026, 11, 26, 9, 5))  # the next morning, nobody ran close-day
        await until(pilot, lambda: note_of(app, "A") == T.WAITING(n=0))
    await engine.close()
