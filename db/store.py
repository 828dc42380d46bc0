"""The database connection: WAL, busy timeout, retries, and one thread hop per transaction.

Every operation is a function `fn(db, *args)` run inside `BEGIN IMMEDIATE … COMMIT` (a
write) or `BEGIN … COMMIT` (a consistent read) on the store's own database thread, so a
whole operation costs one hop and holds the write lock as briefly as possible. The
thread is a one-worker `concurrent.futures` executor owning a plain `sqlite3`
connection: the same design as aiosqlite, through public APIs only.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import shutil
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from hallq.db import texts as T
from hallq.db.clock import iso
from hallq.db.errors import DatabaseBusy, DatabaseDamaged, DatabaseGone, DiskFull
from hallq.db.schema import migrate
from hallq.db.vocabulary import EventKind

log = logging.getLogger("hallq.db")
R = TypeVar("R")
P = ParamSpec("P")

BUSY_TIMEOUT_MS = 5000
RETRIES = 5
# Past this size the WAL is copied back into the database by a second connection, off
# the caller's path; SQLite's own auto-checkpoint (4 MB) would do it inside a commit.
CHECKPOINT_AT_BYTES = 1 << 20


def is_busy(exc: sqlite3.OperationalError) -> bool:
    """Whether an error is SQLite's "database is locked / busy" (worth a retry)."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def configure(conn: sqlite3.Connection) -> None:
    """Rows by name, a busy timeout, WAL, NORMAL sync, foreign keys."""
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        log.warning("journal_mode is %s, not WAL", mode)
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")


def _connect(path: str) -> tuple[sqlite3.Connection, str | None]:
    """Open, configure and migrate, retrying while another process does the same (the
    journal-mode switch of a new file takes the write lock); create the file 0600 first.

    Returns:
        The connection, and what `PRAGMA quick_check` found wrong (None: nothing).
    """
    if path != ":memory:" and not os.path.exists(path):
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:  # another process made it first
            pass
    delay = 0.01
    for attempt in range(RETRIES * 4):
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            configure(conn)
            migrate(conn)
            problems = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
            return conn, None if problems == ["ok"] else "; ".join(problems)
        except sqlite3.OperationalError as exc:
            conn.close()
            if not is_busy(exc) or attempt == RETRIES * 4 - 1:
                raise
            time.sleep(delay + random.random() * delay)
            delay = min(delay * 2, 0.5)
        except BaseException:
            conn.close()
            raise
    raise AssertionError("unreachable")


