"""Fixtures for `hallq serve`: an in-process test client on the demo hall (virtual clock),
and a real `hallq serve` process on a database whose tickets are from today."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from hallq.db.clock import SystemClock, VirtualClock
from hallq.db.engine import HallEngine
from hallq.web.server import Settings, make_app
from hallq.web.tokens import Tokens

ROOT = Path(__file__).resolve().parents[2]
HALLQ = (sys.executable, "-m", "hallq")

TOKENS = Tokens(display="display-secret", api="api-secret",
                kiosks={"K1": "kiosk1-secret", "K2": "kiosk2-secret"},
                windows={n: f"window{n}-secret" for n in range(1, 16)},
                ratings={n: f"rating{n}-secret" for n in range(1, 16)}, supervisor="supervisor-secret")


@pytest.fixture
async def client(engine, db_path):
    app = make_app(engine, TOKENS, Settings(db_path=Path(db_path).resolve(), hallq=HALLQ))
    async with TestClient(TestServer(app, host="127.0.0.1")) as c:
        yield c


def hallq_env(folder: Path) -> dict:
    return {**os.environ, "HALLQ_LOG": str(folder / "hallq.log"), "PYTHONPATH": str(ROOT)}


def today_at(hour: int, minute: int = 0) -> VirtualClock:
    """A clock on the hall's today, so a real `hallq serve` (the system clock in the hall's
    time zone, whatever this host's) sees the same day."""
    return VirtualClock(datetime.combine(SystemClock().now().date(), time(hour, minute)))


@dataclass
class Served:
    process: subprocess.Popen
    db_path: Path
    urls: dict
    folder: Path

    @property
    def base(self) -> str:
        return self.urls["display"].split("/display")[0]

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1])

    async def on_hall(self, op, hour: int = 10):
        """`await op(engine)` on the served hall, with a clock at `hour` today."""
        engine = await HallEngine.open(self.db_path, today_at(hour))
        try:
            return await op(engine)
        finally:
            await engine.close()


def start_serve(db_path: Path, folder: Path, port: int = 0) -> tuple[subprocess.Popen, dict]:
    process = subprocess.Popen([*HALLQ, "--db", str(db_path), "--json", "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=hallq_env(folder))
    line = process.stdout.readline()
    if not line:
        raise RuntimeError(f"hallq serve did not start: {process.stderr.read()}")
    return process, json.loads(line)


def stop_serve(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`hallq serve --port 0` on a fresh demo hall, as a real process."""
    folder = tmp_path_factory.mktemp("served")
    db_path = folder / "hall.db"
    subprocess.run([*HALLQ, "--db", str(db_path), "init", "--demo"], check=True, capture_output=True,
                   env=hallq_env(folder))
    process, urls = start_serve(db_path, folder)
    served = Served(process, db_path, urls, folder)
    yield served
    stop_serve(served.process)  # a test may have restarted it
