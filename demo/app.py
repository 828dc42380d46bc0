"""DemoApp: the whole hall in one terminal — a kiosk, two counters, the hall screen and
the supervisor board, each in a tab, all on one database.

The tabs hold the real views of kiosk/, counter/ and display/ (KioskView, CounterView,
HallBoard, SupervisorBoard); this module only arranges them, shows the preview
printer's slips beside the kiosk, logs the demo clerks in and routes focus:

- F1–F5 switch tabs (priority keys: they work whatever has focus); inside a tab the
  view's own keys work as in its own app, because switching a tab focuses that view.
- The views focus their own widgets when their flows move on (the kiosk going back
  to its start after a ticket, a counter after logging in). A view in a hidden tab
  must not take focus — Textual would switch to its tab. `DemoScreen` keeps such a
  request and grants it when the tab is shown again.
"""
from __future__ import annotations

import logging
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Input, Static, TabbedContent, TabPane

from hallq.counter.counter_view import CounterView
from hallq.counter.login_form import LoginForm
from hallq.counter.supervisor_board import SupervisorBoard
from hallq.db.clock import Clock
from hallq.db.engine import HallEngine
from hallq.demo import texts as T
from hallq.demo.hall import DEMO_CODE
from hallq.display import texts as display_texts
from hallq.display.announcer import Announcer
from hallq.display.hall_board import HallBoard
from hallq.display.hall_header import HallHeader
from hallq.kiosk.view import KioskView

log = logging.getLogger("hallq.demo")

#: the counter tabs: window, demo clerk, PIN (from db/demo_hall.toml)
COUNTERS = ((1, "c01", "1111"), (9, "c02", "2222"))
SUPERVISOR = ("s01", "9999")



class DemoScreen(Screen):
    """The demo's only screen: focus goes only to widgets in the shown tab."""

    def set_focus(self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False) -> None:
        app = self.app
        if isinstance(app, DemoApp) and widget is not None:
            pane = app.pane_of(widget)
            if pane is not None and pane.id is not None:
                app.wanted_focus[pane.id] = widget  # given again when the tab is shown again
                if pane.id != app.tabs.active:
                    return
        super().set_focus(widget, scroll_visible, from_app_focus)


class SlipPreview(Vertical):
    """Beside the kiosk: how to try the demo, and the slip the preview printer printed last."""

    def __init__(self, printer, lang: str = "zh", **kwargs) -> None:
        super().__init__(**kwargs)
        self.printer, self.lang = printer, lang

    def compose(self) -> ComposeResult:
        yield Static(id="demo-help", markup=False)
        with VerticalScroll(id="slip-scroll"):
            yield Static(T.SLIP_EMPTY.text(self.lang), id="slip", markup=False)

    def on_mount(self) -> None:
        self.query_one("#demo-help").border_title = T.HELP_TITLE.text(self.lang)
        self.query_one("#slip-scroll").border_title = T.SLIP_TITLE.text(self.lang)

    def show_help(self, text: Text) -> None:
        self.query_one("#demo-help", Static).update(text)

    def show_print(self, result) -> None:
        lines = getattr(self.printer, "last_text", None)
        if result.ok and lines:
            self.query_one("#slip", Static).update("\n".join(line.rstrip() for line in lines))
        else:
            failed = T.SLIP_FAILED(why=result.citizen_message(self.lang))
            self.query_one("#slip", Static).update(failed.text(self.lang))
        self.query_one("#slip-scroll", VerticalScroll).scroll_home(animate=False)


