"""The hall TV's routes through aiohttp's test client: the page, its event stream (what a
call, a window and a queue change send, in which language, for which services), the
spoken call's WAV, and the token on all three. The browser tests are test_tv_browser.py."""
from __future__ import annotations

import asyncio
import io
import json
import re
import shutil
import wave
from datetime import datetime
from pathlib import Path

import pytest

import hallq.db
from hallq.db.config import AnnounceConfig, parse_config
from hallq.db.models import Call
from hallq.display import texts as DT
from hallq.display.speech import screen_line
from hallq.web import texts as T
from hallq.web.tv import BUILD, FEED, call_line, call_phrases

DISPLAY = {"token": "display-secret"}


class Stream:
    """The TV's Server-Sent Events, read as the browser reads them."""

    def __init__(self, response):
        self.response = response

    async def next(self, *kinds: str, timeout: float = 10) -> tuple[str, dict]:
        """The next event of one of `kinds` (any kind if none), skipping the others."""
        async with asyncio.timeout(timeout):
            while True:
                block = (await self.response.content.readuntil(b"\n\n")).decode()
                fields = dict(line.split(": ", 1) for line in block.strip().splitlines() if ": " in line)
                if "event" in fields and (not kinds or fields["event"] in kinds):
                    return fields["event"], json.loads(fields["data"])


async def open_stream(client, **params) -> Stream:
    response = await client.get("/display/events", params={**DISPLAY, **params})
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/event-stream")
    assert response.headers["Cache-Control"] == "no-store"
    return Stream(response)


async def line(engine, number: str, window: int, lang: str = "zh") -> str:
    """The call line the terminal display shows for this call (the hall's [announce] template)."""
    config = await engine.config()
    call = Call(0, engine.now(), number, window, config.window(window).name, number[0], False)
    return screen_line(call, config.announce, lang)


async def staff(engine, *windows: int) -> None:
    for n in windows:
        await engine.add_clerk(f"t{n:02}", f"职员{n}", "1234")
        await engine.login(n, f"t{n:02}", "1234")


# ---------------------------------------------------------------- the page
async def test_the_page_needs_the_display_token(client):
    for given in (None, "", "wrong", "window3-secret", "api-secret", "display-secretX"):
        params = {} if given is None else {"token": given}
        page = await client.get("/display", params=params)
        assert page.status == 403, given
        assert f"<h1>{T.FORBIDDEN_TITLE.text('zh')}</h1>" in await page.text()
        assert (await client.get("/display/events", params=params)).status == 403
        assert (await client.get("/display/audio/1.wav", params=params)).status == 403


async def test_the_page_carries_its_texts_and_no_copy_of_its_own(client):
    page = await client.get("/display", params={**DISPLAY, "lang": "en", "sound": "1", "services": "a,b"})
    html = await page.text()
    assert page.status == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    data = json.loads(re.search(r'<script id="tv-page" type="application/json">(.*?)</script>', html).group(1))
    assert data["sound"] is True and data["build"] == BUILD
    assert data["events"] == "/display/events?token=display-secret&lang=en&recent=6&services=A,B"
    assert data["audio"] == "/display/audio/{id}.wav?token=display-secret"
    assert data["texts"] == {"no_calls": DT.NO_CALLS.text("en"), "unavailable": DT.UNAVAILABLE.text("en")}
    assert data["weekdays"] == DT.WEEKDAYS.text("en").split()
    for text in (T.TV_WINDOWS, DT.RECENT, DT.WAITING, T.TV_SOUND_BLOCKED):
        assert text.text("en") in html
    assert f"/static/tv.js?v={BUILD}" in html and f"/static/tv.css?v={BUILD}" in html
    assert "http" not in html.replace('"http-equiv', "")  # nothing from the net: no fonts, no scripts
    for asset in ("tv.js", "tv.css"):
        assert (await client.get(f"/static/{asset}")).status == 200


