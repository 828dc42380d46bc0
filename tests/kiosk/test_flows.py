"""Pilot tests for every kiosk flow: walk-in, closed services, check-in, priority,
printer faults, idling, language and layout."""
from __future__ import annotations

import asyncio
from datetime import datetime

import pytest
from textual.widgets import Static

from hallq.db.estimate import wait_text
from hallq.kiosk import texts as T
from hallq.kiosk.notice_panel import NoticePanel
from hallq.kiosk.printer_banner import PrinterBanner
from hallq.kiosk.priority_panel import PriorityPanel
from hallq.kiosk.ticket_panel import FAILED, PRINTED, PRINTING, TicketPanel
from hallq.ui.big_label import BigLabel
from hallq.ui.big_text import BigText
from tests.kiosk.conftest import SENIOR_ID, YOUNG_ID, book, settle, type_keys

pytestmark = pytest.mark.slow  # a whole app driven through Pilot


def text_of(app, selector: str) -> str:
    return str(app.query_one(selector, Static).render())


def shown_titles(app) -> list[str]:
    view = app.view
    return [f"{t.digit}:{t.title.text(view.lang)}" if t.digit else t.title.text(view.lang) for t in view.shown_tiles()]


def shown_actions(app) -> list[str]:
    """What the tiles on screen do, in order: "service:A", "checkin", "back", …"""
    return [t.action for t in app.view.shown_tiles()]


def ticket_panel(app) -> TicketPanel:
    return app.query_one(TicketPanel)


def notice(app):
    """The notice on screen: its kind ("closed", "too_early", …) and message (a Text or the engine's answer)."""
    return app.query_one(NoticePanel).notice


