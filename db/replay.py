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

from hallq.db import texts as T
from hallq.db.clock import VirtualClock
from hallq.db.config import parse_config
from hallq.db.engine import HallEngine
from hallq.db.errors import Refused
from hallq.db.models import Event
from hallq.db.vocabulary import Refusal

log = logging.getLogger("hallq.replay")

# event kind → how to apply it again; kinds not here are made by another one (ticket.expired
# by day.closed, ticket.returned by window.logout) or change nothing on the hall screen.
async def _apply(engine: HallEngine, e: Event) -> None:
    d, w, n = e.data, e.window, e.number
    match e.kind:
        case "ticket.issued":
            await engine.issue_ticket(e.service, priority=d.get("priority"), kiosk=d.get("kiosk"), actor=e.actor)
        case "ticket.checked_in":
            result = await engine.check_in(d["code"], kiosk=d.get("kiosk"))
            if result.outcome != "checked_in":
                raise Refused(result.outcome, result.message)
        case "ticket.called":
            await engine.call_number(w, n)
        case "ticket.recalled":
            await engine.recall(w)
        case "ticket.started":
            await engine.start(w)
        case "ticket.finished":
            await engine.finish(w)
        case "ticket.no_show":
            await engine.no_show(w)
        case "ticket.rejoined":
            await engine.rejoin(n)
        case "ticket.cancelled":
            await engine.cancel(n)
        case "ticket.transferred":
            await engine.transfer(w, to_service=None if d.get("to_window") else d.get("to_service"),
                                  to_window=d.get("to_window"), note=d.get("note"))
        case "window.paused":
            await engine.pause(w, d.get("reason") or "暂离")
        case "window.resumed":
            await engine.resume(w)
        case "window.logout":
            await engine.logout(w, reason=d.get("reason") or "logout")
        case "window.services_changed":
            await engine.set_window_services(w, d["services"])
        case "service.opened" | "service.closed":
            await engine.set_service_open(d["service"], e.kind == "service.opened")
        case "device.state":
            await engine.report_device(d["device"], d["ok"], d.get("problem"), d.get("warning", False),
                                       kind=d.get("device_kind", "printer"))
        case "day.closed":
            await engine.close_day()
        case _:
            return


class Replay:
    """Plays one day of `source` into `target` (a fresh database), see the module doc.

    `sleep` is injected so a test can run a day without waiting; `gate` (set = running)
    lets a viewer pause the replay. Events before `start` are applied without waiting."""

    TICK = 0.5  # at most this many real seconds between clock updates while waiting

    def __init__(self, source: HallEngine, target: HallEngine, clock: VirtualClock, day: str, events: list[Event],
                 speed: float = 60.0, sleep: Callable[[float], Awaitable] = asyncio.sleep,
                 start: datetime | None = None):
        self.source, self.target, self.clock = source, target, clock
        self.day, self.events, self.speed, self.sleep, self.start = day, events, speed, sleep, start
        self.done = 0
        self.skipped = 0
        self.gate = asyncio.Event()
        self.gate.set()

    @classmethod
    async def prepare(cls, source: HallEngine, target_path: str | Path, day: str, **kwargs) -> Replay:
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
        return cls(source, target, clock, day, events, **kwargs)

    @property
    def finished(self) -> bool:
        return self.done == len(self.events)

    async def run(self, on_event: Callable[[Event], None] | None = None) -> int:
        """Apply every event at its time; returns how many could not be applied."""
        for event in self.events[self.done:]:
            await self._wait_until(event.at)
            self.clock.set(max(self.clock.now(), event.at))
            try:
                await _apply(self.target, event)
            except Refused as exc:
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
        await self.target.close()


async def _all_events(engine: HallEngine, day: str) -> list[Event]:
    out: list[Event] = []
    while True:
        batch = await engine.events(after_id=out[-1].id if out else 0, limit=5000, day=day)
        out += batch
        if len(batch) < 5000:
            return out
