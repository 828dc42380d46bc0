"""A clerk's login typed in one burst (a card reader that types like a keyboard, a fast
clerk, a paste over SSH) gives what slow typing gives: `hallq counter` on a real pty, the
bytes in one write, the window logged in (or not) read back from the database."""
from __future__ import annotations

import asyncio
import subprocess
import time

import pytest

from hallq.db.engine import HallEngine
from tests.pty_app import PtyApp
from tests.web.conftest import HALLQ, hallq_env

pytestmark = pytest.mark.slow  # a process on a pty

LOGIN = "工号"  # the id field's placeholder: the form is on screen


def window(db, number: int):
    async def read():
        engine = await HallEngine.open(db)
        try:
            return await engine.window(number)
        finally:
            await engine.close()

    return asyncio.run(read())


def failed_pins(db) -> int:
    async def read():
        engine = await HallEngine.open(db)
        try:
            return len([e for e in await engine.events(0) if e.kind == "clerk.pin_failed"])
        finally:
            await engine.close()

    return asyncio.run(read())


def logged_in(db, number: int, timeout: float = 15):
    """Window `number` as soon as a clerk is logged in there (or as it is after `timeout`)."""
    deadline = time.monotonic() + timeout
    while (win := window(db, number)).clerk_id is None and time.monotonic() < deadline:
        time.sleep(0.1)
    return win


@pytest.fixture
def hall(tmp_path):
    db = tmp_path / "hall.db"
    subprocess.run([*HALLQ, "--db", str(db), "init", "--demo"], check=True, capture_output=True,
                   env=hallq_env(tmp_path))
    return db


def counter(db, tmp_path, number: int = 3) -> PtyApp:
    return PtyApp([*HALLQ, "--db", str(db), "counter", "--window", str(number)], size=(100, 30),
                  env=hallq_env(tmp_path))


@pytest.mark.parametrize("typed", [[b"c01\t1111\r"], [b"c01\r1111\r"], [b"c01", b"\t1111", b"\r"],
                                   [bytes([c]) for c in b"c01\t1111\r"]],
                         ids=["tab-burst", "enter-burst", "three-writes", "key-by-key"])
def test_id_tab_pin_enter_logs_in_however_fast(hall, tmp_path, typed):
    with counter(hall, tmp_path) as app:
        app.wait_for(LOGIN)
        for chunk in typed:
            app.write(chunk)
            if len(typed) > 3:
                time.sleep(0.05)  # a person typing: one key every 50 ms
        win = logged_in(hall, 3)
    assert (win.clerk_id, win.state) == ("c01", "idle")
    assert failed_pins(hall) == 0


def test_a_wrong_pin_in_a_burst_is_refused_for_that_clerk(hall, tmp_path):
    """The burst lands in the right fields even when it is wrong: the PIN is refused for
    c01 (a failed PIN counted), not an unknown clerk "c019999"."""
    with counter(hall, tmp_path) as app:
        app.wait_for(LOGIN)
        app.write(b"c01\t9999\r")
        deadline = time.monotonic() + 15
        while failed_pins(hall) == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert failed_pins(hall) == 1
        app.write(b"1111\r")  # the form kept the id and cleared the PIN
        win = logged_in(hall, 3)
    assert win.clerk_id == "c01"
