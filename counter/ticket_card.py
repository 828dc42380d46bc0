"""TicketCard: the window's current ticket, large, with what the clerk needs to know."""
from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from hallq.counter.texts import t
from hallq.db.models import Event, Ticket
from hallq.ui.big_text import BigText
from hallq.ui.styles import css_beside


class TicketCard(Vertical):
    DEFAULT_CSS = css_beside(__file__)

    def __init__(self, lang: str = "zh", **kwargs):
        super().__init__(**kwargs)
        self.lang = lang
        self.ticket: Ticket | None = None
        self.service_names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield BigText("", id="number")
        yield Static(id="detail")

    def on_mount(self) -> None:
        self.border_title = t("card_title", self.lang)

    def show(self, ticket: Ticket | None, now: datetime, history: list[Event] = (),
             paused: str | None = None) -> None:
        """Show `ticket` (None: none at the window; `paused`: the pause reason)."""
        self.ticket = ticket
        lang = self.lang
        number = self.query_one("#number", BigText)
        detail = Text()
        if ticket is None:
            number.text = ""
            number.display = False
            detail.append(t("paused_card", lang, reason=paused) if paused is not None else t("no_ticket", lang),
                          style="bold" if paused is not None else "dim")
            self.set_class(paused is not None, "-paused")
        else:
            self.set_class(False, "-paused")
            number.display = True
            number.text = ticket.number
            service = self.service_names.get(ticket.service, ticket.service)
            detail.append(f"{ticket.number} {service} · {ticket.state_label(lang)}", style="bold")
            if ticket.recalls:
                detail.append(" · " + t("recalls", lang, n=ticket.recalls))
            detail.append("\n" + t("taken", lang, at=f"{ticket.taken_at:%H:%M}") + " · "
                          + t("waited", lang, minutes=ticket.waited_minutes(now)))
            if ticket.is_appointment:
                slot = ticket.slot_start, ticket.slot_end
                detail.append("\n" + t("appointment", lang, start=f"{slot[0]:%H:%M}" if slot[0] else "",
                                       end=f"{slot[1]:%H:%M}" if slot[1] else "", code=ticket.appointment_code),
                              style="bold cyan")
            if ticket.priority:
                detail.append("\n" + t("priority", lang, reason=ticket.priority_label(lang)), style="bold green")
            moves = [e for e in history if e.kind == "ticket.transferred"]
            if moves:
                detail.append("\n\n" + t("history", lang), style="underline")
                for e in moves:
                    to = e.data.get("to_service")
                    if e.data.get("to_window") is not None:
                        to = t("to_window", lang, window=e.data["to_window"])
                    line = t("history_line", lang, at=f"{e.at:%H:%M}", window=e.window,
                             from_=e.data.get("from_service", ""), to=to)
                    detail.append("\n" + line)
                    if e.data.get("note"):
                        detail.append("：" + e.data["note"], style="italic")
        self.query_one("#detail", Static).update(detail)
