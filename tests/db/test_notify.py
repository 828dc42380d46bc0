""""Your turn is near": the outbox written with the calls, sent by the worker to a local
HTTP server that checks the HMAC signature; retries, failures, a worker killed between
send and mark; the phone number kept only encrypted and only for the day."""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta

import pytest
from aiohttp import web

from hallq.cli.notify import aliyun_signed, run_worker
from hallq.db.config import demo_text, parse_config
from hallq.db.errors import Refused
from hallq.db.vocabulary import Refusal
from tests.web.conftest import ROOT

SECRET = b"hall-webhook-secret"
PHONE = "13812345678"


class Receiver:
    """The hall's SMS platform: checks each POST's signature, keeps each delivery id once
    (a second delivery of an id is counted, not kept), answers as told."""

    def __init__(self) -> None:
        self.messages: list[dict] = []
        self.duplicates = 0
        self.bad_signatures = 0
        self.answers: list[int | str] = []  # next answers: a status, or "hang" (never answer in time)
        self.hits = 0

    async def handle(self, request: web.Request) -> web.Response:
        self.hits += 1
        body = await request.read()
        expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(request.headers.get("X-Hallq-Signature", ""), expected):
            self.bad_signatures += 1
            return web.Response(status=401)
        answer = self.answers.pop(0) if self.answers else 200
        if answer == "hang":
            await asyncio.sleep(3)  # longer than the worker waits (timeout_seconds = 1)
        if answer != 200:
            return web.Response(status=int(answer) if answer != "hang" else 504)
        message = json.loads(body)
        assert str(message["id"]) == request.headers["X-Hallq-Delivery"]
        if any(m["id"] == message["id"] for m in self.messages):
            self.duplicates += 1
        else:
            self.messages.append(message)
        return web.json_response({"ok": True})


