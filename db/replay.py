"""Replaying a past day into the hall screen, for training and for showing the day.

`Replay` plays a past day's events, at `speed` times real time, into a fresh
database of the same hall, by applying each event again as the engine operation that
made it, on a virtual clock set to the event's own time. The hall screen (the real
HallBoard, following the real change feed of that database) therefore shows the day as
it was: the calls, the waiting counts and the clock. Re-applying rather than feeding
events straight to the board keeps every re-read the board makes (queues, recent calls)
true to the replayed moment; the source database is only read.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar

from hallq.db import report_texts as R
from hallq.db import texts as T
from hallq.db.clock import VirtualClock
from hallq.db.config import parse_config
from hallq.db.engine import HallEngine
from hallq.db.errors import DataError, Refused
from hallq.db.models import Event
from hallq.db.vocabulary import CheckInOutcome, EventKind, Refusal

log = logging.getLogger("hallq.replay")

V = TypeVar("V")

#: staffing.logout's reason when a window.logout event recorded none
LOGOUT_REASON = "logout"
#: the device kind of a device.state event that recorded none
DEVICE_KIND = "printer"
#: events read from the source at a time
BATCH = 5000


def _needs(event: Event, field: str, value: V | None) -> V:
    """An event's `field`, which the operation re-applying it needs.

    Raises:
        DataError: the event has none (it is then skipped, see Replay.run).
    """
    if value is None:
        raise DataError(R.REPLAY_EVENT_INCOMPLETE(id=event.id, kind=str(event.kind), field=field))
    return value


# event kind → how to apply it again; kinds not here are made by another one (ticket.expired
# by day.closed, ticket.returned by window.logout) or change nothing on the hall screen.
async def _apply(engine: HallEngine, e: Event) -> None:
    """Apply event `e` again to `engine`, as the operation that made it.

    Raises:
        Refused: the operation is refused (the target hall is not as the source was).
        DataError: the event lacks the service, window or number its operation needs.
    """
    d = e.data
    match e.kind:
        case EventKind.TICKET_ISSUED:
            await engine.issue_ticket(_needs(e, "service", e.service), priority=d.get("priority"),
                                      kiosk=d.get("kiosk"), actor=e.actor)
        case EventKind.TICKET_CHECKED_IN:
            result = await engine.check_in(d["code"], kiosk=d.get("kiosk"))
            if result.outcome != CheckInOutcome.CHECKED_IN:
                raise Refused(result.outcome, result.message)
        case EventKind.TICKET_CALLED:
            await engine.call_number(_needs(e, "window", e.window), _needs(e, "number", e.number))
        case EventKind.TICKET_RECALLED:
            await engine.recall(_needs(e, "window", e.window))
        case EventKind.TICKET_STARTED:
            await engine.start(_needs(e, "window", e.window))
        case EventKind.TICKET_FINISHED:
            await engine.finish(_needs(e, "window", e.window))
        case EventKind.TICKET_NO_SHOW:
            await engine.no_show(_needs(e, "window", e.window))
        case EventKind.TICKET_REJOINED:
            await engine.rejoin(_needs(e, "number", e.number))
        case EventKind.TICKET_CANCELLED:
            await engine.cancel(_needs(e, "number", e.number))
        case EventKind.TICKET_TRANSFERRED:
            await engine.transfer(_needs(e, "window", e.window),
                                  to_service=None if d.get("to_window") else d.get("to_service"),
                                  to_window=d.get("to_window"), note=d.get("note"))
        case EventKind.WINDOW_PAUSED:
            await engine.pause(_needs(e, "window", e.window), d.get("reason") or R.REPLAY_PAUSE_REASON.text("zh"))
        case EventKind.WINDOW_RESUMED:
            await engine.resume(_needs(e, "window", e.window))
        case EventKind.WINDOW_LOGOUT:
            await engine.logout(_needs(e, "window", e.window), reason=d.get("reason") or LOGOUT_REASON)
        case EventKind.WINDOW_SERVICES_CHANGED:
            await engine.set_window_services(_needs(e, "window", e.window), d["services"])
        case EventKind.SERVICE_OPENED | EventKind.SERVICE_CLOSED:
            await engine.set_service_open(d["service"], e.kind == EventKind.SERVICE_OPENED)
        case EventKind.DEVICE_STATE:
            await engine.report_device(d["device"], d["ok"], d.get("problem"), d.get("warning", False),
                                       kind=d.get("device_kind", DEVICE_KIND))
        case EventKind.DAY_CLOSED:
            await engine.close_day()
        case _:
            return


class Replay:
    """Plays one day of `source` into `target` (a fresh database), see the module doc.

    Make one with `await Replay.prepare(...)`; `run()` it; `close()` it.

    Args:
        source: the hall whose day is played (only read).
        target: the fresh hall it is played into.
        clock: the target's clock, moved to each event's time.
        day: the day, YYYY-MM-DD.
        events: the day's events, in order.
        speed: times real time; 0 or less plays without waiting.
        sleep: waits that many real seconds (injected, so a test can run a day without waiting).
        start: events up to this time are applied without waiting.

    `gate` (set = running) lets a viewer pause the replay.
    """

    TICK = 0.5  # at most this many real seconds between clock updates while waiting

    def __init__(self, source: HallEngine, target: HallEngine, clock: VirtualClock, day: str, events: list[Event],
                 speed: float = 60.0, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 start: datetime | None = None):
        self.source, self.target, self.clock = source, target, clock
        self.day, self.events, self.speed, self.sleep, self.start = day, events, speed, sleep, start
        self.done = 0
        self.skipped = 0
        self.gate = asyncio.Event()
        self.gate.set()

    @classmethod
    async def prepare(cls, source: HallEngine, target_path: str | Path, day: str, speed: float = 60.0,
                      sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                      start: datetime | None = None) -> Replay:
        """A replay of `day` of `source` into a new database at `target_path`: the same hall
        config and the day's bookings, the clock at the first event.

        Args:
            source: the hall whose day is played.
            target_path: the new database file.
            day: YYYY-MM-DD.
            speed, sleep, start: see the class.

        Raises:
            Refused(no_events): nothing was recorded that day.
        """
        events = await _all_events(source, day)
        if not events:
            raise Refused(Refusal.NO_EVENTS, T.NO_EVENTS(day=day))
        clock = VirtualClock(datetime.combine(date.fromisoformat(day), time()))
        target = await HallEngine.open(target_path, clock)
        try:
            text = await source.config_text()
            await target.load_config(parse_config(text, "hall config in database"), text, actor="replay")
            bookings = [{"code": a.code, "name": a.name, "service": a.service, "slot_start": a.slot_start.isoformat(),
                         "slot_end": a.slot_end.isoformat()} for a in await source.appointments(day)]
            if bookings:
                await target.import_appointments(bookings, actor="replay")
            clock.set(max(events[0].at, clock.now()))
        except BaseException:
            await target.close()
            raise
        return cls(source, target, clock, day, events, speed=speed, sleep=sleep, start=start)

    @property
    def finished(self) -> bool:
        """Every event was played."""
        return self.done == len(self.events)

    async def run(self, on_event: Callable[[Event], None] | None = None) -> int:
        """Apply every event (from where it stopped) at its time.

        Args:
            on_event: told each event once it was played (applied or not).

        Returns:
            How many events could not be applied (refused, or lacking what they need); they
            are logged and skipped.
        """
        for event in self.events[self.done:]:
            await self._wait_until(event.at)
            self.clock.set(max(self.clock.now(), event.at))
            try:
                await _apply(self.target, event)
            except (Refused, DataError) as exc:
                self.skipped += 1
                log.warning("replay: event %s (%s %s) not applied: %s", event.id, event.kind, event.number, exc)
            self.done += 1
            if on_event is not None:
                on_event(event)
        return self.skipped

    async def _wait_until(self, when: datetime) -> None:
        fast = self.speed <= 0 or (self.start is not None and when <= self.start)
        while True:
            await self.gate.wait()
            left = (when - self.clock.now()).total_seconds()
            if fast or left <= 0:
                return
            step = min(left, self.TICK * self.speed)
            await self.sleep(step / self.speed)
            if self.gate.is_set():
                self.clock.set(self.clock.now() + timedelta(seconds=step))

    async def close(self) -> None:
        """Close the target database."""
        await self.target.close()


async def _all_events(engine: HallEngine, day: str) -> list[Event]:
    out: list[Event] = []
    while True:
        batch = await engine.events(after_id=out[-1].id if out else 0, limit=BATCH, day=day)
        out += batch
        if len(batch) < BATCH:
            return out
