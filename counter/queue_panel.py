"""QueuePanel: who is waiting for the services this window serves."""
from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from hallq.counter.texts import t
from hallq.db.models import ServiceQueue
from hallq.ui.styles import css_beside


class QueuePanel(Static):
    DEFAULT_CSS = css_beside(__file__)

    def __init__(self, lang: str = "zh", **kwargs):
        super().__init__(**kwargs)
        self.lang = lang

    def on_mount(self) -> None:
        self.border_title = t("queue_title", self.lang)

    def show(self, queues: list[ServiceQueue], services: tuple[str, ...], sent_here: list[str], heads: int = 4) -> None:
        lang = self.lang
        text = Text()
        if sent_here:
            text.append(t("sent_here", lang), style="bold")
            text.append(" ".join(sent_here[:heads]) + "\n", style="bold yellow")
        by_prefix = {q.prefix: q for q in queues}
        for prefix in services:
            q = by_prefix.get(prefix)
            if q is None:
                continue
            long = q.longest_wait_min >= 30
            text.append(t("queue_line", lang, prefix=q.prefix, name=q.label(lang), waiting=q.waiting,
                          longest=q.longest_wait_min), style="bold red" if long else "bold")
            if not q.is_open:
                text.append(t("closed", lang), style="red")
            text.append("\n")
            if q.next_numbers:
                text.append("  " + t("next", lang), style="dim")
                text.append(" ".join(q.next_numbers[:heads]) + "\n")
        self.update(text)
