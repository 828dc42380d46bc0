"""A real browser: headless Chromium (the Debian package, installed by ensure_chromium.sh
if missing) against a real `hallq serve`. Screenshots are kept in the test's tmp folder."""
from __future__ import annotations

import asyncio
import io
import subprocess

import pytest
from PIL import Image, ImageChops

from hallq.web import texts as T
from tests.web.browser import Chromium
from tests.web.conftest import HALLQ, Served, hallq_env, start_serve, stop_serve

pytestmark = pytest.mark.slow  # headless Chromium

FIRST_BYTE = "document.body.classList.contains('-first-byte')"


def orange_pixels(png: bytes, top_fraction: float = 0.6) -> int:
    """How much of the hall screen's amber block-letter number is drawn in the upper part."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    hero = image.crop((0, 0, image.width, int(image.height * top_fraction)))
    return sum(1 for r, g, b in hero.getdata() if r > 200 and 120 < g < 200 and b < 110)


async def test_status_page_shows_the_number_on_a_phone(served, tmp_path):
    async def take(engine):
        await engine.issue_ticket("A")
        return await engine.issue_ticket("A")

    ticket = await served.on_hall(take)
    async with Chromium(tmp_path / "profile") as browser:
        page = browser.page()
        await page.viewport(390, 844, mobile=True)
        await page.goto(f"{served.base}/t/{ticket.token}")
        await page.wait_for("document.getElementById('number') !== null")
        text = await page.evaluate("document.body.innerText")
        assert await page.evaluate("document.querySelector('main').className") == "card state-waiting"
        assert ticket.number in text and T.AHEAD(n=1).text("zh") in text
        with_number = await page.screenshot()
        box = await page.evaluate("(() => { const r = document.getElementById('number').getBoundingClientRect();"
                                  " return [r.left, r.top, r.right, r.bottom]; })()")
        await page.evaluate("document.getElementById('number').style.visibility = 'hidden'")
        without = await page.screenshot()
    (tmp_path / "status.png").write_bytes(with_number)
    shown, hidden = Image.open(io.BytesIO(with_number)).convert("RGB"), Image.open(io.BytesIO(without)).convert("RGB")
    assert shown.size == (390, 844)
    assert len(shown.getcolors(1 << 16)) > 20  # not a blank page
    diff = ImageChops.difference(shown, hidden).getbbox()
    assert diff is not None, "hiding the number changed nothing: it was not drawn"
    left, top, right, bottom = diff
    assert box[0] - 1 <= left and top >= box[1] - 1 and right <= box[2] + 1 and bottom <= box[3] + 1
    assert right - left > 150 and bottom - top > 50  # big, readable across the room... or the phone


async def test_display_page_shows_a_call_as_it_happens(tmp_path):
    db = tmp_path / "hall.db"
    subprocess.run([*HALLQ, "--db", str(db), "init", "--demo"], check=True, capture_output=True,
                   env=hallq_env(tmp_path))
    process, urls = start_serve(db, tmp_path)
    served = Served(process, db, urls, tmp_path)
    try:
        async with Chromium(tmp_path / "profile", size=(1280, 720)) as browser:
            page = browser.page()
            await page.goto(urls["display_terminal"])
            await page.wait_for(FIRST_BYTE, timeout=20)
            before = await page.screenshot()
            assert orange_pixels(before) == 0

            async def call(engine):
                await engine.issue_ticket("A")
                await engine.login(3, "c01", "1111")
                return await engine.call_next(3, "clerk:c01")

            called = await served.on_hall(call)
            assert called.number == "A001"
            deadline = asyncio.get_running_loop().time() + 10
            while orange_pixels(after := await page.screenshot()) < 5000:
                assert asyncio.get_running_loop().time() < deadline, "the call never showed"
                await asyncio.sleep(0.2)
            (tmp_path / "display.png").write_bytes(after)
            assert Image.open(io.BytesIO(after)).width == 1280
    finally:
        stop_serve(process)


async def test_display_page_reloads_by_itself_after_a_server_restart(served, tmp_path):
    async with Chromium(tmp_path / "profile", size=(1024, 600)) as browser:
        page = browser.page()
        await page.goto(served.urls["display_terminal"])
        await page.wait_for(FIRST_BYTE, timeout=20)
        await page.evaluate("window.loadedBefore = true")
        stop_serve(served.process)
        await page.wait_for("document.body.classList.contains('-closed')")
        assert T.RECONNECTING.text("zh") in await page.evaluate("document.body.innerText")
        served.process, _ = await asyncio.to_thread(start_serve, served.db_path, served.folder, served.port)
        await page.wait_for(f"window.loadedBefore === undefined && {FIRST_BYTE}", timeout=30)
        (tmp_path / "reloaded.png").write_bytes(await page.screenshot())
