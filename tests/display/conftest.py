"""Display test helpers: a hall with a prefix beyond F, waiting for the board."""
from __future__ import annotations

from hallq.db.config import demo_text, parse_config
from tests.pilot import until  # noqa: F401  (the one wait, re-exported for these tests)

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


