"""QueuePanel: who is waiting for this window, in the order it will call them.

The order comes from the engine's `window_queue` (the queue rule of db/queue.py): its
first number is the one "call next" gives this window now. Tickets sent to this window
by name come first, then each of its services in its order of preference.
"""
from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from hallq.counter import texts as T
from hallq.db.models import ServiceQueue, Ticket
from hallq.ui.styles import css_beside


class QueuePanel(Static):
    DEFAULT_CSS = css_beside(__file__)

    def __init__(self, lang: str = "zh", **kwargs):
        super().__init__(**kwargs)
        self.lang = lang
        #: the numbers shown, in call order (the first is what call-next gives)
        self.order: list[str] = []

    def on_mount(self) -> None:
        self.border_title = T.QUEUE_TITLE.text(self.lang)

    def show(self, queues: list[ServiceQueue], services: tuple[str, ...], order: list[Ticket], window: int,
             heads: int = 4) -> None:
        """Show the window's queue.

        Args:
            queues: every service's queue (counts, longest wait, open or stopped).
            services: the window's services, in its order of preference.
            order: the window's call order (HallEngine.window_queue).
            window: this window's number (tickets sent here by name are marked).
            heads: how many numbers to list per line.
        """
        lang = self.lang
        self.order = [t.number for t in order]
        text = Text()
        sent_here = [t.number for t in order if t.target_window == window]
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
            upcoming = [t.number for t in order if t.target_window is None and t.service == prefix]
            if upcoming:
                text.append(f"  {T.NEXT.text(lang)} ", style="dim")
                text.append(" ".join(upcoming[:heads]) + "\n")
        self.update(text)
