"""Driving Textual apps in Pilot tests: the one place tests wait for an app.

`until` lets the app run (processing its messages, workers and the change feed) until a
condition about what it shows holds. It is a bounded wait on the app's own state, not a
sleep: it returns as soon as the condition holds, and fails with the condition's source
when it never does. The bound is generous because CI shares two cores with other tests.
"""
from __future__ import annotations

import inspect
import time
from collections.abc import Callable

from textual.pilot import Pilot
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


def shown(app, selector: str) -> str:
    """The text a Static shows (its content as plain text)."""
    return str(app.query_one(selector, Static).content)
