"""WindowBoard: the small screen above one window, showing only that window's call."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Label

from hallq.db.clock import Clock
from hallq.db.engine import HallEngine, call_of
from hallq.db.errors import NotFound
from hallq.db.models import Call, Event, Window
from hallq.db.vocabulary import CALL_KINDS, EventKind, TicketState, WindowState
from hallq.display import texts as T
from hallq.display.hall_header import HallHeader
from hallq.display.latest_call import FRESH_SECONDS
from hallq.ui.big_text import BigText
from hallq.ui.live import Live
from hallq.ui.styles import css_beside


class WindowBoard(Widget):
    DEFAULT_CSS = css_beside(__file__)

    class Called(Message):
        """This window called (or recalled) a number."""

        def __init__(self, call: Call) -> None:
            super().__init__()
            self.call = call

    def __init__(self, engine: HallEngine, window: int, clock: Clock | None = None, lang: str = "zh",
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.engine = engine
        self.number = window
        self.clock = clock or engine.clock
        self.lang = lang
        self.window: Window | None = None
        self._fade: Timer | None = None
        self.live = Live(self, engine, self._on_event, self._load, self._on_health, everything=("window",))

    def compose(self) -> ComposeResult:
        yield HallHeader(self.lang)
        yield BigText("", id="window-number")
        yield Label("", id="window-caption")

    def on_mount(self) -> None:
        self._tick()
        self.set_interval(1.0, self._tick)
        self.live.start()

    def _tick(self) -> None:
        self.query_one(HallHeader).show_time(self.clock.now())

    def _on_event(self, event: Event) -> None:
        if event.window != self.number and event.kind != EventKind.CONFIG_LOADED:
            return
        if event.kind in CALL_KINDS:
            call = call_of(event, {})
            self._show_number(call.number, T.WINDOW_CALL(number=call.number).text(self.lang))
            self._highlight()
            self.post_message(self.Called(call))
        self.live.want("window")

    async def _load(self, parts: set[str]) -> None:
        try:
            self.window = await self.engine.window(self.number)
        except NotFound:
            self.window = None
        self._show_window()

    def _show_window(self) -> None:
        header = self.query_one(HallHeader)
        w = self.window
        if w is None:
            header.show_name("")
            self._show_number("", T.NO_WINDOW(window=self.number).text(self.lang))
            self._unfresh()
            return
        header.show_name(w.name)
        current = w.current
        if w.state == WindowState.PAUSED:
            self._show_number(str(w.number), T.WINDOW_PAUSED(reason=w.pause_reason or "").text(self.lang).strip())
        elif w.state == WindowState.LOGGED_OUT:
            self._show_number(str(w.number), T.WINDOW_CLOSED.text(self.lang))
        elif current is None:
            self._show_number(str(w.number), T.WINDOW_IDLE.text(self.lang))
        elif current.state == TicketState.CALLED:
            self._show_number(current.number, T.WINDOW_CALL(number=current.number).text(self.lang))
            return  # still being called: keep the highlight while it lasts
        else:
            self._show_number(current.number, T.WINDOW_SERVING(number=current.number).text(self.lang))
        self._unfresh()

    def _show_number(self, number: str, caption: str) -> None:
        self.query_one("#window-number", BigText).text = number
        self.query_one("#window-caption", Label).update(caption)

    def _highlight(self) -> None:
        self._unfresh()
        self.add_class("-fresh")
        self._fade = self.set_timer(FRESH_SECONDS, self._unfresh)

    def _unfresh(self) -> None:
        if self._fade is not None:
            self._fade.stop()
            self._fade = None
        self.remove_class("-fresh")

    def _on_health(self, ok: bool) -> None:
        self.query_one(HallHeader).show_problem(None if ok else T.UNAVAILABLE.text(self.lang))
