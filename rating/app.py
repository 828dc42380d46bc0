"""RatingApp: the rating terminal full screen (`hallq rate --window N`)."""
from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer

from hallq.db.clock import Clock
from hallq.db.engine import HallEngine
from hallq.rating.rating_view import RatingView


class RatingApp(App):
    TITLE = "hallq rate"
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, engine: HallEngine, window: int, *, clock: Clock | None = None, lang: str = "zh",
                 **view_options) -> None:
        super().__init__()
        self.view = RatingView(engine, window, clock=clock, lang=lang, **view_options)

    def compose(self) -> ComposeResult:
        yield self.view
        yield Footer(compact=True)
