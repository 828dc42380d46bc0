"""SupervisorBoard: every window, every queue, the alerts, and the supervisor's changes
(open or close a service, change a window's services), each confirmed first, with a
warning when the change leaves a service without a window. ↑↓ move in a table, ←→ (or
Tab) go to the other table."""
from __future__ import annotations

import logging

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static

from hallq.counter import texts as T
from hallq.counter.confirm_dialog import ConfirmDialog
from hallq.counter.prompt_dialog import PromptDialog
from hallq.db.clock import Clock
from hallq.db.engine import HallEngine
from hallq.db.errors import HallError
from hallq.db.ratings import open_followup_count
from hallq.db.reports import Figures, day_report
from hallq.db.supervision import URGENT, Alert, HallSnapshot, alerts, record_alerts, snapshot
from hallq.db.vocabulary import WindowState
from hallq.ui.live import Live
from hallq.ui.styles import css_beside

log = logging.getLogger("hallq.counter")


class BoardTable(DataTable):
    """A table of the board: ←→ go to the other table (its rows are whole: nothing to move
    sideways in)."""

    BINDINGS = [Binding("left", "other_table", show=False), Binding("right", "other_table", show=False)]

    def action_other_table(self) -> None:
        others = [t for t in self.screen.query(BoardTable) if t is not self]
        if others:
            others[0].focus()


