"""The hall engine: every ticket and window change as one transaction plus one event.

Usage:
    engine = await HallEngine.open("hallq.db", clock=SystemClock())
    ticket = await engine.issue_ticket("A")
    called = await engine.call_next(3)
    async for event in engine.follow(): ...

`HallEngine` is one facade over the engine's concerns, each a module of its own:

    issuing.py    walk-in tickets, appointment check-in, cancelling, booking import
    calling.py    call next / a number, recall, start, finish, no-show, rejoin, transfer
    staffing.py   clerks and PINs, log in and out, pause, a window's services, devices
    day.py        loading the hall from hall.toml, closing the day
    queries.py    tickets, queues in call order, windows, calls, figures, the event log
    core.py       what they share: store, clock, keys, config

Operations raise `Refused` (a `Refusal` code and a one-line reason in Chinese and
English) when a rule forbids them; nothing is changed then.
"""
from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from hallq.db import privacy
from hallq.db.calling import Calling
from hallq.db.clock import Clock, SystemClock
from hallq.db.core import OPERATOR
from hallq.db.day import HallDay
from hallq.db.issuing import Issuing, walk_in_refusal
from hallq.db.queries import Queries
from hallq.db.rows import call_of, ticket_from_row
from hallq.db.staffing import Staffing
from hallq.db.store import Store

__all__ = ["OPERATOR", "HallEngine", "call_of", "ticket_from_row", "walk_in_refusal"]


class HallEngine(Issuing, Calling, Staffing, HallDay, Queries):
    """The hall on one SQLite file. Open with `await HallEngine.open(path, clock)`."""

    @classmethod
    async def open(cls, path: str | Path, clock: Clock | None = None) -> HallEngine:
        """Open (creating and migrating if need be) the hall database at `path`.

        Args:
            path: the database file; its personal-data key is `<path>.key` beside it.
            clock: hall time; default the system clock.

        Raises:
            sqlite3.Error: the file is not a database.
        """
        path = Path(path)
        store = await Store.open(path)
        try:
            key = _load_key(path)
        except BaseException:
            await store.close()
            raise
        engine = cls(store, clock or SystemClock(), key)
        if await engine.is_initialised():
            await engine.config()  # a SystemClock now speaks the hall's time zone
        return engine

    async def close(self) -> None:
        """Close the database (waits for a running checkpoint)."""
        await self.store.close()

    async def __aenter__(self) -> HallEngine:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.close()


def _load_key(db_path: Path) -> bytes:
    """The key for hashing ID and phone numbers lives beside the database, not in it."""
    key_path = Path(str(db_path) + ".key")
    if db_path.name == ":memory:":
        return privacy.new_key()
    try:
        return bytes.fromhex(key_path.read_text().strip())
    except FileNotFoundError:
        key = privacy.new_key()
        try:
            fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return bytes.fromhex(key_path.read_text().strip())
        with open(fd, "w") as f:
            f.write(key.hex())
        return key
