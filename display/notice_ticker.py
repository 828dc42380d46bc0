"""NoticeTicker: the hall's notice on one line, scrolling when it is longer than the screen.

The scroll position is taken from the clock, so a frozen (virtual) clock gives a still
line, and the timer only repaints this one line while there is something to scroll."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.cells import cell_len
from rich.segment import Segment
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from hallq.ui.styles import css_beside

STEPS_PER_SECOND = 3
GAP = "          "


class NoticeTicker(Widget):
    DEFAULT_CSS = css_beside(__file__)

    def __init__(self, now: Callable[[], datetime], **kwargs) -> None:
        super().__init__(**kwargs)
        self.now = now
        self.notice = ""
        self._timer: Timer | None = None

    def show(self, notice: str) -> None:
        self.notice = notice.strip()
        self.display = bool(self.notice)
        self._arm()
        self.refresh()

    def on_resize(self) -> None:
        self._arm()

    @property
    def scrolls(self) -> bool:
        return cell_len(self.notice) > self.content_size.width > 0

    def _arm(self) -> None:
        if self.scrolls and self._timer is None:
            self._timer = self.set_interval(1 / STEPS_PER_SECOND, self.refresh)
        elif not self.scrolls and self._timer is not None:
            self._timer.stop()
            self._timer = None

    def render_line(self, y: int) -> Strip:
        width, height = self.content_size
        style = self.rich_style
        if y != height // 2 or not self.notice:
            return Strip.blank(width, style)
        if not self.scrolls:
            pad = (width - cell_len(self.notice)) // 2
            return Strip([Segment(" " * pad + self.notice, style)]).adjust_cell_length(width, style)
        loop = self.notice + GAP
        offset = int(self.now().timestamp() * STEPS_PER_SECOND) % len(loop)
        text = loop[offset:] + loop + loop
        return Strip([Segment(text, style)]).adjust_cell_length(width, style)
