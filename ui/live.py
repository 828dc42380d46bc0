"""Keeping a view in step with the hall, for months, without anyone touching it.

`Live` follows the change feed in a worker and hands every event to the view; parts of
the view that need a re-read are asked for with `want("queues")` and read once per
burst (a kiosk queue at 9:00 costs one re-read, not one per event). When the database
is unavailable the feed retries by itself; a failed re-read is retried on a timer; when
the feed is healthy again every part the view named (`everything`) is re-read.
`on_health(ok)` is told when the view's data goes stale and when it is current again.

The view also follows the hall's clock: at each of its boundaries (a service opening or
closing, midnight) everything is re-read with no event needed, and at midnight the day
that ended is closed if nobody did (HallEngine.roll_over). These are the only timers.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable

from textual.widget import Widget

from hallq.db.engine import HallEngine
from hallq.db.models import Event

RETRY_SECONDS = 2.0


class Live:
    def __init__(self, owner: Widget, engine: HallEngine, on_event: Callable[[Event], None],
                 load: Callable[[set[str]], Awaitable[None]], on_health: Callable[[bool], None] | None = None,
                 everything: Iterable[str] = ()):
        self.owner, self.engine = owner, engine
        self.on_event, self.load, self.on_health = on_event, load, on_health
        self.everything = frozenset(everything)
        self.log = logging.getLogger("hallq." + type(owner).__module__.partition(".")[0])
        self.dirty: set[str] = set()
        self.loading = False
        self.healthy = True
        self.last_event_id: int | None = None
        #: clock boundaries passed (opening, closing, midnight), for tests and logs
        self.boundaries = 0

    def start(self) -> None:
        """Follow the feed and the hall's clock, and read everything once."""
        self.owner.run_worker(self._follow(), group="feed", exit_on_error=False)
        self.owner.run_worker(self._follow_clock(), group="clock", exit_on_error=False)
        self.want(*self.everything)

    def want(self, *parts: str) -> None:
        """Ask for parts to be re-read; parts asked for during a re-read are read once more after it."""
        self.dirty.update(parts)
        if not self.loading and self.dirty:
            self.loading = True
            self.owner.run_worker(self._drain(), group="reload", exit_on_error=False)

    async def _drain(self) -> None:
        try:
            while self.dirty:
                parts, self.dirty = self.dirty, set()
                try:
                    await self.load(parts)
                except Exception as exc:  # the database is busy or gone: try again soon
                    self.log.warning("re-reading %s failed: %s", sorted(parts), exc, exc_info=True)
                    self.dirty |= parts
                    self._health(False)
                    self.owner.set_timer(RETRY_SECONDS, self.want)
                    return
            self._health(True)
        finally:
            self.loading = False

    async def _follow(self) -> None:
        while True:
            try:
                async for event in self.engine.follow(after_id=self.last_event_id, on_health=self._feed_health):
                    self.last_event_id = event.id
                    self.on_event(event)
            except Exception as exc:  # follow() retries by itself; this is a last resort
                self.log.warning("change feed stopped: %s", exc, exc_info=True)
                self._health(False)
                await asyncio.sleep(RETRY_SECONDS)

    async def _follow_clock(self) -> None:
        """At each clock boundary: close a day left open, then re-read everything."""
        while True:
            try:
                await self.engine.roll_over()
                boundary = await self.engine.next_boundary()
            except Exception as exc:  # the database is busy or gone: the feed says so
                self.log.warning("clock boundary not read: %s", exc, exc_info=True)
                await asyncio.sleep(RETRY_SECONDS)
                continue
            await self.engine.clock.sleep_until(boundary)
            self.boundaries += 1
            self.want(*self.everything)

    def _feed_health(self, ok: bool, message: str) -> None:
        self._health(ok)
        if ok:
            self.want(*self.everything)

    def _health(self, ok: bool) -> None:
        if ok != self.healthy:
            self.healthy = ok
            if self.on_health is not None:
                self.on_health(ok)
