"""/display: the hall TV, a real HTML page fed live from the event feed.

What a Chinese hall screen shows, readable across the hall at 1920×1080 (landscape) and
1080×1920 (portrait): the newest call huge with the line saying where to go, a table of
the windows with their current numbers, the recent calls, how many wait per service, the
hall's name, the date and time, and the notice scrolling at the bottom. The page is
drawn in the browser from the system's CJK fonts; nothing comes from the net.

    GET /display?token=T[&lang=en][&services=A,B][&sound=1][&recent=6]
        the page; `services` limits it to one area of a large hall, `sound=1` makes the
        TV speak each call (the browser must allow autoplay, e.g. Chromium started with
        --autoplay-policy=no-user-gesture-required; otherwise the page asks for a click)
    GET /display/events?token=T&…
        the page's live feed, Server-Sent Events: `snapshot` (everything), `call` (a new
        call, the moment its event arrives), `windows`, `queues`, `health`, and a `clock`
        heartbeat; the browser reconnects by itself and gets a fresh snapshot
    GET /display/audio/EVENT.wav?token=T
        the spoken call of that call event (web.voice)

Every line people read comes from the server: the call line is the display's own
(the hall's [announce] template through display.speech.screen_line, with RECALL before a
recall, exactly as display/latest_call.py shows it and the voice says it), the panels'
titles are the display's, the window states are web/texts.py's; tv.js writes no copy.
The display token opens these pages, as it opens the terminal display at /display/terminal.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import string
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from hallq.db.config import AnnounceConfig
from hallq.db.engine import call_of
from hallq.db.models import Call, ServiceQueue, Window
from hallq.db.vocabulary import CALL_KINDS, WindowState
from hallq.display import texts as DT
from hallq.display.announcer import Silent
from hallq.display.latest_call import FRESH_SECONDS
from hallq.display.speech import screen_line, template_of
from hallq.i18n import Text
from hallq.web import texts as T
from hallq.web.hall_feed import HallFeed, HallState
from hallq.web.keys import ENGINE, SETTINGS, TOKENS
from hallq.web.pages import PRIVATE, lang_of, message, render
from hallq.web.tokens import same
from hallq.web.voice import CallVoice

log = logging.getLogger("hallq.web")

FEED = web.AppKey("hall_feed", HallFeed)
VOICE = web.AppKey("call_voice", CallVoice)
HEARTBEAT_SECONDS = 10.0   # a `clock` event at least this often: keeps proxies open, lets the page see a dead link
RECENT = 6                 # earlier calls listed, as the terminal display lists
HERE = Path(__file__).parent
#: changes when the page's files change: an open TV reloads itself after an upgrade
BUILD = hashlib.sha256(b"".join((HERE / p).read_bytes() for p in
                                ("templates/tv.html", "static/tv.js", "static/tv.css"))).hexdigest()[:12]
STATES: dict[str, Text] = {
    "calling": T.TV_CALLING, "serving": T.TV_SERVING, "open": T.TV_OPEN, "paused": T.TV_PAUSED, "closed": T.TV_CLOSED,
}


# ---------------------------------------------------------------------- what the page shows
def call_line(call: Call, lang: str, announce: AnnounceConfig) -> str:
    """The line under the number, exactly as the terminal display's LatestCall shows it (the
    hall's [announce] template, which the voice says too)."""
    text = screen_line(call, announce, lang)
    return f"{DT.RECALL.text(lang)}  {text}" if call.recall else text


MEASURE = "号"  # the measure word after a number ("A001号", "3号窗口"): it stays with the number


def call_phrases(call: Call, lang: str, announce: AnnounceConfig) -> list[str]:
    """The call line cut where a TV too narrow for it on one line may break it (portrait):
    each field of the template with the text before it and the measure word after it,
    e.g. "请A001号到10号窗口办理" → ["请A001号", "到10号", "窗口办理"], never inside a
    number or a window's name. Chinese has no spaces to break at, and a browser would
    otherwise break anywhere ("…10号窗" / "口办理").

    Args:
        call: the call.
        lang: "zh" or "en" (English breaks at its spaces: one phrase).
        announce: the hall's [announce] settings (its template).

    Returns:
        The phrases; joined they are exactly call_line's text.
    """
    line = call_line(call, lang, announce)
    if lang == "en":
        return [line]
    values = {"number": call.number, "window": call.window, "window_name": call.window_name}
    phrases: list[str] = []
    text = ""
    try:
        for literal, field, spec, conversion in string.Formatter().parse(template_of(announce, lang)):
            if phrases and not text and literal.startswith(MEASURE):  # the measure word after a field
                phrases[-1] += MEASURE
                literal = literal[len(MEASURE):]
            text += literal
            if field is None:
                continue
            value = values[field]
            value = repr(value) if conversion == "r" else str(value) if conversion == "s" else value
            text, phrase = "", text + format(value, spec or "")
            phrases.append(phrase)
    except (KeyError, ValueError):
        return [line]
    phrases = [p for p in [*phrases, text] if p]
    if call.recall:
        phrases.insert(0, f"{DT.RECALL.text(lang)}  ")
    return phrases if "".join(phrases) == line else [line]


