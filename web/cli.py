"""`hallq serve [--host H] [--port P]`: the hall host on the web.

Prints one address per terminal (kiosks, counters, the display), each with its
token; the tokens live in a file beside the database (see web/tokens.py).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import socket
import sys
import unicodedata
from pathlib import Path

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

DEFAULT_PORT = 8080  # the demo hall's status_url is http://127.0.0.1:8080/t/
SECRET_PARTS = re.compile(r"/(ws|t)/[^/]+")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="the hall host on the web: terminals in a browser, status pages, booking API",
                       description="Serve the kiosks, counters and hall display to browsers (one secret link"
                                   " each), the citizen's status page behind the slip's QR code, and the"
                                   " booking API.")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for the hall network)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    p.add_argument("--public-url", help="the address browsers use, if not http://HOST:PORT (e.g. behind a proxy)")
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    return asyncio.run(main(args))


class AccessLog(AbstractAccessLogger):
    """One line per request, with the secret parts of addresses left out."""

    def log(self, request, response, time):
        path = SECRET_PARTS.sub(lambda m: f"/{m.group(1)}/…", request.path)
        self.logger.info("%s %s %s %d %.3fs", request.remote, request.method, path, response.status, time)


def public_url(args: argparse.Namespace, port: int) -> str:
    if args.public_url:
        return args.public_url.rstrip("/")
    host = socket.gethostname() if args.host in ("0.0.0.0", "::", "") else args.host
    return f"http://{host}:{port}"


def addresses(base: str, tokens) -> dict:
    return {
        "kiosks": {k: f"{base}/kiosk/{k}?token={v}" for k, v in tokens.kiosks.items()},
        "counters": {str(n): f"{base}/counter/{n}?token={v}" for n, v in tokens.windows.items()},
        "display": f"{base}/display?token={tokens.display}",
        "status_page": f"{base}/t/",
        "api": {"appointments": f"{base}/api/appointments", "queue": f"{base}/api/queue",
                "openapi": f"{base}/api/openapi.json", "bearer_token": tokens.api},
    }


def pad(text: str, width: int = 14) -> str:
    """Left-justify by columns on screen: a CJK character takes two."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(1, width - used)


def print_addresses(urls: dict, config, tokens_file: Path, zh: bool) -> None:
    print(f"hallq serve: {config.name if zh else config.name_en}")
    for k, url in urls["kiosks"].items():
        print(f"  {pad(('取号机 ' if zh else 'kiosk ') + k)}{url}")
    for n, url in urls["counters"].items():
        print(f"  {pad((f'{n}号窗口') if zh else f'counter {n}')}{url}")
    print(f"  {pad('显示屏' if zh else 'display')}{urls['display']}")
    print(f"  {pad('状态页' if zh else 'status page')}{urls['status_page']}<ticket token>  (QR)")
    print(f"  {pad('预约接口' if zh else 'booking API')}POST {urls['api']['appointments']}"
          f"  Authorization: Bearer {urls['api']['bearer_token']}")
    print(f"  {pad('排队概况' if zh else 'queue')}{urls['api']['queue']}  (OpenAPI: {urls['api']['openapi']})")
    print(f"{'令牌文件' if zh else 'tokens'}: {tokens_file}  ({'按 Ctrl+C 停止' if zh else 'Ctrl+C stops'})")
    if config.status_url and not config.status_url.startswith(urls["status_page"]):
        print(f"{'注意：小票二维码指向' if zh else 'note: the slips QR codes point at'} {config.status_url}"
              f" ([hall] status_url)", file=sys.stderr)


async def main(args: argparse.Namespace) -> int:
    from hallq.db.engine import HallEngine
    from hallq.web.server import Settings, make_app
    from hallq.web.tokens import load_tokens, tokens_path

    zh = args.lang != "en"
    engine = await HallEngine.open(args.db)
    try:
        if not await engine.is_initialised():
            print("hallq serve: 还没有大厅配置，请先运行 hallq init --demo" if zh
                  else "hallq serve: the hall is not set up yet; run: hallq init --demo", file=sys.stderr)
            return 2
        config = await engine.config()
        tokens = load_tokens(args.db, config)
        app = make_app(engine, tokens, Settings(db_path=Path(args.db).resolve(), lang=args.lang))
        runner = web.AppRunner(app, access_log_class=AccessLog)
        await runner.setup()
        try:
            await web.TCPSite(runner, args.host, args.port).start()
        except OSError as exc:
            await runner.cleanup()
            print(f"hallq serve: {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        urls = addresses(public_url(args, runner.addresses[0][1]), tokens)  # the real port, even for --port 0
        if args.json:
            print(json.dumps(urls, ensure_ascii=False), flush=True)
        else:
            print_addresses(urls, config, tokens_path(args.db), zh)
            sys.stdout.flush()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        await runner.cleanup()
        return 0
    finally:
        await engine.close()