async def start_receiver() -> tuple[Receiver, web.AppRunner]:
    """A Receiver listening on 127.0.0.1, its `url` set; stop it with the runner's cleanup()."""
    rec = Receiver()
    app = web.Application()
    app.router.add_post("/notify", rec.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    rec.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/notify"
    return rec, runner


@pytest.fixture
async def receiver():
    rec, runner = await start_receiver()
    yield rec
    await runner.cleanup()


async def use_receiver(engine, url: str, **extra) -> None:
    text = demo_text().replace('url = "http://127.0.0.1:8089/hallq/notify"', f'url = "{url}"')
    text = text.replace("ahead = 3\n", "")
    for key, value in {"ahead": 3, **extra}.items():
        text = text.replace("[notify]\n", f"[notify]\n{key} = {value}\n")
    await engine.load_config(parse_config(text), text)


async def six_tickets(engine):
    return [await engine.issue_ticket("A") for _ in range(6)]


async def test_near_and_called_arrive_once_each_in_order(engine, receiver):
    await use_receiver(engine, receiver.url)
    tickets = await six_tickets(engine)
    masked = await engine.subscribe(tickets[4].id, "138 1234 5678", actor="kiosk:K1")  # A005, 4 ahead
    assert masked == "138****5678"
    assert await engine.notifications() == []  # 4 ahead: not near yet
    await engine.call_next(1)  # A001 called: 3 ahead of A005
    [near] = await engine.notifications()
    assert (near.kind, near.payload["number"], near.payload["ahead"]) == ("near", "A005", 3)
    assert (await run_worker(engine, SECRET, once=True))["sent"] == 1
    for _ in range(2):  # A002, A003: no second "near"
        await engine.start(1)
        await engine.finish(1)
        await engine.call_next(1)
    await engine.start(1)
    await engine.finish(1)
    await engine.call_number(1, "A005")
    assert (await run_worker(engine, SECRET, once=True))["sent"] == 1
    assert [(m["kind"], m["data"]["number"], m["to"]) for m in receiver.messages] == [
        ("near", "A005", PHONE), ("called", "A005", PHONE)]
    assert "前面还有 3 人" in receiver.messages[0]["text"]
    assert "综合窗口1" in receiver.messages[1]["text"]
    assert receiver.duplicates == 0 and receiver.bad_signatures == 0
    assert (await engine.notify_figures()).sent == 2


async def test_few_ahead_already_is_told_at_once(engine, receiver):
    await use_receiver(engine, receiver.url)
    tickets = await six_tickets(engine)
    await engine.subscribe(tickets[1].id, PHONE)  # A002: 1 ahead
    [near] = await engine.notifications()
    assert near.payload["ahead"] == 1


async def test_ahead_comes_from_the_hall(engine, receiver):
    await use_receiver(engine, receiver.url, ahead=1)
    tickets = await six_tickets(engine)
    await engine.subscribe(tickets[3].id, PHONE)  # A004: 3 ahead
    await engine.call_next(1)
    assert await engine.notifications() == []  # 2 ahead, the hall says 1
    await engine.start(1)
    await engine.finish(1)
    await engine.call_next(1)
    [near] = await engine.notifications()
    assert near.payload["ahead"] == 1


async def test_a_provider_failing_is_retried_then_marked_failed(engine, clock, receiver, caplog):
    caplog.set_level(logging.INFO, logger="hallq.notify")
    await use_receiver(engine, receiver.url, max_attempts=3, timeout_seconds=1, retry_seconds=10)
    tickets = await six_tickets(engine)
    await engine.subscribe(tickets[0].id, PHONE)  # near at once
    receiver.answers = [500, "hang"]  # a 500, then no answer in time, then OK
    done = await run_worker(engine, SECRET, once=True)
    assert (done["retried"], done["sent"]) == (1, 0)
    first = (await engine.notifications())[0]
    assert (first.state, first.attempts, first.last_error) == ("pending", 1, "HTTP 500")
    assert first.due_at == clock.now() + timedelta(seconds=10)
    assert (await run_worker(engine, SECRET, once=True))["sent"] == 0  # not due yet
    clock.set(clock.now() + timedelta(seconds=10))
    await run_worker(engine, SECRET, once=True)
    first = (await engine.notifications())[0]
    assert (first.state, first.attempts) == ("pending", 2) and "no answer" in first.last_error
    assert first.due_at == clock.now() + timedelta(seconds=30)  # backoff: 10 s, then 30 s
    clock.set(clock.now() + timedelta(seconds=30))
    assert (await run_worker(engine, SECRET, once=True))["sent"] == 1
    assert [m["to"] for m in receiver.messages] == [PHONE]
    # a provider down for good: three attempts, then failed, and the board's figures say so
    await engine.subscribe(tickets[2].id, "13700002222")
    receiver.answers = [503, 503, 503]
    for _ in range(3):
        await run_worker(engine, SECRET, once=True)
        clock.set(clock.now() + timedelta(minutes=5))
    last = (await engine.notifications())[-1]
    assert (last.state, last.attempts, last.last_error) == ("failed", 3, "HTTP 503")
    assert (await engine.notify_figures()).failed == 1
    assert "13700002222" not in caplog.text and "137****2222" in caplog.text


async def test_a_number_is_refused_when_not_a_mobile_or_the_hall_sends_nothing(engine, receiver):
    await use_receiver(engine, receiver.url)
    [ticket, *_] = await six_tickets(engine)
    with pytest.raises(Refused) as err:
        await engine.subscribe(ticket.id, "12345")
    assert err.value.code == Refusal.BAD_PHONE
    text = demo_text().replace('channel = "webhook"', 'channel = "none"')
    await engine.load_config(parse_config(text), text)
    with pytest.raises(Refused) as err:
        await engine.subscribe(ticket.id, PHONE)
    assert err.value.code == Refusal.NOTIFY_OFF


def every_text(db_path) -> str:
    """Every value of every row of every table, as text (blobs decoded where they can be)."""
    conn = sqlite3.connect(db_path)
    try:
        out = []
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'"):
            for row in conn.execute(f"SELECT * FROM {table}"):
                out.append(f"{table}: " + " ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v)
                                                   for v in row))
        return "\n".join(out)
    finally:
        conn.close()


