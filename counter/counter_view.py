"""CounterView: one clerk's window — log in, call and serve, see the queue and the day.

Embeddable: the App only mounts it (and a Footer). Keys live here and show in the
footer; every key has a button too. State comes from the engine: after an action the
result is shown at once, and the change feed keeps everything else current.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, ContentSwitcher, Label, Static

from hallq import i18n
from hallq.counter import texts as T
from hallq.counter.login_form import LoginForm
from hallq.counter.prompt_dialog import PromptDialog
from hallq.counter.queue_panel import QueuePanel
from hallq.counter.supervisor_board import SupervisorBoard
from hallq.counter.ticket_card import TicketCard
from hallq.counter.today_panel import TodayPanel
from hallq.db.clock import Clock
from hallq.db.engine import HallEngine
from hallq.db.errors import HallError, Refused
from hallq.db.models import Clerk, Event, Ticket, Window
from hallq.db.vocabulary import EventKind, Role, WindowState
from hallq.ui.live import Live
from hallq.ui.styles import css_beside

log = logging.getLogger("hallq.counter")

#: (key, action, label) of the desk's actions, in the footer and on the buttons
ACTIONS = [
    ("n", "call_next", T.CALL_NEXT),
    ("r", "recall", T.RECALL),
    ("s", "start", T.START),
    ("f", "finish", T.FINISH),
    ("x", "no_show", T.NO_SHOW),
    ("t", "transfer", T.TRANSFER),
    ("p", "pause", T.PAUSE),
    ("c", "call_number", T.CALL_NUMBER),
    ("j", "rejoin", T.REJOIN),
    ("l", "logout", T.LOGOUT),
]
DESK_ACTIONS = {action for _, action, _ in ACTIONS}


class CounterView(Vertical, can_focus=True):
    DEFAULT_CSS = css_beside(__file__)

    def __init__(self, engine: HallEngine, window: int, clock: Clock | None = None, lang: str = "zh", **kwargs):
        super().__init__(**kwargs)
        self.engine, self.window, self.lang = engine, window, lang
        self.clock = clock or engine.clock
        self.clerk: Clerk | None = None
        self.win: Window | None = None
        self.refusal: HallError | None = None  # the engine's answer to the last operation when it refused
        self.services: dict[str, str] = {}   # prefix -> name, for the transfer hint
        self.live = Live(self, engine, self._on_event, self._load, self._on_health, everything=("desk", "queue"))
        for key, action, label in ACTIONS:
            self._bindings.bind(key, action, label.text(lang))
        self._bindings.bind("space", "call_next", show=False)
        self._bindings.bind("v", "toggle_board", T.BOARD.text(lang))

    @property
    def actor(self) -> str:
        return f"clerk:{self.clerk.id}" if self.clerk else "clerk:?"

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        lang = self.lang
        with ContentSwitcher(initial="login", id="switcher"):
            yield LoginForm(T.LOGIN_TITLE(window=self.window, name="").text(lang), lang=lang, id="login")
            with Vertical(id="desk"):
                with Horizontal(id="top"):
                    yield Static(id="who", markup=False)
                    yield Static(id="clock")
                with Horizontal(id="main"):
                    yield TicketCard(lang=lang, id="card")
                    with Vertical(id="side"):
                        yield QueuePanel(lang=lang, id="queue")
                        yield TodayPanel(lang=lang, id="today")
                with Horizontal(id="actions"):
                    for _, action, label in ACTIONS:
                        button = Button(label.text(lang), id=f"do-{action}", compact=True)
                        button.can_focus = False  # keys stay with the view
                        yield button
        yield Static(id="message", markup=False)

    async def on_mount(self) -> None:
        self.set_interval(1, self._tick)
        self._tick()
        self.live.start()
        try:
            self.win = await self.engine.window(self.window)
            config = await self.engine.config()
            self.services = {s.prefix: s.label(self.lang) for s in config.services}
            self.query_one(TicketCard).service_names = self.services
            self.query_one(TicketCard).priority_labels = config.priority.labels()
        except HallError as err:
            self.say(err.text(self.lang), error=True)
            return
        except Exception:
            log.exception("reading window %s failed", self.window)
            self.say(T.UNAVAILABLE.text(self.lang), error=True)
            return
        self.query_one(LoginForm).query_one("#title", Label).update(
            T.LOGIN_TITLE(window=self.window, name=self.win.name).text(self.lang))

    def _tick(self) -> None:
        self.query_one("#clock", Static).update(f"{self.clock.now():%H:%M}")

    def say(self, message: str, error: bool = False) -> None:
        line = self.query_one("#message", Static)
        line.update(message)
        line.set_class(error, "-error")

    @property
    def showing(self) -> str:
        return self.query_one(ContentSwitcher).current or "login"

    def check_action(self, action: str, parameters) -> bool | None:
        if action in DESK_ACTIONS:
            return self.clerk is not None and self.showing == "desk"
        if action == "toggle_board":
            return bool(self.clerk and self.clerk.role == Role.SUPERVISOR)
        return True

    def _switch(self, name: str) -> None:
        self.query_one(ContentSwitcher).current = name
        self.refresh_bindings()

    # ------------------------------------------------------------------ login and logout
    async def on_login_form_submitted(self, message: LoginForm.Submitted) -> None:
        form = self.query_one(LoginForm)
        self.refusal = None
        try:
            self.win = await self.engine.login(self.window, message.clerk_id, message.pin,
                                               takeover_by=message.takeover_by, takeover_pin=message.takeover_pin)
            clerk = await self.engine.clerk(message.clerk_id)
        except Refused as err:
            self.refusal = err
            if err.code == "window_taken":
                form.ask_takeover(err.text(self.lang))
            else:
                form.refused(err.text(self.lang))
            return
        except HallError as err:
            self.refusal = err
            form.refused(err.text(self.lang))
            return
        except Exception:
            log.exception("login at window %s failed", self.window)
            form.refused(T.UNAVAILABLE.text(self.lang))
            return
        if clerk is None:  # removed between the login and this read
            log.error("window %s: clerk %s logged in but is no longer on record", self.window, message.clerk_id)
            form.refused(T.UNAVAILABLE.text(self.lang))
            return
        self.clerk = clerk
        if clerk.role == Role.SUPERVISOR and not self.query("#board"):
            board = SupervisorBoard(self.engine, f"supervisor:{clerk.id}", self.clock, self.lang, id="board")
            await self.query_one(ContentSwitcher).mount(board)
        self._show_window(self.win)
        self.say("")
        self._switch("desk")
        self.focus()
        self.live.want("desk", "queue")

    def _to_login(self, message: str) -> None:
        self.clerk = None
        self._switch("login")
        for board in self.query("#board"):
            board.remove()
        self.query_one(LoginForm).reset(message)
        self.say("")

    async def action_logout(self) -> None:
        if await self._do(self.engine.logout(self.window, actor=self.actor)) is not None:
            self._to_login(T.LOGGED_OUT.text(self.lang))

    def action_toggle_board(self) -> None:
        if not self.query("#board"):
            return
        if self.showing == "board":
            self._switch("desk")
            self.focus()
        else:
            self._switch("board")
            self.query_one(SupervisorBoard).focus_tables()

    # ------------------------------------------------------------------ the feed
    def _on_event(self, event: Event) -> None:
        if self.clerk is None:
            return
        me = self.clerk.id
        if event.kind == EventKind.DAY_CLOSED:
            self._to_login(T.DAY_CLOSED.text(self.lang))
            return
        if event.window == self.window:
            if event.kind == EventKind.WINDOW_LOGOUT and event.data.get("clerk") == me:
                reason = event.data.get("reason")
                self._to_login(T.DAY_CLOSED.text(self.lang) if reason == "day_closed"
                               else T.LOGGED_OUT_BY(reason=reason or "").text(self.lang))
                return
            if event.kind == EventKind.WINDOW_LOGIN and event.data.get("clerk") != me:
                who = event.data.get("clerk_name") or event.data.get("clerk")
                self._to_login(T.TAKEN_OVER(who=who).text(self.lang))
                return
            self.live.want("desk")
        if self.win and (event.service in self.win.services or event.window == self.window
                         or event.kind in (EventKind.TICKET_TRANSFERRED, EventKind.WINDOW_SERVICES_CHANGED)
                         or event.kind in (EventKind.SERVICE_OPENED, EventKind.SERVICE_CLOSED)):
            self.live.want("queue")

    def _on_health(self, ok: bool) -> None:
        self.say((T.DATABASE_BACK if ok else T.UNAVAILABLE).text(self.lang), error=not ok)

    async def _load(self, parts: set[str]) -> None:
        if self.clerk is None:
            return
        if "desk" in parts:
            win = await self.engine.window(self.window)
            history = await self.engine.ticket_history(win.current.number) if win.current else []
            figures = await self.engine.window_figures(self.window)
            if self.clerk is None:
                return
            if win.clerk_id != self.clerk.id:
                self._to_login(T.LOGGED_OUT_BY(reason=win.state_label(self.lang)).text(self.lang))
                return
            self._show_window(win, history)
            self.query_one(TodayPanel).show(figures)
        if "queue" in parts and self.win is not None:
            queues = await self.engine.service_queues()
            order = await self.engine.window_queue(self.window)
            self.query_one(QueuePanel).show(queues, self.win.services, order, self.window)

    def _show_window(self, win: Window, history: Sequence[Event] = ()) -> None:
        self.win = win
        lang = self.lang
        top = T.TOP(name=win.name, clerk=win.clerk_name or "", clerk_id=win.clerk_id or "", state=win.state_label(lang))
        if win.state == WindowState.PAUSED and win.pause_reason:
            top = T.TOP_PAUSED(top=top, reason=win.pause_reason)
        self.query_one("#who", Static).update(Text(top.text(lang)))
        paused = win.state == WindowState.PAUSED
        self.query_one("#do-pause", Button).label = (T.RESUME if paused else T.PAUSE).text(lang)
        self.query_one(TicketCard).show(win.current, self.clock.now(), history,
                                        paused=(win.pause_reason or "") if win.state == WindowState.PAUSED else None)

    # ------------------------------------------------------------------ actions
    async def _do(self, operation):
        """Await an engine operation; say why in one line when it is refused (kept in
        `self.refusal`, whose `code` names the rule) or fails."""
        self.refusal = None
        try:
            return await operation
        except HallError as err:
            self.refusal = err
            self.say(err.text(self.lang), error=True)
        except Exception:
            log.exception("window %s: operation failed", self.window)
            self.say(T.UNAVAILABLE.text(self.lang), error=True)
        return None

    def _shown(self, ticket: Ticket | None, message: str) -> None:
        """An action's result: the card at once, then the rest re-read."""
        self.query_one(TicketCard).show(ticket, self.clock.now())
        self.say(message)
        self.live.want("desk")

    async def action_call_next(self) -> None:
        ticket = await self._do(self.engine.call_next(self.window, actor=self.actor))
        if ticket:
            self._shown(ticket, T.CALLED(number=ticket.number, window=self.window).text(self.lang))

    async def action_recall(self) -> None:
        ticket = await self._do(self.engine.recall(self.window, actor=self.actor))
        if ticket:
            self._shown(ticket, T.RECALLED(number=ticket.number, n=ticket.recalls).text(self.lang))

    async def action_start(self) -> None:
        ticket = await self._do(self.engine.start(self.window, actor=self.actor))
        if ticket:
            self._shown(ticket, T.STARTED(number=ticket.number).text(self.lang))

    async def action_finish(self) -> None:
        ticket = await self._do(self.engine.finish(self.window, actor=self.actor))
        if ticket:
            self._shown(None, T.FINISHED(number=ticket.number).text(self.lang))

    async def action_no_show(self) -> None:
        ticket = await self._do(self.engine.no_show(self.window, actor=self.actor))
        if ticket:
            self._shown(None, T.NO_SHOWED(number=ticket.number).text(self.lang))

    def action_transfer(self) -> None:
        lang = self.lang
        current = self.query_one(TicketCard).ticket
        hint = " · ".join(f"{p} {name}" for p, name in self.services.items())

        async def chosen(answer: dict | None) -> None:
            if not answer or not answer["to"]:
                return
            to = answer["to"].strip().upper()
            to_service: str | None = None
            to_window: int | None = None
            if to.isdigit():
                to_window = int(to)
            elif to in self.services:
                to_service = to
            else:
                self.say(T.BAD_TARGET(services=",".join(self.services)).text(lang), error=True)
                return
            ticket = await self._do(self.engine.transfer(self.window, to_service=to_service, to_window=to_window,
                                                         note=answer["note"] or None, actor=self.actor))
            if ticket:
                done = T.TRANSFERRED_WINDOW if to_window is not None else T.TRANSFERRED_SERVICE
                to = f"{to} {self.services.get(to, '')}".strip()
                self._shown(None, done(number=ticket.number, to=to).text(lang))

        self.app.push_screen(PromptDialog(
            T.TRANSFER_TITLE(number=current.number if current else "").text(lang),
            [("to", T.TRANSFER_TO.text(lang), ""), ("note", T.NOTE.text(lang), "")],
            hint=hint, ok=T.OK.text(lang), cancel=T.CANCEL.text(lang)), chosen)

    async def action_pause(self) -> None:
        lang = self.lang
        if self.win and self.win.state == WindowState.PAUSED:
            win = await self._do(self.engine.resume(self.window, actor=self.actor))
            if win:
                self._show_window(win)
                self.say(T.RESUMED.text(lang))
            return

        async def chosen(answer: dict | None) -> None:
            if answer is None:
                return
            reason = answer["reason"] or T.PAUSE_DEFAULT.text(lang)
            win = await self._do(self.engine.pause(self.window, reason, actor=self.actor))
            if win:
                self._show_window(win)
                self.say(T.PAUSED(reason=reason).text(lang))

        self.app.push_screen(PromptDialog(T.PAUSE_TITLE.text(lang), [("reason", T.PAUSE_REASON.text(lang),
                                                                     T.PAUSE_DEFAULT.text(lang))],
                                          ok=T.OK.text(lang), cancel=T.CANCEL.text(lang)), chosen)

    def _ask_number(self, title: i18n.Text, then) -> None:
        lang = self.lang

        async def chosen(answer: dict | None) -> None:
            if answer and answer["number"]:
                await then(answer["number"].upper())

        self.app.push_screen(PromptDialog(title.text(lang), [("number", T.NUMBER.text(lang), "")],
                                          ok=T.OK.text(lang), cancel=T.CANCEL.text(lang)), chosen)

    def action_call_number(self) -> None:
        async def call(number: str) -> None:
            ticket = await self._do(self.engine.call_number(self.window, number, actor=self.actor))
            if ticket:
                self._shown(ticket, T.CALLED(number=ticket.number, window=self.window).text(self.lang))
        self._ask_number(T.NUMBER_TITLE, call)

    def action_rejoin(self) -> None:
        async def rejoin(number: str) -> None:
            ticket = await self._do(self.engine.rejoin(number, actor=self.actor))
            if ticket:
                self.say(T.REJOINED(number=ticket.number, ahead=ticket.ahead).text(self.lang))
        self._ask_number(T.REJOIN_TITLE, rejoin)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("do-"):
            event.stop()
            await self.app.run_action(event.button.id.removeprefix("do-"), self)
