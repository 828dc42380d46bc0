"""/t/TOKEN: the citizen's status page, opened from the QR code on the slip.

Number, state, people ahead, estimated wait; refreshes itself every 10 s while the
ticket is open. Once the ticket is done, the citizen may rate the service here (好差评,
once per ticket). TOKEN is the ticket's random token, not its number; the page shows
nothing personal (no name, ID or phone, no appointment code).
"""
from __future__ import annotations

import re

from aiohttp import web

from hallq.db import ratings
from hallq.db.errors import HallError
from hallq.db.estimate import wait_text
from hallq.db.models import Ticket
from hallq.db.vocabulary import OPEN_TICKET_STATES, TicketState
from hallq.web import texts as T
from hallq.web.keys import ENGINE
from hallq.web.pages import lang_of, message, render

REFRESH_SECONDS = 10
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def window_label(config, number: int | None, lang: str) -> str:
    window = config.window(number) if number is not None else None
    if lang == "en" or window is None:
        return T.WINDOW(number=number).text(lang)
    return window.name


def status_lines(ticket: Ticket, config, lang: str) -> list[str]:
    """What the citizen should know beyond the number and state, one line each."""
    if ticket.state == TicketState.WAITING:
        # the place in the queue holds even while no window serves it (before opening, all paused)
        lines = [T.AHEAD(n=ticket.ahead) if ticket.ahead else T.AHEAD_NONE, wait_text(ticket) or T.ESTIMATE_NONE]
        if ticket.target_window is not None:
            lines.append(T.SENT_TO(window=window_label(config, ticket.target_window, lang)))
        return [line.text(lang) for line in lines]
    if ticket.state == TicketState.CALLED:
        line = T.GO_TO(window=window_label(config, ticket.window, lang))
    elif ticket.state == TicketState.SERVING:
        line = T.SERVED_AT(window=window_label(config, ticket.window, lang))
    elif ticket.state == TicketState.NO_SHOW:
        line = T.NO_SHOW
    elif ticket.state == TicketState.DONE:
        line = T.DONE
    else:
        line = T.CLOSED
    return [line.text(lang)]


async def _ticket_of(request: web.Request) -> Ticket | None:
    token = request.match_info["token"]
    return await request.app[ENGINE].ticket_by_token(token) if TOKEN_RE.match(token) else None


async def status_page(request: web.Request, error: str | None = None) -> web.Response:
    lang = lang_of(request)
    engine = request.app[ENGINE]
    ticket = await _ticket_of(request)
    if ticket is None:
        return message(404, T.NOT_FOUND_TITLE, T.NOT_FOUND, lang)
    await engine.record_shown_wait(ticket, "status_page")
    config = await engine.config()
    service = config.service(ticket.service)
    rating = await ratings.rating_of(engine, ticket.id) if ticket.state == TicketState.DONE else None
    return render(
        "status.html", lang, status=400 if error else 200,
        ticket=ticket,
        hall=config.name_en if lang == "en" else config.name,
        service=service.label(lang) if service else ticket.service,
        state=ticket.state_label(lang),
        lines=status_lines(ticket, config, lang),
        updated=engine.now().strftime("%H:%M:%S"),
        refresh=REFRESH_SECONDS if ticket.state in OPEN_TICKET_STATES else None,
        can_rate=ticket.state == TicketState.DONE and rating is None,
        rating=ratings.level_label(rating.level, lang) if rating else None,
        levels=[(level, ratings.level_label(level, lang)) for level in ratings.LEVELS],
        reasons=[(key, ratings.reason_label(key, lang)) for key in ratings.REASONS],
        error=error,
    )


async def rate(request: web.Request) -> web.Response:
    """The rating form's POST: rate once, then back to the status page (which thanks)."""
    lang = lang_of(request)
    ticket = await _ticket_of(request)
    if ticket is None:
        return message(404, T.NOT_FOUND_TITLE, T.NOT_FOUND, lang)
    form = await request.post()
    fields: dict[str, str] = {}
    for name in ("level", "reason", "text"):
        value = form.get(name, "")
        if not isinstance(value, str):  # a multipart post may send a file (or bytes) in any field
            return await status_page(request, error=T.RATE_NOT_TEXT(field=name).text(lang))
        fields[name] = value
    try:
        level = int(fields["level"])
    except ValueError:
        return await status_page(request, error=T.RATE_PICK.text(lang))
    try:
        await ratings.rate(request.app[ENGINE], ticket.id, level, reason=fields["reason"] or None,
                           text=fields["text"] or None, channel="status_page")
    except HallError as err:
        return await status_page(request, error=err.text(lang))
    raise web.HTTPSeeOther(f"/t/{request.match_info['token']}?lang={lang}")


def routes() -> list[web.RouteDef]:
    return [web.get("/t/{token}", status_page), web.post("/t/{token}/rate", rate)]
