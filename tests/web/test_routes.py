"""Every route of `hallq serve` through aiohttp's test client, token refusals included."""
from __future__ import annotations

import asyncio
import json
import re

import aiohttp
import pytest

from hallq.db import ratings
from hallq.db.booking_files import read_file
from hallq.db.errors import Refused
from hallq.db.estimate import wait_text
from hallq.db.models import ImportReport
from hallq.db.vocabulary import EventKind
from hallq.kiosk import texts as kiosk_texts
from hallq.web import texts as T
from tests.db.bookings import HEADER_ZH, ROWS_ZH, assert_imported, check_in_each_way, csv_text
from tests.web.conftest import TOKENS

BOOKING = dict(code="MSB-0001", name="张三", id_number="11010519491231002X", phone="13800138000",
               service="A", slot_start="2026-11-25 09:30", slot_end="2026-11-25 10:00")
API = {"Authorization": "Bearer api-secret"}


def line(text, lang: str = "zh") -> str:
    """A status line of the page, as the template writes it."""
    return f'<p class="line">{text.text(lang)}</p>'


def heading(text, lang: str = "zh") -> str:
    """The title of a message page (404, 403), as the template writes it."""
    return f"<h1>{text.text(lang)}</h1>"


# ---------------------------------------------------------------- plain pages

async def test_index_and_health(client):
    page = await client.get("/")
    assert page.status == 200 and "杭锦旗政务服务中心" in await page.text()
    assert "token" not in await page.text()
    assert await (await client.get("/healthz")).json() == {"ok": True}
    missing = await client.get("/no/such/page")
    assert missing.status == 404 and heading(T.NO_PAGE_TITLE) in await missing.text()


async def test_static_assets_are_local(client):
    page = await client.get("/kiosk/K1", params={"token": "kiosk1-secret"})
    html = await page.text()
    assert "http://" not in html.replace("ws://", "") and "https://" not in html  # nothing from the internet
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        assert (await client.get(asset)).status == 200, asset
    css = await (await client.get("/static/terminal.css")).text()
    assert "/static/ts/fonts/RobotoMono" in css


# ---------------------------------------------------------------- the status page

async def test_status_page_of_a_waiting_ticket(client, engine):
    await engine.login(3, "c01", "1111")
    first = await engine.issue_ticket("A")
    second = await engine.issue_ticket("A")
    page = await client.get(f"/t/{second.token}")
    html = await page.text()
    assert page.status == 200
    assert 'id="number">A002<' in html and '<main class="card state-waiting">' in html
    waiting = await engine.ticket("A002")
    assert line(T.AHEAD(n=1)) in html and line(wait_text(waiting)) in html
    assert '<meta http-equiv="refresh" content="10">' in html
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    assert 'name="viewport"' in html
    assert first.token not in html

    english = await (await client.get(f"/t/{second.token}", params={"lang": "en"})).text()
    assert '<html lang="en">' in english and second.state_label("en") in english
    assert line(T.AHEAD(n=1), "en") in english and line(wait_text(waiting), "en") in english


async def test_status_page_says_we_will_text_when_a_number_was_given(client, engine):
    ticket = await engine.issue_ticket("A")
    html = await (await client.get(f"/t/{ticket.token}")).text()
    assert T.WE_WILL_TEXT.text("zh").split("{")[0] not in html  # no number given: nothing said
    await engine.subscribe(ticket.id, "13812345678")
    html = await (await client.get(f"/t/{ticket.token}")).text()
    assert line(T.WE_WILL_TEXT(phone="138****5678", n=3)) in html and "13812345678" not in html


async def test_status_page_keeps_the_place_while_no_window_serves(client, engine, clock):
    clock.set(clock.now().replace(hour=6, minute=40))  # before the hall opens: no window open
    await engine.issue_ticket("A")
    second = await engine.issue_ticket("A")
    html = await (await client.get(f"/t/{second.token}")).text()
    waiting = await engine.ticket("A002")
    assert waiting.no_window
    assert line(T.AHEAD(n=1)) in html and line(wait_text(waiting)) in html


async def test_status_page_follows_the_ticket(client, engine):
    await engine.login(3, "c01", "1111")
    ticket = await engine.issue_ticket("A")
    assert line(T.AHEAD_NONE) in await (await client.get(f"/t/{ticket.token}")).text()
    await engine.call_next(3, "clerk:c01")
    called = await (await client.get(f"/t/{ticket.token}")).text()
    assert "state-called" in called and line(T.GO_TO(window="综合窗口3")) in called  # the window by its name
    english = await (await client.get(f"/t/{ticket.token}?lang=en")).text()
    assert line(T.GO_TO(window=T.WINDOW(number=3)), "en") in english
    await engine.start(3, "clerk:c01")
    assert line(T.SERVED_AT(window="综合窗口3")) in await (await client.get(f"/t/{ticket.token}")).text()
    await engine.finish(3, "clerk:c01")
    done = await (await client.get(f"/t/{ticket.token}")).text()
    assert "state-done" in done and line(T.DONE) in done and "http-equiv" not in done  # no more refreshing


