"""The hall TV in a real browser: headless Chromium against a real `hallq serve`, calls
made by a real `hallq call` in another process. At 1920×1080 and 1080×1920 the number
must be at least a fifth of the screen's height and the line under it at least 6 %, the
window table must say what the database says, and nothing may be cut or overlap. The
page must recover by itself after the host restarts, and speak when it is the speaker.
Screenshots are kept in the test's tmp folder (tv-1920x1080.png, …)."""
from __future__ import annotations

import asyncio
import io
import json
import subprocess
import time
from datetime import datetime

import pytest
from PIL import Image, ImageChops

from hallq.db.engine import HallEngine
from hallq.db.models import Call
from hallq.display import texts as DT
from hallq.display.latest_call import FRESH_SECONDS
from hallq.display.speech import screen_line
from hallq.web import texts as T
from hallq.web.tv import window_state
from tests.web.browser import Chromium, Page
from tests.web.conftest import HALLQ, Served, hallq_env, start_serve, stop_serve

pytestmark = pytest.mark.slow  # headless Chromium and real processes

SNAPSHOT = "window.hallqTv && window.hallqTv.snapshots > 0"
AUTOPLAY = ("--autoplay-policy=no-user-gesture-required",)


@pytest.fixture(scope="module")
def hall(served) -> Served:
    """The served demo hall at 10:00 today: windows 1–11 staffed, 12 paused, calls made."""
    async def prepare(engine: HallEngine) -> None:
        for _ in range(6):
            for service in "AAABBCDE":
                await engine.issue_ticket(service)
        for n in range(1, 13):
            await engine.add_clerk(f"t{n:02}", f"职员{n}", "1234")
            await engine.login(n, f"t{n:02}", "1234")
        await engine.pause(12, "午休")
        for n in range(1, 10):
            await engine.call_next(n)
            if n % 3:
                await engine.start(n)

    asyncio.run(served.on_hall(prepare))
    return served


