"""A headless Chromium driven over the DevTools protocol: open a page, wait for a
condition in it, read its text, take a screenshot. Just enough for the web tests."""
from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path

import aiohttp

ENSURE = Path(__file__).with_name("ensure_chromium.sh")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-port=0"]


def chromium_path() -> str:
    """The chromium binary, installing the Debian package first if it is missing."""
    found = shutil.which("chromium")
    if found:
        return found
    done = subprocess.run(["sh", str(ENSURE)], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"chromium is not available: {done.stderr.strip()}")
    return done.stdout.strip().splitlines()[-1]


class Page:
    def __init__(self, socket: aiohttp.ClientWebSocketResponse):
        self.socket = socket
        self.ids = itertools.count(1)

    async def send(self, method: str, **params) -> dict:
        msg_id = next(self.ids)
        await self.socket.send_json({"id": msg_id, "method": method, "params": params})
        async for msg in self.socket:
            data = json.loads(msg.data)
            if data.get("id") == msg_id:
                if "error" in data:
                    raise RuntimeError(f"{method}: {data['error']}")
                return data["result"]
        raise RuntimeError("the browser closed the connection")

    async def evaluate(self, expression: str):
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def viewport(self, width: int, height: int, mobile: bool = False) -> None:
        await self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                        deviceScaleFactor=1, mobile=mobile)

    async def goto(self, url: str) -> None:
        await self.send("Page.navigate", url=url)

    async def wait_for(self, expression: str, timeout: float = 10) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not await self.evaluate(expression):
            if loop.time() > deadline:
                raise TimeoutError(f"still false after {timeout}s: {expression}")
            await asyncio.sleep(0.05)

    async def screenshot(self) -> bytes:
        return base64.b64decode((await self.send("Page.captureScreenshot", format="png"))["data"])


class Chromium:
    """`async with Chromium(profile_dir, size) as browser: page = await browser.page()`"""

    def __init__(self, profile: Path, size: tuple[int, int] = (1280, 720), flags: tuple[str, ...] = ()):
        self.profile, self.size, self.flags = profile, size, flags

    async def __aenter__(self) -> Chromium:
        self.process = await asyncio.create_subprocess_exec(
            chromium_path(), *FLAGS, *self.flags, f"--user-data-dir={self.profile}",
            f"--window-size={self.size[0]},{self.size[1]}", "about:blank",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        port = None
        while port is None:
            line = await asyncio.wait_for(self.process.stderr.readline(), 20)
            if not line:
                raise RuntimeError("chromium exited before it listened")
            match = re.search(rb"DevTools listening on ws://[^:]+:(\d+)/", line)
            port = int(match.group(1)) if match else None
        self._drain = asyncio.create_task(self.process.stderr.read())
        self.session = aiohttp.ClientSession()
        async with self.session.get(f"http://127.0.0.1:{port}/json/list") as resp:
            targets = await resp.json(content_type=None)
        page = next(t for t in targets if t["type"] == "page")
        self._socket = await self.session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        return self

    def page(self) -> Page:
        return Page(self._socket)

    async def __aexit__(self, *exc) -> None:
        await self._socket.close()
        await self.session.close()
        self.process.terminate()
        await self.process.wait()
        self._drain.cancel()
