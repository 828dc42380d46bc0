"""Driving Textual apps in Pilot tests: the one place tests touch and wait for an app.

`touch` puts a finger on a widget the way a touch screen's driver does. `until` lets the
app run (processing its messages, workers and the change feed) until a condition about
what it shows holds. It is a bounded wait on the app's own state, not a sleep: it returns
as soon as the condition holds, and fails with the condition's source when it never does.
The bound is generous because CI shares two cores with other tests.
"""
from __future__ import annotations

import inspect
import time
from collections.abc import Callable

from textual.events import Click, MouseDown, MouseUp
from textual.geometry import Offset
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

DEFAULT_TIMEOUT = 10.0
STEP = 0.01


async def until(pilot: Pilot, condition: Callable[[], object], timeout: float = DEFAULT_TIMEOUT) -> None:
    """Let the app run until `condition()` is true.

    Raises:
        AssertionError: naming the condition, when it is still false after `timeout` seconds.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            try:
                source = inspect.getsource(condition).strip()
            except (OSError, TypeError):
                source = repr(condition)
            raise AssertionError(f"not true after {timeout:g} s: {source}")
        await pilot.pause(STEP)


async def touch(pilot: Pilot, widget: Widget) -> None:
    """A finger on the middle of `widget`: press, release and click reach the screen one
    after the other, as the driver of a touch screen sends them, then the app runs until
    it is idle. (Pilot.click lets the whole screen settle between the three, five times
    the work on a kiosk screen of two hundred widgets.)

    Raises:
        AssertionError: when the middle of `widget` is off the screen or under another widget.
    """
    app = pilot.app
    x = widget.region.x + widget.size.width // 2
    y = widget.region.y + widget.size.height // 2
    under, _ = app.screen.get_widget_at(x, y)
    assert under is widget or widget in under.ancestors, f"a finger at {x},{y} lands on {under!r}, not {widget!r}"
    where = dict(widget=widget, x=x, y=y, delta_x=0, delta_y=0, button=1, shift=False, meta=False, ctrl=False,
                 screen_x=x, screen_y=y)
    app.mouse_position = Offset(x, y)  # as App.on_event keeps it for a real pointer
    for event in (MouseDown(**where), MouseUp(**where), Click(**where, chain=1)):
        app.screen._forward_event(event)
    await pilot.pause()


def shown(app, selector: str) -> str:
    """The text a Static shows (its content as plain text)."""
    return str(app.query_one(selector, Static).content)
