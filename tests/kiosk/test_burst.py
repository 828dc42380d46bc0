"""A booking code typed in one burst (a QR scanner that types like a keyboard: "DEMO251",
Enter in one write) checks in as slow typing does: `hallq kiosk` on a real pty, the bytes
in one write, the ticket read back from the database. Pilot hands keys over one by one
and cannot show the race between the focus moving to the check-in field and the keys
queued behind the first letter."""
from __future__ import annotations

import asyncio
import subprocess
import time
from datetime import timedelta

import pytest

from hallq.db.engine import HallEngine
from tests.pty_app import PtyApp
from tests.web.conftest import HALLQ, hallq_env

pytestmark = pytest.mark.slow  # a process on a pty

WELCOME = "请选择要办理的业务"
CHECK_IN_PROMPT = "请扫描预约二维码"


def on_hall(db, op):
    async def run():
        engine = await HallEngine.open(db)  # the system clock, as the kiosk's
        try:
            return await op(engine)
        finally:
            await engine.close()

    return asyncio.run(run())


@pytest.fixture
def hall(tmp_path):
    """The demo hall with a booking "DEMO251" for a slot around the hall's time now."""
    db = tmp_path / "hall.db"
    subprocess.run([*HALLQ, "--db", str(db), "init", "--demo"], check=True, capture_output=True,
                   env=hallq_env(tmp_path))

    async def book(engine):
        now = engine.clock.now()
        start, end = now - timedelta(minutes=5), now + timedelta(minutes=25)
        report = await engine.import_appointments([dict(code="DEMO251", name="张三", service="A",
                                                        slot_start=f"{start:%Y-%m-%d %H:%M}",
                                                        slot_end=f"{end:%Y-%m-%d %H:%M}")])
        assert not report.errors, report.errors

    on_hall(db, book)
    return db


def checked_in(db, timeout: float = 15):
    """The tickets of the day as soon as one exists (or none after `timeout`)."""
    deadline = time.monotonic() + timeout
    while not (tickets := on_hall(db, lambda e: e.tickets())) and time.monotonic() < deadline:
        time.sleep(0.1)
    return tickets


@pytest.mark.parametrize("screen", ["start", "checkin"])
@pytest.mark.parametrize("typed", [[b"DEMO251\r"], [bytes([c]) for c in b"DEMO251\r"]], ids=["burst", "key-by-key"])
def test_a_scanned_code_checks_in_however_fast(hall, tmp_path, screen, typed):
    with PtyApp([*HALLQ, "--db", str(hall), "kiosk", "--printer", "preview:"], size=(100, 30),
                env=hallq_env(tmp_path)) as app:
        app.wait_for(WELCOME)
        if screen == "checkin":
            app.write(b"6")  # the check-in tile: five services, then check-in
            app.wait_for(CHECK_IN_PROMPT)
        for chunk in typed:
            app.write(chunk)
            if len(typed) > 1:
                time.sleep(0.05)  # a person typing: one key every 50 ms
        tickets = checked_in(hall)
    assert [(t.appointment_code, t.number) for t in tickets] == [("DEMO251", "A001")]
