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
from hallq.db.config import demo_text, load_demo, parse_config
from hallq.db.engine import HallEngine
from hallq.db.errors import DatabaseDamaged, DatabaseGone, DiskFull, KeyFileError, NotFound, Refused
from hallq.db.vocabulary import EventKind, Refusal, TicketState
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


ROUNDS, OPENERS = 20, 12


def first_opens(folder: str, start, results) -> None:
    """In each round, open the round's new database the moment every opener is ready."""
    import asyncio

    async def go(path: str) -> str:
        engine = await HallEngine.open(path)
        fingerprint = engine.keys.phone_hash("13800138000")
        await engine.close()
        return fingerprint

    for round_ in range(ROUNDS):
        start.wait()
        try:
            results.put((round_, "ok", asyncio.run(go(f"{folder}/hall{round_}.db"))))
        except BaseException as exc:
            results.put((round_, "error", repr(exc)))


@pytest.mark.slow
def test_twelve_processes_opening_a_new_hall_at_once_agree_on_one_key(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(OPENERS), ctx.Queue()
    openers = [ctx.Process(target=first_opens, args=(str(tmp_path), start, results)) for _ in range(OPENERS)]
    for opener in openers:
        opener.start()
    answers = [results.get(timeout=120) for _ in range(ROUNDS * OPENERS)]
    for opener in openers:
        opener.join(30)
    assert [a for a in answers if a[1] != "ok"] == []
    keys = {round_: {value for r, _, value in answers if r == round_} for round_ in range(ROUNDS)}
    assert all(len(seen) == 1 for seen in keys.values()), keys  # one key per hall: the same hash everywhere


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


TWO_SERVICES = """
[hall]
name = "测试大厅"
[[services]]
prefix = "A"
name = "综合受理"
[[services]]
prefix = "B"
name = "不动产"
[[windows]]
number = 1
services = ["A"]
[[windows]]
number = 2
services = ["B"]
[[windows]]
number = 3
services = ["A"]
"""
ONLY_A = TWO_SERVICES.split("[[services]]\nprefix = \"B\"")[0] + """
[[windows]]
number = 1
services = ["A"]
"""


async def test_a_reload_that_strands_open_tickets_is_refused_naming_them(tmp_path):
    engine = await HallEngine.open(tmp_path / "hall.db", VirtualClock(MORNING))
    try:
        await engine.load_config(parse_config(TWO_SERVICES), TWO_SERVICES)
        await engine.issue_ticket("B")
        served = await engine.call_next(2)
        waiting = await engine.issue_ticket("B")
        sent = await engine.issue_ticket("A")
        await engine.call_next(1)
        await engine.transfer(1, to_window=3)  # A001 now waits for window 3, which goes too
        with pytest.raises(Refused) as refused:
            await engine.load_config(parse_config(ONLY_A), ONLY_A)
        assert refused.value.code == Refusal.STRANDS_TICKETS
        assert refused.value.message.value("count") == 3
        assert {"B001", "B002", "A001"} <= set(refused.value.message.value("numbers").replace("、", " ").split())
        assert {s.prefix for s in (await engine.config()).services} == {"A", "B"}  # nothing changed
        assert (await engine.ticket(waiting.number)).state == TicketState.WAITING

        await engine.load_config(parse_config(ONLY_A), ONLY_A, force=True)
        assert (await engine.ticket(waiting.number)).state == TicketState.CANCELLED
        assert (await engine.ticket(sent.number)).state == TicketState.CANCELLED
        cancelled = [e for e in await engine.events() if e.kind == EventKind.TICKET_CANCELLED]
        assert {(e.number, e.data["reason"]) for e in cancelled} == {("B002", "config_removed"),
                                                                    ("A001", "config_removed")}
        assert (await engine.ticket(served.number)).state == TicketState.CALLED  # its clerk finishes it
        await engine.start(2)
        finished = await engine.finish(2)
        assert finished.number == served.number and (await engine.ticket(served.number)).state == TicketState.DONE
    finally:
        await engine.close()


def test_call_with_an_empty_number_calls_nobody(tmp_path, capsys, monkeypatch):
    from hallq.cli import texts as cli_texts
    from hallq.cli.main import main

    db = tmp_path / "hall.db"
    monkeypatch.setenv("HALLQ_LOG", str(tmp_path / "hallq.log"))
    monkeypatch.setenv("HALLQ_NOW", "2026-11-25T09:30")
    assert main(["--db", str(db), "init", "--demo"]) == 0
    assert main(["--db", str(db), "take", "A"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "call", "--window", "3", "--number", ""]) == 1
    assert capsys.readouterr().err == f"hallq: {cli_texts.EMPTY_NUMBER.text('zh')}\n"
    assert main(["--db", str(db), "--json", "status", "A001"]) == 0
    assert '"state": "waiting"' in capsys.readouterr().out


async def test_a_missing_key_is_said_and_never_replaced_by_a_new_one(engine, db_path):
    await engine.close()
    os.unlink(f"{db_path}.key")
    with pytest.raises(KeyFileError) as err:
        await HallEngine.open(db_path, create=False)
    assert err.value.message.is_from(T.KEY_MISSING)
    assert not os.path.exists(f"{db_path}.key")  # a new key would hide the old data for good
