"""The kiosk as a portrait touch screen without a keyboard: the size of a 1080×1920 browser
kiosk, every input by the on-screen keypad, names drawn big enough to read.

textual-serve draws a cell of 9.6 × 21 px (16 px Roboto Mono, measured in headless
Chromium: tests/web/test_kiosk_browser.py checks it), so a 1080×1920 page is a terminal of
112 × 91 cells, and a drawn line of N pixel rows is ceil(N / 2) × 21 px high.
"""
from __future__ import annotations

import math

import pytest

from hallq.db.config import demo_text, parse_config
from hallq.kiosk.keypad import BACKSPACE, CLEAR, CONFIRM, LETTERS, KeyCap, Keypad
from hallq.kiosk.priority_panel import PriorityPanel
from hallq.kiosk.start_panel import TileGrid
from hallq.kiosk.tile import Tile
from hallq.ui import pixel_text
from hallq.ui.big_text import BigText
from tests.kiosk.conftest import SENIOR_ID, YOUNG_ID, book, make_id, settle
from tests.pilot import touch, until

pytestmark = pytest.mark.slow  # a whole app driven through Pilot

PORTRAIT = (112, 91)  # a 1080×1920 browser kiosk, in cells
CELL_PX = (9.6, 21)   # a cell of textual-serve's terminal, in CSS pixels


def px_high(tile: Tile) -> float:
    """How tall the tile's name is in the browser, CSS pixels (0: plain text, one line of 16 px)."""
    size = tile.drawn_size
    if size is None:
        return 0
    _, rows = pixel_text.measure(tile.heading, size)
    return math.ceil(rows / 2) * CELL_PX[1]


def key(app, keypad_id: str, name: str) -> KeyCap:
    return next(k for k in app.query_one(f"#{keypad_id}", Keypad).query(KeyCap) if k.key == name and k.display
                and k.parent.display)


async def tap_keys(pilot, keypad_id: str, text: str) -> None:
    """Type `text` on the on-screen keypad, one touch per character."""
    for ch in text:
        await touch(pilot, key(pilot.app, keypad_id, ch))


def tile(app, action: str) -> Tile:
    return next(t for t in app.view.shown_tiles() if t.action == action)