async def test_the_page_s_script_writes_no_copy():
    """Every line people read comes from the server: the script has no CJK text at all."""
    import hallq.web

    script = (Path(hallq.web.__file__).parent / "static" / "tv.js").read_text(encoding="utf-8")
    assert not re.search(r"[\u3400-\u9fff]", script)


# ---------------------------------------------------------------- the stream
async def test_snapshot_has_the_hall_as_the_terminal_display_shows_it(client, engine):
    await staff(engine, 1, 3)
    await engine.pause(3, "午休")
    for _ in range(3):
        await engine.issue_ticket("A")
    await engine.issue_ticket("B")
    first = await engine.call_next(1)
    stream = await open_stream(client)
    kind, snap = await stream.next()
    assert kind == "snapshot" and snap["build"] == BUILD
    config = await engine.config()
    assert snap["hall"] == config.name and snap["notice"] == config.notice
    assert snap["now"] == engine.now().isoformat(timespec="milliseconds")
    window_name = config.window(1).name
    assert snap["latest"]["number"] == first.number
    assert snap["latest"]["line"] == await line(engine, first.number, 1)
    assert snap["recent"] == []
    rows = {w["number"]: w for w in snap["windows"]}
    assert len(rows) == len(config.windows)
    assert rows[1] | {"label": None} == {"number": 1, "name": window_name, "current": first.number,
                                          "state": "calling", "label": None}
    assert rows[1]["label"] == T.TV_CALLING.text("zh")
    assert (rows[3]["state"], rows[3]["current"], rows[3]["label"]) == ("paused", None, T.TV_PAUSED.text("zh"))
    assert (rows[2]["state"], rows[2]["label"]) == ("closed", T.TV_CLOSED.text("zh"))
    queues = {q["prefix"]: q for q in snap["queues"]}
    assert (queues["A"]["waiting"], queues["A"]["count"]) == (2, DT.WAITING_ROW(n=2).text("zh"))
    assert queues["B"]["waiting"] == 1


async def test_a_call_arrives_at_once_with_its_window_then_the_re_reads(client, engine):
    await staff(engine, 5, 9)
    for service in "AAB":
        await engine.issue_ticket(service)
    stream = await open_stream(client)
    await stream.next("snapshot")
    called = await engine.call_next(9)
    kind, data = await stream.next()
    assert kind == "call"  # before any re-read
    name = (await engine.config()).window(9).name
    assert data["call"]["number"] == called.number and data["latest"]["number"] == called.number
    assert data["call"]["line"] == await line(engine, called.number, 9)
    assert "".join(data["call"]["phrases"]) == data["call"]["line"] and len(data["call"]["phrases"]) > 1
    assert data["window"] == {"number": 9, "name": name, "current": called.number, "state": "calling",
                              "label": T.TV_CALLING.text("zh")}
    later = dict([await stream.next("windows", "queues"), await stream.next("windows", "queues")])
    assert {w["number"]: w["current"] for w in later["windows"]}[9] == called.number
    assert {q["prefix"]: q["waiting"] for q in later["queues"]}["B"] == 0

    second = await engine.call_next(5)
    _, data = await stream.next("call")
    assert data["latest"]["number"] == second.number
    assert [c["number"] for c in data["recent"]] == [called.number]
    await engine.recall(5)
    _, data = await stream.next("call")
    recall_line = await line(engine, second.number, 5)
    assert data["call"]["recall"] and data["latest"]["line"] == f"{DT.RECALL.text('zh')}  {recall_line}"
    assert data["call"]["tag"] == DT.RECALL.text("zh")
    assert [c["number"] for c in data["recent"]] == [called.number]  # one line per number


async def test_a_tv_for_some_services_gets_only_their_calls_in_its_language(client, engine):
    await staff(engine, 1, 11)
    await engine.issue_ticket("A")
    await engine.issue_ticket("C")
    stream = await open_stream(client, services="C", lang="en")
    _, snap = await stream.next("snapshot")
    assert {q["prefix"] for q in snap["queues"]} == {"C"}
    assert {w["number"] for w in snap["windows"]} == {11, 12}  # the windows that serve C
    assert snap["hall"] == (await engine.config()).name_en
    await engine.call_next(1)   # an A call: not this TV's
    c = await engine.call_next(11)
    _, data = await stream.next("call")
    assert data["call"]["number"] == c.number
    assert data["call"]["line"] == await line(engine, c.number, 11, "en")
    assert data["window"]["label"] == T.TV_CALLING.text("en")