def window_state(window: Window) -> str:
    """calling, serving, open, paused or closed: how the hall screen shows a window."""
    if window.state == WindowState.LOGGED_OUT:
        return "closed"
    if window.state == WindowState.PAUSED:
        return "paused"
    if window.state in (WindowState.CALLING, WindowState.SERVING):
        return str(window.state)
    return "open"


@dataclass(frozen=True)
class TvView:
    """One TV's view of the hall: its language, its services (None: all), how many earlier calls."""

    lang: str = "zh"
    services: frozenset[str] | None = None
    recent: int = RECENT

    def mine(self, service: str | Iterable[str]) -> bool:
        if self.services is None:
            return True
        return service in self.services if isinstance(service, str) else bool(self.services & set(service))

    def call(self, call: Call, announce: AnnounceConfig) -> dict:
        return {"id": call.event_id, "number": call.number, "window": call.window, "window_name": call.window_name,
                "recall": call.recall, "line": call_line(call, self.lang, announce),
                "phrases": call_phrases(call, self.lang, announce),
                "tag": DT.RECALL.text(self.lang) if call.recall else "", "at": call.at.isoformat()}

    def calls(self, state: HallState) -> tuple[dict | None, list[dict]]:
        """The newest call and the earlier ones, one per number (as the terminal display lists them)."""
        calls = [c for c in state.calls if self.mine(c.service)]
        announce = state.config.announce if state.config else AnnounceConfig()
        if not calls:
            return None, []
        latest, earlier, seen = calls[0], [], {calls[0].number}
        for c in calls[1:]:
            if c.number not in seen:
                seen.add(c.number)
                earlier.append(self.call(c, announce))
        return self.call(latest, announce), earlier[: self.recent]

    def window(self, window: Window) -> dict:
        state = window_state(window)
        current = window.current.number if window.current is not None and state in ("calling", "serving") else None
        return {"number": window.number, "name": window.name, "current": current, "state": state,
                "label": STATES[state].text(self.lang)}

    def windows(self, state: HallState) -> list[dict]:
        return [self.window(w) for w in state.windows if self.mine(w.services)]

    def queue(self, queue: ServiceQueue) -> dict:
        count = DT.WAITING_ROW(n=queue.waiting) if queue.is_open else DT.CLOSED
        return {"prefix": queue.prefix, "name": queue.label(self.lang), "waiting": queue.waiting,
                "open": queue.is_open, "count": count.text(self.lang)}

    def queues(self, state: HallState) -> list[dict]:
        return [self.queue(q) for q in state.queues if self.mine(q.prefix)]

    def snapshot(self, state: HallState) -> dict:
        config = state.config
        latest, recent = self.calls(state)
        return {"build": BUILD,
                "hall": (config.name_en if self.lang == "en" else config.name) if config else "",
                "notice": config.notice.strip() if config else "",
                "latest": latest, "recent": recent, "windows": self.windows(state), "queues": self.queues(state),
                "healthy": state.healthy}

    def new_call(self, call: Call, state: HallState) -> dict:
        """A call as it arrives: the board's calls, and the called window's row at once (the
        re-read of the windows follows)."""
        latest, recent = self.calls(state)
        known = next((w for w in state.windows if w.number == call.window), None)
        row = self.window(known) if known else {"number": call.window, "name": call.window_name}
        row.update(current=call.number, state="calling", label=STATES["calling"].text(self.lang))
        announce = state.config.announce if state.config else AnnounceConfig()
        return {"call": self.call(call, announce), "latest": latest, "recent": recent, "window": row}


# ---------------------------------------------------------------------- the handlers
def _allowed(request: web.Request) -> bool:
    return same(request.app[TOKENS].display, request.query.get("token", ""))


def _services(request: web.Request) -> frozenset[str] | None:
    given = {s.strip().upper() for s in request.query.get("services", "").split(",") if s.strip()}
    return frozenset(given) or None


def _recent(request: web.Request) -> int:
    try:
        return min(max(int(request.query.get("recent", RECENT)), 0), 12)
    except ValueError:
        return RECENT


def _view(request: web.Request) -> TvView:
    return TvView(lang_of(request, request.app[SETTINGS].lang), _services(request), _recent(request))


def _sound(request: web.Request) -> bool:
    return request.query.get("sound", "") in ("1", "on", "true", "yes")


