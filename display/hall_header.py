"""HallHeader: the hall's name, a connection warning and a no-sound warning when there are
some (the board's status line, so nothing covers the panels), the date and time."""
from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from hallq.display.texts import weekday
from hallq.ui.styles import css_beside


class HallHeader(Horizontal):
    DEFAULT_CSS = css_beside(__file__)

    def __init__(self, lang: str = "zh", **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Label("", id="hall-name")
        yield Label("", id="hall-status")
        yield Label("", id="hall-sound")
        yield Label("", id="hall-time")

    def show_name(self, name: str) -> None:
        self.query_one("#hall-name", Label).update(name)

    def show_time(self, now: datetime) -> None:
        text = f"{now:%Y-%m-%d} {weekday(now.weekday(), self.lang)} {now:%H:%M:%S}"
        self.query_one("#hall-time", Label).update(text)

    def show_problem(self, problem: str | None) -> None:
        """Show a problem with the hall's data (None: there is none)."""
        status = self.query_one("#hall-status", Label)
        status.update(problem or "")
        status.display = bool(problem)

    def show_sound(self, problem: str | None) -> None:
        """Show why calls are silent (None: sound works)."""
        sound = self.query_one("#hall-sound", Label)
        sound.update(problem or "")
        sound.display = bool(problem)
