"""LoginForm: clerk id and PIN; a supervisor's id and PIN when taking over a held window.

A card reader that types like a keyboard (or a fast clerk, or a paste over SSH) sends
"c01", Tab, "1357", Enter in one burst. Textual hands each key to the widget focused when
the key is read, while a Tab or an Enter that moves the focus acts only when its widget
gets to it, after the keys behind it were handed to the old field ("c011357" in the id).
So Tab and Enter that move between the fields are priority bindings here: they move the
focus as the key is read, and the keys after them go to the next field.
"""
from __future__ import annotations

from dataclasses import dataclass

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from hallq.counter import texts as T
from hallq.ui.styles import css_beside


class LoginForm(Vertical):
    DEFAULT_CSS = css_beside(__file__)
    BINDINGS = [
        Binding("tab", "move(1)", show=False, priority=True),
        Binding("shift+tab", "move(-1)", show=False, priority=True),
        Binding("enter", "enter", show=False, priority=True),
    ]

    @dataclass
    class Submitted(Message):
        clerk_id: str
        pin: str
        takeover_by: str | None
        takeover_pin: str | None

    def __init__(self, title: str, lang: str = "zh", **kwargs):
        super().__init__(**kwargs)
        self.title, self.lang = title, lang

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="box"):
            yield Label(self.title, id="title")
            yield Input(placeholder=T.CLERK_ID.text(lang), id="clerk")
            yield Input(placeholder=T.PIN.text(lang), password=True, id="pin")
            with Vertical(id="takeover"):
                yield Input(placeholder=T.SUP_ID.text(lang), id="sup")
                yield Input(placeholder=T.SUP_PIN.text(lang), password=True, id="sup-pin")
            with Horizontal(id="buttons"):
                yield Button(T.LOG_IN.text(lang), variant="primary", id="login", compact=True)
            yield Static(id="login-message", markup=False)

    def on_mount(self) -> None:
        self.query_one("#takeover").display = False
        self.query_one("#clerk", Input).focus()

    def reset(self, message: str = "") -> None:
        """Empty the form (keep nothing a clerk typed) and show `message`."""
        for field in self.query(Input):
            field.value = ""
        self.query_one("#takeover").display = False
        self.say(message)
        self.query_one("#clerk", Input).focus()

    def say(self, message: str, error: bool = False) -> None:
        line = self.query_one("#login-message", Static)
        line.update(message)
        line.set_class(error, "-error")

    def ask_takeover(self, message: str) -> None:
        self.query_one("#takeover").display = True
        self.query_one("#login", Button).label = T.TAKE_OVER.text(self.lang)
        self.say(message, error=True)
        self.query_one("#sup", Input).focus()

    def refused(self, message: str) -> None:
        """Clear the PIN that was refused (the supervisor's when taking over) and say why."""
        field = self.query_one("#sup-pin" if self.query_one("#takeover").display else "#pin", Input)
        field.value = ""
        field.focus()
        self.say(message, error=True)

    def _fields(self) -> list[Input]:
        """The fields on screen, in the order they are filled."""
        order = ["clerk", "pin"] + (["sup", "sup-pin"] if self.query_one("#takeover").display else [])
        return [self.query_one(f"#{name}", Input) for name in order]

    def action_move(self, step: int) -> None:
        """Tab (1) or shift+Tab (-1): the next or previous field, at once.

        Raises:
            SkipAction: the focus is not in a field (the button): Textual's own focus move.
        """
        fields = self._fields()
        focused = self.screen.focused
        if focused not in fields:
            raise SkipAction()
        i = fields.index(focused) + step  # type: ignore[arg-type]
        if 0 <= i < len(fields):
            self.screen.set_focus(fields[i])
        else:
            self.screen.set_focus(self.query_one("#login", Button) if step > 0 else fields[-1])

    def action_enter(self) -> None:
        """Enter in a field with an empty field after it goes there at once; else Enter
        reaches the field behind the keys typed before it, and submits (on_input_submitted).

        Raises:
            SkipAction: Enter goes to the focused widget as usual.
        """
        fields = self._fields()
        focused = self.screen.focused
        if focused not in fields:
            raise SkipAction()
        following = fields[fields.index(focused) + 1:]  # type: ignore[arg-type]
        if not following or following[0].value:
            raise SkipAction()
        self.screen.set_focus(following[0])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        order = ["clerk", "pin"] + (["sup", "sup-pin"] if self.query_one("#takeover").display else [])
        empty = [name for name in order if not self.query_one(f"#{name}", Input).value.strip()]
        if empty:
            self.query_one(f"#{empty[0]}", Input).focus()
        else:
            self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        def value(name: str) -> str:
            return self.query_one(f"#{name}", Input).value.strip()

        if not value("clerk") or not value("pin"):
            self.say(T.NEED_ID_PIN.text(self.lang), error=True)
            return
        takeover = self.query_one("#takeover").display
        self.post_message(self.Submitted(value("clerk"), value("pin"), value("sup") if takeover else None,
                                         value("sup-pin") if takeover else None))