async def test_a_finished_ticket_is_rated_once_on_its_status_page(client, engine):
    waiting = await engine.issue_ticket("A")
    assert '<form class="rate"' not in await (await client.get(f"/t/{waiting.token}")).text()
    await engine.call_next(3)
    await engine.finish(3)
    page = await (await client.get(f"/t/{waiting.token}")).text()
    assert '<form class="rate"' in page and T.RATE_TITLE.text("zh") in page and 'name="level"' in page
    no_reason = await client.post(f"/t/{waiting.token}/rate", data={"level": "2"})
    with pytest.raises(Refused) as refused:  # what the engine answers (a refusal changes nothing)
        await ratings.rate(engine, waiting.id, 2, channel="status_page")
    assert refused.value.code == "reason_needed"
    assert no_reason.status == 400 and f'id="error">{refused.value.text("zh")}<' in await no_reason.text()
    assert await ratings.rating_of(engine, waiting.id) is None
    sent = await client.post(f"/t/{waiting.token}/rate?lang=en",
                             data={"level": "2", "reason": "long_wait", "text": "等了很久"}, allow_redirects=False)
    assert sent.status == 303 and sent.headers["Location"] == f"/t/{waiting.token}?lang=en"
    thanked = await (await client.get(sent.headers["Location"])).text()
    assert f'id="rated">{T.RATED(level=ratings.level_label(2, "en")).text("en")}<' in thanked
    assert 'name="level"' not in thanked
    rating = await ratings.rating_of(engine, waiting.id)
    assert (rating.level, rating.channel, rating.reason) == (2, "status_page", "long_wait") and rating.followup_id
    again = await client.post(f"/t/{waiting.token}/rate", data={"level": "5"})
    assert again.status == 400 and (await ratings.rating_of(engine, waiting.id)).level == 2


async def test_status_page_shows_nothing_personal(client, engine):
    report = await engine.import_appointments([BOOKING])
    assert report.imported == 1
    check_in = await engine.check_in("MSB-0001", kiosk="K1")
    assert check_in.ok
    html = await (await client.get(f"/t/{check_in.ticket.token}")).text()
    assert check_in.ticket.number in html
    for secret in ("张三", "MSB-0001", "1101", "1002X", "138", "5678", "8000"):
        assert secret not in html, secret


@pytest.mark.parametrize("token", ["no-such-ticket-token", "A001", "x" * 200, "..%2F..%2Fetc"])
async def test_status_page_of_an_unknown_token_is_404(client, engine, token):
    await engine.issue_ticket("A")
    page = await client.get(f"/t/{token}")
    assert page.status == 404
    assert heading(T.NOT_FOUND_TITLE) in await page.text()


# ---------------------------------------------------------------- terminal pages and tokens

TERMINALS = [("/kiosk/K1", "kiosk1-secret"), ("/kiosk/K2", "kiosk2-secret"),
             ("/counter/3", "window3-secret"), ("/counter/15", "window15-secret"),
             ("/display/terminal", "display-secret")]


@pytest.mark.parametrize("path,token", TERMINALS)
async def test_terminal_page_opens_with_its_own_token(client, path, token):
    page = await client.get(path, params={"token": token})
    html = await page.text()
    assert page.status == 200
    assert f'data-session-websocket-url="ws://127.0.0.1:{client.port}{path}/ws/{token}/zh"' in html
    assert "/static/ts/js/textual.js" in html and "/static/terminal.js" in html
    assert page.headers["Referrer-Policy"] == "no-referrer"


async def test_terminal_pages_refuse_a_missing_or_wrong_token(client):
    for path, token in TERMINALS:
        for given in (None, "", "wrong", token + "X", token[:-1], token.upper(), "api-secret"):
            page = await client.get(path, params={} if given is None else {"token": given})
            assert page.status == 403, (path, given)
            assert heading(T.FORBIDDEN_TITLE) in await page.text()


async def test_one_terminal_token_does_not_open_another(client):
    assert (await client.get("/kiosk/K2", params={"token": "kiosk1-secret"})).status == 403
    assert (await client.get("/counter/4", params={"token": "window3-secret"})).status == 403
    assert (await client.get("/display/terminal", params={"token": "window3-secret"})).status == 403
    assert (await client.get("/display", params={"token": "window3-secret"})).status == 403


