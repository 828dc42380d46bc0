"""The hall host on the web: one aiohttp application for every browser terminal.

    /                      a plain page saying what this is (no links, no tokens)
    /healthz               {"ok": true}: terminal pages poll it before reloading
    /t/TOKEN               the citizen's status page (web.status_page)
    /display               the hall TV: an HTML page fed live from the event feed (web.tv),
                           with /display/events (its feed) and /display/audio/EVENT.wav
    /kiosk/ID, /counter/N, /display/terminal   the terminal apps (web.terminals)
                           (every terminal and the TV need their token)
    /api/...               the booking push and the queue summary (web.api)
    /static/...            our CSS and scripts; /static/ts/... textual-serve's own assets
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import datetime, time, timedelta
from pathlib import Path

from aiohttp import web

from hallq.db.engine import HallEngine
from hallq.db.supervision import alerts, record_alerts, snapshot
from hallq.web import api, status_page, terminals, tv
from hallq.web import texts as T
from hallq.web.keys import ENGINE, SETTINGS, TOKENS, Settings
from hallq.web.pages import lang_of, message, render
from hallq.web.tokens import Tokens

log = logging.getLogger("hallq.web")


def make_app(engine: HallEngine, tokens: Tokens, settings: Settings | None = None) -> web.Application:
    app = web.Application(client_max_size=api.MAX_BODY, middlewares=[_errors])
    app[ENGINE] = engine
    app[TOKENS] = tokens
    app[SETTINGS] = settings or Settings(db_path=Path(engine.path).resolve())
    terminals.setup(app)  # registers /static/ts before /static
    app.router.add_static("/static", Path(__file__).parent / "static", name="static")
    app.router.add_get("/", index)
    app.router.add_get("/healthz", healthz)
    tv.setup(app)
    app.add_routes(status_page.routes())
    app.add_routes(api.routes())
    app.cleanup_ctx.append(_day_keeper)
    app.cleanup_ctx.append(_alert_keeper)
    return app


#: how often the host re-evaluates the supervisor's alerts for the event log (seconds)
ALERT_SECONDS = 30


async def _alert_keeper(app: web.Application) -> AsyncIterator[None]:
    """While the host serves, the supervisor's alerts are evaluated every ALERT_SECONDS
    and their beginnings and ends logged (alert.raised / alert.cleared), whether or not a
    supervisor board is open, so they can be notified from the event log."""
    engine = app[ENGINE]

    async def keep() -> None:
        while True:
            await asyncio.sleep(ALERT_SECONDS)
            try:
                if await engine.is_initialised():
                    await record_alerts(engine, alerts(await snapshot(engine), engine.now()))
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("alert check failed", exc_info=True)

    task = asyncio.create_task(keep())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _day_keeper(app: web.Application) -> AsyncIterator[None]:
    """While the host serves, a day nobody closed is closed at midnight (not only at the
    next day's first action), so the status pages and the hall TV start the day clean."""
    engine = app[ENGINE]

    async def keep() -> None:
        while True:
            try:
                await engine.roll_over()
                midnight = datetime.combine(engine.now().date() + timedelta(days=1), time())
                await engine.clock.sleep_until(midnight)
            except asyncio.CancelledError:
                raise
            except Exception:  # the database is busy or gone: try again in a minute
                log.warning("day rollover failed", exc_info=True)
                await asyncio.sleep(60)

    task = asyncio.create_task(keep())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def index(request: web.Request) -> web.Response:
    lang = lang_of(request, request.app[SETTINGS].lang)
    config = await request.app[ENGINE].config()
    return render("message.html", lang, status=200, title=config.name_en if lang == "en" else config.name,
                  text=T.INDEX.text(lang))


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"ok": True}, headers={"Cache-Control": "no-store"})


@web.middleware
async def _errors(request: web.Request, handler):
    """A citizen never sees a traceback: unknown pages get our 404, failures a calm 503."""
    try:
        return await handler(request)
    except web.HTTPNotFound:
        if request.path.startswith(("/api/", "/static/")):
            raise
        return message(404, T.NO_PAGE_TITLE, T.NO_PAGE, lang_of(request))
    except web.HTTPException:
        raise
    except Exception:
        log.exception("%s %s failed", request.method, request.path)
        if request.path.startswith("/api/"):
            return api.problem(503, "unavailable", "the hall database is not available; try again shortly")
        return web.Response(status=503, text=f"{T.UNAVAILABLE.text('zh')} / {T.UNAVAILABLE.text('en')}",
                            content_type="text/plain", charset="utf-8")
