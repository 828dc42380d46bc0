"""Backup and restore of the hall database while kiosks and counters keep working.

`backup` copies the live database with SQLite's online backup API from a connection of
its own. It first opens a read transaction: in WAL mode that is one consistent snapshot
(every ticket committed before the backup began, nothing half-written) and it never
blocks a writer, so the pages are copied in small steps while kiosks keep issuing. (Without
the snapshot, a step-wise backup restarts whenever another connection writes, and on a busy
hall might never finish.) The copy goes to `<dest>.partial`, is checked with PRAGMA
integrity_check, switched to a plain single-file journal and only then renamed into place.
The key file `<db>.key` (the ID and phone number hashes need it) is copied beside it.

`restore` checks a backup and copies it into the hall database with the same API, which
takes the database's write lock while it copies: other processes simply wait, then see
the restored hall. An existing database is only replaced with force=True.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from hallq.db import texts as T
from hallq.db.errors import DataError, Refused
from hallq.db.vocabulary import Refusal

STEP_PAGES = 64  # database pages copied per step of the online backup


@dataclass(frozen=True)
class BackupReport:
    """What a backup did.

    Attributes:
        source, dest: the database and the backup file.
        pages: pages copied; steps: steps it took (see STEP_PAGES).
        tickets, events: rows in the copy (the snapshot the backup began with).
        bytes: the backup file's size; seconds: how long it took.
        key_copied: the key file `<db>.key` was copied beside it.
    """

    source: str
    dest: str
    pages: int
    steps: int
    tickets: int
    events: int
    bytes: int
    seconds: float
    key_copied: bool

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data (for JSON)."""
        return asdict(self)


def _key(path: str | Path) -> Path:
    """The personal-data key file beside a database."""
    return Path(str(path) + ".key")


def _connect(path: str | Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=5, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def _counts(conn: sqlite3.Connection) -> tuple[int, int]:
    tickets: int = conn.execute("SELECT count(*) FROM tickets").fetchone()[0]
    events: int = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    return tickets, events


def check(path: str | Path) -> tuple[int, int]:
    """Check a hall database file with PRAGMA integrity_check.

    Returns:
        (tickets, events) in it.

    Raises:
        DataError: no such file, damaged, or not a hall database.
    """
    if not Path(path).is_file():
        raise DataError(T.NO_FILE(path=str(path)))
    conn = _connect(path)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        if [r[0] for r in result] != ["ok"]:
            raise DataError(T.DAMAGED(path=str(path), problem=result[0][0]))
        return _counts(conn)
    except sqlite3.DatabaseError as exc:
        raise DataError(T.NOT_A_HALL_DATABASE(path=str(path), problem=str(exc))) from None
    finally:
        conn.close()


def backup(source: str | Path, dest: str | Path, *, pages: int = STEP_PAGES, force: bool = False,
           progress: Callable[[int, int], None] | None = None, with_key: bool = False) -> BackupReport:
    """Copy the live database `source` to `dest`, see the module doc. The copy is 0600 and
    carries no key: the ID and phone hashes in it are useless without the key, so a lost
    backup gives nothing away. Keep the key apart (or pass `with_key`, and keep both safe).

    Args:
        source: the hall database.
        dest: the backup file.
        pages: pages copied per step (kiosks can write between steps).
        force: replace an existing `dest`.
        progress: called with (pages copied, pages in all) after every step.
        with_key: copy the key file beside the backup too (`<dest>.key`, 0600).

    Returns:
        The BackupReport.

    Raises:
        DataError: no database at `source`; the copy failed its check.
        Refused(same_file): `dest` is the database itself.
        Refused(exists): `dest` exists and not `force`.
    """
    source, dest = Path(source), Path(dest)
    if not source.is_file():
        raise DataError(T.NO_DATABASE(path=str(source)))
    if dest.resolve() == source.resolve():
        raise Refused(Refusal.SAME_FILE, T.BACKUP_IS_THE_DATABASE)
    if dest.exists() and not force:
        raise Refused(Refusal.EXISTS, T.BACKUP_EXISTS(path=str(dest)))
    began = time.perf_counter()
    partial = Path(str(dest) + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # owner-only from the start
    steps = 0

    def step(status: int, remaining: int, total: int) -> None:
        nonlocal steps
        steps += 1
        if progress is not None:
            progress(total - remaining, total)

    src = _connect(source)
    try:
        src.execute("BEGIN")  # the snapshot: see the module doc
        tickets, events = _counts(src)
        out = sqlite3.connect(str(partial), isolation_level=None)
        try:
            src.backup(out, pages=pages, progress=step)
            total: int = out.execute("PRAGMA page_count").fetchone()[0]
            out.execute("PRAGMA journal_mode = DELETE")
        finally:
            out.close()
        src.execute("COMMIT")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    copied = check(partial)
    if copied != (tickets, events):  # cannot happen with a snapshot; never keep a wrong copy
        partial.unlink(missing_ok=True)
        raise DataError(T.BACKUP_MISMATCH(copied=str(copied), snapshot=str((tickets, events))))
    os.replace(partial, dest)
    key_copied = _copy_key(source, dest) if with_key else False
    return BackupReport(str(source), str(dest), total, steps, tickets, events, dest.stat().st_size,
                        round(time.perf_counter() - began, 3), key_copied)


def _copy_key(source: Path, dest: Path) -> bool:
    """Copy the key file of `source` beside `dest` (owner-only); False when there is none."""
    if not _key(source).is_file():
        return False
    target = _key(dest)
    shutil.copyfile(_key(source), target)
    os.chmod(target, 0o600)
    return True


def restore(backup_file: str | Path, db: str | Path, *, force: bool = False) -> tuple[int, int]:
    """Copy a backup into the hall database `db` (and its key); processes using `db` wait
    for the copy, then see the restored hall.

    Args:
        backup_file: the backup.
        db: the hall database.
        force: replace an existing database.

    Returns:
        (tickets, events) of the restored hall.

    Raises:
        DataError: the backup is missing, damaged or not a hall database.
        Refused(exists): `db` exists and not `force`.
        Refused(no_key): neither the backup nor `db` has its key beside it: put the key
            file (kept apart from the backups) at `<db>.key` first.
    """
    backup_file, db = Path(backup_file), Path(db)
    counts = check(backup_file)
    if db.exists() and not force:
        raise Refused(Refusal.EXISTS, T.RESTORE_OVER_EXISTING(path=str(db)))
    if not _key(backup_file).is_file() and not _key(db).is_file():
        raise Refused(Refusal.NO_KEY, T.RESTORE_NEEDS_KEY(key=str(_key(db)), backup=str(backup_file)))
    src = _connect(backup_file)
    out = _connect(db)
    try:
        src.backup(out)
    finally:
        src.close()
        out.close()
    if _key(backup_file).is_file():
        _copy_key(backup_file, db)
    return counts