# ---------------------------------------------------------------- start screen
async def test_start_shows_the_kiosks_services_then_check_in_and_priority(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.view.panel == "start"
        assert shown_actions(app) == ["service:A", "service:B", "service:C", "service:D", "service:E", "checkin",
                                      "priority"]
        assert shown_titles(app)[:5] == ["1:综合受理", "2:一件事一次办", "3:不动产登记", "4:出件", "5:帮您办"]
        assert [t.digit for t in app.view.shown_tiles()] == [1, 2, 3, 4, 5, 6, 7]
        tile = app.view.shown_tiles()[0]
        assert "General acceptance" in str(tile.render())


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_start_fits_without_scrolling(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        panel = app.query_one("#start")
        assert panel.max_scroll_y == 0 and panel.max_scroll_x == 0
        screen = app.screen.region
        for tile in app.view.shown_tiles():
            region = tile.region
            assert region.height >= 3 and screen.contains_region(region), (tile.action, region)


# ---------------------------------------------------------------- walk-in
async def test_digit_takes_a_ticket_prints_it_and_returns_to_start(make_app, engine, printer):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await settle(pilot)
        assert app.view.panel == "ticket"
        assert app.query_one("#ticket-number", BigText).text == "A001"
        [ticket] = await engine.tickets()
        assert (ticket.number, ticket.service, ticket.kiosk, ticket.state) == ("A001", "A", "K1", "waiting")
        assert [s.number for s in printer.slips] == ["A001"]
        assert ticket_panel(app).print_state == PRINTED and text_of(app, "#ticket-print") == T.PRINTED.text("zh")
        assert app.view.ticket_return.armed and app.view.ticket_return.seconds == 8
        await app.view.ticket_return.fire()
        await pilot.pause()
        assert app.view.panel == "start"


async def test_touch_takes_a_ticket_with_people_ahead_and_wait(make_app, engine, printer):
    await engine.login(9, "c02", "2222")  # a B window is open: the ticket gets an expected wait
    await engine.issue_ticket("B")
    await engine.issue_ticket("B")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.view.shown_tiles()[1].note == T.WAITING(n=2)
        await pilot.click(app.view.shown_tiles()[1])
        await settle(pilot)
        assert app.query_one("#ticket-number", BigText).text == "B003"
        ticket = ticket_panel(app).ticket
        assert ticket.ahead == 2 and ticket.estimate_min
        ahead = T.AHEAD(n=2).text("zh") + "  ·  " + wait_text(ticket).text("zh")
        assert text_of(app, "#ticket-ahead") == ahead
        assert printer.slips[0].people_ahead == 2 and printer.slips[0].service_name == "一件事一次办"
        assert printer.slips[0].wait_line == wait_text(ticket)  # the slip says what the screen says


async def test_the_number_shows_at_once_while_the_printer_works(make_app, engine, printer):
    printer.gate = asyncio.Event()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert app.query_one("#ticket-number", BigText).text == "A001"
        assert ticket_panel(app).print_state == PRINTING and text_of(app, "#ticket-print") == T.PRINTING.text("zh")
        assert len(await engine.tickets()) == 1
        # idling while the slip is printing keeps the ticket on screen
        await app.view.idle.fire()
        assert app.view.panel == "ticket" and app.view.idle.armed
        printer.gate.set()
        await settle(pilot)
        assert ticket_panel(app).print_state == PRINTED
        await app.view.idle.fire()
        assert app.view.panel == "start"


async def test_closed_service_says_why_and_when(make_app, engine, clock):
    clock.set(datetime(2026, 11, 25, 12, 30))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert app.view.panel == "notice" and notice(app).kind == "closed"
        assert (notice(app).message.code, notice(app).message.detail["opens_at"]) == ("hours", "13:30")
        assert text_of(app, "#notice-message") == notice(app).message.text("zh")
        assert app.query_one("#notice-big", BigText).text == "13:30"
        assert await engine.tickets() == []


async def test_service_closed_by_supervisor_and_daily_limit(make_app, engine):
    await engine.set_service_open("B", False, actor="supervisor:s01")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.view.shown_tiles()[1].note == T.CLOSED
        await pilot.press("2")
        await pilot.pause()
        assert notice(app).kind == "closed" and notice(app).message.code == "closed"
        await pilot.press("escape")
        await pilot.pause()
        assert app.view.panel == "start"


async def test_appointment_only_service_offers_check_in(make_app):
    app = make_app(kiosk_id="K9")  # not in the config: every service, F (by appointment) included
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert shown_titles(app)[5] == "6:会商联审"
        await pilot.press("6")
        await pilot.pause()
        assert notice(app).message.code == "appointment_only"
        assert shown_actions(app) == ["checkin", "back"] and app.view.shown_tiles()[0].digit == 1
        await pilot.press("1")
        await pilot.pause()
        assert app.view.panel == "checkin" and app.view.query_one("#checkin-input").has_focus


# ---------------------------------------------------------------- check-in
async def test_a_scanner_checks_in_without_a_touch(make_app, engine, printer):
    await book(engine, "YY1001")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_keys(pilot, "YY1001", enter=True)
        await settle(pilot)
        assert app.view.panel == "ticket"
        [ticket] = await engine.tickets()
        assert ticket.appointment_code == "YY1001" and ticket.lane == 0
        assert printer.slips[0].appointment_code == "YY1001"
        assert ticket_panel(app).note == T.APPOINTMENT_NOTE(slot="09:30-10:00")
        assert text_of(app, "#ticket-note") == T.APPOINTMENT_NOTE(slot="09:30-10:00").text("zh")
        assert app.query_one("#checkin-input").value == ""


async def test_check_in_by_id_number_and_phone(make_app, engine, printer):
    await book(engine, "YY1002", id_number=YOUNG_ID)
    await book(engine, "YY1003", service="B", phone="13812345678")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        await type_keys(pilot, YOUNG_ID, enter=True)
        await settle(pilot)
        assert app.query_one("#ticket-number", BigText).text == "A001"
        await pilot.press("escape", "6")
        await pilot.pause()
        await type_keys(pilot, "13812345678")
        await pilot.click("#checkin-submit")
        await settle(pilot)
        assert app.query_one("#ticket-number", BigText).text == "B001"


async def test_check_in_by_a_phone_with_the_country_code(make_app, engine, printer):
    # the booking was imported with "0086-13812345678"; the citizen types "+86 138 1234 5678"
    await book(engine, "YY1004", service="B", phone="0086-13812345678")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        await type_keys(pilot, "+86 138 1234 5678", enter=True)
        await settle(pilot)
        assert app.view.panel == "ticket" and app.query_one("#ticket-number", BigText).text == "B001"
        assert printer.slips[0].number == "B001"


async def test_too_early_says_when_to_come_back(make_app, engine):
    await book(engine, "YY2001", start="2026-11-25 11:00", end="2026-11-25 11:30")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_keys(pilot, "YY2001", enter=True)
        await settle(pilot)
        assert app.view.panel == "notice" and notice(app).kind == "too_early"
        assert notice(app).message.outcome == "too_early"
        assert app.query_one("#notice-big", BigText).text == "10:45"
        assert "10:45" in text_of(app, "#notice-message")
        assert await engine.tickets() == []


async def test_too_late_offers_a_walk_in_ticket(make_app, engine, printer):
    await book(engine, "YY2002", service="C", start="2026-11-25 08:30", end="2026-11-25 09:00")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_keys(pilot, "YY2002", enter=True)
        await settle(pilot)
        assert notice(app).kind == "too_late"
        assert shown_actions(app)[0] == "service:C" and app.view.shown_tiles()[0].digit == 1
        await pilot.press("1")
        await settle(pilot)
        [ticket] = await engine.tickets()
        assert ticket.number == "C001" and ticket.appointment_code is None
        assert printer.slips[0].number == "C001"


@pytest.mark.parametrize("typed, outcome", [("NOSUCH1", "unknown"),
                                            (YOUNG_ID[:17] + ("0" if YOUNG_ID[-1] != "0" else "1"), "invalid")])
async def test_unknown_or_invalid_offers_to_try_again(make_app, engine, typed, outcome):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        await type_keys(pilot, typed, enter=True)
        await settle(pilot)
        assert notice(app).kind == notice(app).message.outcome == outcome
        assert shown_actions(app) == ["checkin", "back"]
        await pilot.press("1")
        await pilot.pause()
        assert app.view.panel == "checkin" and app.query_one("#checkin-input").value == ""


async def test_already_checked_in_offers_a_reprint(make_app, engine, printer):
    await book(engine, "YY3001")
    await engine.check_in("YY3001")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_keys(pilot, "YY3001", enter=True)
        await settle(pilot)
        assert notice(app).kind == "already" and shown_actions(app) == ["reprint:A001", "back"]
        assert app.query_one("#notice-big", BigText).text == "A001"
        await pilot.press("1")
        await settle(pilot)
        assert app.view.panel == "ticket"
        assert printer.slips[-1].number == "A001" and printer.slips[-1].reprint
        assert ticket_panel(app).reprint and ticket_panel(app).print_state == PRINTED
        assert text_of(app, "#ticket-print") == T.REPRINTED.text("zh")
        assert len(await engine.tickets()) == 1


# ---------------------------------------------------------------- priority
async def test_sixty_plus_is_recognised_from_the_id_number(make_app, engine, printer):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("7")
        await pilot.pause()
        assert app.query_one("#priority-input").has_focus
        await type_keys(pilot, SENIOR_ID, enter=True)
        await pilot.pause()
        panel = app.query_one(PriorityPanel)
        assert (panel.step, panel.priority) == ("priority-service", "elderly")
        assert app.query_one("#priority-input").value == ""
        await pilot.press("2")
        await settle(pilot)
        [ticket] = await engine.tickets()
        assert (ticket.service, ticket.priority) == ("B", "elderly")
        assert printer.slips[0].priority_reason == "老年人"  # the hall's label, in the slip's language
        assert ticket_panel(app).note == T.ELDERLY_NOTE


async def test_under_sixty_picks_a_reason_a_clerk_verifies(make_app, engine, printer):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("7")
        await pilot.pause()
        await type_keys(pilot, YOUNG_ID, enter=True)
        await pilot.pause()
        panel = app.query_one(PriorityPanel)
        assert (panel.step, panel.under_age) == ("priority-reason", True)
        assert text_of(app, "#priority-reason-prompt").startswith(T.PRIORITY_UNDER_AGE(age=60).text("zh"))
        reasons = ["priority-reason:military", "priority-reason:pregnant", "priority-reason:disabled"]
        assert shown_actions(app) == [*reasons, "back"]
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("1")
        await settle(pilot)
        [ticket] = await engine.tickets()
        assert (ticket.number, ticket.priority, ticket.lane) == ("A001", "military", 1)
        assert printer.slips[0].priority_reason == "军人"
        assert text_of(app, "#ticket-note") == T.PRIORITY_NOTE(reason="军人").text("zh")  # a clerk verifies it


async def test_priority_without_an_id_and_a_bad_id(make_app, engine):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("7")
        await pilot.pause()
        bad_check = YOUNG_ID[:17] + ("0" if YOUNG_ID[-1] != "0" else "1")
        await type_keys(pilot, bad_check, enter=True)
        await pilot.pause()
        assert app.query_one("#priority-error").display and text_of(app, "#priority-error") == T.BAD_ID.text("zh")
        await pilot.click(app.view.shown_tiles()[0])  # 其他优先原因
        await pilot.pause()
        await pilot.click(app.view.shown_tiles()[1])  # 孕妇
        await pilot.pause()
        await pilot.click(app.view.shown_tiles()[3])  # 出件
        await settle(pilot)
        [ticket] = await engine.tickets()
        assert (ticket.service, ticket.priority) == ("D", "pregnant")


# ---------------------------------------------------------------- printer faults
async def test_paper_out_keeps_the_number_on_screen_and_a_banner_until_fixed(make_app, engine, printer):
    printer.fault = "paper_end"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await settle(pilot)
        assert app.query_one("#ticket-number", BigText).text == "A001"
        assert ticket_panel(app).print_state == FAILED and app.view.last_print.reason == "paper_end"
        printed = text_of(app, "#ticket-print")
        assert app.view.last_print.citizen_message("zh") in printed and T.NOTE_NUMBER.text("zh") in printed
        banner = app.query_one(PrinterBanner)
        assert banner.display and app.view.fault.reason == "paper_end"
        assert app.view.fault.citizen_message("zh") in str(banner.render())
        assert not app.view.ticket_return.armed  # stays until the citizen is done or idles
        [device] = await engine.devices()
        assert (device.id, device.ok) == ("kiosk:K1", False) and "paper end" in device.problem
        assert len(await engine.tickets()) == 1
        # the banner stays on the start screen, and tickets can still be taken
        await app.view.idle.fire()
        await pilot.press("2")
        await settle(pilot)
        assert app.query_one("#ticket-number", BigText).text == "B001"
        assert banner.display
        # staff load paper; the status poll sees it; the citizen reprints
        printer.fault = None
        await app.view.check_printer()
        await pilot.pause()
        assert not banner.display
        assert (await engine.devices())[0].ok
        await pilot.click("#ticket-reprint")
        await settle(pilot)
        assert [s.number for s in printer.slips] == ["B001"] and printer.slips[0].reprint


async def test_a_printer_already_broken_at_start_shows_the_banner(make_app, engine, printer):
    printer.fault = "unreachable"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.query_one(PrinterBanner).display and app.view.fault.reason == "unreachable"
        assert app.view.fault.citizen_message("zh") in str(app.query_one(PrinterBanner).render())
        assert not (await engine.devices())[0].ok


# ---------------------------------------------------------------- idling, language
async def test_idle_returns_to_start_and_forgets_what_was_typed(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        await type_keys(pilot, "1381234")
        assert app.view.idle.armed and app.view.idle.seconds == 30
        await app.view.idle.fire()
        await pilot.pause()
        assert app.view.panel == "start" and app.query_one("#checkin-input").value == ""
        await pilot.press("7")
        await pilot.pause()
        await type_keys(pilot, "1101")
        await app.view.idle.fire()
        await pilot.pause()
        assert app.view.panel == "start" and app.query_one("#priority-input").value == ""


async def test_english_toggle_and_back_to_chinese_for_the_next_citizen(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#lang-toggle")
        await pilot.pause()
        assert app.view.lang == "en"
        assert shown_titles(app)[0] == "1:General acceptance"
        assert app.query_one("#welcome", BigLabel).text == T.WELCOME.text("en")
        await pilot.press("1")
        await settle(pilot)
        assert text_of(app, "#ticket-print") == T.PRINTED.text("en")
        await app.view.ticket_return.fire()
        await pilot.pause()
        assert app.view.lang == "zh" and shown_titles(app)[0] == "1:综合受理"
        await pilot.press("f2")
        assert app.view.lang == "en"


async def test_english_by_default_from_the_command_line(make_app):
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.view.lang == "en" and shown_titles(app)[5] == "6:" + T.CHECK_IN_TILE.text("en")
