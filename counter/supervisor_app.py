"""SupervisorApp: the whole hall for a supervisor without a window (`hallq counter --supervisor`).

The supervisor logs in with id and PIN (wrong PINs count towards the lockout as at a
window), then sees the SupervisorBoard.
"""
from __future__ import annotations

import logging

from textual.app import App, ComposeResult
from textual.widgets import ContentSwitcher, Footer

from hallq.counter import texts as T
from hallq.counter.login_form import LoginForm
from hallq.counter.supervisor_board import SupervisorBoard
from hallq.db.clock import Clock
from hallq.db.engine import HallEngine
from hallq.db.errors import HallError
from hallq.db.vocabulary import Role

log = logging.getLogger("hallq.counter")


class SupervisorApp(App):
    TITLE = "hallq supervisor"
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, engine: HallEngine, clock: Clock | None = None, lang: str = "zh"):
        super().__init__()
        self.engine, self.lang = engine, lang
        self.clock = clock or engine.clock
        self.refusal: HallError | None = None  # the engine's answer to the last sign-in when it refused

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="sign-in"):
            yield LoginForm(T.SUPERVISOR_TITLE.text(self.lang), lang=self.lang, id="sign-in")
        yield Footer(compact=True)

    async def on_login_form_submitted(self, message: LoginForm.Submitted) -> None:
        form = self.query_one(LoginForm)
        self.refusal = None
        try:
            clerk = await self.engine.verify_clerk(message.clerk_id, message.pin)
        except HallError as err:
            self.refusal = err
            form.refused(err.text(self.lang))
            return
        except Exception:
            log.exception("supervisor login failed")
            form.refused(T.UNAVAILABLE.text(self.lang))
            return
        if clerk.role != Role.SUPERVISOR:
            form.reset(T.NOT_SUPERVISOR(name=clerk.name, clerk_id=clerk.id).text(self.lang))
            return
        switcher = self.query_one(ContentSwitcher)
        board = SupervisorBoard(self.engine, f"supervisor:{clerk.id}", self.clock, self.lang, id="board")
        await switcher.mount(board)
        switcher.current = "board"
        self.query_one(SupervisorBoard).focus_tables()
