"""TicketCard: the window's current ticket, large, with what the clerk needs to know."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from hallq.counter import texts as T
from hallq.db.models import Event, Ticket
from hallq.i18n import Text as TextType
from hallq.ui.big_text import BigText
from hallq.ui.styles import css_beside


class TicketCard(Vertical):
    DEFAULT_CSS = css_beside(__file__)

    def __init__(self, lang: str = "zh", **kwargs):
        super().__init__(**kwargs)
        self.lang = lang
        self.ticket: Ticket | None = None
        self.service_names: dict[str, str] = {}
        self.priority_labels: dict[str, TextType] | None = None  # the hall's green-channel reasons

    def compose(self) -> ComposeResult:
        yield BigText("", id="number")
        yield Static(id="detail")

    def on_mount(self) -> None:
        self.border_title = T.CARD_TITLE.text(self.lang)

    def show(self, ticket: Ticket | None, now: datetime, history: Sequence[Event] = (),
             paused: str | None = None) -> None:
        """Show `ticket` (None: none at the window; `paused`: the pause reason)."""
        self.ticket = ticket
        lang = self.lang
        number = self.query_one("#number", BigText)
        detail = Text()
        if ticket is None:
            number.text = ""
            number.display = False
            empty = T.PAUSED_CARD(reason=paused) if paused is not None else T.NO_TICKET
            detail.append(empty.text(lang), style="bold" if paused is not None else "dim")
            self.set_class(paused is not None, "-paused")
        else:
            self.set_class(False, "-paused")
            number.display = True
            number.text = ticket.number
            service = self.service_names.get(ticket.service, ticket.service)
            detail.append(f"{ticket.number} {service} · {ticket.state_label(lang)}", style="bold")
            if ticket.recalls:
                detail.append(" · " + T.RECALLS(n=ticket.recalls).text(lang))
            detail.append("\n" + T.TAKEN(at=f"{ticket.taken_at:%H:%M}").text(lang) + " · "
                          + T.WAITED(minutes=ticket.waited_minutes(now)).text(lang))
            if ticket.is_appointment:
                slot = ticket.slot_start, ticket.slot_end
                booked = T.APPOINTMENT(start=f"{slot[0]:%H:%M}" if slot[0] else "",
                                       end=f"{slot[1]:%H:%M}" if slot[1] else "", code=ticket.appointment_code)
                detail.append("\n" + booked.text(lang), style="bold cyan")
            if ticket.priority:
                reason = ticket.priority_label(lang, self.priority_labels)
                detail.append("\n" + T.PRIORITY(reason=reason).text(lang), style="bold green")
            moves = [e for e in history if e.kind == "ticket.transferred"]
            if moves:
                detail.append("\n\n" + T.HISTORY.text(lang), style="underline")
                for e in moves:
                    to = e.data.get("to_service")
                    if e.data.get("to_window") is not None:
                        to = T.TO_WINDOW(window=e.data["to_window"]).text(lang)
                    line = T.HISTORY_LINE(at=f"{e.at:%H:%M}", window=e.window,
                                          from_=e.data.get("from_service", ""), to=to).text(lang)
                    detail.append("\n" + line)
                    if e.data.get("note"):
                        detail.append("：" + e.data["note"], style="italic")
        self.query_one("#detail", Static).update(detail)