class Store:
    """One database file, one connection, one thread.

    Open with `await Store.open(path)`; close with `await store.close()`.
    """

    def __init__(self, path: str | Path, conn: sqlite3.Connection, thread: ThreadPoolExecutor,
                 damage: str | None = None):
        self.path = str(path)
        self._conn = conn
        #: what PRAGMA quick_check found at open; writes are refused while set
        self.damage = damage
        self._file = _identity(self.path)
        self._closed = False
        self._thread = thread
        self._wal = Path(self.path + "-wal")
        self._checkpointer: sqlite3.Connection | None = None
        self._checkpoint_task: asyncio.Future[None] | None = None

    @classmethod
    async def open(cls, path: str | Path) -> Store:
        """Connect, configure and migrate the schema to the current version.

        Raises:
            sqlite3.Error: the file cannot be opened as a database.
            RuntimeError: the schema is newer than this hallq.
        """
        thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hallq-db")
        try:
            conn, damage = await asyncio.get_running_loop().run_in_executor(thread, _connect, str(path))
        except sqlite3.Error as exc:
            thread.shutdown(wait=False)
            raise _explained(exc, str(path)) from exc
        except BaseException:
            thread.shutdown(wait=False)
            raise
        if damage is not None:
            log.error("%s failed its integrity check: %s", path, damage)
        return cls(path, conn, thread, damage)

    async def close(self) -> None:
        """Wait for a running checkpoint, close both connections and the thread (once)."""
        if self._closed:
            return
        self._closed = True
        if self._checkpoint_task is not None:
            await asyncio.gather(self._checkpoint_task, return_exceptions=True)
        if self._checkpointer is not None:
            self._checkpointer.close()
        await asyncio.get_running_loop().run_in_executor(self._thread, self._conn.close)
        self._thread.shutdown(wait=True)

    async def write(self, fn: Callable[Concatenate[sqlite3.Connection, P], R], *args: P.args,
                    **kwargs: P.kwargs) -> R:
        """Run `fn(db, *args)` in one BEGIN IMMEDIATE transaction, retrying while busy.

        Returns:
            What `fn` returned, after the commit.

        Raises:
            DatabaseBusy: still locked after every retry (about 5 × 5 s).
            Whatever `fn` raised; the transaction is rolled back then.
        """
        if self.damage is not None:
            raise DatabaseDamaged(T.DATABASE_DAMAGED(path=self.path, problem=self.damage))
        if self._file is not None and _identity(self.path) != self._file:
            raise DatabaseGone(T.DATABASE_GONE(path=self.path))
        result = await self._retry("BEGIN IMMEDIATE", fn, *args, **kwargs)
        self._maybe_checkpoint()
        return result

    async def read(self, fn: Callable[Concatenate[sqlite3.Connection, P], R], *args: P.args,
                   **kwargs: P.kwargs) -> R:
        """Run `fn(db, *args)` in one read transaction (a consistent snapshot).

        Raises:
            DatabaseBusy: still locked after every retry.
        """
        return await self._retry("BEGIN", fn, *args, **kwargs)

    async def _retry(self, begin: str, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        loop = asyncio.get_running_loop()
        delay = 0.01
        for attempt in range(RETRIES):
            try:
                return await loop.run_in_executor(self._thread, self._in_transaction, begin, fn, args, kwargs)
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise _explained(exc, self.path) from exc
                if attempt == RETRIES - 1:
                    raise DatabaseBusy(T.DATABASE_BUSY) from exc
                log.warning("database busy (attempt %d): %s", attempt + 1, exc)
                await asyncio.sleep(delay + random.random() * delay)
                delay *= 2
        raise AssertionError("unreachable")

    def _in_transaction(self, begin: str, fn: Callable[..., R], args: tuple[Any, ...],
                        kwargs: dict[str, Any]) -> R:
        db = self._conn
        db.execute(begin)
        try:
            result = fn(db, *args, **kwargs)
        except BaseException:
            if db.in_transaction:  # SQLite has already rolled back after a full disk or I/O error
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        return result

    def _maybe_checkpoint(self) -> None:
        if self._checkpoint_task is not None and not self._checkpoint_task.done():
            return
        try:
            if self._wal.stat().st_size < CHECKPOINT_AT_BYTES:
                return
        except OSError:
            return
        self._checkpoint_task = asyncio.ensure_future(asyncio.to_thread(self._checkpoint))

    def _checkpoint(self) -> None:
        try:
            if self._checkpointer is None:
                self._checkpointer = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                                     timeout=BUSY_TIMEOUT_MS / 1000)
            self._checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error as exc:  # another process may be checkpointing: fine
            log.info("checkpoint skipped: %s", exc)


def _identity(path: str) -> tuple[int, int] | None:
    """The file's device and inode: a database replaced or deleted under a running
    process no longer matches (SQLite would go on writing into the unlinked file)."""
    if path == ":memory:":
        return None
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return (-1, -1)
    return (st.st_dev, st.st_ino)


def _explained(exc: sqlite3.Error, path: str) -> Exception:
    """SQLite's own words for a full disk or a damaged file, said as a person needs them."""
    text = str(exc).lower()
    folder = os.path.dirname(os.path.abspath(path))
    full = "full" in text
    if not full and "disk i/o" in text:
        try:
            full = shutil.disk_usage(folder).free < 64 * 1024
        except OSError:
            pass
    if full:
        return DiskFull(T.DISK_FULL(folder=folder))
    if "malformed" in text or "not a database" in text:
        return DatabaseDamaged(T.DATABASE_DAMAGED(path=path, problem=str(exc)))
    return exc


class TicketLike(Protocol):
    def __getitem__(self, key: str) -> Any: ...


def append_event(db: sqlite3.Connection, now: datetime, kind: EventKind, *, ticket: TicketLike | None = None,
                 window: int | None = None, actor: str | None = None, **data: Any) -> int:
    """Append one row to the event log; called inside every write transaction.

    Args:
        db: the connection inside the caller's transaction.
        now: hall time of the change.
        kind: what happened.
        ticket: the ticket's row (id, number, service and window are copied from it).
        window: the window concerned; default the ticket's window.
        actor: who did it: "clerk:c01", "kiosk:K1", "operator", "supervisor:s01", …
        data: the rest, stored as JSON.

    Returns:
        The new event's id.
    """
    cur = db.execute(
        "INSERT INTO events (at, day, kind, ticket_id, number, service, window, actor, data)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            iso(now), now.date().isoformat(), str(kind),
            ticket["id"] if ticket is not None else None,
            ticket["number"] if ticket is not None else None,
            ticket["service"] if ticket is not None else None,
            window if window is not None else (ticket["window"] if ticket is not None else None),
            actor,
            json.dumps(data, ensure_ascii=False, default=str),
        ),
    )
    return int(cur.lastrowid or 0)
