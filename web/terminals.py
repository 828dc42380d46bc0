"""/kiosk/ID, /counter/N, /rating/N, /supervisor, /display/terminal: the terminal apps in a
browser, through textual-serve.

(The hall TV itself gets a real HTML page at /display, web/tv.py; the terminal display
stays at /display/terminal for a screen that wants exactly what `hallq display` draws.)

We do not run textual-serve's own `Server`: it owns the whole site, serves one app at
"/", and its page template fetches a Google font. Instead each terminal page here is
our own template, and its websocket hands the browser to textual-serve's `AppService`,
which starts the app as a subprocess (`hallq --db PATH kiosk --id K1` with Textual's
web driver) and relays the terminal stream. textual.js, xterm.css and the Roboto Mono
font are served from the installed textual-serve package: nothing comes from the net.

A counter whose browser session ends (the tab closed, the PC switched off) stays logged
in for the hall's grace period (policy.terminal_grace_minutes): the supervisor board
shows it as an alert, and if no new session for that window starts meanwhile, the window
is logged out (window.logout, reason "session_ended"), so the hall does not count a
window as open that nobody sits at.

Every page and websocket needs that terminal's token (`?token=` on the page; the page
puts it in its websocket address, as textual.js appends its own query); a wrong or
missing token gets 403. The counter app still asks the clerk to log in.
How many sessions run at once is capped (web.sessions, hall.toml `[serve]`).
"""
from __future__ import annotations

import asyncio
import logging
import shlex
from dataclasses import dataclass
from pathlib import Path

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from hallq.db.errors import HallError
from hallq.db.supervision import SESSION_ENDED, TERMINAL_KIND, terminal_id
from hallq.web import texts as T
from hallq.web.keys import ENGINE, SETTINGS, TOKENS
from hallq.web.pages import lang_of, message, render
from hallq.web.sessions import Refusal, Session, SessionBook
from hallq.web.tokens import same

log = logging.getLogger("hallq.web")

TEXTUAL_SERVE_STATIC = Path(textual_serve.__file__).parent / "static"
SESSIONS = web.AppKey("sessions", SessionBook)  # the live sessions and their caps
DOWNLOADS = web.AppKey("downloads", DownloadManager)
STOP_SECONDS = 5
CLEANUPS: set[asyncio.Future] = set()  # sessions being ended (a reference keeps each task alive)
GRACE = web.AppKey("grace", dict)  # counter window → the task that logs it out when its grace ends
CLOSING = web.AppKey("closing", asyncio.Event)  # set when the host shuts down: sessions end, clerks stay


@dataclass(frozen=True)
class Terminal:
    kind: str        # kiosk | counter | rating | supervisor | display
    ident: str       # kiosk id, window number, or "" for the display and the supervisor
    token: str | None

    @property
    def path(self) -> str:
        if self.kind == "display":
            return "/display/terminal"
        if self.kind == "supervisor":
            return "/supervisor"
        return f"/{self.kind}/{self.ident}"

    def title(self, lang: str) -> str:
        if self.kind == "kiosk":
            return T.KIOSK_TITLE(id=self.ident).text(lang)
        if self.kind == "counter":
            return T.COUNTER_TITLE(n=self.ident).text(lang)
        if self.kind == "rating":
            return T.RATING_TITLE(n=self.ident).text(lang)
        if self.kind == "supervisor":
            return T.SUPERVISOR_TITLE.text(lang)
        return T.DISPLAY_TITLE.text(lang)

    def arguments(self) -> list[str]:
        if self.kind == "kiosk":
            return ["kiosk", "--id", self.ident]
        if self.kind == "counter":
            return ["counter", "--window", self.ident]
        if self.kind == "rating":
            return ["rate", "--window", self.ident]
        if self.kind == "supervisor":
            return ["counter", "--supervisor"]
        return ["display", "--voice", "none"]  # the host's loudspeaker is not the browser's


def terminal_of(request: web.Request) -> Terminal | None:
    """The terminal this request is for, or None if the hall has no such terminal."""
    tokens = request.app[TOKENS]
    kind = request.match_info["kind"]
    ident = request.match_info.get("ident", "")
    if kind == "display":
        return Terminal("display", "", tokens.display)
    if kind == "supervisor":
        return Terminal("supervisor", "", tokens.supervisor)
    if kind == "kiosk" and ident in tokens.kiosks:
        return Terminal("kiosk", ident, tokens.kiosks[ident])
    if kind == "counter" and ident.isdigit() and int(ident) in tokens.windows:
        return Terminal("counter", str(int(ident)), tokens.windows[int(ident)])
    if kind == "rating" and ident.isdigit() and int(ident) in tokens.ratings:
        return Terminal("rating", str(int(ident)), tokens.ratings[int(ident)])
    return None


