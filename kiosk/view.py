"""KioskView: the ticket kiosk (取号机) as one embeddable widget.

Flows switch panels inside a ContentSwitcher: start → ticket (walk-in), check-in →
ticket or a notice, priority (ID → reason → service) → ticket. Printing runs in a
worker so the number is on screen at once; a printer fault shows a banner until the
printer is back, and the ticket stays on screen (it is in the database anyway).
"""
from __future__ import annotations

import logging
import string

from textual import events, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input

from hallq.db import privacy
from hallq.db.clock import Clock
from hallq.db.config import ELDERLY, HallConfig, ServiceConfig
from hallq.db.engine import HallEngine
from hallq.db.errors import HallError, ServiceUnavailable
from hallq.db.models import CheckIn, Event, Ticket
from hallq.db.vocabulary import QUEUE_KINDS, WINDOW_KINDS, Refusal
from hallq.i18n import Text, literal
from hallq.kiosk import texts as T
from hallq.kiosk.checkin_panel import CheckInPanel
from hallq.kiosk.countdown import Countdown
from hallq.kiosk.keypad import Keypad
from hallq.kiosk.notice_panel import Notice, NoticePanel
from hallq.kiosk.notify_panel import NotifyPanel
from hallq.kiosk.panel import Panel
from hallq.kiosk.printer_banner import PrinterBanner
from hallq.kiosk.priority_panel import ID_STEP, REASON_STEP, SERVICE_STEP, PriorityPanel
from hallq.kiosk.slips import slip_for
from hallq.kiosk.start_panel import StartPanel
from hallq.kiosk.ticket_panel import TicketPanel
from hallq.kiosk.tile import Tile
from hallq.kiosk.top_bar import TopBar
from hallq.printers import PrintResult
from hallq.ui.live import Live
from hallq.ui.styles import css_beside

log = logging.getLogger("hallq.kiosk")


def is_portrait(width: int, height: int) -> bool:
    """Whether a terminal of `width` × `height` cells is a portrait screen with room for
    big type: taller than wide (a cell is about twice as tall as wide) and 40 rows or more
    (a 1080×1920 browser kiosk is 112 × 91 cells)."""
    return height >= 40 and 2 * height >= width

START, TICKET, CHECK_IN, PRIORITY, NOTICE, NOTIFY = "start", "ticket", "checkin", "priority", "notice", "notify"


