"""Typed keys for what the web application holds: the engine, the tokens, the settings."""
from __future__ import annotations

from aiohttp import web

from hallq.db.engine import HallEngine
from hallq.web.tokens import Tokens

ENGINE = web.AppKey("engine", HallEngine)
TOKENS = web.AppKey("tokens", Tokens)
SETTINGS = web.AppKey("settings", object)  # web.server.Settings