async def test_the_number_is_kept_only_encrypted_and_only_for_the_day(engine, db_path, receiver, caplog, clock):
    caplog.set_level(logging.DEBUG)
    await use_receiver(engine, receiver.url)
    tickets = await six_tickets(engine)
    await engine.subscribe(tickets[0].id, PHONE, actor="kiosk:K1")
    await run_worker(engine, SECRET, once=True)
    assert receiver.messages[0]["to"] == PHONE  # it did reach the provider
    stored = every_text(db_path)
    assert PHONE not in stored and "138****5678" in stored
    with sqlite3.connect(db_path) as conn:
        [(sealed,)] = conn.execute("SELECT phone_enc FROM notify_phones")
    assert PHONE.encode() not in sealed and len(sealed) == 12 + len(PHONE) + 16  # nonce, ciphertext, tag
    events = [e for e in await engine.events(0) if e.kind == "notify.requested"]
    assert [e.data["phone"] for e in events] == ["138****5678"]
    assert all(PHONE not in json.dumps(e.data) for e in await engine.events(0))
    assert PHONE not in caplog.text
    await engine.close_day()
    assert await engine.notify_masked(tickets[0].id) is None
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM notify_phones").fetchone()[0] == 0


async def test_the_next_day_forgets_the_numbers_without_close_day(engine, db_path, receiver, clock):
    await use_receiver(engine, receiver.url)
    tickets = await six_tickets(engine)
    await engine.subscribe(tickets[5].id, PHONE)
    clock.set(clock.now() + timedelta(days=1))
    await engine.tickets()  # the first read of the new day rolls the hall over
    await engine.issue_ticket("A")
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM notify_phones").fetchone()[0] == 0


def test_aliyun_signature_matches_the_documented_example():
    """Alibaba Cloud's own example of a signed SendSms request (help.aliyun.com, 签名机制)."""
    params = {"AccessKeyId": "testId", "Action": "SendSms", "Format": "XML", "OutId": "123",
              "PhoneNumbers": "15300000001", "RegionId": "cn-hangzhou", "SignName": "阿里云短信测试专用",
              "SignatureMethod": "HMAC-SHA1", "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
              "SignatureVersion": "1.0", "TemplateCode": "SMS_71390007", "TemplateParam": '{"customer":"test"}',
              "Timestamp": "2017-07-12T02:42:19Z", "Version": "2017-05-25"}
    assert aliyun_signed(params, "testSecret", method="GET")["Signature"] == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


@pytest.mark.slow
def test_a_worker_killed_between_send_and_mark_does_not_deliver_twice(tmp_path):
    """`hallq notify` dies right after the receiver accepted a message, before marking it;
    the next worker sends it again under the same delivery id, the receiver keeps it once,
    and the resend is counted."""
    db = tmp_path / "hall.db"
    env = {**os.environ, "HALLQ_LOG": str(tmp_path / "hallq.log"), "PYTHONPATH": str(ROOT),
           "HALLQ_NOW": "2026-11-25T09:30", "HALLQ_NOTIFY_SECRET": SECRET.decode()}

    def hallq(*args, **extra):
        return subprocess.run([sys.executable, "-m", "hallq", "--db", str(db), *args], env={**env, **extra},
                              capture_output=True, text=True, timeout=60)

    async def scenario():
        rec, runner = await start_receiver()
        url = rec.url
        try:
            assert (await asyncio.to_thread(hallq, "init", "--demo")).returncode == 0
            text = demo_text().replace('url = "http://127.0.0.1:8089/hallq/notify"', f'url = "{url}"')
            (tmp_path / "hall.toml").write_text(text, encoding="utf-8")
            from hallq.db.clock import VirtualClock, parse_required
            from hallq.db.engine import HallEngine

            engine = await HallEngine.open(db, VirtualClock(parse_required("2026-11-25T09:30:00")))
            try:
                await engine.load_config(parse_config(text), text)
                ticket = await engine.issue_ticket("A")
                await engine.subscribe(ticket.id, PHONE)
            finally:
                await engine.close()
            crashed = await asyncio.to_thread(hallq, "notify", "--once", HALLQ_NOTIFY_TEST_CRASH="after-send")
            assert crashed.returncode == 9, crashed.stderr
            assert len(rec.messages) == 1
            again = await asyncio.to_thread(hallq, "notify", "--once")
            assert again.returncode == 0, again.stderr
            return rec, again.stdout
        finally:
            await runner.cleanup()

    rec, out = asyncio.run(scenario())
    assert len(rec.messages) == 1 and rec.duplicates == 1  # sent again, kept once by the delivery id
    assert "sent again after a crash 1" in out or "崩溃后重发 1" in out
    log = (tmp_path / "hallq.log").read_text(encoding="utf-8")
    assert "may have been sent before the worker stopped" in log and PHONE not in log
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT state, resends FROM outbox").fetchall() == [("sent", 1)]
    finally:
        conn.close()