async def tv_page(request: web.Request) -> web.Response:
    view = _view(request)
    if not _allowed(request):
        log.warning("refused /display from %s: wrong or missing token", request.remote)
        return message(403, T.FORBIDDEN_TITLE, T.FORBIDDEN, view.lang)
    token = request.query["token"]
    query = {"token": token, "lang": view.lang, "recent": str(view.recent)}
    if view.services:
        query["services"] = ",".join(sorted(view.services))
    events = request.rel_url.with_path("/display/events").with_query(query)
    audio = request.rel_url.with_path("/display/audio/0.wav").with_query({"token": token})
    page = {
        "events": str(events), "audio": str(audio).replace("/0.wav", "/{id}.wav"), "sound": _sound(request),
        "recent": view.recent, "build": BUILD, "fresh_seconds": FRESH_SECONDS, "heartbeat_seconds": HEARTBEAT_SECONDS,
        "now": request.app[ENGINE].now().isoformat(timespec="milliseconds"),  # the first paint in hall time
        "weekdays": DT.WEEKDAYS.text(view.lang).split(),
        "texts": {"no_calls": DT.NO_CALLS.text(view.lang), "unavailable": DT.UNAVAILABLE.text(view.lang)},
    }
    return render("tv.html", view.lang, title=T.DISPLAY_TITLE.text(view.lang), page=page, build=BUILD, DT=DT)


def _event(kind: str, data: object) -> bytes:
    return f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False, separators=(',', ':'))}\n\n".encode()


async def tv_events(request: web.Request) -> web.StreamResponse:
    if not _allowed(request):
        log.warning("refused /display/events from %s: wrong or missing token", request.remote)
        raise web.HTTPForbidden()
    view, sound = _view(request), _sound(request)
    engine, feed, voice = request.app[ENGINE], request.app[FEED], request.app[VOICE]
    response = web.StreamResponse(headers={**PRIVATE, "Content-Type": "text/event-stream; charset=utf-8",
                                           "X-Accel-Buffering": "no"})
    await response.prepare(request)

    def clock() -> dict:
        return {"now": engine.now().isoformat(timespec="milliseconds")}

    try:
        await response.write(b"retry: 1000\n\n")
        async with feed.subscribe() as sub:
            while True:
                try:
                    kind, value = await asyncio.wait_for(sub.get(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    await response.write(_event("clock", clock()))
                    continue
                state = feed.state
                if kind == "end":
                    break
                if kind == "snapshot":
                    await response.write(_event("snapshot", {**view.snapshot(state), **clock()}))
                elif kind == "call":
                    if not view.mine(value.service):
                        continue
                    if sound and state.config is not None:
                        voice.prepare(value, state.config.announce)  # the page asks for it in a moment
                    # `sent`: when the host wrote it (ms since the epoch), for bench/tv.py's split of the delay
                    await response.write(_event("call", {**view.new_call(value, state), "sent": time.time() * 1000}))
                elif kind == "windows":
                    await response.write(_event("windows", view.windows(state)))
                elif kind == "queues":
                    await response.write(_event("queues", view.queues(state)))
                elif kind == "health":
                    await response.write(_event("health", {"ok": value}))
    except (ConnectionResetError, asyncio.CancelledError):
        pass  # the TV went away, or the host is stopping
    return response


async def tv_audio(request: web.Request) -> web.Response:
    if not _allowed(request):
        raise web.HTTPForbidden()
    try:
        event_id = int(request.match_info["event"])
    except ValueError:
        raise web.HTTPNotFound() from None
    feed, engine = request.app[FEED], request.app[ENGINE]
    call = feed.call(event_id)
    if call is None:  # not among the recent calls: read the event itself
        events = await engine.events(after_id=event_id - 1, limit=1)
        if not events or events[0].id != event_id or events[0].kind not in CALL_KINDS:
            raise web.HTTPNotFound()
        config = await engine.config()
        call = call_of(events[0], {w.number: w.name for w in config.windows})
    config = feed.state.config or await engine.config()
    try:
        wav = await request.app[VOICE].wav(call, config.announce)
    except Silent as exc:
        log.warning("hall TV: no sound for %s: %s", call.number, exc)
        return web.Response(status=503, text=str(exc), headers=PRIVATE)
    return web.Response(body=wav, content_type="audio/wav",
                        headers={**PRIVATE, "Cache-Control": "private, max-age=3600"})


async def _close(app: web.Application) -> None:
    """On shutdown: end every TV's stream (else the host would wait for them)."""
    await app[FEED].close()


def setup(app: web.Application) -> None:
    """The hall TV's routes and its feed; call after the engine is in the app."""
    app[FEED] = HallFeed(app[ENGINE])
    app[VOICE] = CallVoice()
    app.on_shutdown.append(_close)
    app.router.add_get("/display", tv_page)
    app.router.add_get("/display/events", tv_events)
    app.router.add_get(r"/display/audio/{event:\d+}.wav", tv_audio)

