"""Countdown: a restartable one-shot Textual timer that tests can fire at once."""
from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable

from textual.timer import Timer
from textual.widget import Widget


class Countdown:
    def __init__(self, owner: Widget, seconds: float, callback: Callable[[], Awaitable[None] | None]) -> None:
        self.owner = owner
        self.seconds = seconds
        self.callback = callback
        self._timer: Timer | None = None

    @property
    def armed(self) -> bool:
        return self._timer is not None

    def restart(self, seconds: float | None = None) -> None:
        self.cancel()
        self._timer = self.owner.set_timer(self.seconds if seconds is None else seconds, self._expired)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    async def _expired(self) -> None:
        self._timer = None
        result = self.callback()
        if inspect.isawaitable(result):
            await result

    async def fire(self) -> None:
        """Run out now (for tests): cancel the timer and call back."""
        self.cancel()
        await self._expired()
