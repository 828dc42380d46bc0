"""`hallq serve [--host H] [--port P]`: the hall host on the web.

Prints one address per terminal (kiosks, counters, the rating terminal at each window,
the supervisor, the hall TV), each with its token; the tokens live in a file beside the
database (see web/tokens.py). The hall TV's page (web/tv.py) is listed twice: silent,
and as the hall's loudspeaker (`&sound=1`); the terminal display (what `hallq display`
draws) has its own address with the same token.

Importing this module is cheap: aiohttp and the server are imported when the command
runs (see hallq.cli.main).
"""
from __future__ import annotations

import argparse
import json
import re
import socket
import sys
from pathlib import Path

from hallq.i18n import Text
from hallq.web import texts as T

DEFAULT_PORT = 8080  # the demo hall's status_url is http://127.0.0.1:8080/t/
SECRET_PARTS = re.compile(r"/(ws|t)/[^/]+")

# what the command prints


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="the hall host on the web: terminals in a browser, status pages, booking API",
                       description="Serve the kiosks, counters and hall display to browsers (one secret link"
                                   " each), the citizen's status page behind the slip's QR code, and the"
                                   " booking API.")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for the hall network)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    p.add_argument("--terminal-grace", type=float, metavar="SECONDS",
                   help="log a counter out this long after its browser page closed (default: the hall's"
                        " policy terminal_grace_minutes)")
    p.add_argument("--public-url", help="the address browsers use, if not http://HOST:PORT (e.g. behind a proxy)")
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    import asyncio

    return asyncio.run(main(args))


def access_log_class():
    """AccessLog, built on first use so that the other commands never import aiohttp."""
    from aiohttp.abc import AbstractAccessLogger

    class AccessLog(AbstractAccessLogger):
        """One line per request, with the secret parts of addresses left out."""

        def log(self, request, response, time):
            path = SECRET_PARTS.sub(lambda m: f"/{m.group(1)}/…", request.path)
            self.logger.info("%s %s %s %d %.3fs", request.remote, request.method, path, response.status, time)

    return AccessLog


def public_url(args: argparse.Namespace, port: int) -> str:
    if args.public_url:
        return args.public_url.rstrip("/")
    host = socket.gethostname() if args.host in ("0.0.0.0", "::", "") else args.host
    return f"http://{host}:{port}"


def addresses(base: str, tokens) -> dict:
    return {
        "kiosks": {k: f"{base}/kiosk/{k}?token={v}" for k, v in tokens.kiosks.items()},
        "counters": {str(n): f"{base}/counter/{n}?token={v}" for n, v in tokens.windows.items()},
        "ratings": {str(n): f"{base}/rating/{n}?token={v}" for n, v in tokens.ratings.items()},
        "supervisor": f"{base}/supervisor?token={tokens.supervisor}",
        "display": f"{base}/display?token={tokens.display}",
        "display_sound": f"{base}/display?token={tokens.display}&sound=1",
        "display_terminal": f"{base}/display/terminal?token={tokens.display}",
        "status_page": f"{base}/t/",
        "api": {"appointments": f"{base}/api/appointments", "queue": f"{base}/api/queue",
                "openapi": f"{base}/api/openapi.json", "bearer_token": tokens.api},
    }


def pad(text: str, width: int = 20) -> str:
    """Left-justify by columns on screen (rich's cell width: a CJK character takes two)."""
    from rich.cells import cell_len

    return text + " " * max(1, width - cell_len(text))


def print_addresses(urls: dict, config, tokens_file: Path, lang: str) -> None:
    """The terminals' addresses, one a line: a label, then the address."""
    rows: list[tuple[Text, str]] = [
        *((T.KIOSK(id=k), url) for k, url in urls["kiosks"].items()),
        *((T.COUNTER(n=n), url) for n, url in urls["counters"].items()),
        *((T.RATING(n=n), url) for n, url in urls["ratings"].items()),
        (T.SUPERVISOR, urls["supervisor"]),
        (T.DISPLAY, urls["display"]),
        (T.DISPLAY_SOUND, urls["display_sound"]),
        (T.DISPLAY_TERMINAL, urls["display_terminal"]),
        (T.STATUS_PAGE, f"{urls['status_page']}<ticket token>  (QR)"),
        (T.BOOKING_API, f"POST {urls['api']['appointments']}  Authorization: Bearer {urls['api']['bearer_token']}"),
        (T.QUEUE, f"{urls['api']['queue']}  (OpenAPI: {urls['api']['openapi']})"),
    ]
    print(f"hallq serve: {config.name_en if lang == 'en' else config.name}")
    for label, address in rows:
        print(f"  {pad(label.text(lang))}{address}")
    print(T.TOKENS(file=tokens_file).text(lang))
    if config.status_url and not config.status_url.startswith(urls["status_page"]):
        print(T.QR_ELSEWHERE(url=config.status_url).text(lang), file=sys.stderr)


async def main(args: argparse.Namespace) -> int:
    import asyncio
    import signal

    from aiohttp import web

    from hallq.db.engine import HallEngine
    from hallq.web.server import Settings, make_app
    from hallq.web.tokens import load_tokens, tokens_path

    engine = await HallEngine.open(args.db, create=False)
    try:
        if not await engine.is_initialised():
            print(f"hallq serve: {T.NOT_SET_UP.text(args.lang)}", file=sys.stderr)
            return 2
        config = await engine.config()
        tokens = load_tokens(args.db, config)
        app = make_app(engine, tokens, Settings(db_path=Path(args.db).resolve(), lang=args.lang,
                                                terminal_grace_s=args.terminal_grace))
        runner = web.AppRunner(app, access_log_class=access_log_class())
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
            print_addresses(urls, config, tokens_path(args.db), args.lang)
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
