"""A counter in a browser whose page is closed: the supervisor sees it, and after the
grace period the window is logged out (window.logout, reason session_ended), so the hall
no longer counts it as open. A real `hallq serve` and headless Chromium."""
from __future__ import annotations

import asyncio
import json
import subprocess

import pytest

from hallq.db.supervision import SESSION_ENDED, AlertKind, alerts, snapshot, terminal_id
from tests.web.browser import Chromium
from tests.web.conftest import HALLQ, Served, hallq_env, stop_serve

pytestmark = pytest.mark.slow  # headless Chromium, a real server

GRACE_S = 3
# a reload on a loaded host may take seconds: the grace it must fall inside is a hall's, not a test's
RELOAD_GRACE_S = 10


async def eventually(check, timeout: float = 20) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        assert loop.time() < deadline, "never happened"
        await asyncio.sleep(0.2)


async def _terminal_ok(engine, window: str) -> bool:
    return any(d.id == terminal_id("counter", window) and d.ok for d in await engine.devices())


async def test_closing_the_counter_page_logs_the_window_out_after_the_grace(tmp_path):
    db = tmp_path / "hall.db"
    subprocess.run([*HALLQ, "--db", str(db), "init", "--demo"], check=True, capture_output=True,
                   env=hallq_env(tmp_path))
    process = subprocess.Popen([*HALLQ, "--db", str(db), "--json", "serve", "--port", "0", "--terminal-grace",
                                str(GRACE_S)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=hallq_env(tmp_path))
    urls = json.loads(process.stdout.readline())
    served = Served(process, db, urls, tmp_path)
    device = terminal_id("counter", 3)

    async def terminal_ok(engine) -> bool | None:
        found = [d for d in await engine.devices() if d.id == device]
        return found[0].ok if found else None

    try:
        async with Chromium(tmp_path / "profile", size=(1280, 720)) as browser:
            page = browser.page()
            await page.goto(urls["counters"]["3"])
            await eventually(lambda: served.on_hall(terminal_ok))  # the session began
            await served.on_hall(lambda engine: engine.login(3, "c01", "1111"))
            await page.goto("about:blank")  # the clerk closes the tab

            async def gone_alert(engine) -> bool:
                snap = await snapshot(engine)
                return any(a.kind == AlertKind.TERMINAL_GONE and a.subject == "3" for a in alerts(snap, engine.now()))

            await eventually(lambda: served.on_hall(gone_alert))  # the supervisor sees it during the grace
            window = await served.on_hall(lambda engine: engine.window(3))
            assert window.logged_in  # not yet: the clerk may be reloading the page

            async def logged_out(engine) -> bool:
                return not (await engine.window(3)).logged_in

            await eventually(lambda: served.on_hall(logged_out))
            events = await served.on_hall(lambda engine: engine.events(0, limit=100000))
            [logout] = [e for e in events if e.kind == "window.logout" and e.window == 3]
            assert (logout.data["reason"], logout.actor, logout.data["clerk"]) == (SESSION_ENDED, "serve", "c01")
            assert await served.on_hall(terminal_ok) is True  # the alert is over
            queues = await served.on_hall(lambda engine: engine.service_queues())
            assert next(q for q in queues if q.prefix == "A").windows_open == 0
    finally:
        stop_serve(process)


async def test_reopening_the_page_within_the_grace_keeps_the_clerk_logged_in(tmp_path):
    db = tmp_path / "hall.db"
    subprocess.run([*HALLQ, "--db", str(db), "init", "--demo"], check=True, capture_output=True,
                   env=hallq_env(tmp_path))
    grace = RELOAD_GRACE_S
    process = subprocess.Popen([*HALLQ, "--db", str(db), "--json", "serve", "--port", "0", "--terminal-grace",
                                str(grace)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=hallq_env(tmp_path))
    urls = json.loads(process.stdout.readline())
    served = Served(process, db, urls, tmp_path)
    try:
        async with Chromium(tmp_path / "profile", size=(1280, 720)) as browser:
            page = browser.page()
            await page.goto(urls["counters"]["3"])
            await served.on_hall(lambda engine: engine.login(3, "c01", "1111"))
            await eventually(lambda: served.on_hall(lambda engine: _terminal_ok(engine, "3")))
            await page.goto(urls["counters"]["3"])  # a reload: the session ends and a new one begins
            await eventually(lambda: served.on_hall(lambda engine: _terminal_ok(engine, "3")))  # the new one is up
            await asyncio.sleep(grace + 2)  # the grace has passed (a wait for something NOT to happen)
            assert (await served.on_hall(lambda engine: engine.window(3))).logged_in
    finally:
        stop_serve(process)

