"""`hallq serve` as a real process: it prints one address per terminal and they work."""
from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from hallq.db.engine import HallEngine
from tests.web.conftest import HALLQ, hallq_env

pytestmark = pytest.mark.slow  # hallq serve as a real process


def get(url: str, **headers) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_serve_prints_working_addresses(served):
    urls = served.urls
    assert served.base.startswith("http://127.0.0.1:")  # loopback unless told otherwise
    assert set(urls["kiosks"]) == {"K1", "K2"} and len(urls["counters"]) == 15
    assert len(urls["ratings"]) == 15 and "/supervisor?token=" in urls["supervisor"]  # every kind of terminal
    tokens = (served.db_path.parent / "hall.db.tokens").read_text()
    own = [urls["supervisor"], *urls["kiosks"].values(), *urls["counters"].values(), *urls["ratings"].values()]
    assert len({parse_qs(urlsplit(url).query)["token"][0] for url in own}) == len(own)  # a token each
    for url in [urls["display"], urls["display_sound"], urls["display_terminal"], *own]:
        assert parse_qs(urlsplit(url).query)["token"][0] in tokens
        assert get(url)[0] == 200
        assert get(url.split("?")[0])[0] == 403
    status, body = get(urls["api"]["queue"])
    assert status == 200 and json.loads(body)["hall"]["name"] == "杭锦旗政务服务中心"
    assert get(urls["api"]["openapi"])[0] == 200


def test_access_log_leaves_tokens_out(served):
    ticket = asyncio.run(served.on_hall(lambda e: e.issue_ticket("A")))
    assert get(f"{served.base}/t/{ticket.token}")[0] == 200
    get(served.urls["display"])
    log = (served.folder / "hallq.log").read_text()
    assert "GET /t/… 200" in log and "GET /display 200" in log
    assert ticket.token not in log and served.urls["display"].split("token=")[1] not in log


def test_serve_on_an_empty_database_says_what_to_do(tmp_path):
    db = tmp_path / "new.db"
    done = subprocess.run([*HALLQ, "--db", str(db), "serve", "--port", "0"],
                          capture_output=True, text=True, env=hallq_env(tmp_path), timeout=30)
    # no database: a one-line hint and none is made (apps open an existing hall only)
    assert done.returncode == 1 and "hallq init" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not db.exists()

    async def empty():
        await (await HallEngine.open(db)).close()

    asyncio.run(empty())
    done = subprocess.run([*HALLQ, "--db", str(db), "serve", "--port", "0"],
                          capture_output=True, text=True, env=hallq_env(tmp_path), timeout=30)
    assert done.returncode == 2 and "hallq init --demo" in done.stderr  # a database without a hall


def test_serve_on_a_busy_port_fails_in_one_line(served):
    done = subprocess.run([*HALLQ, "--db", str(served.db_path), "serve", "--port", str(served.port)],
                          capture_output=True, text=True, env=hallq_env(served.folder), timeout=30)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and f"127.0.0.1:{served.port}" in done.stderr


def test_human_readable_listing(tmp_path):
    db = tmp_path / "hall.db"
    env = hallq_env(tmp_path)
    subprocess.run([*HALLQ, "--db", str(db), "init", "--demo"], check=True, capture_output=True, env=env)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([*HALLQ, "--db", str(db), "--lang", "en", "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        lines = [process.stdout.readline() for _ in range(3)]
    finally:
        process.terminate()
        process.wait(10)
    assert lines[0].startswith("hallq serve: Hangjin Banner")
    assert "kiosk K1" in lines[1] and f"http://127.0.0.1:{port}/kiosk/K1?token=" in lines[1]
    assert "kiosk K2" in lines[2]
