"""/t/TOKEN: the citizen's status page, opened from the QR code on the slip.

Number, state, people ahead, estimated wait; refreshes itself every 10 s while the
ticket is open. TOKEN is the ticket's random token, not its number; the page shows
nothing personal (no name, ID or phone, no appointment code).
"""
from __future__ import annotations

import re

from aiohttp import web

from db.models import CALLED, DONE, NO_SHOW, OPEN_STATES, SERVING, WAITING, Ticket
from web.keys import ENGINE
from web.pages import lang_of, message, render
from web.texts import t

REFRESH_SECONDS = 10
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def window_label(config, number: int | None, lang: str) -> str:
    window = config.window(number) if number is not None else None
    if lang == "en" or window is None:
        return f"window {number}" if lang == "en" else f"{number}号窗口"
    return window.name


def status_lines(ticket: Ticket, config, lang: str) -> list[str]:
    """What the citizen should know beyond the number and state, one line each."""
    if ticket.state == WAITING:
        lines = [t("ahead", lang, n=ticket.ahead) if ticket.ahead else t("ahead_none", lang)]
        lines.append(t("estimate", lang, m=ticket.estimate_min) if ticket.estimate_min else t("estimate_none", lang))
        if ticket.target_window is not None:
            lines.append(t("sent_to", lang, window=window_label(config, ticket.target_window, lang)))
        return lines
    if ticket.state == CALLED:
        return [t("go_to", lang, window=window_label(config, ticket.window, lang))]
    if ticket.state == SERVING:
        return [t("served_at", lang, window=window_label(config, ticket.window, lang))]
    if ticket.state == NO_SHOW:
        return [t("no_show", lang)]
    if ticket.state == DONE:
        return [t("done", lang)]
    return [t("closed", lang)]


async def status_page(request: web.Request) -> web.Response:
    lang = lang_of(request)
    token = request.match_info["token"]
    engine = request.app[ENGINE]
    ticket = await engine.ticket_by_token(token) if TOKEN_RE.match(token) else None
    if ticket is None:
        return message(404, "not_found_title", "not_found", lang)
    config = await engine.config()
    service = config.service(ticket.service)
    return render(
        "status.html", lang,
        ticket=ticket,
        hall=config.name_en if lang == "en" else config.name,
        service=service.label(lang) if service else ticket.service,
        state=ticket.state_label(lang),
        lines=status_lines(ticket, config, lang),
        updated=engine.now().strftime("%H:%M:%S"),
        refresh=REFRESH_SECONDS if ticket.state in OPEN_STATES else None,
    )


def routes() -> list[web.RouteDef]:
    return [web.get("/t/{token}", status_page)]
