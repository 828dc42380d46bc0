"""Typed keys for what the web application holds: the engine, the tokens, the settings
(and the settings' type, here so that every module can read them typed without importing
web.server)."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from hallq.db.engine import HallEngine
from hallq.web.tokens import Tokens

ENGINE = web.AppKey("engine", HallEngine)
TOKENS = web.AppKey("tokens", Tokens)


@dataclass(frozen=True)
class Settings:
    db_path: Path
    lang: str = "zh"
    # how a terminal's app is started: this interpreter running the hallq command
    hallq: tuple[str, ...] = field(default_factory=lambda: (sys.executable, "-m", "hallq"))
    # a counter whose browser session ended is logged out after this many seconds;
    # None: the hall's policy (terminal_grace_minutes)
    terminal_grace_s: float | None = None


SETTINGS = web.AppKey("settings", Settings)
