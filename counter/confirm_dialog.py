"""ConfirmDialog: a yes/no question before a change that affects the whole hall (stopping
a service's tickets, changing a window's services), with a warning line when the change
leaves a service without a window."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from hallq.ui.styles import css_beside


class ConfirmDialog(ModalScreen[bool]):
    """Dismisses with True on y / Yes, False on n / Escape / No (No has the focus, so Enter
    alone changes nothing)."""

    DEFAULT_CSS = css_beside(__file__)
    BINDINGS = [Binding("escape,n", "answer(False)", show=False), Binding("y", "answer(True)", show=False),
                Binding("left,right", "switch", show=False)]

    def __init__(self, question: str, detail: str = "", warning: str = "", yes: str = "Yes", no: str = "No"):
        """
        Args:
            question: what is asked, e.g. "停止 B 取号？".
            detail: what will happen, one or two lines.
            warning: shown in red when not empty (e.g. a service left without a window).
            yes, no: the buttons' labels.
        """
        super().__init__()
        self.question, self.detail, self.warning, self.yes, self.no = question, detail, warning, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.question, id="question")
            if self.detail:
                yield Static(self.detail, id="detail", markup=False)
            if self.warning:
                yield Static(self.warning, id="warning", markup=False)
            with Horizontal(id="buttons"):
                yield Button(self.yes, variant="warning" if self.warning else "primary", id="yes", compact=True)
                yield Button(self.no, id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_switch(self) -> None:
        other = "#yes" if self.focused is not None and self.focused.id == "no" else "#no"
        self.query_one(other, Button).focus()
