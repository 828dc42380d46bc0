"""The caps on browser terminal sessions: each session of `hallq serve` is one app process
(about 60 MB), so a token copied out of a kiosk's address bar must not be able to start
them without end (issue 19: 50 websockets on one kiosk token started 100 processes, 3.3 GB,
and slowed every write of the hall).

The rules, from hall.toml `[serve]` (db.config.ServeConfig):
- a terminal (its token) has at most `sessions_per_token` sessions (`display_sessions` for
  the hall display); a new one replaces the oldest, which is closed and its app reaped
  before the new app starts: a reloaded kiosk page takes over from its old self;
- at most `sessions` in all (default: one per kiosk and window plus the display's); beyond
  that a new session is refused (503) until one ends;
- a terminal starts at most `starts_per_minute` sessions a minute (429 beyond): a page
  reloading in a loop cannot churn processes.
"""
from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from dataclasses import dataclass, field

from aiohttp import web

from hallq.db.config import HallConfig

#: websocket close code telling the old page that a newer session took over (4000–4999: the app's own)
REPLACED = 4001


@dataclass(eq=False)
class Session:
    """One live browser terminal session.

    Attributes:
        terminal: the terminal's path ("/kiosk/K1"): sessions are counted per terminal (token).
        socket: its websocket.
        ended: set once its app process has been reaped.
    """

    terminal: str
    socket: web.WebSocketResponse
    ended: asyncio.Event = field(default_factory=asyncio.Event)
    started: float = field(default_factory=time.monotonic)


class Refusal(Exception):
    """A session that may not start now.

    Args:
        status: the HTTP status for the handshake (503: the host is full; 429: too many starts).
        retry_after: seconds after which trying again may work.
    """

    def __init__(self, status: int, retry_after: int):
        super().__init__(status)
        self.status = status
        self.retry_after = retry_after


class SessionBook:
    """Every live session of this `hallq serve`, and the rules for starting one."""

    def __init__(self) -> None:
        self.live: list[Session] = []
        self._locks: dict[str, asyncio.Lock] = {}
        self._starts: dict[str, deque[float]] = {}

    def of(self, terminal: str) -> list[Session]:
        """The live sessions of a terminal, oldest first."""
        return [s for s in self.live if s.terminal == terminal]

    def full(self, config: HallConfig, terminal: str) -> bool:
        """Whether a new session for `terminal` would be refused for the total cap (one that
        would replace one of the terminal's own never is)."""
        per = self.per_token(config, terminal)
        return len(self.of(terminal)) < per and len(self.live) >= config.session_cap

    @staticmethod
    def per_token(config: HallConfig, terminal: str) -> int:
        """How many sessions this terminal may have at once."""
        return config.serve.display_sessions if terminal == "/display/terminal" else config.serve.sessions_per_token

    def _check_rate(self, config: HallConfig, terminal: str) -> None:
        now = time.monotonic()
        starts = self._starts.setdefault(terminal, deque())
        while starts and starts[0] <= now - 60:
            starts.popleft()
        if len(starts) >= config.serve.starts_per_minute:
            raise Refusal(429, max(1, int(starts[0] + 60 - now + 0.999)))
        starts.append(now)

    async def admit(self, config: HallConfig, terminal: str, socket: web.WebSocketResponse,
                    request: web.Request, stop_wait: float) -> Session:
        """Make room for a new session of `terminal`, register it and open its websocket.

        Sessions of one terminal are admitted one at a time; the oldest beyond the
        terminal's cap is closed (code REPLACED) and waited for (at most `stop_wait`
        seconds) before the new one is registered.

        Args:
            config: the hall config (its `[serve]` caps).
            terminal: the terminal's path.
            socket: the new session's websocket, not yet prepared.
            request: the request it answers (the websocket is prepared inside the terminal's
                lock, so a session replaced by the next one always has a socket to close).
            stop_wait: seconds to wait for a replaced session's app to be reaped.

        Returns:
            The registered session; call `remove` when its app has been reaped.

        Raises:
            Refusal: 429 when the terminal started too many sessions in the last minute,
                503 when the host runs `config.session_cap` sessions already.
        """
        self._check_rate(config, terminal)
        async with self._locks.setdefault(terminal, asyncio.Lock()):
            old = self.of(terminal)
            extra = len(old) - self.per_token(config, terminal) + 1
            if extra <= 0 and len(self.live) >= config.session_cap:
                raise Refusal(503, 30)
            for session in old[:max(0, extra)]:
                if not session.socket.closed:
                    # the close frame goes at once; a page that does not answer it is cut off
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(session.socket.close(code=REPLACED,
                                                                    message=b"replaced by a new session"), 1)
            if extra > 0:
                await asyncio.wait([asyncio.create_task(s.ended.wait()) for s in old[:extra]], timeout=stop_wait)
            session = Session(terminal, socket)
            self.live.append(session)
            try:
                await socket.prepare(request)
            except BaseException:
                self.remove(session)
                raise
            return session

    def remove(self, session: Session) -> None:
        """Forget an ended session (its app has been reaped)."""
        session.ended.set()
        if session in self.live:
            self.live.remove(session)