def command_for(request: web.Request, terminal: Terminal, lang: str) -> str:
    settings = request.app[SETTINGS]
    argv = [*settings.hallq, "--db", str(settings.db_path), "--lang", lang, *terminal.arguments()]
    return "exec " + shlex.join(argv)  # AppService runs it through a shell: one process, not two


async def terminal_page(request: web.Request) -> web.Response:
    lang = lang_of(request, request.app[SETTINGS].lang)
    terminal = terminal_of(request)
    if terminal is None:
        return message(404, T.NO_TERMINAL_TITLE, T.NO_TERMINAL, lang)
    token = request.query.get("token", "")
    if not same(terminal.token, token):
        log.warning("refused %s from %s: wrong or missing token", terminal.path, request.remote)
        return message(403, T.FORBIDDEN_TITLE, T.FORBIDDEN, lang)
    if request.app[SESSIONS].full(await request.app[ENGINE].config(), terminal.path):
        log.warning("refused %s from %s: every terminal session is in use", terminal.path, request.remote)
        return message(503, T.FULL_TITLE, T.FULL, lang)
    return render("terminal.html", lang, title=terminal.title(lang),
                  websocket_url=ws_url(request, f"{terminal.path}/ws/{token}/{lang}"),
                  font_size=_int(request.query.get("fontsize"), 16, 8, 64))


def ws_url(request: web.Request, path: str) -> str:
    scheme = "wss" if request.secure else "ws"
    return f"{scheme}://{request.host}{path}"


async def terminal_socket(request: web.Request) -> web.StreamResponse:
    terminal = terminal_of(request)
    if terminal is None:
        raise web.HTTPNotFound()
    if not same(terminal.token, request.match_info["token"]):
        log.warning("refused %s websocket from %s: wrong token", terminal.path, request.remote)
        raise web.HTTPForbidden()
    lang = "en" if request.match_info["lang"] == "en" else "zh"
    socket = web.WebSocketResponse(heartbeat=15)
    book = request.app[SESSIONS]
    try:
        session = await book.admit(await request.app[ENGINE].config(), terminal.path, socket, request,
                                   STOP_SECONDS + 2)
    except Refusal as refusal:
        log.warning("refused %s websocket from %s: %s", terminal.path, request.remote,
                    "too many sessions started" if refusal.status == 429 else "every terminal session is in use")
        answer = web.HTTPTooManyRequests if refusal.status == 429 else web.HTTPServiceUnavailable
        raise answer(headers={"Retry-After": str(refusal.retry_after)}) from None
    if socket.closed:  # replaced by a newer session before it began
        book.remove(session)
        return socket

    async def close() -> None:  # AppService wants `close() -> None`; the socket's close() also says if it closed
        await socket.close()

    service = AppService(command_for(request, terminal, lang), write_bytes=socket.send_bytes,
                         write_str=socket.send_str, close=close, download_manager=request.app[DOWNLOADS])
    log.info("%s: session started for %s", terminal.path, request.remote)
    if terminal.kind == "counter":
        await _session_began(request.app, int(terminal.ident))
    try:
        width, height = _int(request.query.get("width"), 80, 20, 500), _int(request.query.get("height"), 24, 10, 300)
        await service.start(width, height)
        await _relay(socket, service)
    except asyncio.CancelledError:
        pass
    except Exception:
        log.exception("%s: session failed", terminal.path)
    finally:
        # the handler is cancelled when the browser goes away: the app must be stopped all the same
        cleanup = asyncio.ensure_future(_finish(request.app, service, socket, terminal, session))
        CLEANUPS.add(cleanup)
        cleanup.add_done_callback(CLEANUPS.discard)
        await asyncio.shield(cleanup)
    return socket


async def _session_began(app: web.Application, window: int) -> None:
    """A counter's page is open (again): its grace, if running, ends; no alert."""
    pending = app[GRACE].pop(window, None)
    if pending is not None:
        pending.cancel()
    try:
        await app[ENGINE].report_device(terminal_id("counter", window), True, kind=TERMINAL_KIND)
    except HallError:
        log.warning("counter %d: could not record its session", window, exc_info=True)


def _session_ended(app: web.Application, window: int) -> None:
    """The last session of a counter's page ended: start its grace period (not when the
    host itself is stopping: the clerks are not at fault, and stay logged in)."""
    if app[CLOSING].is_set():
        return
    task = asyncio.ensure_future(_log_out_after_grace(app, window))
    app[GRACE][window] = task
    CLEANUPS.add(task)
    task.add_done_callback(CLEANUPS.discard)


