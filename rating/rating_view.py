"""RatingView: the citizen's rating terminal (好差评) at one window, as one embeddable widget.

It follows the change feed: when a ticket is finished at this window it asks "请为本次服务
评价" with five big buttons (keys 1–5). The two bad levels ask for a reason (keys 1–5)
and an optional comment. Then a thank-you, then back to idle. Without a rating for
`timeout_s` it goes back to idle; the ticket stays unrated (a default is given later).
"""
from __future__ import annotations

import logging

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Button, ContentSwitcher, Input, Static

from hallq.db import ratings
from hallq.db.clock import Clock
from hallq.db.engine import HallEngine
from hallq.db.errors import HallError
from hallq.db.models import Event, Ticket
from hallq.db.vocabulary import EventKind
from hallq.rating import texts as T
from hallq.ui.live import Live
from hallq.ui.styles import css_beside

log = logging.getLogger("hallq.rating")

IDLE, ASK, REASON, THANKS = "idle", "ask", "reason", "thanks"
LEVEL_KEYS = tuple(ratings.LEVELS)      # key 1 → 5 非常满意 … key 5 → 1 非常不满意
REASON_KEYS = tuple(ratings.REASONS)    # key 1 → 等候时间长 … key 5 → 其他


class RatingView(Vertical):
    DEFAULT_CSS = css_beside(__file__)

    BINDINGS = [
        Binding("1", "pick(1)", T.both(T.KEY_PICK), key_display="1–5"),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(2, 6)],
        Binding("escape", "back", T.both(T.KEY_BACK)),
    ]

    class Rated(Message):
        """The citizen rated the ticket at this terminal."""

        def __init__(self, rating: ratings.Rating) -> None:
            super().__init__()
            self.rating = rating

    def __init__(self, engine: HallEngine, window: int, *, clock: Clock | None = None, lang: str = "zh",
                 timeout_s: float = 60, thanks_s: float = 5, **kwargs) -> None:
        super().__init__(**kwargs)
        self.engine, self.window, self.lang = engine, window, lang
        self.clock = clock or engine.clock
        self.timeout_s, self.thanks_s = timeout_s, thanks_s
        self.ticket: Ticket | None = None
        self.level: int | None = None
        self.reason: str | None = None
        self.window_name = T.WINDOW_NAME(window=window).text(lang)
        self._timer: Timer | None = None
        self.refusal: HallError | None = None  # the engine's answer to the last rating when it refused

    def compose(self) -> ComposeResult:
        lang = self.lang
        with ContentSwitcher(initial=IDLE, id="panels"):
            with Vertical(id=IDLE):
                yield Static(T.WELCOME.text(lang), id="welcome")
                yield Static(self.window_name, id="idle-window")
                yield Static(T.IDLE_HINT.text(lang), id="idle-hint")
            with Vertical(id=ASK):
                yield Static(T.ASK.text(lang), classes="title")
                yield Static("", id="ask-ticket", classes="subtitle")
                with Horizontal(id="levels", classes="buttons"):
                    for key, level in enumerate(LEVEL_KEYS, 1):
                        yield Button(f"{key}\n{ratings.level_label(level, lang)}", id=f"level-{level}",
                                     classes=f"level -level-{level}")
                yield Static(T.ASK_HINT.text(lang), classes="hint")
            with Vertical(id=REASON):
                yield Static(T.REASON.text(lang), classes="title")
                with Horizontal(id="reasons", classes="buttons"):
                    for key, reason in enumerate(REASON_KEYS, 1):
                        yield Button(f"{key}\n{ratings.reason_label(reason, lang)}", id=f"reason-{reason}",
                                     classes="reason")
                yield Input(placeholder=T.TEXT_PLACEHOLDER.text(lang), id="comment", max_length=ratings.TEXT_MAX)
                with Horizontal(id="reason-actions"):
                    yield Button(T.SUBMIT.text(lang), id="submit", variant="primary")
                    yield Button(T.BACK.text(lang), id="back")
                yield Static(T.REASON_HINT.text(lang), id="reason-hint", classes="hint")
            with Vertical(id=THANKS):
                yield Static("", id="thanks-text", classes="title")

    def on_mount(self) -> None:
        self.live = Live(self, self.engine, self._on_event, self._load, everything=("pending", "name"))
        self.live.start()

    @property
    def panel(self) -> str:
        return self.query_one("#panels", ContentSwitcher).current or IDLE

    # ------------------------------------------------------------------ the feed
    def _on_event(self, event: Event) -> None:
        if event.kind == EventKind.TICKET_FINISHED and event.window == self.window:
            self.live.want("pending")
        elif event.kind == EventKind.RATING_GIVEN and self.ticket is not None and event.ticket_id == self.ticket.id \
                and self.panel in (ASK, REASON) and event.data.get("channel") != "terminal":
            self._thank(T.THANKS.text(self.lang))  # rated meanwhile on the status page

    async def _load(self, parts: set[str]) -> None:
        if "name" in parts:
            self.window_name = (await self.engine.window(self.window)).name
            self.query_one("#idle-window", Static).update(self.window_name)
        if "pending" in parts:
            ticket = await ratings.pending_for_window(self.engine, self.window, within_s=self.timeout_s)
            if ticket is not None and (self.ticket is None or ticket.id != self.ticket.id or self.panel == IDLE):
                self.ask(ticket, await ratings.served_by(self.engine, ticket.id))

    # ------------------------------------------------------------------ panels
    def _show(self, panel: str) -> None:
        self.query_one("#panels", ContentSwitcher).current = panel

    def _restart_timer(self, seconds: float, then) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(seconds, then)

    def ask(self, ticket: Ticket, clerk: tuple[str, str] | None = None) -> None:
        """Ask the citizen to rate `ticket`, naming who served it: (工号, name)."""
        self.ticket, self.level, self.reason = ticket, None, None
        if clerk is not None:
            asked = T.ASK_TICKET_CLERK(number=ticket.number, window=self.window_name, name=clerk[1], clerk=clerk[0])
        else:
            asked = T.ASK_TICKET(number=ticket.number, window=self.window_name)
        self.query_one("#ask-ticket", Static).update(asked.text(self.lang))
        self.query_one("#comment", Input).value = ""
        self._mark_reason()
        self._show(ASK)
        self.query_one("#level-5", Button).focus()
        self._restart_timer(self.timeout_s, self.go_idle)

    def go_idle(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.ticket, self.level, self.reason = None, None, None
        self._show(IDLE)

    def _ask_reason(self, level: int) -> None:
        self.level = level
        self._show(REASON)
        self.query_one(f"#reason-{REASON_KEYS[0]}", Button).focus()
        self._restart_timer(self.timeout_s, self.go_idle)

    def _mark_reason(self) -> None:
        for reason in REASON_KEYS:
            self.query_one(f"#reason-{reason}", Button).set_class(reason == self.reason, "-chosen")
        hint = self.query_one("#reason-hint", Static)
        hint.update(T.REASON_HINT.text(self.lang))
        hint.remove_class("-error")

    def _choose_reason(self, reason: str) -> None:
        self.reason = reason
        self._mark_reason()
        self.query_one("#comment", Input).focus()
        self._restart_timer(self.timeout_s, self.go_idle)

    def _thank(self, message: str) -> None:
        self.query_one("#thanks-text", Static).update(message)
        self._show(THANKS)
        self._restart_timer(self.thanks_s, self.go_idle)

    # ------------------------------------------------------------------ input
    def action_pick(self, key: int) -> None:
        if self.panel == ASK:
            self._level_chosen(LEVEL_KEYS[key - 1])
        elif self.panel == REASON:
            self._choose_reason(REASON_KEYS[key - 1])

    def action_back(self) -> None:
        if self.panel == REASON:
            self._show(ASK)
            self.query_one(f"#level-{self.level}", Button).focus()
            self._restart_timer(self.timeout_s, self.go_idle)
        elif self.panel in (ASK, THANKS):
            self.go_idle()

    @on(Button.Pressed, ".level")
    def _level_pressed(self, event: Button.Pressed) -> None:
        if event.button.id is not None:  # every level button is built with id level-N
            self._level_chosen(int(event.button.id.removeprefix("level-")))

    @on(Button.Pressed, ".reason")
    def _reason_pressed(self, event: Button.Pressed) -> None:
        if event.button.id is not None:  # every reason button is built with id reason-KEY
            self._choose_reason(event.button.id.removeprefix("reason-"))

    @on(Button.Pressed, "#submit")
    @on(Input.Submitted, "#comment")
    def _submit_pressed(self) -> None:
        if self.level is None:  # back to idle meanwhile: nothing is being rated
            return
        if self.reason is None:
            hint = self.query_one("#reason-hint", Static)
            hint.update(T.CHOOSE_REASON.text(self.lang))
            hint.add_class("-error")
            return
        self.run_worker(self.rate_now(self.level, self.reason, self.query_one("#comment", Input).value),
                        group="rate", exclusive=True, exit_on_error=False)

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

    def _level_chosen(self, level: int) -> None:
        if ratings.is_bad(level):
            self._ask_reason(level)
        else:
            self.run_worker(self.rate_now(level), group="rate", exclusive=True, exit_on_error=False)

    async def rate_now(self, level: int, reason: str | None = None, text: str | None = None) -> None:
        """Save the rating of the ticket asked about, then thank (or say why not)."""
        if self.ticket is None:
            return
        self.refusal = None
        try:
            rating = await ratings.rate(self.engine, self.ticket.id, level, reason=reason, text=text,
                                        channel="terminal", actor=f"rating:{self.window}")
        except HallError as err:  # e.g. already rated on the status page
            self.refusal = err
            self._thank(err.text(self.lang))
            return
        except Exception:
            log.exception("saving a rating at window %s failed", self.window)
            self._thank(T.UNAVAILABLE.text(self.lang))
            return
        self._thank((T.THANKS_BAD if rating.bad else T.THANKS).text(self.lang))
        self.post_message(self.Rated(rating))
