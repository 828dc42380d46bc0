"""PromptDialog: a small modal asking for one or two lines (transfer, pause, a number)."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from hallq.ui.styles import css_beside


class PromptDialog(ModalScreen[dict | None]):
    """Dismisses with {field name: text} on Enter/OK, None on Escape/Cancel."""

    DEFAULT_CSS = css_beside(__file__)
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, title: str, fields: list[tuple[str, str, str]], hint: str = "",
                 ok: str = "OK", cancel: str = "Cancel"):
        """fields: (name, label, initial value)."""
        super().__init__()
        self.title_text, self.fields, self.hint = title, fields, hint
        self.ok_label, self.cancel_label = ok, cancel

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="title")
            if self.hint:
                yield Static(self.hint, id="hint", markup=False)
            for name, label, value in self.fields:
                yield Input(value, placeholder=label, id=f"f-{name}")
            with Horizontal(id="buttons"):
                yield Button(self.ok_label, variant="primary", id="ok", compact=True)
                yield Button(self.cancel_label, id="cancel", compact=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs) and index == 0 and not inputs[index + 1].value:
            inputs[index + 1].focus()
        else:
            self._done()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._done() if event.button.id == "ok" else self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _done(self) -> None:
        self.dismiss({name: self.query_one(f"#f-{name}", Input).value.strip() for name, _, _ in self.fields})