class SupervisorBoard(Vertical):
    DEFAULT_CSS = css_beside(__file__)

    def __init__(self, engine: HallEngine, actor: str, clock: Clock | None = None, lang: str = "zh", **kwargs):
        super().__init__(**kwargs)
        self.engine, self.actor, self.lang = engine, actor, lang
        self.clock = clock or engine.clock
        self.snap: HallSnapshot | None = None
        self.followups = 0  # open follow-ups (整改) of bad ratings
        self.notify_failed = 0  # today's "your turn is near" messages that could not be sent
        self.today: dict[str, Figures] = {}  # today's figures per service (db.reports: the report's own)
        self.refusal: HallError | None = None  # the engine's answer to the last change when it refused
        self.shown: list[Alert] = []  # the alerts on the board now
        self._recorded: set[str] | None = None  # the alert keys last logged as events
        self.live = Live(self, engine, lambda event: self.live.want("all"), self._load, self._on_health,
                         everything=("all",))
        self._bindings.bind("o", "toggle_service", T.TOGGLE_SERVICE.text(lang))
        self._bindings.bind("w", "window_services", T.WINDOW_SERVICES.text(lang))

    def compose(self) -> ComposeResult:
        yield Static(id="alerts")
        with Horizontal(id="tables"):
            yield BoardTable(id="windows-table", cursor_type="row", zebra_stripes=True)
            yield BoardTable(id="services-table", cursor_type="row", zebra_stripes=True)
        yield Static(T.BOARD_HINT.text(self.lang), id="board-message", markup=False)

    def on_mount(self) -> None:
        lang = self.lang
        self.query_one("#windows-table", DataTable).add_columns(
            *(c.text(lang) for c in (T.COL_WINDOW, T.COL_STATE, T.COL_CLERK, T.COL_CURRENT, T.COL_SERVICES)))
        self.query_one("#services-table", DataTable).add_columns(
            *(c.text(lang) for c in (T.COL_SERVICE, T.COL_WAITING, T.COL_LONGEST, T.COL_OPEN, T.COL_CALLED,
                                     T.COL_SERVED, T.COL_MEAN_WAIT)))
        self.query_one("#alerts").border_title = T.ALERTS_TITLE.text(lang)
        self.live.start()
        self.set_interval(1, self._show_alerts)  # waits grow with time: re-evaluated in memory
        self.call_after_refresh(self.focus_tables)  # the arrows work at once, no Tab needed
        # the notify worker marks a message failed without an event: look every 10 s
        self.set_interval(10, self._load_notify_failures)

    async def _load_notify_failures(self) -> None:
        try:
            failed = (await self.engine.notify_figures()).failed
        except HallError:
            return
        if failed != self.notify_failed:
            self.notify_failed = failed
            self._show_alerts()

    def focus_tables(self) -> None:
        self.query_one("#windows-table", DataTable).focus()

    # ------------------------------------------------------------------ reading
    def _on_health(self, ok: bool) -> None:
        self.say((T.DATABASE_BACK if ok else T.UNAVAILABLE).text(self.lang), error=not ok)

    async def _load(self, parts: set[str]) -> None:
        self.snap = await snapshot(self.engine)
        report = await day_report(self.engine, self.engine.today(), figures_only=True)
        self.today = {f.key: f for f in report.services}
        self.followups = await open_followup_count(self.engine)
        self.notify_failed = (await self.engine.notify_figures()).failed
        self._show()

    def _show(self) -> None:
        snap, lang = self.snap, self.lang
        if snap is None or not self.is_mounted:
            return
        if not self.query("#windows-table"):  # loaded before the tables were mounted: show them once they are
            self.call_after_refresh(self._show)
            return
        windows = self.query_one("#windows-table", DataTable)
        row = windows.cursor_row
        windows.clear()
        for w in snap.windows:
            paused = w.state == WindowState.PAUSED
            state = w.state_label(lang) + (f"·{w.pause_reason}" if paused and w.pause_reason else "")
            style = "yellow" if paused else ("dim" if not w.logged_in else "")
            windows.add_row(Text(str(w.number), style=style), Text(state, style=style), w.clerk_name or "",
                            w.current.number if w.current else "", ",".join(w.services), key=str(w.number))
        windows.move_cursor(row=min(row, len(snap.windows) - 1))
        services = self.query_one("#services-table", DataTable)
        row = services.cursor_row
        services.clear()
        for q in snap.queues:
            long = q.longest_wait_min > snap.long_wait_minutes
            longest = Text(str(q.longest_wait_min), style="bold red" if long else "")
            today = self.today.get(q.prefix)
            mean = today.mean_wait_min if today else None
            services.add_row(f"{q.prefix} {q.label(lang)}", str(q.waiting), longest,
                             Text(T.OPEN.text(lang)) if q.is_open else Text(T.SHUT.text(lang), style="bold red"),
                             str(today.called if today else 0), str(today.served if today else 0),
                             "—" if mean is None else f"{mean:.1f}", key=q.prefix)
        services.move_cursor(row=min(row, len(snap.queues) - 1))
        self._show_alerts()

    def _show_alerts(self) -> None:
        if self.snap is None:
            return
        found = self.shown = alerts(self.snap, self.clock.now())
        keys = {a.key for a in found}
        if keys != self._recorded:
            self._recorded = keys
            self.run_worker(self._record(found), group="alerts", exclusive=True)
        text = Text()
        total = sum(q.waiting for q in self.snap.queues)
        text.append(T.WAITING_TOTAL(n=total).text(self.lang), style="bold")
        if self.followups:
            text.append("  " + T.FOLLOWUPS_OPEN(n=self.followups).text(self.lang), style="yellow")
        if self.notify_failed:
            text.append("  " + T.NOTIFY_FAILED(n=self.notify_failed).text(self.lang), style="bold red")
        if not found:
            text.append("  " + T.ALERTS_NONE.text(self.lang), style="dim")
        room = 6 if len(found) <= 6 else 5  # the box holds 6 lines: the last one may say how many more
        for alert in found[:room]:
            style = "bold red" if alert.kind in URGENT else "yellow"
            text.append("\n• " + alert.message.text(self.lang), style=style)
            text.append(" → " + alert.action.text(self.lang))
        if len(found) > room:
            text.append("\n… " + T.MORE_ALERTS(n=len(found) - room).text(self.lang))
        self.query_one("#alerts", Static).update(text)

    async def _record(self, found: list[Alert]) -> None:
        """Log the alerts that began or ended as events (db.supervision.record_alerts)."""
        try:
            await record_alerts(self.engine, found)
        except HallError:
            self._recorded = None  # try again at the next evaluation
        except Exception:
            log.exception("recording alerts failed")
            self._recorded = None

    def say(self, message: str, error: bool = False) -> None:
        line = self.query_one("#board-message", Static)
        line.update(message)
        line.set_class(error, "-error")

    # ------------------------------------------------------------------ changes
    def _selected(self, table_id: str) -> str | None:
        table = self.query_one(table_id, DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    async def _change(self, op, done: str) -> None:
        """Await a change; say `done`, or why it was refused (kept in `self.refusal`) or failed."""
        self.refusal = None
        try:
            await op
        except HallError as err:
            self.refusal = err
            self.say(err.text(self.lang), error=True)
            return
        except Exception:
            log.exception("supervisor change failed")
            self.say(T.UNAVAILABLE.text(self.lang), error=True)
            return
        self.say(done)
        self.live.want("all")

    def action_toggle_service(self) -> None:
        prefix = self._selected("#services-table")
        queue = next((q for q in self.snap.queues if q.prefix == prefix), None) if self.snap else None
        if queue is None:
            return
        lang, name = self.lang, queue.label(self.lang)
        if queue.is_open:
            question = T.CONFIRM_CLOSE(name=name)
            detail = T.CONFIRM_CLOSE_DETAIL(n=queue.waiting)
        else:
            question, detail = T.CONFIRM_OPEN(name=name), T.CONFIRM_OPEN_DETAIL
        done = T.SERVICE_CLOSED if queue.is_open else T.SERVICE_OPENED

        async def answered(yes: bool | None) -> None:
            if yes:
                await self._change(self.engine.set_service_open(queue.prefix, not queue.is_open, actor=self.actor),
                                   done(name=name).text(lang))

        self.app.push_screen(ConfirmDialog(question.text(lang), detail.text(lang), yes=T.YES.text(lang),
                                           no=T.NO.text(lang)), answered)

    def left_without_window(self, number: int, services: list[str]) -> tuple[list[str], list[str]]:
        """The services window `number` serves now that `services` would leave with no window
        at all, and with no open (logged-in) window.

        Returns:
            (no window at all, no open window), prefixes in the hall's order.
        """
        snap = self.snap
        if snap is None:
            return [], []
        window = next(w for w in snap.windows if w.number == number)
        others = [w for w in snap.windows if w.number != number]
        dropped = [q.prefix for q in snap.queues if q.prefix in window.services and q.prefix not in services]
        none = [p for p in dropped if not any(p in w.services for w in others)]
        unstaffed = [p for p in dropped if p not in none and window.logged_in
                     and not any(p in w.services and w.logged_in for w in others)]
        return none, unstaffed

    def action_window_services(self) -> None:
        number = self._selected("#windows-table")
        snap = self.snap
        window = next((w for w in snap.windows if str(w.number) == number), None) if snap else None
        if snap is None or window is None:
            return
        lang = self.lang
        hint = " · ".join(f"{q.prefix} {q.label(lang)}" for q in snap.queues)

        async def chosen(answer: dict | None) -> None:
            if not answer or not answer["services"]:
                return
            services = [s.strip().upper() for s in answer["services"].replace("，", ",").replace(" ", ",").split(",")
                        if s.strip()]
            unknown = [s for s in services if s not in {q.prefix for q in snap.queues}]
            if unknown:
                self.say(T.UNKNOWN_SERVICES(services=",".join(unknown)).text(lang), error=True)
                return
            if services == list(window.services):
                return
            none, unstaffed = self.left_without_window(window.number, services)
            warnings = []
            if none:
                warnings.append(T.WARN_NO_WINDOW(services=",".join(none)).text(lang))
            if unstaffed:
                warnings.append(T.WARN_NO_OPEN_WINDOW(services=",".join(unstaffed)).text(lang))

            async def confirmed(yes: bool | None) -> None:
                if yes:
                    await self._change(self.engine.set_window_services(window.number, services, actor=self.actor),
                                       T.SERVICES_SET(window=window.number, services=",".join(services)).text(lang))

            self.app.push_screen(ConfirmDialog(
                T.CONFIRM_SERVICES(window=window.number, services=",".join(services)).text(lang),
                T.CONFIRM_SERVICES_DETAIL(before=",".join(window.services)).text(lang), "\n".join(warnings),
                yes=T.YES.text(lang), no=T.NO.text(lang)), confirmed)

        self.app.push_screen(PromptDialog(T.SERVICES_TITLE(window=window.number).text(lang),
                                          [("services", T.SERVICES_INPUT.text(lang), ",".join(window.services))],
                                          hint=hint, ok=T.OK.text(lang), cancel=T.CANCEL.text(lang)), chosen)
