"""Driving the counter app in Pilot tests."""
from __future__ import annotations

import time

from textual.widgets import Static

from hallq.counter.counter_view import CounterView
from hallq.counter.supervisor_board import SupervisorBoard
from hallq.counter.ticket_card import TicketCard
from hallq.db.supervision import alerts


async def until(pilot, condition, timeout: float = 3.0) -> None:
    """Let the app run until `condition()` holds (bounded)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await pilot.pause(0.01)


def text(app, selector: str) -> str:
    return str(app.query_one(selector, Static).content)


def view(app) -> CounterView:
    return app.query_one(CounterView)


def refused(app) -> str | None:
    """The code of the engine's refusal the window shows (None: its last operation went through)."""
    refusal = view(app).refusal
    return refusal.code if refusal else None


def shown_alerts(app, clock) -> list[tuple[str, str]]:
    """(kind, subject) of the hall's alerts whose line the supervisor board shows."""
    board = app.query_one(SupervisorBoard)
    if board.snap is None:
        return []
    box = text(app, "#alerts")
    return [(a.kind, a.subject) for a in alerts(board.snap, clock.now()) if f"• {a.text(board.lang)}" in box]


def card_number(app) -> str | None:
    ticket = app.query_one(TicketCard).ticket
    return ticket.number if ticket else None


async def login(pilot, clerk: str = "c01", pin: str = "1111", expect: bool = True, typed: bool = False) -> None:
    """Log in through the form (typed key by key, or filled in at once to keep tests fast)."""
    from textual.widgets import Input

    from hallq.counter.login_form import LoginForm
    await until(pilot, lambda: view(pilot.app).win is not None)
    if typed:
        await pilot.press(*clerk, "enter", *pin, "enter")
    else:
        form = pilot.app.query_one(LoginForm)
        form.query_one("#clerk", Input).value = clerk
        form.query_one("#pin", Input).value = pin
        form.submit()
    if expect:
        await until(pilot, lambda: view(pilot.app).clerk is not None and text(pilot.app, "#queue"))


async def press_until(pilot, key: str, condition) -> None:
    await pilot.press(key)
    await until(pilot, condition)


async def answer(pilot, *lines: str) -> None:
    """Type into an open PromptDialog, one line per field."""
    from textual.widgets import Input

    from hallq.counter.prompt_dialog import PromptDialog
    await until(pilot, lambda: isinstance(pilot.app.screen, PromptDialog))
    fields = list(pilot.app.screen.query(Input))
    for field, line in zip(fields, lines, strict=False):
        field.value = line
    fields[len(lines) - 1].focus()
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(pilot.app.screen, PromptDialog))
