"""CounterApp: the clerk's window as a terminal app (`hallq counter --window N`)."""
from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer

from hallq.counter.counter_view import CounterView
from hallq.db.clock import Clock
from hallq.db.engine import HallEngine


class CounterApp(App):
    TITLE = "hallq counter"
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, engine: HallEngine, window: int, clock: Clock | None = None, lang: str = "zh"):
        super().__init__()
        self.engine, self.window, self.lang = engine, window, lang
        self.clock = clock or engine.clock

    def compose(self) -> ComposeResult:
        yield CounterView(self.engine, self.window, self.clock, self.lang)
        yield Footer(compact=True)