# ---------------------------------------------------------------- layout
async def test_portrait_start_draws_every_name_at_least_40_px_high(make_app):
    app = make_app()
    async with app.run_test(size=PORTRAIT) as pilot:
        await settle(pilot)
        assert app.view.has_class("-portrait")
        assert app.query_one("#start-tiles", TileGrid).columns == 1
        tiles = app.view.shown_tiles()
        assert [t.action for t in tiles][:5] == ["service:A", "service:B", "service:C", "service:D", "service:E"]
        heights = [px_high(t) for t in tiles]
        assert min(heights) >= 40, heights
        assert len({t.drawn_size for t in tiles}) == 1  # one size for the whole column
        panel = app.query_one("#start")
        assert panel.max_scroll_y == 0
        for t in tiles:
            assert app.screen.region.contains_region(t.region)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_small_terminal_keeps_plain_names_and_the_keypad_beside_the_field(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert not app.view.has_class("-portrait")
        if size == (80, 24):
            assert all(t.drawn_size is None for t in app.view.shown_tiles())
        await touch(pilot, tile(app, "checkin"))
        keypad = app.query_one("#checkin-keypad", Keypad)
        field = app.query_one("#checkin-input")
        assert keypad.region.x > field.region.x and keypad.region.y <= field.region.y  # beside, not under
        assert app.screen.region.contains_region(keypad.region)
        assert app.query_one("#checkin").max_scroll_y == 0


# ---------------------------------------------------------------- check-in by touch alone
async def test_check_in_by_code_with_letters_by_touch(make_app, engine, printer):
    await book(engine, "DEMO251")
    app = make_app()
    async with app.run_test(size=PORTRAIT) as pilot:
        await settle(pilot)
        await touch(pilot, tile(app, "checkin"))
        assert app.view.panel == "checkin"
        keypad = app.query_one("#checkin-keypad", Keypad)
        assert keypad.both  # a portrait screen shows letters and digits at once
        await tap_keys(pilot, "checkin-keypad", "DEMO25")
        await tap_keys(pilot, "checkin-keypad", "9")
        await touch(pilot, key(app, "checkin-keypad", BACKSPACE))  # a slip of the finger, taken back
        await tap_keys(pilot, "checkin-keypad", "1")
        assert app.query_one("#checkin-input").value == "DEMO251"
        assert app.query_one("#checkin-echo", BigText).text == "DEMO251"
        await touch(pilot, key(app, "checkin-keypad", CONFIRM))
        await settle(pilot)
        assert app.view.panel == "ticket"
        [ticket] = await engine.tickets()
        assert ticket.appointment_code == "DEMO251" and printer.slips[0].number == ticket.number


async def test_check_in_by_id_number_ending_in_x_by_touch(make_app, engine):
    id_number = next(i for i in (make_id(f"11010519850101{n:03d}") for n in range(100, 200)) if i.endswith("X"))
    await book(engine, "YY5001", service="C", id_number=id_number)
    app = make_app()
    async with app.run_test(size=PORTRAIT) as pilot:
        await settle(pilot)
        await touch(pilot, tile(app, "checkin"))
        await tap_keys(pilot, "checkin-keypad", "123")
        await touch(pilot, key(app, "checkin-keypad", CLEAR))
        assert app.query_one("#checkin-input").value == ""
        await tap_keys(pilot, "checkin-keypad", id_number)
        await touch(pilot, key(app, "checkin-keypad", CONFIRM))
        await settle(pilot)
        [ticket] = await engine.tickets()
        assert ticket.number == "C001" and ticket.appointment_code == "YY5001"


async def test_check_in_by_phone_by_touch_while_a_keyboard_still_types(make_app, engine):
    await book(engine, "YY5002", service="B", phone="13812345678")
    app = make_app()
    async with app.run_test(size=PORTRAIT) as pilot:
        await settle(pilot)
        await touch(pilot, tile(app, "checkin"))
        await tap_keys(pilot, "checkin-keypad", "138")
        assert app.query_one("#checkin-input").has_focus  # the keys never take the focus
        await pilot.press("1", "2", "3", "4")  # a keyboard at the same time
        await tap_keys(pilot, "checkin-keypad", "5678")
        assert app.query_one("#checkin-input").value == "13812345678"
        await touch(pilot, app.query_one("#checkin-submit"))  # the big 签到 tile does the same
        await settle(pilot)
        [ticket] = await engine.tickets()
        assert ticket.number == "B001"


async def test_letters_only_where_the_halls_codes_have_them(make_app, engine):
    text = demo_text().replace("code_letters = true", "code_letters = false")
    await engine.load_config(parse_config(text), text)
    app = make_app()
    async with app.run_test(size=PORTRAIT) as pilot:
        await settle(pilot)
        await touch(pilot, tile(app, "checkin"))
        keypad = app.query_one("#checkin-keypad", Keypad)
        assert not keypad.letters and not keypad.query_one(".keys-letters").display
        assert [k.key for k in keypad.query(KeyCap) if k.parent.display and k.display] == [
            *"123456789", "X", "0", BACKSPACE, CLEAR, CONFIRM]


async def test_letters_behind_a_key_when_the_screen_is_small(make_app, engine):
    await book(engine, "AB12")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await touch(pilot, tile(app, "checkin"))
        keypad = app.query_one("#checkin-keypad", Keypad)
        assert not keypad.both and not keypad.query_one(".keys-letters").display
        await touch(pilot, key(app, "checkin-keypad", LETTERS))
        await tap_keys(pilot, "checkin-keypad", "AB")
        await touch(pilot, key(app, "checkin-keypad", "digits"))
        await tap_keys(pilot, "checkin-keypad", "12")
        await touch(pilot, key(app, "checkin-keypad", CONFIRM))
        await settle(pilot)
        [ticket] = await engine.tickets()
        assert ticket.appointment_code == "AB12"


# ---------------------------------------------------------------- the priority lane by touch
async def test_priority_by_id_number_by_touch(make_app, engine):
    app = make_app()
    async with app.run_test(size=PORTRAIT) as pilot:
        await settle(pilot)
        await touch(pilot, tile(app, "priority"))
        assert not app.query_one("#priority-keypad", Keypad).letters
        await tap_keys(pilot, "priority-keypad", SENIOR_ID)
        await touch(pilot, key(app, "priority-keypad", CONFIRM))
        panel = app.query_one(PriorityPanel)
        await until(pilot, lambda: panel.step == "priority-service")
        await touch(pilot, tile(app, "priority-service:C"))
        await settle(pilot)
        [ticket] = await engine.tickets()
        assert (ticket.service, ticket.priority) == ("C", "elderly")


async def test_priority_by_a_reason_by_touch(make_app, engine):
    app = make_app()
    async with app.run_test(size=PORTRAIT) as pilot:
        await settle(pilot)
        await touch(pilot, tile(app, "priority"))
        await tap_keys(pilot, "priority-keypad", YOUNG_ID)
        await touch(pilot, key(app, "priority-keypad", CONFIRM))
        panel = app.query_one(PriorityPanel)
        await until(pilot, lambda: panel.step == "priority-reason")
        assert panel.under_age
        await touch(pilot, tile(app, "priority-reason:pregnant"))
        await touch(pilot, tile(app, "priority-service:A"))
        await settle(pilot)
        [ticket] = await engine.tickets()
        assert (ticket.service, ticket.priority, ticket.lane) == ("A", "pregnant", 1)


async def test_priority_age_and_reasons_come_from_the_hall(make_app, engine, printer):
    """A hall with the green channel from 75 and a reason of its own: a 76-year-old gets it
    from the ID number, the reasons listed are the hall's."""
    text = demo_text().replace("age = 60", "age = 75").replace(
        'key = "disabled"\nname = "残疾人"\nname_en = "Disability"',
        'key = "veteran"\nname = "退役军人"\nname_en = "Veteran"')
    await engine.load_config(parse_config(text), text)
    sixty_eight = make_id("11010519580101002")
    app = make_app()
    async with app.run_test(size=PORTRAIT) as pilot:
        await settle(pilot)
        assert "退役军人" in tile(app, "priority").note.text("zh")
        await touch(pilot, tile(app, "priority"))
        await tap_keys(pilot, "priority-keypad", sixty_eight)
        await touch(pilot, key(app, "priority-keypad", CONFIRM))
        panel = app.query_one(PriorityPanel)
        await until(pilot, lambda: panel.step == "priority-reason")  # 68 is under this hall's 75
        assert [t.action for t in app.view.shown_tiles()][:3] == [
            "priority-reason:military", "priority-reason:pregnant", "priority-reason:veteran"]
        await touch(pilot, tile(app, "priority-reason:veteran"))
        await touch(pilot, tile(app, "priority-service:B"))
        await settle(pilot)
        [ticket] = await engine.tickets()
        assert ticket.priority == "veteran" and printer.slips[0].priority_reason == "退役军人"
        # and the seventy-six-year-old
        await app.view.ticket_return.fire()
        await pilot.pause()
        assert app.view.panel == "start"
        await touch(pilot, tile(app, "priority"))
        await tap_keys(pilot, "priority-keypad", SENIOR_ID)
        await touch(pilot, key(app, "priority-keypad", CONFIRM))
        await until(pilot, lambda: panel.step == "priority-service" and panel.priority == "elderly")


# ---------------------------------------------------------------- "your turn is near"
async def test_a_number_for_text_reminders_by_touch(make_app, engine):
    for _ in range(5):
        await engine.issue_ticket("A")
    app = make_app()
    async with app.run_test(size=PORTRAIT) as pilot:
        await settle(pilot)
        await touch(pilot, tile(app, "service:A"))
        await settle(pilot)
        assert app.view.panel == "ticket"
        await touch(pilot, tile(app, "notify"))
        assert app.view.panel == "notify"
        keypad = app.query_one("#notify-keypad", Keypad)
        assert not keypad.letters and "X" not in [k.key for k in keypad.query(KeyCap) if k.display and k.parent.display]
        assert str(keypad.query_one(".blank").render()).strip() == ""  # the X key's place stays empty
        await tap_keys(pilot, "notify-keypad", "1381234567")
        await touch(pilot, key(app, "notify-keypad", CONFIRM))
        await pilot.pause()
        assert app.query_one("#notify-error").display  # ten digits: not a mobile number
        assert app.view.panel == "notify"
        assert app.query_one("#notify-input").value == ""  # a refused number is not kept either
        await tap_keys(pilot, "notify-keypad", "13812345678")
        await touch(pilot, key(app, "notify-keypad", CONFIRM))
        await until(pilot, lambda: app.view.panel == "ticket")
        ticket = (await engine.tickets())[-1]
        assert await engine.notify_masked(ticket.id) == "138****5678"
        note = str(app.query_one("#ticket-note").render())
        assert "138****5678" in note and "13812345678" not in note
        assert "notify" not in [t.action for t in app.view.shown_tiles()]  # given once


async def test_a_check_in_by_phone_offers_that_number(make_app, engine):
    await book(engine, "YY5003", service="B", phone="13812345678")
    app = make_app()
    async with app.run_test(size=PORTRAIT) as pilot:
        await settle(pilot)
        await touch(pilot, tile(app, "checkin"))
        await tap_keys(pilot, "checkin-keypad", "13812345678")
        await touch(pilot, key(app, "checkin-keypad", CONFIRM))
        await until(pilot, lambda: app.view.panel == "ticket")
        await touch(pilot, tile(app, "notify"))
        assert app.query_one("#notify-input").value == "13812345678"
        await touch(pilot, tile(app, "notify-submit"))
        await until(pilot, lambda: app.view.panel == "ticket")
        [ticket] = await engine.tickets()
        assert await engine.notify_masked(ticket.id) == "138****5678"


async def test_no_reminder_tile_where_the_hall_sends_none(make_app, engine):
    text = demo_text().replace('channel = "webhook"', 'channel = "none"')
    await engine.load_config(parse_config(text), text)
    app = make_app()
    async with app.run_test(size=PORTRAIT) as pilot:
        await settle(pilot)
        await touch(pilot, tile(app, "service:A"))
        await settle(pilot)
        assert "notify" not in [t.action for t in app.view.shown_tiles()]
