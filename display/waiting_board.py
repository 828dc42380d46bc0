"""WaitingBoard: how many people wait for each service."""
from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from hallq.db.models import ServiceQueue
from hallq.display import texts as T
from hallq.ui.styles import css_beside


class WaitingBoard(Static):
    DEFAULT_CSS = css_beside(__file__)

    def __init__(self, lang: str = "zh", **kwargs) -> None:
        super().__init__("", **kwargs)
        self.lang = lang
        self.queues: list[ServiceQueue] = []

    def on_mount(self) -> None:
        self.border_title = T.WAITING.text(self.lang)

    def show(self, queues: list[ServiceQueue]) -> None:
        self.queues = queues
        table = Table.grid(expand=True, padding=(0, 1))
        table.add_column(no_wrap=True)
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column(justify="right", no_wrap=True)
        for q in queues:
            count = (Text(T.WAITING_ROW(n=q.waiting).text(self.lang), style="bold") if q.is_open
                     else Text(T.CLOSED.text(self.lang), style="dim"))
            table.add_row(Text(q.prefix, style="bold"), q.label(self.lang), count)
        self.update(table)
