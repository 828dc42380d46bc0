"""Backup while a kiosk keeps issuing in another process; restore; the key file."""
from __future__ import annotations

import json
import multiprocessing
import sqlite3
import time
from datetime import datetime, timedelta

import pytest

from hallq.db import texts as T
from hallq.db.backup import backup, check, restore
from hallq.db.clock import VirtualClock
from hallq.db.engine import HallEngine
from hallq.db.errors import DataError, Refused
from hallq.db.vocabulary import CheckInOutcome, Refusal
from tests.sim.conftest import DAY
from tests.sim.writer import issue_until_stopped


def live_numbers(path) -> set[tuple[str, str]]:
    conn = sqlite3.connect(path, timeout=5)
    try:
        return set(conn.execute("SELECT day, number FROM tickets"))
    finally:
        conn.close()


async def all_tickets(path) -> set[tuple[str, str]]:
    engine = await HallEngine.open(path, VirtualClock(datetime(2026, 12, 31, 8)))
    try:
        days = {d for d, _ in live_numbers(path)}
        return {(t.day, t.number) for day in days for t in await engine.tickets(day=day)}
    finally:
        await engine.close()


def wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


@pytest.mark.slow  # a kiosk process issuing during the backup
async def test_backup_while_a_kiosk_keeps_issuing(sim_copy, tmp_path):
    db, _ = sim_copy
    stop, report = tmp_path / "stop", tmp_path / "report.json"
    writer = multiprocessing.get_context("spawn").Process(target=issue_until_stopped,
                                                          args=(str(db), str(stop), str(report)))
    writer.start()
    try:
        start_count = len(live_numbers(db))
        wait_for(lambda: len(live_numbers(db)) > start_count + 200)  # the kiosk is busy
        before = live_numbers(db)
        during = []
        result = backup(db, tmp_path / "backup.db", pages=4, with_key=True,
                        progress=lambda done, total: during.append(len(live_numbers(db))))
    finally:
        stop.touch()
        writer.join(30)
    kiosk = json.loads(report.read_text())
    assert result.steps > 20 and during[-1] > during[0]  # the kiosk issued while the copy was made
    assert kiosk["slowest_s"] < 1.0  # and was never held up for long
    assert check(tmp_path / "backup.db") == (result.tickets, result.events)
    copied = await all_tickets(tmp_path / "backup.db")
    assert before <= copied  # every ticket committed before the backup began
    assert len(copied) == result.tickets < len(live_numbers(db))
    assert (tmp_path / "backup.db.key").read_text() == db.with_name(db.name + ".key").read_text()


async def test_restore_brings_back_every_ticket_and_the_key(sim_copy, tmp_path):
    db, _ = sim_copy
    clock = VirtualClock(datetime(2026, 11, 26, 9, 0))
    engine = await HallEngine.open(db, clock)
    try:  # a booking found by phone needs the key file: the hash is keyed
        await engine.import_appointments([{"code": "B-0001", "name": "刘洋", "phone": "13800138000", "service": "A",
                                           "slot_start": "2026-11-26 09:00", "slot_end": "2026-11-26 09:30"}])
    finally:
        await engine.close()
    backup(db, tmp_path / "backup.db", with_key=True)
    target = tmp_path / "restored.db"
    assert restore(tmp_path / "backup.db", target)[0] > 300
    assert await all_tickets(target) == await all_tickets(db)
    engine = await HallEngine.open(target, clock)
    try:
        assert (await engine.figures(DAY.isoformat())) == (await _figures(db))
        found = await engine.check_in("138 0013 8000")
        assert found.outcome == CheckInOutcome.CHECKED_IN and found.ticket.number == "A001"
    finally:
        await engine.close()


async def _figures(path):
    engine = await HallEngine.open(path, VirtualClock(datetime(2026, 11, 26, 9)))
    try:
        return await engine.figures(DAY.isoformat())
    finally:
        await engine.close()


async def test_restore_over_a_database_in_use_only_with_force(sim_copy, tmp_path, engine, db_path, clock):
    db, _ = sim_copy
    backup(db, tmp_path / "backup.db")
    await engine.issue_ticket("A")  # the live hall, open in this process
    with pytest.raises(Refused) as err:
        restore(tmp_path / "backup.db", db_path)
    assert err.value.code == Refusal.EXISTS
    assert len(await engine.tickets()) == 1
    restore(tmp_path / "backup.db", db_path, force=True)  # the open engine sees the restored hall
    assert {(t.day, t.number) for t in await engine.tickets(day=DAY.isoformat())} == await all_tickets(db)
    clock.set(datetime(DAY.year, DAY.month, DAY.day, 9, 30) + timedelta(days=1))  # works on the next morning
    ticket = await engine.issue_ticket("A")
    assert (ticket.number, ticket.taken_at.date()) == ("A001", DAY + timedelta(days=1))


def test_backup_refuses_to_overwrite_or_copy_onto_itself(sim_copy, tmp_path):
    db, _ = sim_copy
    backup(db, tmp_path / "b.db")
    with pytest.raises(Refused) as err:
        backup(db, tmp_path / "b.db")
    assert err.value.code == Refusal.EXISTS
    with pytest.raises(Refused) as err:
        backup(db, db, force=True)
    assert err.value.code == Refusal.SAME_FILE
    backup(db, tmp_path / "b.db", force=True)
    (tmp_path / "junk.db").write_bytes(b"not a database" * 100)
    with pytest.raises(DataError) as err:
        restore(tmp_path / "junk.db", tmp_path / "new.db")
    assert err.value.message.is_from(T.NOT_A_HALL_DATABASE)
    assert not (tmp_path / "new.db").exists()
    with pytest.raises(DataError) as err:
        backup(tmp_path / "none.db", tmp_path / "c.db")
    assert err.value.message.is_from(T.NO_DATABASE)
