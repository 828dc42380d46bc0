"""The change feed: follow the event log from any process.

A follower keeps a plain sqlite3 connection only to read PRAGMA data_version, which
changes when another connection commits; that check costs microseconds and touches no
table, so the follower idles cheaply and wakes within one poll interval of a commit.
"""
from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

from hallq.db.models import Event

if TYPE_CHECKING:
    from hallq.db.queries import Queries

log = logging.getLogger("hallq.feed")


class _VersionWatch:
    """A connection of its own to the database, only to read PRAGMA data_version."""

    def __init__(self, path: str):
        self.path = path
        self.conn: sqlite3.Connection | None = None

    def version(self) -> int:
        """The database's data version (changes when another connection commits).

        Raises:
            sqlite3.Error: the database cannot be read.
        """
        if self.conn is None:
            self.conn = sqlite3.connect(self.path, timeout=1, isolation_level=None, check_same_thread=False)
        version: int = self.conn.execute("PRAGMA data_version").fetchone()[0]
        return version

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


async def follow(engine: Queries, after_id: int | None, poll_interval: float,
                 on_health: Callable[[bool, str], None] | None) -> AsyncIterator[Event]:
    """Every new event, in order, from any process; see HallEngine.follow.

    It never ends by itself and never raises for a database that is busy, locked or gone:
    it sets `engine.feed_ok`, tells `on_health`, backs off (up to 1 s) and tries again.

    Args:
        engine: the hall engine.
        after_id: start after this event; None: after the newest now.
        poll_interval: seconds between data_version checks while nothing changes.
        on_health: told (False, why) when the database cannot be read, (True, "") when it can again.

    Yields:
        Each event after `after_id`, in order.
    """
    watch = _VersionWatch(engine.path)
    healthy = True

    def health(ok: bool, message: str) -> None:
        nonlocal healthy
        if ok != healthy:
            healthy = ok
            engine.feed_ok = ok
            (log.info if ok else log.warning)("change feed %s: %s", "back" if ok else "lost", message)
            if on_health:
                on_health(ok, message)

    backoff = poll_interval
    try:
        while True:
            try:
                if after_id is None:
                    after_id = await engine.last_event_id()
                seen = watch.version()
                batch = await engine.events(after_id)
                health(True, "")
                backoff = poll_interval
            except Exception as exc:  # database busy, locked or gone: keep trying
                health(False, str(exc))
                watch.close()
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 1.0)
                continue
            for event in batch:
                after_id = event.id
                yield event
            if batch:
                continue
            try:
                while watch.version() == seen:
                    await asyncio.sleep(poll_interval)
            except sqlite3.Error as exc:
                health(False, str(exc))
                watch.close()
                await asyncio.sleep(backoff)
    finally:
        watch.close()
