"""The database connection: WAL, busy timeout, retries, and one thread hop per transaction.

Every write is a function `fn(db, now)` run inside `BEGIN IMMEDIATE … COMMIT` on the
aiosqlite worker thread, so a whole operation costs one hop and holds the write lock
for as short a time as possible.
"""
from __future__ import annotations

import asyncio
import json
import logging
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from hallq.db.clock import iso
from hallq.db.errors import DatabaseBusy
from hallq.db.schema import migrate

log = logging.getLogger("hallq.db")
T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
RETRIES = 5
# Past this size the WAL is copied back into the database by a second connection, off
# the caller's path; SQLite's own auto-checkpoint (4 MB) would do it inside a commit.
CHECKPOINT_AT_BYTES = 1 << 20


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def configure(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        log.warning("journal_mode is %s, not WAL", mode)
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")


class Store:
    def __init__(self, path: str | Path, conn: aiosqlite.Connection):
        self.path = str(path)
        self.conn = conn
        self._wal = Path(self.path + "-wal")
        self._checkpointer: aiosqlite.Connection | None = None
        self._checkpoint_task: asyncio.Task | None = None

    @classmethod
    async def open(cls, path: str | Path) -> Store:
        conn = await aiosqlite.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            await conn._execute(configure, conn._conn)
            await conn._execute(migrate, conn._conn)
        except BaseException:
            await conn.close()
            raise
        return cls(path, conn)

    async def close(self) -> None:
        if self._checkpoint_task is not None:
            await asyncio.gather(self._checkpoint_task, return_exceptions=True)
        if self._checkpointer is not None:
            await self._checkpointer.close()
        await self.conn.close()

    async def write(self, fn: Callable[..., T], *args: Any) -> T:
        """Run fn(db, *args) in one BEGIN IMMEDIATE transaction, retrying when busy."""
        result = await self._retry(self._in_transaction, fn, args, "BEGIN IMMEDIATE")
        self._maybe_checkpoint()
        return result

    def _maybe_checkpoint(self) -> None:
        if self._checkpoint_task is not None and not self._checkpoint_task.done():
            return
        try:
            if self._wal.stat().st_size < CHECKPOINT_AT_BYTES:
                return
        except OSError:
            return
        self._checkpoint_task = asyncio.get_running_loop().create_task(self._checkpoint())

    async def _checkpoint(self) -> None:
        try:
            if self._checkpointer is None:
                self._checkpointer = await aiosqlite.connect(self.path, isolation_level=None,
                                                             timeout=BUSY_TIMEOUT_MS / 1000)
            await self._checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error as exc:  # another process may be checkpointing: fine
            log.info("checkpoint skipped: %s", exc)

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        """Run fn(db, *args) in one read transaction (a consistent snapshot)."""
        return await self._retry(self._in_transaction, fn, args, "BEGIN")

    async def _retry(self, runner, fn, args, begin):
        delay = 0.01
        for attempt in range(RETRIES):
            try:
                return await self.conn._execute(runner, fn, args, begin)
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or attempt == RETRIES - 1:
                    if _is_busy(exc):
                        raise DatabaseBusy("数据库繁忙，请稍后重试", "The database is busy, please try again") from exc
                    raise
                log.warning("database busy (attempt %d): %s", attempt + 1, exc)
                await asyncio.sleep(delay + random.random() * delay)
                delay *= 2
        raise AssertionError("unreachable")

    def _in_transaction(self, fn, args, begin):
        db = self.conn._conn
        db.execute(begin)
        try:
            result = fn(db, *args)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        return result


def append_event(db: sqlite3.Connection, now, kind: str, *, ticket=None, window: int | None = None,
                 actor: str | None = None, **data) -> int:
    """Append one row to the event log; called inside every write transaction."""
    cur = db.execute(
        "INSERT INTO events (at, day, kind, ticket_id, number, service, window, actor, data)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            iso(now), now.date().isoformat(), kind,
            ticket["id"] if ticket is not None else None,
            ticket["number"] if ticket is not None else None,
            ticket["service"] if ticket is not None else None,
            window if window is not None else (ticket["window"] if ticket is not None else None),
            actor,
            json.dumps(data, ensure_ascii=False, default=str),
        ),
    )
    return cur.lastrowid