class KioskView(Vertical):
    DEFAULT_CSS = css_beside(__file__, "kiosk.tcss")

    BINDINGS = [
        Binding("1", "pick(1)", T.both(T.KEY_PICK), key_display="1–9"),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(2, 10)],
        Binding("escape", "back", T.both(T.KEY_BACK)),
        # a scanner typing a booking code on a screen without a field: see action_scan
        *[Binding(ch, f"scan('{ch}')", show=False, priority=True) for ch in string.ascii_letters],
    ]

    class TicketIssued(Message):
        """A ticket was issued or checked in here (for an embedding app)."""

        def __init__(self, ticket: Ticket) -> None:
            super().__init__()
            self.ticket = ticket

    class Printed(Message):
        """A print job ended (successfully or not)."""

        def __init__(self, result: PrintResult) -> None:
            super().__init__()
            self.result = result

    def __init__(self, engine: HallEngine, printer, *, clock: Clock | None = None, kiosk_id: str = "K1",
                 lang: str = "zh", idle_seconds: float = 30, ticket_seconds: float = 8,
                 status_poll_seconds: float = 10, lang_key: str = "f2", **kwargs) -> None:
        super().__init__(**kwargs)
        # an embedding app may need F2 itself; the key's label names both languages: English/中文
        self._bindings.bind(lang_key, "toggle_lang", f"{T.LANG_TOGGLE.text('zh')}/{T.LANG_TOGGLE.text('en')}")
        self.engine = engine
        self.printer = printer
        self.clock = clock or engine.clock
        self.kiosk_id = kiosk_id
        self.default_lang = self.lang = lang
        self.idle = Countdown(self, idle_seconds, self.idle_expired)
        self.ticket_return = Countdown(self, ticket_seconds, self.go_start)
        self.status_poll_seconds = status_poll_seconds
        self.config: HallConfig | None = None
        self.services: list[ServiceConfig] = []
        self.printing = 0  # print jobs under way
        self._checkin_phone = ""  # the mobile number of a check-in by phone, offered for "text me"; until start
        self.fault: PrintResult | None = None  # the printer's last fault, until it is back
        self.last_print: PrintResult | None = None
        self._poll: Timer | None = None
        self.panels: list[StartPanel | CheckInPanel | Panel] = []  # mounted once the config is read
        self.live = Live(self, engine, self._on_event, self._load_queues, everything=("queues",))

    # ------------------------------------------------------------------ building
    def compose(self) -> ComposeResult:
        yield TopBar()
        yield PrinterBanner(id="printer-banner")
        yield ContentSwitcher(id="panels")

    async def on_mount(self) -> None:
        self.query_one(PrinterBanner).show(None)
        self.config = await self.engine.config()
        kiosk = self.config.kiosk(self.kiosk_id)
        prefixes = kiosk.services if kiosk else tuple(s.prefix for s in self.config.services)
        self.services = [s for p in prefixes if (s := self.config.service(p)) is not None]
        config = self.config
        self.panels = [StartPanel(self.services, config.priority, id=START), TicketPanel(id=TICKET),
                       CheckInPanel(letters=config.code_letters, id=CHECK_IN),
                       PriorityPanel(self.services, config.priority, id=PRIORITY), NoticePanel(id=NOTICE),
                       NotifyPanel(config.notify.ahead, id=NOTIFY)]
        for panel in self.panels:
            panel.display = False
        await self.query_one(ContentSwitcher).mount_all(self.panels)
        self._apply_lang()
        self.show_panel(START)
        self.set_interval(1, self._tick)
        self.check_printer_soon()
        self.live.start()

    def _tick(self) -> None:
        name = self.config.name_en if self.lang == "en" and self.config else (self.config.name if self.config else "")
        self.query_one(TopBar).show(name, self.clock.now().strftime("%Y-%m-%d  %H:%M"), self.lang)

    def _apply_lang(self) -> None:
        for panel in self.panels:
            panel.set_lang(self.lang)
        self._tick()
        self.query_one(PrinterBanner).show(self.fault.citizen_message(self.lang) if self.fault else None)

    @property
    def panel(self) -> str:
        return self.query_one(ContentSwitcher).current or START

    def show_panel(self, name: str, focus: Widget | None = None) -> None:
        """Show a panel and focus `focus` (default its first tile) at once: keys already on
        their way (a scanner's burst) go to the new focus, not the old one."""
        self.query_one(ContentSwitcher).current = name
        if name != TICKET:
            self.ticket_return.cancel()
        if name == START:
            self.idle.cancel()
        else:
            self.idle.restart()
        target = focus or next(iter(self.shown_tiles()), None)
        if target is not None:
            self.screen.set_focus(target)

    def on_resize(self) -> None:
        """A portrait screen (a touch kiosk, 1080×1920) stacks the keypad under the field
        and gives prompts room to be drawn big; see kiosk.tcss `.-portrait`."""
        width, height = self.size
        self.set_class(is_portrait(width, height), "-portrait")

    def shown_tiles(self) -> list[Tile]:
        """The tiles on the current panel that are on screen, in order."""
        panel = self.query_one(f"#{self.panel}")

        def shown(tile: Tile) -> bool:
            node: DOMNode | None = tile
            while node is not None and node is not panel:
                if not node.display:
                    return False
                node = node.parent
            return node is panel

        return [t for t in panel.query(Tile) if shown(t)]

    # ------------------------------------------------------------------ input
    def action_scan(self, letter: str) -> None:
        """A letter on a screen without a field is a scanner typing a booking code: open
        check-in with it. A priority binding, so it runs as the key arrives, before the keys
        after it are handed to a widget: they go to the check-in field, in order.

        Raises:
            SkipAction: on a screen with a field; the key goes to the field as usual.
        """
        if self.panel not in (START, TICKET, NOTICE) or not self.panels:
            raise SkipAction()
        self.idle_input()
        self.open_checkin(letter)

    def on_key(self, event: events.Key) -> None:
        self.idle_input()
        checkin = self.query_one(CheckInPanel)
        if self.panel == CHECK_IN and not checkin.input.has_focus:
            # keys that were on their way before the field had focus (a fast scanner)
            if event.key == "enter":
                event.stop()
                self.submit_checkin(checkin.input.value)
            elif event.is_printable and event.character:
                event.stop()
                checkin.input.insert_text_at_cursor(event.character)

    def on_mouse_down(self) -> None:
        self.idle_input()

    def on_keypad_pressed(self, event: Keypad.Pressed) -> None:
        event.stop()
        self.idle_input()

    def on_input_changed(self) -> None:
        self.idle_input()

    def idle_input(self) -> None:
        if self.panel != START:
            self.idle.restart()

    async def idle_expired(self) -> None:
        """No input for the idle time: back to the start, forgetting what was typed."""
        if self.printing:  # the ticket screen stays until its print job has ended
            self.idle.restart()
            return
        self.go_start()

    def go_start(self) -> None:
        self._checkin_phone = ""
        self.query_one(CheckInPanel).reset()
        self.query_one(PriorityPanel).show_step(ID_STEP)
        if self.lang != self.default_lang:
            self.lang = self.default_lang
            self._apply_lang()
        self.show_panel(START)

    def action_back(self) -> None:
        self.go_start()

    def action_toggle_lang(self) -> None:
        self.lang = "en" if self.lang == "zh" else "zh"
        self._apply_lang()
        self.idle_input()

    def action_pick(self, digit: int) -> None:
        for tile in self.shown_tiles():
            if tile.digit == digit:
                tile.press()
                return

    async def on_tile_pressed(self, event: Tile.Pressed) -> None:
        event.stop()
        self.idle_input()
        action = event.tile.action
        name, _, arg = action.partition(":")
        if name == "toggle-lang":
            self.action_toggle_lang()
        elif name in ("back", "done"):
            self.go_start()
        elif name == "service":
            await self.take_ticket(arg)
        elif name == "checkin":
            self.open_checkin()
        elif name == "checkin-submit":
            self.submit_checkin(self.query_one(CheckInPanel).input.value)
        elif name == "priority":
            self.open_priority()
        elif name == "priority-no-id":
            self._priority_step(REASON_STEP)
        elif name == "priority-reason":
            self._priority_step(SERVICE_STEP, arg)
        elif name == "priority-service":
            await self.take_ticket(arg, priority=self.query_one(PriorityPanel).priority)
        elif name == "reprint":
            await self.reprint(arg or None)
        elif name == "notify":
            self.open_notify()
        elif name == "notify-submit":
            self.submit_notify(self.query_one(NotifyPanel).input.value)
        elif name == "notify-back":
            self.show_panel(TICKET, focus=self.query_one("#ticket-done"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "checkin-input":
            self.submit_checkin(event.value)
        elif event.input.id == "priority-input":
            self.submit_priority_id(event.value)
        elif event.input.id == "notify-input":
            self.submit_notify(event.value)

    # ------------------------------------------------------------------ walk-in
    async def take_ticket(self, prefix: str, priority: str | None = None) -> Ticket | None:
        try:
            ticket = await self.engine.issue_ticket(prefix, priority=priority, kiosk=self.kiosk_id)
        except ServiceUnavailable as err:
            await self.show_notice(self._closed_notice(err))
            return None
        except Exception as err:  # noqa: BLE001 - a citizen sees one calm line
            await self._show_failure(err, f"issuing a ticket for {prefix}")
            return None
        note = None
        if priority == ELDERLY:
            note = T.ELDERLY_NOTE
        elif priority and self.config is not None:
            note = T.PRIORITY_NOTE(reason=self.config.priority.label(priority))
        self.show_ticket(ticket, note)
        return ticket

    def _closed_notice(self, err: ServiceUnavailable) -> Notice:
        actions = [(T.GO_CHECK_IN, "checkin")] if err.code == Refusal.APPOINTMENT_ONLY else []
        return Notice("closed", T.NOT_NOW, err, big=err.detail.get("opens_at"), actions=actions)

    async def _show_failure(self, err: Exception, doing: str) -> None:
        if isinstance(err, HallError):
            await self.show_notice(Notice("error", T.NOT_NOW, err))
        else:
            log.exception("kiosk %s: %s failed", self.kiosk_id, doing)
            await self.show_notice(Notice("error", T.NOT_NOW, T.SYSTEM_BUSY))

    def show_ticket(self, ticket: Ticket, note: Text | None, reprint: bool = False) -> None:
        panel = self.query_one(TicketPanel)
        panel.notify_offered = self.config is not None and self.config.notify.enabled
        service = self.config.service(ticket.service) if self.config else None
        panel.show(ticket, service, note, reprint)
        self.show_panel(TICKET, focus=self.query_one("#ticket-done"))
        self.post_message(self.TicketIssued(ticket))
        self.print_ticket(ticket, reprint)

    async def reprint(self, number: str | None) -> None:
        panel = self.query_one(TicketPanel)
        number = number or (panel.ticket.number if panel.ticket else None)
        if number is None:
            return
        try:
            ticket = await self.engine.ticket(number)
        except Exception as err:  # noqa: BLE001
            await self._show_failure(err, f"reading {number} to reprint it")
            return
        note = panel.note if panel.ticket and panel.ticket.number == number else None
        if note is None and ticket.appointment_code:
            note = self._appointment_note(ticket)
        self.show_ticket(ticket, note, reprint=True)

    # ------------------------------------------------------------------ printing
    def print_ticket(self, ticket: Ticket, reprint: bool = False) -> None:
        """Hand the slip to the printer in a worker; the screen does not wait for it."""
        if self.config is None:  # cannot be: the panels that issue tickets are built after the config is read
            raise RuntimeError(f"kiosk {self.kiosk_id}: a ticket to print before the hall config was read")
        slip = slip_for(ticket, self.config, self.lang, reprint)
        self.printing += 1
        self._print_job(slip)

    @work(group="print", exit_on_error=False)
    async def _print_job(self, slip) -> None:
        try:
            result = await self.printer.print_slip(slip)
        except Exception as exc:  # noqa: BLE001 - printers should not raise; never lose the screen
            log.exception("kiosk %s: printing %s raised", self.kiosk_id, slip.number)
            result = PrintResult("failed", getattr(self.printer, "url", "?"), slip.number, "io_error", str(exc),
                                 slip=slip)
        finally:
            self.printing -= 1
        self.last_print = result
        panel = self.query_one(TicketPanel)
        if panel.ticket is not None and panel.ticket.number == slip.number:
            panel.printed(result.ok, result)
            if result.ok and self.panel == TICKET:
                self.ticket_return.restart()
            elif not result.ok and self.panel == TICKET:
                self.query_one("#ticket-reprint").focus()
        if not result.ok:
            log.warning("kiosk %s: %s not printed: %s", self.kiosk_id, slip.number, result.clerk_message)
        await self._printer_state(result.ok, result, warning=result.outcome == "warning")
        self.post_message(self.Printed(result))

    async def _printer_state(self, ok: bool, result: PrintResult | None, warning: bool = False,
                             problem: str | None = None) -> None:
        self.fault = None if ok else result
        self.query_one(PrinterBanner).show(self.fault.citizen_message(self.lang) if self.fault else None)
        if ok and self._poll is not None:
            self._poll.stop()
            self._poll = None
        elif not ok and self._poll is None:
            self._poll = self.set_interval(self.status_poll_seconds, self.check_printer)
        if problem is None and result is not None and (warning or not ok):
            problem = result.clerk_message
        try:
            await self.engine.report_device(f"kiosk:{self.kiosk_id}", ok, problem, warning,
                                            url=getattr(self.printer, "url", None))
        except Exception:  # noqa: BLE001 - the supervisor learns later; the kiosk goes on
            log.exception("kiosk %s: could not record the printer state", self.kiosk_id)

    @work(group="status", exclusive=True, exit_on_error=False)
    async def check_printer_soon(self) -> None:
        await self.check_printer()

    async def check_printer(self) -> None:
        """Ask the printer how it is; clears the banner when it is back."""
        try:
            status = await self.printer.status()
        except Exception:  # noqa: BLE001
            log.exception("kiosk %s: printer status failed", self.kiosk_id)
            return
        if self.printing:
            return  # a print job's result says more
        if status.ok:
            await self._printer_state(True, None, warning=status.reason == "paper_near_end",
                                      problem=status.problem or None)
        else:
            url = getattr(self.printer, "url", "?")
            fault = PrintResult("failed", url, "", status.reason, status.problem, status=status,
                                name=getattr(self.printer, "name", "printer"))
            await self._printer_state(False, fault, problem=status.problem)

    # ------------------------------------------------------------------ your turn is near
    def open_notify(self) -> None:
        """Ask for a mobile number for the ticket on screen (the one from a check-in by
        phone filled in)."""
        ticket = self.query_one(TicketPanel).ticket
        if ticket is None:
            return
        self.ticket_return.cancel()
        panel = self.query_one(NotifyPanel)
        panel.reset(ticket.number, self._checkin_phone)
        self.show_panel(NOTIFY, focus=panel.input)

    @work(group="notify", exclusive=True, exit_on_error=False)
    async def submit_notify(self, text: str) -> None:
        panel = self.query_one(NotifyPanel)
        tickets = self.query_one(TicketPanel)
        if tickets.ticket is None:
            return
        try:
            masked = await self.engine.subscribe(tickets.ticket.id, text, actor=f"kiosk:{self.kiosk_id}")
        except HallError as err:
            panel.show_error(err.text(self.lang))
            return
        except Exception as err:  # noqa: BLE001
            await self._show_failure(err, "keeping a number for notifications")
            return
        finally:
            panel.input.value = ""  # personal data: forget it here
        self._checkin_phone = ""
        ahead = self.config.notify.ahead if self.config else 3
        tickets.notify_set = T.NOTIFY_SET(n=ahead, phone=masked)
        tickets._paint()
        self.show_panel(TICKET, focus=self.query_one("#ticket-done"))
        self.ticket_return.restart()

    # ------------------------------------------------------------------ check-in
    def open_checkin(self, typed: str = "") -> None:
        panel = self.query_one(CheckInPanel)
        panel.reset(typed)
        self.show_panel(CHECK_IN, focus=panel.input)

    @work(group="checkin", exclusive=True, exit_on_error=False)
    async def submit_checkin(self, text: str) -> None:
        panel = self.query_one(CheckInPanel)
        if not text.strip():
            panel.show_error(T.CHECK_IN_PROMPT.text(self.lang))
            return
        phone = privacy.normalise_phone(text)
        self._checkin_phone = phone if privacy.valid_phone(phone) else ""
        try:
            result = await self.engine.check_in(text, kiosk=self.kiosk_id)
        except Exception as err:  # noqa: BLE001
            await self._show_failure(err, "checking in")
            return
        finally:
            panel.reset()  # what was typed is personal data: forget it
        await self.show_checkin(result)

    async def show_checkin(self, result: CheckIn) -> None:
        if result.outcome == "checked_in" and result.ticket is not None:
            self.show_ticket(result.ticket, self._appointment_note(result.ticket))
            return
        if result.outcome == "already" and result.ticket is not None:
            number = result.ticket.number
            notice = Notice("already", T.ALREADY, result, big=number, actions=[(T.REPRINT, f"reprint:{number}")])
        elif result.outcome == "too_early":
            at = result.come_back_at.strftime("%H:%M") if result.come_back_at else None
            notice = Notice("too_early", T.TOO_EARLY, result, big=at)
        elif result.outcome == "too_late":
            service = self.config.service(result.appointment.service) if result.appointment and self.config else None
            actions = []
            if service is not None:
                label = T.WALK_IN_INSTEAD(service=literal(service.name, service.name_en))
                actions.append((label, f"service:{service.prefix}"))
            notice = Notice("too_late", T.TOO_LATE, result, actions=actions)
        else:  # unknown, invalid
            title = T.INVALID if result.outcome == "invalid" else T.UNKNOWN
            notice = Notice(result.outcome, title, result, actions=[(T.TRY_AGAIN, "checkin")])
        await self.show_notice(notice)

    def _appointment_note(self, ticket: Ticket) -> Text | None:
        if ticket.slot_start is None:
            return None
        slot = f"{ticket.slot_start:%H:%M}-{ticket.slot_end:%H:%M}" if ticket.slot_end else f"{ticket.slot_start:%H:%M}"
        return T.APPOINTMENT_NOTE(slot=slot)

    async def show_notice(self, notice: Notice) -> None:
        await self.query_one(NoticePanel).show(notice)
        self.show_panel(NOTICE)

    # ------------------------------------------------------------------ priority
    def open_priority(self) -> None:
        panel = self.query_one(PriorityPanel)
        panel.show_step(ID_STEP)
        self.show_panel(PRIORITY, focus=panel.input)

    def _priority_step(self, step: str, priority: str | None = None, under_age: bool = False) -> None:
        self.query_one(PriorityPanel).show_step(step, priority, under_age)
        self.show_panel(PRIORITY)

    def submit_priority_id(self, text: str) -> None:
        panel = self.query_one(PriorityPanel)
        id_number = privacy.normalise_id(text)
        if not privacy.valid_id(id_number):
            panel.show_error(T.BAD_ID.text(self.lang))
            return
        age = privacy.age_on(id_number, self.clock.now().date())
        panel.input.value = ""  # never kept: only the age mattered
        if age is not None and age >= panel.config.age:
            self._priority_step(SERVICE_STEP, ELDERLY)
        elif panel.config.reasons:
            self._priority_step(REASON_STEP, under_age=True)
        else:  # the hall lists no other reason
            panel.show_error(T.PRIORITY_UNDER_AGE(age=panel.config.age).text(self.lang))

    # ------------------------------------------------------------------ queue counts
    def _on_event(self, event: Event) -> None:
        if event.kind in QUEUE_KINDS or event.kind in WINDOW_KINDS:
            self.live.want("queues")

    async def _load_queues(self, parts: set[str]) -> None:
        """The waiting counts on the tiles (a failed read is retried by self.live)."""
        queues = {q.prefix: q for q in await self.engine.service_queues()}
        self.query_one(StartPanel).set_queues(queues)
        self.query_one(PriorityPanel).set_queues(queues)
