"""SVG snapshots of the start, ticket and printer-fault screens, in Chinese and English."""
from __future__ import annotations

import asyncio

import pytest

from hallq.db.clock import VirtualClock
from hallq.db.config import demo_text, load_demo
from hallq.db.engine import HallEngine
from tests.kiosk.conftest import MORNING, FakePrinter, KioskOnFile, settle
from tests.pilot import until

pytestmark = pytest.mark.slow  # a whole app driven through Pilot


@pytest.fixture
def hall_file(tmp_path):
    path = tmp_path / "hall.db"

    async def prepare():
        engine = await HallEngine.open(path, VirtualClock(MORNING))
        await engine.load_config(load_demo(), demo_text())
        await engine.login(1, "c01", "1111")  # an A window is open, so a ticket gets its expected wait
        for prefix in "AAB":
            await engine.issue_ticket(prefix)
        await engine.close()

    asyncio.run(prepare())
    return path


async def take_ticket(pilot):
    await settle(pilot)
    await pilot.press("1")
    await settle(pilot)


async def ready(pilot):
    await settle(pilot)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_start_screen(snap_compare, hall_file, lang):
    assert snap_compare(KioskOnFile(hall_file, FakePrinter(), lang=lang), terminal_size=(80, 24), run_before=ready)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ticket_screen(snap_compare, hall_file, lang):
    assert snap_compare(KioskOnFile(hall_file, FakePrinter(), lang=lang), terminal_size=(80, 24),
                        run_before=take_ticket)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printer_fault_screen(snap_compare, hall_file, lang):
    printer = FakePrinter()
    printer.fault = "paper_end"
    assert snap_compare(KioskOnFile(hall_file, printer, lang=lang), terminal_size=(80, 24), run_before=take_ticket)


def test_start_screen_large(snap_compare, hall_file):
    assert snap_compare(KioskOnFile(hall_file, FakePrinter()), terminal_size=(200, 60), run_before=ready)


#: a 1080×1920 browser kiosk in textual-serve's cells (tests/kiosk/test_touch.py)
PORTRAIT = (112, 91)


def test_start_screen_portrait(snap_compare, hall_file):
    """The touch kiosk's start screen: one column of service names drawn big."""
    async def portrait_ready(pilot):
        await settle(pilot)
        await until(pilot, lambda: pilot.app.query_one("#start-tiles").columns == 1
                    and all(t.drawn_size for t in pilot.app.view.shown_tiles()))
        await settle(pilot)

    assert snap_compare(KioskOnFile(hall_file, FakePrinter()), terminal_size=PORTRAIT, run_before=portrait_ready)


async def open_checkin(pilot):
    await settle(pilot)
    await pilot.press("6")  # the check-in tile (five services, then check-in)
    await settle(pilot)
    pilot.app.query_one("#checkin-input").cursor_blink = False  # a blinking cursor would make it flaky
    keypad = pilot.app.query_one("#checkin-keypad")
    # the keypad lays itself out for its size once it has one (letters beside the digits)
    await until(pilot, lambda: keypad.both and keypad.query_one(".keys-letters").display
                and pilot.app.query_one("#checkin-title").drawn)
    await settle(pilot)


def test_checkin_screen_portrait(snap_compare, hall_file):
    """Check-in on the touch kiosk: the field, its echo in block letters, the keypad under it."""
    assert snap_compare(KioskOnFile(hall_file, FakePrinter()), terminal_size=PORTRAIT, run_before=open_checkin)
