"""HallFeed: one follower of the change feed for every hall TV this host serves.

A hall has one or a few TVs, each holding an event stream open for months. Rather than
one `engine.follow()` per TV (one polling connection each), the host follows the event
log once and keeps what the TVs show: the hall's config, the windows with their current
numbers, the waiting per service and the day's recent calls. A TV's stream subscribes
and gets:

- ("snapshot", None): send everything (on subscribing, after the database came back, at
  a clock boundary, after a new config, or when the TV fell too far behind);
- ("call", Call): a call or recall, the moment its event arrives (no re-read first);
- ("windows", None) / ("queues", None): those parts were re-read (once per burst of
  events, as ui/live.py does for the terminal screens);
- ("health", bool): the database could not be read / can be read again;
- ("end", None): the host is shutting down.

The state is read on the subscriber's side when it renders (`HallFeed.state`), so a
message is small and every TV renders in its own language and for its own services.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from hallq.db.config import HallConfig
from hallq.db.engine import HallEngine, call_of
from hallq.db.models import Call, Event, ServiceQueue, Window
from hallq.db.vocabulary import CALL_KINDS, QUEUE_KINDS, WINDOW_KINDS, EventKind

log = logging.getLogger("hallq.web")

EVERYTHING = frozenset({"config", "windows", "queues", "calls"})
KEEP_CALLS = 30        # recent calls kept (a TV lists 6–8; the rest covers a services filter)
BACKLOG = 200          # messages a slow TV may fall behind before it is sent a fresh snapshot
RETRY_SECONDS = 2.0

Message = tuple[str, Any]


@dataclass
class HallState:
    """What the hall TVs show, as last read (calls newest first)."""

    config: HallConfig | None = None
    windows: list[Window] = field(default_factory=list)
    queues: list[ServiceQueue] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    healthy: bool = True


class Subscription:
    """One TV's queue of messages; `get()` waits for the next one."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[Message] = asyncio.Queue()

    def put(self, message: Message) -> None:
        if self._queue.qsize() >= BACKLOG:  # the TV does not keep up: start it afresh
            while not self._queue.empty():
                self._queue.get_nowait()
            message = ("snapshot", None)
        self._queue.put_nowait(message)

    async def get(self) -> Message:
        return await self._queue.get()


class HallFeed:
    """Follows the hall for every TV page; started by the first subscriber.

    Args:
        engine: the hall engine (the host's own).
    """

    def __init__(self, engine: HallEngine):
        self.engine = engine
        self.state = HallState()
        self.ready = asyncio.Event()       # set once everything has been read
        self.subscribers: set[Subscription] = set()
        self._tasks: list[asyncio.Task[None]] = []
        self._dirty: set[str] = set()
        self._loading: asyncio.Task[None] | None = None
        self._closed = False

    # ---------------------------------------------------------------- subscribers
    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[Subscription]:
        """A subscription whose first message is a snapshot, after the first full read.

        Yields:
            The subscription; it ends when the context exits.
        """
        self._start()
        sub = Subscription()
        try:
            await self.ready.wait()  # close() sets it too
            if self._closed:
                sub.put(("end", None))
            else:
                sub.put(("snapshot", None))
                self.subscribers.add(sub)  # from here on every message: none lost, none twice
            yield sub
        finally:
            self.subscribers.discard(sub)

    def _send(self, message: Message) -> None:
        for sub in list(self.subscribers):
            sub.put(message)

    def call(self, event_id: int) -> Call | None:
        """A call of today's recent calls by its event id, or None."""
        return next((c for c in self.state.calls if c.event_id == event_id), None)

    # ---------------------------------------------------------------- life
    def _start(self) -> None:
        if not self._tasks and not self._closed:
            self._tasks = [asyncio.create_task(self._follow(), name="hall-feed"),
                           asyncio.create_task(self._follow_clock(), name="hall-feed-clock")]

    async def close(self) -> None:
        """Ends every subscription and stops following."""
        self._closed = True
        self.ready.set()  # a subscriber still waiting for the first read ends too
        self._send(("end", None))
        tasks = [*self._tasks, *([self._loading] if self._loading else [])]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    # ---------------------------------------------------------------- reading
    def want(self, *parts: str) -> None:
        """Re-read these parts soon; parts asked for during a re-read are read once more after it."""
        self._dirty.update(parts)
        if self._dirty and (self._loading is None or self._loading.done()) and not self._closed:
            self._loading = asyncio.create_task(self._drain(), name="hall-feed-reload")

    async def _drain(self) -> None:
        while self._dirty:
            parts, self._dirty = set(self._dirty), set()
            try:
                await self._load(parts)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database is busy or gone: try again soon
                log.warning("hall TV: re-reading %s failed: %s", sorted(parts), exc)
                self._dirty |= parts
                self._health(False)
                await asyncio.sleep(RETRY_SECONDS)
                continue
            self._health(True)
            if parts >= {"config", "calls"} or not self.ready.is_set():
                self.ready.set()
                self._send(("snapshot", None))
            else:
                for part in ("windows", "queues"):
                    if part in parts:
                        self._send((part, None))

    async def _load(self, parts: set[str]) -> None:
        engine, state = self.engine, self.state
        if "config" in parts:
            state.config = await engine.config()
        if "windows" in parts:
            state.windows = await engine.windows()
        if "queues" in parts:
            state.queues = await engine.service_queues()
        if "calls" in parts:
            loaded = await engine.recent_calls(KEEP_CALLS)
            # a call that arrived from the feed while this read ran may be newer than what it saw
            newest, today = (loaded[0].event_id if loaded else 0), engine.now().date()
            fresher = [c for c in state.calls if c.event_id > newest and c.at.date() == today]
            state.calls = (fresher + loaded)[:KEEP_CALLS]

    # ---------------------------------------------------------------- following
    async def _follow(self) -> None:
        after: int | None = None
        while True:
            try:
                if after is None:
                    after = await self.engine.last_event_id()  # before the first read: nothing is missed
                    self.want(*EVERYTHING)
                async for event in self.engine.follow(after_id=after, on_health=self._feed_health):
                    after = event.id
                    self._apply(event)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # follow() retries by itself; this is a last resort
                log.warning("hall TV: change feed stopped: %s", exc, exc_info=True)
                self._health(False)
                await asyncio.sleep(RETRY_SECONDS)

    def _apply(self, event: Event) -> None:
        if event.kind in CALL_KINDS:
            names = {w.number: w.name for w in self.state.config.windows} if self.state.config else {}
            call = call_of(event, names)
            if self.call(call.event_id) is None:
                self.state.calls.insert(0, call)
                del self.state.calls[KEEP_CALLS:]
                self._send(("call", call))
        if event.kind == EventKind.CONFIG_LOADED:
            self.want(*EVERYTHING)
            return
        parts = [p for p, kinds in (("windows", WINDOW_KINDS), ("queues", QUEUE_KINDS)) if event.kind in kinds]
        if parts:
            self.want(*parts)

    async def _follow_clock(self) -> None:
        """At each of the hall's clock boundaries (opening, closing, midnight) read everything again."""
        while True:
            try:
                boundary = await self.engine.next_boundary()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("hall TV: clock boundary not read: %s", exc)
                await asyncio.sleep(RETRY_SECONDS)
                continue
            await self.engine.clock.sleep_until(boundary)
            self.want(*EVERYTHING)

    def _feed_health(self, ok: bool, message: str) -> None:
        self._health(ok)
        if ok:
            self.want(*EVERYTHING)

    def _health(self, ok: bool) -> None:
        if ok != self.state.healthy:
            self.state.healthy = ok
            self._send(("health", ok))