def hallq_call(hall: Served, window: int) -> str:
    """`hallq call --window N` as its own process; the number it called."""
    done = subprocess.run([*HALLQ, "--db", str(hall.db_path), "--json", "call", "--window", str(window)],
                          capture_output=True, text=True, env=hallq_env(hall.folder), timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["number"]


async def shown(page: Page, number: str, timeout: float = 10) -> None:
    await page.wait_for(f"hallqTv.log.some(e => e.number === {json.dumps(number)} && e.shown)", timeout)


def rect(name: str) -> str:
    box = f"document.querySelector({json.dumps(name)}).getBoundingClientRect()"
    return f"(r => [r.left, r.top, r.right, r.bottom])({box})"


# every text element whose content is cut (wider than its box: an ellipsis) or that leaves its panel
CUT = """[...document.querySelectorAll('#hall, #clock, #latest-number, #latest-line, .cell span, h2')]
  .filter(e => e.offsetParent !== null && e.textContent)
  .filter(e => { const r = e.getBoundingClientRect(), p = e.closest('.panel, #bar').getBoundingClientRect();
                 return e.scrollWidth > e.clientWidth + 1 || r.left < p.left - 0.5 || r.top < p.top - 0.5
                     || r.right > p.right + 0.5 || r.bottom > p.bottom + 0.5; })
  .map(e => e.id || e.className + ':' + e.textContent)"""
# panels that overlap another panel, and cells that leave their panel
OVERLAPS = """(() => {
  const boxes = [...document.querySelectorAll('#bar, .panel, #ticker')].map(e => [e.id, e.getBoundingClientRect()]);
  const out = [];
  for (const [a, r] of boxes) for (const [b, s] of boxes)
    if (a < b && r.left < s.right - 1 && s.left < r.right - 1 && r.top < s.bottom - 1 && s.top < r.bottom - 1)
      out.push(a + '/' + b);
  for (const cell of document.querySelectorAll('.cell')) {
    const r = cell.getBoundingClientRect(), p = cell.closest('.panel').getBoundingClientRect();
    if (r.left < p.left || r.right > p.right + 0.5 || r.top < p.top || r.bottom > p.bottom + 0.5)
      out.push('cell ' + cell.textContent);
  }
  return out; })()"""
TABLE = """Object.fromEntries([...document.querySelectorAll('.win')].map(w =>
  [w.dataset.window,
   [w.querySelector('.current').textContent, w.classList[2], w.querySelector('.state').textContent]]))"""


@pytest.mark.parametrize("size, window", [((1920, 1080), 10), ((1080, 1920), 11)], ids=["landscape", "portrait"])
async def test_a_live_call_is_huge_and_the_window_table_is_right(hall, tmp_path, size, window):
    width, height = size
    async with Chromium(tmp_path / "profile", size=size) as browser:
        page = browser.page()
        await page.viewport(width, height)
        await page.goto(hall.urls["display"])
        await page.wait_for(SNAPSHOT, timeout=20)
        number = await asyncio.to_thread(hallq_call, hall, window)
        await shown(page, number)
        await page.wait_for(f"document.querySelector('.win[data-window=\"{window}\"] .current').textContent"
                            f" === {json.dumps(number)}")
        await page.wait_for("document.getElementById('latest').classList.contains('fresh')")
        png = await page.screenshot()
        config = await hall.on_hall(lambda e: e.config())
        call = Call(0, datetime.now(), number, window, config.window(window).name, number[0], False)
        assert await page.evaluate("document.getElementById('latest-number').textContent") == number
        assert await page.evaluate("document.getElementById('latest-line').textContent") == \
            screen_line(call, config.announce, "zh")  # the terminal display's own line

        # sizes, measured in the page
        number_box = await page.evaluate(rect("#latest-number"))
        line_box = await page.evaluate(rect("#latest-line"))
        line_font = await page.evaluate("parseFloat(getComputedStyle(document.getElementById('latest-line')).fontSize)")
        assert number_box[3] - number_box[1] >= 0.20 * height, number_box
        assert line_box[3] - line_box[1] >= 0.06 * height and line_font >= 0.06 * height, (line_box, line_font)
        assert await page.evaluate(CUT) == []
        assert await page.evaluate(OVERLAPS) == []
        # everything the page loaded came from the host: no fonts, scripts or styles from the net
        assert await page.evaluate("performance.getEntriesByType('resource').map(e => e.name)"
                                   ".filter(n => !n.startsWith(location.origin + '/'))") == []
        assert await page.evaluate("performance.getEntriesByType('resource').length") >= 3  # css, js, events
        # the line breaks (in portrait it must) only between its phrases: no phrase is on two lines
        assert await page.evaluate("[...document.querySelectorAll('#latest-line .phrase')]"
                                   ".filter(p => p.getClientRects().length !== 1).map(p => p.textContent)") == []
        lines = await page.evaluate("new Set([...document.querySelectorAll('#latest-line .phrase')]"
                                    ".map(p => Math.round(p.getBoundingClientRect().top))).size")
        assert lines == (1 if width > height else 2)

        # the window table says what the database says
        windows = await hall.on_hall(lambda e: e.windows())
        table = await page.evaluate(TABLE)
        assert len(table) == len(windows) == 15
        labels = {"calling": T.TV_CALLING, "serving": T.TV_SERVING, "open": T.TV_OPEN, "paused": T.TV_PAUSED,
                  "closed": T.TV_CLOSED}
        for w in windows:
            state = window_state(w)
            current = w.current.number if state in ("calling", "serving") and w.current else ""
            assert table[str(w.number)] == [current, state, labels[state].text("zh")], w.number
        assert table[str(window)] == [number, "calling", T.TV_CALLING.text("zh")]
        assert table["12"][1] == "paused" and table["15"][1] == "closed"

        # the number is really drawn that big: hiding it changes only its box, and its ink is tall
        await page.evaluate("document.getElementById('latest').classList.remove('fresh')")
        panel = await page.evaluate(rect("#latest"))
        await asyncio.sleep(0.3)  # a frame or two without the flash
        with_number = await page.screenshot()
        await page.evaluate("document.getElementById('latest-number').style.visibility = 'hidden'")
        without = await page.screenshot()
    (tmp_path / f"tv-{width}x{height}.png").write_bytes(png)
    assert Image.open(io.BytesIO(png)).size == (width, height)
    crop = tuple(round(v) for v in panel)
    shown_, hidden = (Image.open(io.BytesIO(shot)).convert("RGB").crop(crop) for shot in (with_number, without))
    ink = ImageChops.difference(shown_, hidden).convert("L").point(lambda v: 255 if v > 48 else 0)
    left, top, right, bottom = ink.getbbox()  # what hiding the number took away (not compositing's ±1 noise)
    x0, y0 = crop[:2]
    assert number_box[0] - 1 <= x0 + left and x0 + right <= number_box[2] + 1
    assert number_box[1] - 1 <= y0 + top and y0 + bottom <= number_box[3] + 1
    assert bottom - top >= 0.15 * height  # the digits' own height, not just their box


# the opacity of the red layer behind the newest call, sampled every 40 ms for 2 s
BLINK = """(async () => { const out = [];
  for (let i = 0; i < 50; i++) {
    out.push(parseFloat(getComputedStyle(document.getElementById('latest'), '::before').opacity));
    await new Promise(r => setTimeout(r, 40)); }
  return out; })()"""


async def test_a_new_call_blinks_for_a_few_seconds_then_rests(hall, tmp_path):
    async with Chromium(tmp_path / "profile", size=(1280, 720)) as browser:
        page = browser.page()
        await page.goto(hall.urls["display"])
        await page.wait_for(SNAPSHOT, timeout=20)
        number = await asyncio.to_thread(hallq_call, hall, 4)
        await shown(page, number)
        start = time.monotonic()
        samples = (await page.send("Runtime.evaluate", expression=BLINK, awaitPromise=True,
                                   returnByValue=True))["result"]["value"]
        # on and off, more than once: a blink, not a colour that stays
        turns = sum(1 for a, b in zip(samples, samples[1:], strict=False) if (a > 0.5) != (b > 0.5))
        assert max(samples) == 1 and min(samples) == 0 and turns >= 3, samples
        assert await page.evaluate("document.querySelector('.win.fresh').dataset.window") == "4"
        await page.wait_for("!document.getElementById('latest').classList.contains('fresh')", FRESH_SECONDS + 5)
        assert FRESH_SECONDS - 1 <= time.monotonic() - start <= FRESH_SECONDS + 3
        assert await page.evaluate("document.querySelector('.win.fresh')") is None
        assert await page.evaluate("document.getElementById('latest-number').textContent") == number  # it stays


async def test_the_tv_recovers_by_itself_after_the_host_restarts(hall, tmp_path):
    async with Chromium(tmp_path / "profile", size=(1280, 720)) as browser:
        page = browser.page()
        await page.goto(hall.urls["display"])
        await page.wait_for(SNAPSHOT, timeout=20)
        await page.evaluate("window.sameLoad = true")
        stop_serve(hall.process)
        await page.wait_for("!document.getElementById('status').hidden", timeout=10)
        assert await page.evaluate("document.getElementById('status').textContent") == DT.UNAVAILABLE.text("zh")
        hall.process, _ = await asyncio.to_thread(start_serve, hall.db_path, hall.folder, hall.port)
        await page.wait_for("hallqTv.connects >= 2 && hallqTv.snapshots >= 2", timeout=30)
        await page.wait_for("document.getElementById('status').hidden", timeout=5)
        assert await page.evaluate("window.sameLoad") is True  # recovered in place, no reload needed
        number = await asyncio.to_thread(hallq_call, hall, 7)
        await shown(page, number)
        assert await page.evaluate("document.getElementById('latest-number').textContent") == number
        (tmp_path / "tv-after-restart.png").write_bytes(await page.screenshot())


async def test_the_tv_speaks_each_call_when_it_is_the_speaker(hall, tmp_path):
    async with Chromium(tmp_path / "profile", size=(1280, 720), flags=AUTOPLAY) as browser:
        page = browser.page()
        await page.goto(hall.urls["display_sound"])
        await page.wait_for(SNAPSHOT, timeout=20)
        number = await asyncio.to_thread(hallq_call, hall, 8)
        await shown(page, number)
        event_id = await page.evaluate(f"hallqTv.log.find(e => e.number === {json.dumps(number)}).id")
        await page.wait_for(f"hallqTv.played.some(p => p.id === {event_id})", timeout=60)
        assert await page.evaluate(f"hallqTv.played.find(p => p.id === {event_id}).duration") > 3


async def test_a_browser_that_blocks_sound_asks_for_a_click_in_the_bar(hall, tmp_path):
    async with Chromium(tmp_path / "profile", size=(1920, 1080)) as browser:
        page = browser.page()
        await page.viewport(1920, 1080)
        await page.goto(hall.urls["display_sound"])
        await page.wait_for(SNAPSHOT, timeout=20)
        number = await asyncio.to_thread(hallq_call, hall, 5)
        await shown(page, number)
        await page.wait_for("hallqTv.soundBlocked && !document.getElementById('sound-blocked').hidden", timeout=30)
        assert await page.evaluate("document.getElementById('sound-blocked').textContent") == \
            T.TV_SOUND_BLOCKED.text("zh")
        button, bar = await page.evaluate(rect("#sound-blocked")), await page.evaluate(rect("#bar"))
        assert bar[1] <= button[1] and button[3] <= bar[3]  # in the bar, over none of the hall's figures
        assert await page.evaluate(CUT) == []
        (tmp_path / "tv-sound-blocked.png").write_bytes(await page.screenshot())
        x, y = (button[0] + button[2]) / 2, (button[1] + button[3]) / 2
        for kind in ("mousePressed", "mouseReleased"):
            await page.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
        await page.wait_for("document.getElementById('sound-blocked').hidden && hallqTv.played.length > 0", timeout=60)