async def test_a_new_config_or_a_lost_database_sends_everything_again(client, engine):
    stream = await open_stream(client)
    await stream.next("snapshot")
    text = (Path(hallq.db.__file__).parent / "demo_hall.toml").read_text(encoding="utf-8")
    text = re.sub(r'(?m)^notice = ".*"$', 'notice = "今天下午三点起暂停办理不动产登记"', text)
    await engine.load_config(parse_config(text, "hall.toml"), text)
    _, snap = await stream.next("snapshot")
    assert snap["notice"] == "今天下午三点起暂停办理不动产登记"
    feed = client.app[FEED]
    feed._health(False)  # what follow() reports when the database cannot be read
    assert await stream.next("health") == ("health", {"ok": False})
    feed._feed_health(True, "")
    assert await stream.next("health") == ("health", {"ok": True})
    kind, snap = await stream.next("snapshot")
    assert snap["healthy"] is True


async def test_a_quiet_stream_sends_the_hall_s_clock(client, engine, monkeypatch):
    monkeypatch.setattr("hallq.web.tv.HEARTBEAT_SECONDS", 0.2)
    stream = await open_stream(client)
    await stream.next("snapshot")
    kind, data = await stream.next("clock", timeout=5)
    assert data == {"now": engine.now().isoformat(timespec="milliseconds")}


async def test_shutdown_ends_every_stream(client, engine):
    stream = await open_stream(client)
    await stream.next("snapshot")
    await client.app[FEED].close()
    async with asyncio.timeout(5):
        await stream.response.content.read()  # returns once the stream has ended
    assert stream.response.content.at_eof()


# ---------------------------------------------------------------- the spoken call
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
async def test_the_call_s_wav_is_served_for_a_tv_that_speaks(client, engine):
    await staff(engine, 4)
    await engine.issue_ticket("A")
    stream = await open_stream(client, sound="1")
    await stream.next("snapshot")
    await engine.call_next(4)
    _, data = await stream.next("call")
    reply = await client.get(f"/display/audio/{data['call']['id']}.wav", params=DISPLAY)
    assert reply.status == 200 and reply.headers["Content-Type"] == "audio/wav"
    with wave.open(io.BytesIO(await reply.read())) as wav:
        seconds = wav.getnframes() / wav.getframerate()
    assert seconds > 2 * 1.5  # said twice ([announce] repeat = 2), each well over a second
    assert (await client.get("/display/audio/999999.wav", params=DISPLAY)).status == 404
    issued = (await engine.events(limit=1))[0].id  # an event that is not a call
    assert (await client.get(f"/display/audio/{issued}.wav", params=DISPLAY)).status == 404


# ---------------------------------------------------------------- where the call line may break
@pytest.mark.parametrize("template, recall, phrases", [
    ("请{number}号到{window}号窗口办理", False, ["请A010号", "到10号", "窗口办理"]),
    ("请{number}号到{window_name}办理", True, ["重呼  ", "请A010号", "到不动产窗口10", "办理"]),
    ("{number}请到{window}号窗口", False, ["A010", "请到10号", "窗口"]),
    ("请{number}号", False, ["请A010号"]),
])
def test_the_call_line_breaks_only_between_phrases(template, recall, phrases):
    call = Call(1, datetime(2026, 11, 25, 9, 30), "A010", 10, "不动产窗口10", "A", recall)
    announce = AnnounceConfig(template=template)
    assert call_phrases(call, "zh", announce) == phrases
    assert "".join(phrases) == call_line(call, "zh", announce)  # nothing added, nothing lost
    assert call_phrases(call, "en", announce) == [call_line(call, "en", announce)]  # English breaks at spaces