@pytest.mark.parametrize("path", ["/kiosk/K9", "/counter/99", "/counter/x", "/counter/-1"])
async def test_unknown_terminal_is_404(client, path):
    page = await client.get(path, params={"token": "anything"})
    assert page.status == 404 and heading(T.NO_TERMINAL_TITLE) in await page.text()


async def test_terminal_page_in_english(client):
    html = await (await client.get("/display/terminal", params={"token": "display-secret", "lang": "en"})).text()
    assert f"<title>{T.DISPLAY_TITLE.text('en')}</title>" in html and "/ws/display-secret/en" in html


@pytest.mark.parametrize("path", ["/kiosk/K1/ws/wrong/zh", "/counter/3/ws/window4-secret/zh",
                                  "/display/terminal/ws/x/zh", "/kiosk/K2/ws/kiosk1-secret/zh"])
async def test_terminal_websocket_refuses_a_wrong_token(client, path):
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect(path)
    assert refused.value.status == 403


@pytest.mark.slow  # a kiosk app process under the web driver
async def test_kiosk_session_runs_the_app_and_ends_with_the_socket(client):
    """The right token starts `hallq kiosk` under Textual's web driver and streams its screen."""
    socket = await client.ws_connect("/kiosk/K1/ws/kiosk1-secret/zh?width=100&height=30")
    received = b""
    welcome = kiosk_texts.WELCOME.text("zh").encode()  # the kiosk's start screen
    async with asyncio.timeout(15):
        while welcome not in received:
            msg = await socket.receive()
            assert msg.type == aiohttp.WSMsgType.BINARY, msg
            received += msg.data
        await socket.send_json(["ping", "42"])
        while (msg := await socket.receive()).type == aiohttp.WSMsgType.BINARY:
            pass
        assert json.loads(msg.data) == ["pong", "42"]
    await socket.close()


# ---------------------------------------------------------------- the API

async def test_api_refuses_without_the_bearer_token(client):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic api-secret"},
                    {"Authorization": "Bearer display-secret"}, {"Authorization": "api-secret"}):
        reply = await client.post("/api/appointments", json=[BOOKING], headers=headers)
        assert reply.status == 401, headers
        assert reply.headers["WWW-Authenticate"].startswith("Bearer")
        assert (await reply.json())["error"] == "unauthorized"


async def test_api_imports_bookings_with_per_row_errors(client, engine):
    bad_service = dict(BOOKING, code="MSB-0002", service="Z")
    bad_phone = dict(BOOKING, code="MSB-0003", phone="12345")
    reply = await client.post("/api/appointments", json=[BOOKING, bad_service, bad_phone, "nonsense"], headers=API)
    body = await reply.json()
    assert reply.status == 200
    assert (body["imported"], body["updated"], body["unchanged"]) == (1, 0, 0)
    assert [e["row"] for e in body["errors"]] == [2, 3, 4]
    assert "unknown service 'Z'" in body["errors"][0]["problem"] and body["errors"][0]["field"] == "service"
    assert "138" not in json.dumps(body)
    again = await (await client.post("/api/appointments", json={"appointments": [BOOKING]}, headers=API)).json()
    assert (again["imported"], again["unchanged"], again["errors"]) == (0, 1, [])
    [appointment] = await engine.appointments()
    assert appointment.code == "MSB-0001" and appointment.phone_masked == "138****8000"


async def test_api_gives_the_same_result_as_the_file_import(client, engine, tmp_path):
    # the rows of the GBK CSV, sent as the booking system's JSON with the same keys and values
    rows = [dict(zip(HEADER_ZH, row, strict=True)) for row in ROWS_ZH]
    reply = await client.post("/api/appointments", json=rows, headers=API)
    body = await reply.json()
    assert reply.status == 200 and (body["imported"], body["errors"], body["warnings"]) == (3, [], [])
    await assert_imported(engine, ImportReport(3, 0, 0))
    # the file import of the same rows finds every booking stored exactly as it would store it
    path = tmp_path / "预约名单.csv"
    path.write_bytes(csv_text(HEADER_ZH, ROWS_ZH).encode("gbk"))
    again = await engine.import_appointments(read_file(path), skip_bad_rows=False)
    assert (again.imported, again.updated, again.unchanged, again.errors) == (0, 0, 3, ())
    await check_in_each_way(engine)


