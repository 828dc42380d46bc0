"""Keeping a view live from the change feed: follow events, and coalesce re-reads so a
burst of events (a kiosk queue at 9:00) costs one re-read, not one per event."""
from __future__ import annotations

import logging
from typing import Awaitable, Callable

from textual.widget import Widget

from db.engine import HallEngine
from db.models import Event

log = logging.getLogger("hallq.counter")


class Reloader:
    """`want("desk", "queue")` asks for parts to be re-read; `load(parts)` runs in a
    worker, and parts asked for while it runs are read once more afterwards."""

    def __init__(self, owner: Widget, load: Callable[[set[str]], Awaitable[None]],
                 failed: Callable[[Exception], None]):
        self.owner, self.load, self.failed = owner, load, failed
        self.dirty: set[str] = set()
        self.running = False

    def want(self, *parts: str) -> None:
        self.dirty.update(parts)
        if not self.running:
            self.running = True
            self.owner.run_worker(self._drain(), group="reload", exit_on_error=False)

    async def _drain(self) -> None:
        try:
            while self.dirty:
                parts, self.dirty = self.dirty, set()
                await self.load(parts)
        except Exception as exc:  # database busy or gone: the feed's health tells when it is back
            log.warning("re-reading %s failed: %s", self.owner.__class__.__name__, exc, exc_info=True)
            self.dirty.clear()
            self.failed(exc)
        finally:
            self.running = False


def follow(owner: Widget, engine: HallEngine, on_event: Callable[[Event], None],
           on_health: Callable[[bool, str], None]) -> None:
    """Start a worker feeding every new event of the hall to `on_event`."""
    async def run() -> None:
        async for event in engine.follow(on_health=on_health):
            on_event(event)

    owner.run_worker(run(), group="feed", exit_on_error=False)
