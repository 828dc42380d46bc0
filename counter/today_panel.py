"""TodayPanel: what this window has done today."""
from __future__ import annotations

from textual.widgets import Static

from hallq.counter import texts as T
from hallq.db.models import WindowFigures


class TodayPanel(Static):
    DEFAULT_CSS = """
    TodayPanel { border: round $secondary; padding: 0 1; height: 4; }
    """

    def __init__(self, lang: str = "zh", **kwargs):
        super().__init__(**kwargs)
        self.lang = lang

    def on_mount(self) -> None:
        self.border_title = T.TODAY_TITLE.text(self.lang)

    def show(self, figures: WindowFigures) -> None:
        mean = "—" if figures.mean_handling_min is None else T.MINUTES(n=figures.mean_handling_min)
        self.update(T.TODAY(served=figures.served, no_shows=figures.no_shows, mean=mean).text(self.lang))
