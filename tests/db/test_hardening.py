"""The personal-data key, a lost or damaged database, a full disk (issue: hardening)."""
from __future__ import annotations

import multiprocessing
import os
import sqlite3
import stat
import subprocess
import sys

import pytest

from hallq.db import texts as T
from hallq.db.backup import backup, restore
from hallq.db.clock import VirtualClock
from hallq.db.config import demo_text, load_demo
from hallq.db.engine import HallEngine
from hallq.db.errors import DatabaseDamaged, DatabaseGone, DiskFull, KeyFileError, NotFound, Refused
from hallq.db.vocabulary import Refusal
from tests.conftest import MORNING


@pytest.mark.parametrize("content", ["", "garbage", "abcd" * 4])
async def test_an_empty_short_or_garbled_key_is_refused_with_one_line(tmp_path, content):
    db = tmp_path / "hall.db"
    (tmp_path / "hall.db.key").write_text(content)
    with pytest.raises(KeyFileError) as err:
        await HallEngine.open(db)
    assert err.value.message.is_from(T.KEY_BAD)


@pytest.mark.slow
def test_a_bad_key_never_hangs_a_command(tmp_path):
    db = tmp_path / "hall.db"
    (tmp_path / "hall.db.key").write_text("garbage\n")
    done = subprocess.run([sys.executable, "-m", "hallq", "--db", str(db), "init", "--demo"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


async def test_another_halls_key_is_found_out(tmp_path, engine, db_path):
    await engine.close()
    other = tmp_path / "other.db"
    await (await HallEngine.open(other)).close()
    os.replace(f"{other}.key", f"{db_path}.key")
    with pytest.raises(KeyFileError) as err:
        await HallEngine.open(db_path)
    assert err.value.message.is_from(T.KEY_WRONG)


async def test_the_key_and_the_database_are_owner_only(tmp_path):
    engine = await HallEngine.open(tmp_path / "hall.db")
    await engine.close()
    for name in ("hall.db", "hall.db.key"):
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o600, name


def first_open(path: str, results) -> None:
    import asyncio

    async def go():
        engine = await HallEngine.open(path)
        fingerprint = engine.keys.phone_hash("13800138000")
        await engine.close()
        return fingerprint

    try:
        results.put(("ok", asyncio.run(go())))
    except BaseException as exc:
        results.put(("error", repr(exc)))


@pytest.mark.slow
def test_twelve_processes_opening_a_new_hall_at_once_agree_on_one_key(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    for round_ in range(20):
        path = str(tmp_path / f"hall{round_}.db")
        results = ctx.Queue()
        workers = [ctx.Process(target=first_open, args=(path, results)) for _ in range(12)]
        for w in workers:
            w.start()
        answers = [results.get(timeout=60) for _ in workers]
        for w in workers:
            w.join(30)
        assert {kind for kind, _ in answers} == {"ok"}, answers
        assert len({value for _, value in answers}) == 1  # one key: the same hash everywhere


async def test_a_database_deleted_under_a_running_writer_stops_it(engine, db_path):
    await engine.issue_ticket("A")
    os.unlink(db_path)
    with pytest.raises(DatabaseGone):
        await engine.issue_ticket("A")
    with pytest.raises(NotFound) as err:  # and a command does not make a new empty hall instead
        await HallEngine.open(db_path, create=False)
    assert err.value.message.is_from(T.NO_DATABASE_AT)


async def test_a_database_replaced_under_a_running_writer_stops_it(engine, db_path, tmp_path):
    other = tmp_path / "other.db"
    await (await HallEngine.open(other)).close()
    os.replace(other, db_path)
    with pytest.raises(DatabaseGone):
        await engine.issue_ticket("A")


async def test_a_full_disk_is_named(engine):
    await engine.read(lambda db: db.execute("PRAGMA max_page_count = 1").fetchall())  # no room for one more page
    with pytest.raises(DiskFull) as err:
        for _ in range(50):
            await engine.issue_ticket("A")
    assert err.value.message.is_from(T.DISK_FULL)


async def test_a_damaged_database_refuses_writes_and_says_restore(tmp_path):
    db = tmp_path / "hall.db"
    engine = await HallEngine.open(db, VirtualClock(MORNING))
    await engine.load_config(load_demo(), demo_text())
    for _ in range(300):
        await engine.issue_ticket("A")
    await engine.close()
    with open(db, "r+b") as f:  # scribble over pages in the middle of the tickets table
        f.seek(4096 * 12)
        f.write(os.urandom(4096 * 4))
    try:
        engine = await HallEngine.open(db, VirtualClock(MORNING))
    except DatabaseDamaged as err:
        assert err.message.is_from(T.DATABASE_DAMAGED)
        return
    try:
        assert engine.store.damage is not None
        with pytest.raises(DatabaseDamaged) as err:
            await engine.issue_ticket("B")
        assert err.value.message.is_from(T.DATABASE_DAMAGED)
    finally:
        await engine.close()


async def test_backups_carry_no_key_and_no_phone_unless_asked(engine, db_path, tmp_path):
    await engine.import_appointments([dict(code="YY7001", name="甲", service="A", phone="13812345678",
                                           id_number="11010519491231002X", slot_start="2026-11-25 10:00",
                                           slot_end="2026-11-25 10:30")])
    await engine.close()
    copy = tmp_path / "backup.db"
    report = backup(db_path, copy)
    assert not report.key_copied and not (tmp_path / "backup.db.key").exists()
    assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600
    raw = copy.read_bytes()
    assert b"13812345678" not in raw and b"11010519491231002X" not in raw
    with pytest.raises(Refused) as err:  # restoring where no key is kept says what to do
        restore(copy, tmp_path / "elsewhere.db")
    assert err.value.code == Refusal.NO_KEY
    backup(db_path, tmp_path / "with.db", with_key=True)
    assert stat.S_IMODE(os.stat(tmp_path / "with.db.key").st_mode) == 0o600
    restore(tmp_path / "with.db", tmp_path / "restored.db")
    hall = await HallEngine.open(tmp_path / "restored.db", VirtualClock(MORNING))
    try:
        found = await hall.check_in("13812345678")  # the hashes work again with the key
        assert found.appointment is not None and found.appointment.code == "YY7001"
    finally:
        await hall.close()


def test_sqlite_errors_about_space_are_said_as_a_full_disk():
    from hallq.db.store import _explained

    assert isinstance(_explained(sqlite3.OperationalError("database or disk is full"), "/tmp/x.db"), DiskFull)
