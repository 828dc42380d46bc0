"""The caps on browser terminal sessions, through the real websocket of `hallq serve`
(issue 19: 50 websockets on one kiosk token started 100 processes, 3.3 GB)."""
from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
from pathlib import Path

import aiohttp
import pytest

from hallq.db.config import demo_text
from hallq.kiosk import texts as kiosk_texts
from hallq.web.sessions import REPLACED
from tests.web.conftest import HALLQ, hallq_env, start_serve, stop_serve

pytestmark = pytest.mark.slow  # real `hallq serve` and its app processes

WELCOME = kiosk_texts.WELCOME.text("zh").encode()


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (the app of each session)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def until_welcome(socket: aiohttp.ClientWebSocketResponse) -> None:
    """Read the session's screen until the kiosk's start screen is on it."""
    received = b""
    async with asyncio.timeout(30):
        while WELCOME not in received:
            msg = await socket.receive()
            assert msg.type == aiohttp.WSMsgType.BINARY, msg
            received += msg.data


async def outcome(socket: aiohttp.ClientWebSocketResponse) -> str:
    """"live" if the session answers a ping, "replaced" if it is closed as replaced (every
    close frame of a replaced session was sent before the newer session's handshake ended)."""
    with contextlib.suppress(ConnectionError):
        await socket.send_json(["ping", "p"])
    async with asyncio.timeout(60):
        while True:
            msg = await socket.receive()
            if msg.type == aiohttp.WSMsgType.TEXT and json.loads(msg.data) == ["pong", "p"]:
                return "live"
            if msg.type == aiohttp.WSMsgType.CLOSE:
                return "replaced" if msg.data == REPLACED else f"closed {msg.data}"
            if msg.type != aiohttp.WSMsgType.BINARY:
                return f"{msg}"


async def closed_code(socket: aiohttp.ClientWebSocketResponse) -> int | None:
    async with asyncio.timeout(30):
        while True:
            msg = await socket.receive()
            if msg.type == aiohttp.WSMsgType.CLOSE:  # the code the server sent
                return msg.data
            if msg.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                return socket.close_code


@pytest.fixture(scope="module")
def capped(tmp_path_factory):
    """`hallq serve` on the demo hall with at most 2 sessions and 8 starts a minute per terminal."""
    folder = tmp_path_factory.mktemp("capped")
    config = folder / "hall.toml"
    config.write_text(demo_text() + "\n[serve]\nsessions = 2\nstarts_per_minute = 8\n", encoding="utf-8")
    db_path = folder / "hall.db"
    subprocess.run([*HALLQ, "--db", str(db_path), "init", "--config", str(config)], check=True,
                   capture_output=True, env=hallq_env(folder))
    process, urls = start_serve(db_path, folder)
    yield process, urls
    stop_serve(process)


def ws_of(urls: dict, kind: str, ident: str) -> str:
    page = urls["kiosks"][ident] if kind == "kiosk" else urls["counters"][ident]
    base, token = page.split("?token=")
    return base.replace("http://", "ws://") + f"/ws/{token}/zh?width=100&height=30"


async def test_one_session_per_token_and_a_cap_in_all(capped):
    process, urls = capped
    async with aiohttp.ClientSession() as http:
        first = await http.ws_connect(ws_of(urls, "kiosk", "K1"))
        await until_welcome(first)
        assert len(children(process.pid)) == 1
        app = children(process.pid)[0]
        print(f"\nmemory of one kiosk session: {rss_mb(app):.0f} MB")

        # the same token again (a reloaded page, or a copied link): it replaces the first
        second = await http.ws_connect(ws_of(urls, "kiosk", "K1"))
        assert await closed_code(first) == REPLACED
        await until_welcome(second)
        assert len(children(process.pid)) == 1  # the first session's app was reaped before

        # another kiosk: 2 sessions, the cap of this hall.toml
        other = await http.ws_connect(ws_of(urls, "kiosk", "K2"))
        await until_welcome(other)
        assert len(children(process.pid)) == 2

        # a third terminal is refused, on its page and on its websocket, until one ends
        async with http.get(urls["counters"]["1"]) as page:
            assert page.status == 503
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(ws_of(urls, "counter", "1"))
        assert refused.value.status == 503
        assert len(children(process.pid)) == 2
        await other.close()
        async with asyncio.timeout(15):
            while len(children(process.pid)) > 1:  # the app of K2 is reaped
                await asyncio.sleep(0.1)
        counter = await http.ws_connect(ws_of(urls, "counter", "1"))
        await counter.close()

        # a burst on one token: never more than its one session, however many sockets
        burst = await asyncio.gather(*(http.ws_connect(ws_of(urls, "kiosk", "K1")) for _ in range(5)),
                                     return_exceptions=True)
        live = [s for s in burst if isinstance(s, aiohttp.ClientWebSocketResponse)]
        assert len(live) == 5, [getattr(s, "status", s) for s in burst]
        outcomes = await asyncio.gather(*(outcome(s) for s in [second, *live]))
        assert sorted(outcomes) == ["live"] + ["replaced"] * 5
        async with asyncio.timeout(15):
            while len(children(process.pid)) > 1:  # the counter's app is reaped too
                await asyncio.sleep(0.1)
        assert len(children(process.pid)) == 1

        # and a page reloading in a loop is stopped: 8 starts a minute for one terminal
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            for _ in range(3):
                await (await http.ws_connect(ws_of(urls, "kiosk", "K1"))).close()
        assert refused.value.status == 429
        for s in [second, *live]:
            await s.close()