async def test_api_errors_name_row_line_and_field_and_refuse_a_code_twice(client, engine):
    text = json.dumps([BOOKING, dict(BOOKING, phone="+86 138 0013"), dict(BOOKING, code="MSB-0002", service="社保"),
                       dict(BOOKING, code="MSB-0003", slot_start="2026-11-25T01:30:00Z", slot_end="2026-11-25T10:00",
                            id_number="1.50627E+17")], ensure_ascii=False, indent=1)
    reply = await client.post("/api/appointments", data=text.encode(),
                              headers={**API, "Content-Type": "application/json"})
    body = await reply.json()
    assert (body["imported"], body["dry_run"]) == (2, False)
    twice = [e for e in body["errors"] if e["field"] == "code"]
    assert [(e["row"], e["line"]) for e in twice] == [(1, 2), (2, 11)] and "items 1, 2" in twice[0]["problem"]
    assert [(e["row"], e["field"]) for e in body["errors"] if e["field"] != "code"] == [(2, "phone")]
    assert "138" not in json.dumps(body["errors"])
    [warning] = body["warnings"]
    assert (warning["row"], warning["field"]) == (4, "id_number") and "Excel" in warning["problem"]
    stored = {a.code: a for a in await engine.appointments()}
    assert set(stored) == {"MSB-0002", "MSB-0003"} and stored["MSB-0002"].service == "A"
    assert f"{stored['MSB-0003'].slot_start:%H:%M}" == "09:30"  # 01:30Z is 09:30 in the hall
    dry = await (await client.post("/api/appointments?dry_run=true", json=[dict(BOOKING, code="MSB-0009")],
                                   headers=API)).json()
    assert (dry["imported"], dry["dry_run"]) == (1, True) and "MSB-0009" not in {a.code for a in
                                                                                  await engine.appointments()}


@pytest.mark.parametrize("body", [b"not json", b'{"rows": []}', b'"text"', b"\xff\xfe"])
async def test_api_refuses_a_body_that_is_not_a_list_of_bookings(client, body):
    reply = await client.post("/api/appointments", data=body, headers={**API, "Content-Type": "application/json"})
    assert reply.status == 400
    assert (await reply.json())["error"] == "bad_body"


async def test_api_refuses_a_huge_body(client):
    reply = await client.post("/api/appointments", data=b"[" + b" " * (5 * 1024 * 1024) + b"]", headers=API)
    assert reply.status == 413


async def test_queue_summary_is_public_and_safe(client, engine):
    await engine.import_appointments([BOOKING])
    await engine.check_in("MSB-0001", kiosk="K1")
    await engine.issue_ticket("A")
    await engine.login(3, "c01", "1111")
    await engine.call_next(3, "clerk:c01")
    reply = await client.get("/api/queue")
    body = await reply.json()
    assert reply.status == 200 and reply.headers["Cache-Control"] == "no-store"
    a = next(s for s in body["services"] if s["prefix"] == "A")
    assert a["waiting"] == 1 and a["windows_open"] == 1 and a["walk_in_open"] is True
    promised = await engine.issue_ticket("A")  # the wait the API promised is what the slip says
    assert (a["estimate_min"], a["estimate_low_min"], a["estimate_high_min"]) == (
        promised.estimate_min, promised.estimate_low_min, promised.estimate_high_min)
    f = next(s for s in body["services"] if s["prefix"] == "F")
    assert f["closed_reason"] == "appointment_only" and f["estimate_min"] is None
    assert body["recent_calls"][0]["window"] == 3 and body["recent_calls"][0]["window_name"] == "综合窗口3"
    text = await reply.text()
    assert "杭锦旗" in text  # readable UTF-8, not \u escapes
    for secret in ("张三", "MSB-0001", "138", "token", "c01", "王芳"):
        assert secret not in text, secret


async def test_openapi_document_describes_both_routes(client):
    doc = await (await client.get("/api/openapi.json")).json()
    assert doc["openapi"].startswith("3.")
    assert set(doc["paths"]) == {"/api/appointments", "/api/queue"}
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_tokens_of_the_test_hall_are_distinct():
    every = [TOKENS.display, TOKENS.api, *TOKENS.kiosks.values(), *TOKENS.windows.values()]
    assert len(set(every)) == len(every)


async def test_the_status_page_records_the_wait_it_showed(client, engine):
    await engine.login(3, "c01", "1111")
    for _ in range(4):
        await engine.issue_ticket("A")
    ticket = await engine.ticket("A004")
    await engine.login(4, "c02", "2222")
    for _ in range(2):
        assert (await client.get(f"/t/{ticket.token}")).status == 200
    recorded = [e for e in await engine.events() if e.kind == EventKind.TICKET_ESTIMATED]
    assert [(e.number, e.actor) for e in recorded] == [("A004", "status_page")]
