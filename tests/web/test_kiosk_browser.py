"""The kiosk in a portrait touch screen's browser: `hallq serve`, headless Chromium at
1080×1920, a finger (mouse events) on the tiles and the keypad. Screenshots are kept in
the test's tmp folder (kiosk-start.png, kiosk-checkin.png)."""
from __future__ import annotations

import asyncio
import io

import pytest
from PIL import Image

from tests.web.browser import Chromium

pytestmark = pytest.mark.slow  # headless Chromium

FIRST_BYTE = "document.body.classList.contains('-first-byte')"
SIZE = (1080, 1920)


def ink_runs(png: bytes, min_gap: int = 8) -> list[tuple[int, int]]:
    """(top, height) in pixels of each band of rows with light ink (text drawn in the
    foreground colour), bands closer than `min_gap` rows joined: a line of big drawn
    letters is one band, as tall as the letters are on screen."""
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    data = image.tobytes()
    inked = [sum(1 for x in range(0, width, 2) if data[y * width + x] > 200) > 6 for y in range(height)]
    runs: list[tuple[int, int]] = []
    start = last = None
    for y, ink in enumerate(inked):
        if not ink:
            continue
        if start is not None and y - last <= min_gap:
            last = y
            continue
        if start is not None:
            runs.append((start, last - start + 1))
        start = last = y
    if start is not None:
        runs.append((start, last - start + 1))
    return runs


async def drawn(page, minimum_lit: int = 20000, timeout: float = 30) -> bytes:
    """A screenshot once the terminal has drawn (enough light pixels), and a moment more."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        png = await page.screenshot()
        lit = sum(1 for p in Image.open(io.BytesIO(png)).convert("L").getdata() if p > 150)
        if lit > minimum_lit:
            return png
        assert asyncio.get_running_loop().time() < deadline, "the kiosk never drew"
        await asyncio.sleep(0.3)


async def tap(page, x: int, y: int) -> None:
    """A finger on (x, y): press and release, as a touch screen's driver reports it."""
    for kind in ("mousePressed", "mouseReleased"):
        await page.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


async def test_portrait_kiosk_in_the_browser_draws_names_40_px_high_and_takes_touches(served, tmp_path):
    async with Chromium(tmp_path / "profile", size=SIZE) as browser:
        page = browser.page()
        await page.viewport(*SIZE)
        await page.goto(served.urls["kiosks"]["K1"])
        await page.wait_for(FIRST_BYTE, timeout=30)
        await drawn(page)
        await asyncio.sleep(1)  # the layout settles (the terminal's size arrives after the first frame)
        start = await page.screenshot()
        (tmp_path / "kiosk-start.png").write_bytes(start)
        assert Image.open(io.BytesIO(start)).size == SIZE
        big = [(top, h) for top, h in ink_runs(start) if h >= 40]
        # the welcome line and the seven tiles (five services, check-in, priority): each name a band ≥ 40 px
        assert len(big) >= 8, ink_runs(start)
        check_in_top = big[6][0]
        await tap(page, SIZE[0] // 2, check_in_top + 40)  # a finger on the check-in tile's name
        deadline = asyncio.get_running_loop().time() + 15
        while True:
            await asyncio.sleep(0.5)
            shot = await page.screenshot()
            if ink_runs(shot) != ink_runs(start):
                break
            assert asyncio.get_running_loop().time() < deadline, "the touch did nothing"
        await asyncio.sleep(1)
        checkin = await page.screenshot()
        (tmp_path / "kiosk-checkin.png").write_bytes(checkin)
        # the keypad: rows of keys whose digits are drawn in block letters, each ≥ 40 px
        keys = [(top, h) for top, h in ink_runs(checkin) if h >= 40]
        assert len(keys) >= 6, ink_runs(checkin)
