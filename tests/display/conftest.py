"""Display test helpers: a hall with a prefix beyond F, waiting for the board."""
from __future__ import annotations

import time

from hallq.db.config import demo_text, parse_config

# A service whose prefix Textual's Digits cannot draw, at a window with a two-digit number.
EXTRA = """
[[services]]
prefix = "M"
name = "医保社保"
name_en = "Medical and social insurance"
handling_minutes = 10
hours = ["09:00-12:00", "13:30-17:30"]

[[windows]]
number = 16
name = "社保窗口16"
services = ["M"]
"""


async def add_m_service(engine) -> None:
    text = demo_text() + EXTRA
    await engine.load_config(parse_config(text, "test hall"), text)


async def until(pilot, condition, timeout: float = 2.0) -> None:
    """Let the app run until condition() holds (bounded)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.01)