async def _log_out_after_grace(app: web.Application, window: int) -> None:
    """Record the session's end (an alert on the supervisor board), wait the grace period,
    then log the window out if the clerk who sat there is still logged in and no new
    session began."""
    engine = app[ENGINE]
    device = terminal_id("counter", window)
    try:
        clerk = (await engine.window(window)).clerk_id
        await engine.report_device(device, False, SESSION_ENDED, kind=TERMINAL_KIND)
        grace = app[SETTINGS].terminal_grace_s
        if grace is None:
            grace = (await engine.policy()).terminal_grace_minutes * 60
        await asyncio.sleep(grace)
        if app[SESSIONS].of(f"/counter/{window}"):
            return
        now = await engine.window(window)
        if now.logged_in and clerk is not None and now.clerk_id == clerk:
            await engine.logout(window, actor="serve", reason=SESSION_ENDED)
            log.info("counter %d: logged out %s, its browser session ended %.0f s ago", window, clerk, grace)
        await engine.report_device(device, True, kind=TERMINAL_KIND)
    except asyncio.CancelledError:
        raise
    except Exception:
        log.warning("counter %d: logging out after its session ended failed", window, exc_info=True)
    finally:
        if app[GRACE].get(window) is asyncio.current_task():
            app[GRACE].pop(window, None)


async def _finish(app: web.Application, service: AppService, socket: web.WebSocketResponse, terminal: Terminal,
                  session: Session) -> None:
    book = app[SESSIONS]
    try:
        await _stop(service)
        await asyncio.wait_for(socket.close(), 2)
    except Exception:
        log.exception("%s: ending the session failed", terminal.path)
    finally:
        book.remove(session)
        log.info("%s: session ended", terminal.path)
        if terminal.kind == "counter" and not book.of(terminal.path):
            _session_ended(app, int(terminal.ident))


async def _stop(service: AppService) -> None:
    """Ask the app to quit, kill it if it has not within a few seconds, and reap it."""
    process = service._process  # AppService keeps no public handle on its subprocess
    try:
        await asyncio.wait_for(asyncio.shield(service.stop()), STOP_SECONDS)
    except TimeoutError:
        if process is not None and process.returncode is None:
            process.kill()
    if process is not None:
        if process.stdin is not None:  # the last open pipe: closing it lets asyncio release the process
            process.stdin.close()
        await process.wait()


async def _relay(socket: web.WebSocketResponse, service: AppService) -> None:
    """Browser → app: keys, resizes, focus; pings are answered here."""
    async for msg in socket:
        if msg.type != WSMsgType.TEXT:
            continue
        try:
            kind, *rest = msg.json()
        except (ValueError, TypeError):
            continue
        data = rest[0] if rest else None
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            await service.set_terminal_size(_int(data.get("width"), 80, 20, 500), _int(data.get("height"), 24, 10, 300))
        elif kind == "ping":
            await socket.send_json(["pong", data])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()


def _int(value, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(value), low), high)
    except (TypeError, ValueError):
        return default


async def _end_sessions(app: web.Application) -> None:
    """On shutdown: end every session and wait until each app subprocess has quit."""
    app[CLOSING].set()
    for task in list(app[GRACE].values()):  # the host stops: the clerks stay logged in
        task.cancel()
    sessions = list(app[SESSIONS].live)
    for session in sessions:
        if not session.socket.closed:
            await asyncio.wait_for(session.socket.close(code=1001, message=b"server shutdown"), 2)
    if sessions:
        await asyncio.wait([asyncio.create_task(s.ended.wait()) for s in sessions], timeout=STOP_SECONDS + 2)


def setup(app: web.Application) -> None:
    app[SESSIONS] = SessionBook()
    app[GRACE] = {}
    app[CLOSING] = asyncio.Event()
    app[DOWNLOADS] = DownloadManager()
    app.on_shutdown.append(_end_sessions)
    app.router.add_static("/static/ts", TEXTUAL_SERVE_STATIC, name="textual_serve_static")
    for kind, pattern in (("display", "/terminal"), ("supervisor", ""), ("kiosk", "/{ident}"),
                          ("counter", "/{ident}"), ("rating", "/{ident}")):
        base = f"/{{kind:{kind}}}{pattern}"
        app.router.add_get(base, terminal_page)
        app.router.add_get(base + "/ws/{token}/{lang}", terminal_socket)