class DemoApp(App):
    TITLE = "hallq demo"
    ENABLE_COMMAND_PALETTE = False
    CSS_PATH = Path(__file__).with_name("demo.tcss")
    PANES = ("kiosk", *(f"window-{n}" for n, _, _ in COUNTERS), "hall", "supervisor")

    def __init__(self, engine: HallEngine, printer, *, clock: Clock | None = None, lang: str = "zh",
                 announcer: Announcer | None = None, simulation=None, sleep_until=None, clock_note: str = "",
                 kiosk_id: str = "K1", ticket_seconds: float = 8) -> None:
        super().__init__()
        self.engine, self.printer, self.lang = engine, printer, lang
        self.clock = clock or engine.clock
        self.announcer, self.simulation, self.sleep_until = announcer, simulation, sleep_until
        self.clock_note = clock_note
        self.kiosk_id, self.ticket_seconds = kiosk_id, ticket_seconds
        self.wanted_focus: dict[str, Widget] = {}
        if announcer is not None:
            announcer.on_silent = self._silent
        label = T.TABS.text(lang)
        for i, pane in enumerate(self.PANES, 1):
            self._bindings.bind(f"f{i}", f"show_tab('{pane}')", label, show=i == 1,
                                key_display=f"F1–F{len(self.PANES)}", priority=True)

    def get_default_screen(self) -> Screen:
        return DemoScreen(id="_default")

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        lang, clock = self.lang, self.clock
        with TabbedContent(id="tabs"):
            with TabPane(f"F1 {T.KIOSK.text(lang)}", id="kiosk"):
                with Horizontal(id="kiosk-row"):
                    yield KioskView(self.engine, self.printer, clock=clock, kiosk_id=self.kiosk_id, lang=lang,
                                    lang_key="f6", ticket_seconds=self.ticket_seconds)
                    yield SlipPreview(self.printer, lang)
            for i, (window, _, _) in enumerate(COUNTERS, 2):
                with TabPane(f"F{i} {T.WINDOW(n=window).text(lang)}", id=f"window-{window}"):
                    yield CounterView(self.engine, window, clock, lang, id=f"counter-{window}")
            n = len(COUNTERS) + 2
            with TabPane(f"F{n} {T.HALL.text(lang)}", id="hall"):
                yield HallBoard(self.engine, clock, lang=lang)
            with TabPane(f"F{n + 1} {T.SUPERVISOR.text(lang)}", id="supervisor"):
                yield SupervisorBoard(self.engine, f"supervisor:{SUPERVISOR[0]}", clock, lang)
        yield Footer(compact=True)

    def on_resize(self) -> None:
        self.screen.set_class(self.size.width < 100, "-narrow")

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#tabs", TabbedContent)

    async def on_mount(self) -> None:
        for window, clerk, pin in COUNTERS:  # as if the clerk had typed id and PIN
            self.query_one(f"#counter-{window}", CounterView).post_message(LoginForm.Submitted(clerk, pin, None, None))
        self.focus_pane("kiosk")
        if self.announcer is not None:
            self.announcer.probe()
        await self.show_help()
        if self.simulation is not None:
            self.run_worker(self.simulation.run(self.sleep_until), group="simulation", exit_on_error=False)

    async def show_help(self) -> None:
        lang = self.lang
        text = Text()
        text.append(T.HELP_DB(db=Path(self.engine.path).name).text(lang) + "\n", style="dim")
        if self.clock_note:
            text.append(self.clock_note + "\n", style="dim")
        (a, ca, pa), (b, cb, pb) = COUNTERS
        text.append(T.HELP_CLERKS(a=a, ca=ca, pa=pa, b=b, cb=cb, pb=pb, cs=SUPERVISOR[0], ps=SUPERVISOR[1]).text(lang)
                    + "\n")
        if self.simulation is not None:
            text.append(T.HELP_SIM.text(lang) + "\n", style="bold")
        text.append(T.HELP_CODES.text(lang) + "\n")
        try:
            bookings = [a for a in await self.engine.appointments() if a.code.startswith(DEMO_CODE)]
        except Exception:  # noqa: BLE001 - the help is a courtesy
            log.exception("reading the demo bookings failed")
            bookings = []
        for booking in bookings:
            text.append(f" {booking.code}", style="bold")
            text.append(f" {booking.service} {booking.slot_start:%H:%M}-{booking.slot_end:%H:%M}")
            if booking.phone_masked:
                text.append(f" {booking.phone_masked}", style="dim")
            if booking.ticket_id is not None:
                text.append(f" {T.HELP_DONE.text(lang)}", style="dim")
            text.append("\n")
        if not bookings:
            text.append(T.HELP_NONE.text(lang) + "\n", style="dim")
        text.rstrip()
        self.query_one(SlipPreview).show_help(text)

    # ------------------------------------------------------------------ tabs and focus
    def pane_of(self, widget: Widget) -> TabPane | None:
        for node in widget.ancestors_with_self:
            if isinstance(node, TabPane):
                return node
        return None

    def action_show_tab(self, pane: str) -> None:
        self.tabs.active = pane
        self.focus_pane(pane)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id:
            self.focus_pane(event.pane.id)

    def focus_pane(self, pane_id: str) -> None:
        """Focus what the view in this tab last wanted focused, else its natural start."""
        pane = self.query_one(f"#{pane_id}", TabPane)
        wanted = self.wanted_focus.get(pane_id)
        target = wanted if wanted is not None and self._shown_in(wanted, pane) else self._default_focus(pane)
        if target is not None:
            target.focus()
        else:
            self.screen.set_focus(None)

    def _shown_in(self, widget: Widget, pane: TabPane) -> bool:
        if not widget.is_attached or not widget.focusable:
            return False
        node: DOMNode | None = widget
        while node is not None and node is not pane:
            if not node.display:
                return False
            node = node.parent
        return node is pane

    def _default_focus(self, pane: TabPane) -> Widget | None:
        if pane.query(KioskView):
            tiles = pane.query_one(KioskView).shown_tiles()
            return tiles[0] if tiles else None
        if pane.query(CounterView):
            view = pane.query_one(CounterView)
            return view if view.clerk else view.query_one("#clerk", Input)
        if pane.query(SupervisorBoard):
            return pane.query_one("#windows-table", DataTable)
        return None

    # ------------------------------------------------------------------ messages from the views
    def on_kiosk_view_printed(self, message: KioskView.Printed) -> None:
        self.query_one(SlipPreview).show_print(message.result)
        self.run_worker(self.show_help(), group="help", exclusive=True)

    def on_hall_board_called(self, message: HallBoard.Called) -> None:
        if self.announcer is not None:
            self.announcer.announce(message.call)

    def on_hall_board_configured(self, message: HallBoard.Configured) -> None:
        if self.announcer is not None:
            self.announcer.configure(message.announce)

    def _silent(self, reason) -> None:
        """Why calls are silent (None: sound is back), in the hall pane's status line."""
        text = display_texts.SILENT(reason=reason).text(self.lang) if reason is not None else None
        for header in self.query(HallHeader):
            header.show_sound(text)

    async def on_unmount(self) -> None:
        if self.announcer is not None:
            await self.announcer.stop()
