"""HallBoard: the hall screen. The newest call huge, the calls before it, how many wait
per service, the hall's name, the date and time and a scrolling notice.

`services` limits the board to one area of a large hall (its calls, its queues). The
board follows the change feed: a call is shown the moment its event arrives (no
re-read), then the queues are re-read once per burst of events.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget

from hallq.db.clock import Clock
from hallq.db.config import AnnounceConfig
from hallq.db.engine import HallEngine, call_of
from hallq.db.models import Call, Event
from hallq.db.vocabulary import CALL_KINDS, QUEUE_KINDS, EventKind
from hallq.display import texts as T
from hallq.display.hall_header import HallHeader
from hallq.display.latest_call import LatestCall
from hallq.display.notice_ticker import NoticeTicker
from hallq.display.recent_calls import RecentCalls
from hallq.display.waiting_board import WaitingBoard
from hallq.ui.live import Live
from hallq.ui.styles import css_beside

LARGE_HEIGHT = 40  # rows from which the header and the notice get room to breathe


class HallBoard(Widget):
    DEFAULT_CSS = css_beside(__file__)

    class Called(Message):
        """A call (or recall) arrived from the feed and is now on the board."""

        def __init__(self, call: Call) -> None:
            super().__init__()
            self.call = call

    class Configured(Message):
        """The hall's config was (re)read: its [announce] settings, which the voice follows too."""

        def __init__(self, announce: AnnounceConfig) -> None:
            super().__init__()
            self.announce = announce

    def __init__(self, engine: HallEngine, clock: Clock | None = None, services: list[str] | None = None,
                 recent: int = 6, lang: str = "zh", **kwargs) -> None:
        super().__init__(**kwargs)
        self.engine = engine
        self.clock = clock or engine.clock
        self.services = set(services) if services else None
        self.recent = recent
        self.lang = lang
        self.window_names: dict[int, str] = {}
        self.calls: list[Call] = []  # newest first
        self.day = self.clock.now().date()
        self.live = Live(self, engine, self._on_event, self._load, self._on_health,
                         everything=("config", "calls", "queues"))

    def compose(self) -> ComposeResult:
        yield HallHeader(self.lang)
        yield LatestCall(self.lang)
        with Horizontal(id="hall-lower"):
            yield RecentCalls(self.recent, self.lang)
            yield WaitingBoard(self.lang)
        yield NoticeTicker(self.clock.now)

    def on_mount(self) -> None:
        self._tick()
        self.set_interval(1.0, self._tick)
        self.live.start()

    def on_resize(self) -> None:
        large = self.size.height >= LARGE_HEIGHT
        for widget in (self.query_one(HallHeader), self.query_one(LatestCall), self.query_one(NoticeTicker)):
            widget.set_class(large, "-large")

    def _tick(self) -> None:
        now = self.clock.now()
        self.query_one(HallHeader).show_time(now)
        if now.date() != self.day:  # a new day: yesterday's calls go
            self.day = now.date()
            self.live.want("calls", "queues")

    def _mine(self, service: str | None) -> bool:
        return self.services is None or service in self.services

    # ---------------------------------------------------------------- the feed
    def _on_event(self, event: Event) -> None:
        if event.kind in CALL_KINDS and self._mine(event.service):
            call = call_of(event, self.window_names)
            self.calls.insert(0, call)
            self._show_calls(fresh=True)
            self.post_message(self.Called(call))
            if self.live.loading:  # a re-read in flight may predate this call
                self.live.want("calls")
        if event.kind == EventKind.CONFIG_LOADED:
            self.live.want("config", "calls", "queues")
        elif event.kind in QUEUE_KINDS:
            self.live.want("queues")

    async def _load(self, parts: set[str]) -> None:
        if "config" in parts:
            config = await self.engine.config()
            self.window_names = {w.number: w.name for w in config.windows}
            self.query_one(HallHeader).show_name(config.name_en if self.lang == "en" else config.name)
            self.query_one(NoticeTicker).show(config.notice)
            self.query_one(LatestCall).configure(config.announce)
            self.post_message(self.Configured(config.announce))
        if "calls" in parts:
            self.calls = await self.engine.recent_calls(self.recent + 10, services=self.services)
            self._show_calls(fresh=False)
        if "queues" in parts:
            queues = await self.engine.service_queues()
            self.query_one(WaitingBoard).show([q for q in queues if self._mine(q.prefix)])

    def _show_calls(self, fresh: bool) -> None:
        latest = self.calls[0] if self.calls else None
        earlier, seen = [], {latest.number} if latest else set()
        for call in self.calls[1:]:
            if call.number not in seen:
                seen.add(call.number)
                earlier.append(call)
        del self.calls[self.recent + 10:]
        self.query_one(LatestCall).show(latest, fresh=fresh)
        self.query_one(RecentCalls).show(earlier)

    def _on_health(self, ok: bool) -> None:
        self.query_one(HallHeader).show_problem(None if ok else T.UNAVAILABLE.text(self.lang))
