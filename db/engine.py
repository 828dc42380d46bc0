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

import fcntl
import os
from pathlib import Path
from types import TracebackType

from hallq.db import privacy
from hallq.db import texts as T
from hallq.db.calling import Calling
from hallq.db.clock import Clock, SystemClock
from hallq.db.core import OPERATOR
from hallq.db.day import HallDay
from hallq.db.errors import KeyFileError, NotFound
from hallq.db.issuing import Issuing, walk_in_refusal
from hallq.db.notify import Notifying
from hallq.db.queries import Queries
from hallq.db.rows import Db, call_of, ticket_from_row
from hallq.db.staffing import Staffing
from hallq.db.store import Store
from hallq.db.vocabulary import Refusal

__all__ = ["OPERATOR", "HallEngine", "call_of", "ticket_from_row", "walk_in_refusal"]


class HallEngine(Issuing, Calling, Staffing, HallDay, Queries, Notifying):
    """The hall on one SQLite file. Open with `await HallEngine.open(path, clock)`."""

    @classmethod
    async def open(cls, path: str | Path, clock: Clock | None = None, create: bool = True) -> HallEngine:
        """Open (creating and migrating if need be) the hall database at `path`.

        Every failure while opening closes what was opened: a bad key file or a damaged
        database answers at once with one line, never a hang.

        Args:
            path: the database file; its personal-data key is `<path>.key` beside it.
            clock: hall time; default the system clock (in the hall's time zone).
            create: whether a missing database may be created (only `hallq init` and the
                demo and simulator do; every other command says there is none).

        Raises:
            NotFound(not_set_up): no database at `path` and `create` is False.
            KeyFileError: the key is missing (for a database that had one), unreadable,
                short, or not this database's.
            DiskFull, DatabaseDamaged, sqlite3.Error: the file cannot be used.
        """
        path = Path(path)
        if not create and str(path) != ":memory:" and not path.exists():
            raise NotFound(Refusal.NOT_SET_UP, T.NO_DATABASE_AT(path=str(path)))
        store = await Store.open(path)
        try:
            # the fingerprint first: a process making the first key writes the key, then the fingerprint
            known = await store.read(_fingerprint) if store.damage is None else None
            if known is not None and not Path(f"{path}.key").exists():
                raise KeyFileError(T.KEY_MISSING(path=f"{path}.key"))  # never a new key for old data
            key = load_key(path)
            engine = cls(store, clock or SystemClock(), key)
            if store.damage is None:
                await engine._check_key_fingerprint(key, path, known)
            if await engine.is_initialised():
                await engine.config()  # a SystemClock now speaks the hall's time zone
        except BaseException:
            await store.close()
            raise
        return engine

    async def _check_key_fingerprint(self, key: bytes, path: Path, known: str | None) -> None:
        """The database keeps a fingerprint of its key: a key file swapped for another is
        found here, not by look-ups that silently find nobody. `known` is the fingerprint
        read at open; only a database without one takes a write (the first open stores it)."""
        print_ = privacy.key_fingerprint(key)

        def tx(db: Db) -> str:
            db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('key_fingerprint', ?)", (print_,))
            return _fingerprint(db) or print_

        if known is None:
            known = await self.store.write(tx)
        if known != print_:
            raise KeyFileError(T.KEY_WRONG(path=f"{path}.key"))

    async def close(self) -> None:
        """Close the database (waits for a running checkpoint)."""
        await self.store.close()

    async def __aenter__(self) -> HallEngine:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.close()


def _fingerprint(db: Db) -> str | None:
    """The fingerprint of the key the database was first opened with, if any."""
    row = db.execute("SELECT value FROM meta WHERE key='key_fingerprint'").fetchone()
    return None if row is None else str(row[0])


def load_key(db_path: Path) -> bytes:
    """The key for hashing ID and phone numbers: it lives beside the database, not in it
    (`<db>.key`, KEY_BYTES random bytes in hex, 0600). Made atomically on first use: written
    to a temporary file, synced, renamed into place under a lock, so processes opening a
    new hall at the same moment all end up with the one key.

    Raises:
        KeyFileError: the key file cannot be read, or is empty, short or not hex.
    """
    if db_path.name == ":memory:":
        return privacy.new_key()
    key_path = Path(f"{db_path}.key")
    if not key_path.exists():
        _make_key(key_path)
    try:
        text = key_path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(T.KEY_UNREADABLE(path=str(key_path), problem=getattr(exc, "strerror", None) or exc)) \
            from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise KeyFileError(T.KEY_BAD(path=str(key_path))) from None
    if len(key) < privacy.KEY_BYTES:
        raise KeyFileError(T.KEY_BAD(path=str(key_path)))
    return key


def _make_key(key_path: Path) -> None:
    lock = os.open(f"{key_path}.lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if key_path.exists():  # another process made it while we waited
            return
        temp = key_path.with_name(f".{key_path.name}.{os.getpid()}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, privacy.new_key().hex().encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, key_path)
        folder = os.open(key_path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    finally:
        os.close(lock)
