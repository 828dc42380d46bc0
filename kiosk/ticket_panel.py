"""TicketPanel: the number just issued, huge, with people ahead, wait and print state."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from hallq.db.config import ServiceConfig
from hallq.db.estimate import wait_text
from hallq.db.models import Ticket
from hallq.i18n import Text
from hallq.kiosk import texts as T
from hallq.kiosk.panel import Panel
from hallq.kiosk.tile import Tile
from hallq.ui.big_text import BigText

PRINTING, PRINTED, FAILED = "printing", "printed", "failed"


class TicketPanel(Panel):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.ticket: Ticket | None = None
        self.service: ServiceConfig | None = None
        self.note: Text | None = None
        self.print_state = PRINTING
        self.print_message = None  # PrintResult of a failed or warned print, or None
        self.reprint = False

    def compose(self) -> ComposeResult:
        yield Static(id="ticket-service", classes="prompt")
        yield Static(id="ticket-label")
        yield BigText(id="ticket-number")
        yield Static(id="ticket-ahead")
        yield Static(id="ticket-note")
        yield Static(id="ticket-print")
        with Horizontal(classes="actions"):
            yield Tile(T.DONE, action="done", digit=1, id="ticket-done")
            yield Tile(T.REPRINT, action="reprint", digit=2, id="ticket-reprint")

    def show(self, ticket: Ticket, service: ServiceConfig | None, note: Text | None, reprint: bool = False) -> None:
        self.ticket, self.service, self.note, self.reprint = ticket, service, note, reprint
        self.print_state, self.print_message = PRINTING, None
        self.query_one("#ticket-number", BigText).text = ticket.number
        self._paint()

    def printed(self, ok: bool, result) -> None:
        self.print_state = PRINTED if ok else FAILED
        self.print_message = result
        self._paint()

    def _paint(self) -> None:
        if self.ticket is None:
            return
        lang, t = self.lang, self.ticket
        if self.service is not None:
            names = (self.service.name, self.service.name_en)
            first, second = names[::-1] if lang == "en" else names
            self.query_one("#ticket-service", Static).update(f"[b]{first}[/b]  [dim]{second}[/]")
        self.query_one("#ticket-label", Static).update(T.YOUR_NUMBER.text(lang))
        wait = wait_text(t)
        if t.no_window and wait is not None:
            ahead = wait.text(lang)
        else:
            ahead = T.AHEAD(n=t.ahead).text(lang) if t.ahead else T.AHEAD_NONE.text(lang)
            if wait is not None:
                ahead += "  ·  " + wait.text(lang)
        self.query_one("#ticket-ahead", Static).update(ahead)
        note = self.query_one("#ticket-note", Static)
        note.update(self.note.text(lang) if self.note else "")
        note.display = self.note is not None
        status = self.query_one("#ticket-print", Static)
        status.set_class(self.print_state == FAILED, "-failed")
        if self.print_state == PRINTING:
            status.update(T.PRINTING.text(lang))
        elif self.print_state == PRINTED:
            done = T.REPRINTED if self.reprint else T.PRINTED
            extra = self.print_message.citizen_message(lang) if self.print_message is not None else ""
            status.update(done.text(lang) + (f"\n{extra}" if extra else ""))
        else:
            message = self.print_message.citizen_message(lang) if self.print_message is not None else ""
            status.update(f"[b]{message}[/b]\n{T.NOTE_NUMBER.text(lang)} · {T.SAVED.text(lang)}")
        self.query_one("#ticket-reprint", Tile).display = self.print_state == FAILED
