"""QueuePanel: who is waiting for the services this window serves."""
from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from hallq.counter import texts as T
from hallq.db.models import ServiceQueue
from hallq.ui.styles import css_beside


class QueuePanel(Static):
    DEFAULT_CSS = css_beside(__file__)

    def __init__(self, lang: str = "zh", **kwargs):
        super().__init__(**kwargs)
        self.lang = lang

    def on_mount(self) -> None:
        self.border_title = T.QUEUE_TITLE.text(self.lang)

    def show(self, queues: list[ServiceQueue], services: tuple[str, ...], sent_here: list[str], heads: int = 4) -> None:
        lang = self.lang
        text = Text()
        if sent_here:
            text.append(f"{T.SENT_HERE.text(lang)} ", style="bold")
            text.append(" ".join(sent_here[:heads]) + "\n", style="bold yellow")
        by_prefix = {q.prefix: q for q in queues}
        for prefix in services:
            q = by_prefix.get(prefix)
            if q is None:
                continue
            long = q.longest_wait_min >= 30
            line = T.QUEUE_LINE(prefix=q.prefix, name=q.label(lang), waiting=q.waiting, longest=q.longest_wait_min)
            text.append(line.text(lang), style="bold red" if long else "bold")
            if not q.is_open:
                text.append(T.QUEUE_CLOSED(line="").text(lang), style="red")  # the mark after the line
            text.append("\n")
            if q.next_numbers:
                text.append(f"  {T.NEXT.text(lang)} ", style="dim")
                text.append(" ".join(q.next_numbers[:heads]) + "\n")
        self.update(text)
