"""LatestCall: the newest call, huge (A001→3), highlighted for a few seconds after it is made,
with the call line the voice says (the hall's [announce] template, display.speech)."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Label

from hallq.db.config import AnnounceConfig
from hallq.db.models import Call
from hallq.display import texts as T
from hallq.display.speech import screen_line
from hallq.ui.big_text import BigText
from hallq.ui.styles import css_beside

FRESH_SECONDS = 8.0


class LatestCall(Vertical):
    """Shows one call; `show(call, fresh=True)` highlights it for FRESH_SECONDS."""

    DEFAULT_CSS = css_beside(__file__)

    def __init__(self, lang: str = "zh", **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.call: Call | None = None
        self.announce = AnnounceConfig()
        self._fade: Timer | None = None

    def compose(self) -> ComposeResult:
        yield BigText("", id="latest-number")
        yield Label(T.NO_CALLS.text(self.lang), id="latest-caption")

    def configure(self, announce: AnnounceConfig) -> None:
        """Take the hall's [announce] settings (its template) and show the call with them."""
        self.announce = announce
        if self.call is not None:
            self.show(self.call)

    def show(self, call: Call | None, fresh: bool = False) -> None:
        """Show this call; a re-read showing the same call again keeps its highlight."""
        same = call is not None and self.call is not None and call.event_id == self.call.event_id
        self.call = call
        big = self.query_one("#latest-number", BigText)
        caption = self.query_one("#latest-caption", Label)
        if call is None:
            big.text = ""
            caption.update(T.NO_CALLS.text(self.lang))
        else:
            big.text = f"{call.number}→{call.window}"
            text = screen_line(call, self.announce, self.lang)
            caption.update(f"{T.RECALL.text(self.lang)}  {text}" if call.recall else text)
        if same and not fresh:
            return
        self.set_class(fresh, "-fresh")
        if self._fade is not None:
            self._fade.stop()
            self._fade = None
        if fresh:
            self._fade = self.set_timer(FRESH_SECONDS, lambda: self.remove_class("-fresh"))

    @property
    def fresh(self) -> bool:
        return self.has_class("-fresh")
