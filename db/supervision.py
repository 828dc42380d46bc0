"""What a supervisor watches: a snapshot of the hall, and the alerts in it.

    snap = await snapshot(engine)      # windows, queues, devices, waiting and called tickets
    for alert in alerts(snap, now):    # pure: a view re-evaluates it each second, no database read
        print(alert.text(lang))        # what is wrong → what to do
    await record_alerts(engine, found) # alert.raised / alert.cleared events, for notifying later

Alerts (minutes from hall.toml [policy], a service's own `wait_target_minutes`):
- no_window: people wait for a service and no open window serves it;
- unstaffed: a service takes tickets and no open window serves it (nobody waits yet);
- long_wait: someone has waited longer than the service's target;
- appointment_wait: a booking checked in and not called within appointment_call_minutes;
- left_called: a number called and not started within called_minutes (叫号中 too long);
- long_pause: a window paused long_pause_minutes or more;
- printer_out / printer_warning: a kiosk printer down, or needing paper soon;
- terminal_gone: a counter's browser terminal closed while the window is logged in (it is
  logged out after terminal_grace_minutes by `hallq serve`, with a window.logout event).
Each alert says what to do.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from hallq.db import texts as T
from hallq.db.clock import parse_required
from hallq.db.config import Policy
from hallq.db.models import DeviceState, ServiceQueue, Window
from hallq.db.rows import Db
from hallq.db.store import append_event
from hallq.db.vocabulary import EventKind, WindowState
from hallq.i18n import Text, literal

if TYPE_CHECKING:
    from hallq.db.engine import HallEngine

#: a pause longer than this (minutes) is worth a supervisor's look (the policy's default)
LONG_PAUSE_MINUTES = Policy().long_pause_minutes
#: the device kind `hallq serve` reports a browser terminal's session under ("terminal:counter:3")
TERMINAL_KIND = "terminal"
SESSION_ENDED = "session_ended"


class AlertKind(StrEnum):
    """What an alert is about; `ALERT_ORDER` says which come first."""

    NO_WINDOW = "no_window"              # people wait and no open window serves them
    UNSTAFFED = "unstaffed"              # a service takes tickets and no open window serves it (nobody waits yet)
    PRINTER_OUT = "printer_out"          # a kiosk printer cannot print (paper end, cover open, offline …)
    LONG_WAIT = "long_wait"              # someone has waited longer than the service's target
    APPOINTMENT_WAIT = "appointment_wait"  # a booking checked in and not called in time
    LEFT_CALLED = "left_called"          # a number called and not started for too long
    TERMINAL_GONE = "terminal_gone"      # a counter's browser terminal closed; the window logs out soon
    LONG_PAUSE = "long_pause"            # a window paused for long_pause_minutes or more
    PRINTER_WARNING = "printer_warning"  # a kiosk printer still prints but needs attention (paper near end)


#: the most urgent kinds first
ALERT_ORDER = (AlertKind.NO_WINDOW, AlertKind.PRINTER_OUT, AlertKind.LONG_WAIT, AlertKind.APPOINTMENT_WAIT,
               AlertKind.LEFT_CALLED, AlertKind.TERMINAL_GONE, AlertKind.LONG_PAUSE, AlertKind.UNSTAFFED,
               AlertKind.PRINTER_WARNING)
#: kinds shown in red
URGENT = frozenset({AlertKind.NO_WINDOW, AlertKind.PRINTER_OUT, AlertKind.LONG_WAIT, AlertKind.APPOINTMENT_WAIT})


@dataclass(frozen=True)
class Alert:
    """One thing a supervisor should look at, and what to do about it.

    Attributes:
        kind: what it is about.
        subject: the service prefix, device id, window number or ticket number (as text).
        since: when it began (the ticket taken, the device's state, the pause, the call).
        message: what is wrong.
        action: what to do.
    """

    kind: AlertKind
    subject: str
    since: datetime
    message: Text
    action: Text

    @property
    def key(self) -> str:
        """"kind:subject": the same alert keeps its key while it lasts."""
        return f"{self.kind}:{self.subject}"

    @property
    def said(self) -> Text:
        """What is wrong → what to do, in both languages."""
        return T.ALERT_WITH_ACTION(alert=self.message, action=self.action)

    def text(self, lang: str = "zh") -> str:
        """What is wrong → what to do, in `lang`."""
        return self.said.text(lang)


@dataclass(frozen=True)
class Waiting:
    """A waiting ticket as the alerts see it: number, service, time taken (or checked in), booked."""

    number: str
    service: str
    since: datetime
    appointment: bool


@dataclass(frozen=True)
class HallSnapshot:
    """The hall as a supervisor sees it at `at`: windows, queues, devices, every waiting
    ticket, with the limits the alerts use (minutes)."""

    at: datetime
    windows: tuple[Window, ...]
    queues: tuple[ServiceQueue, ...]
    devices: tuple[DeviceState, ...]
    #: per service, the times the waiting tickets were taken, oldest first, with their numbers
    waiting_since: dict[str, tuple[tuple[str, datetime], ...]] = field(default_factory=dict)
    long_wait_minutes: int = 30
    long_pause_minutes: int = LONG_PAUSE_MINUTES
    #: every waiting ticket, oldest first
    waiting: tuple[Waiting, ...] = ()
    #: a service's own wait target (minutes), where hall.toml gives one
    wait_targets: dict[str, int] = field(default_factory=dict)
    appointment_call_minutes: int = 10
    called_minutes: int = 10
    terminal_grace_minutes: int = 2

    def wait_target(self, prefix: str) -> int:
        """The longest wait service `prefix` aims at (minutes)."""
        return self.wait_targets.get(prefix, self.long_wait_minutes)


async def snapshot(engine: HallEngine) -> HallSnapshot:
    """Windows, service queues, devices and every waiting ticket, now.

    Raises:
        NotFound(not_set_up): the hall has no config.
    """
    now = engine.now()
    config = await engine.config()
    policy = config.policy
    windows = await engine.windows()
    queues = await engine.service_queues()
    devices = await engine.devices()

    def tx(db: Db) -> tuple[Waiting, ...]:
        return tuple(Waiting(r["number"], r["service"], parse_required(r["taken_at"]),
                             r["appointment_code"] is not None)
                     for r in db.execute("SELECT number, service, taken_at, appointment_code FROM tickets"
                                         " WHERE day=? AND state='waiting' ORDER BY taken_at, id",
                                         (now.date().isoformat(),)))

    waiting = await engine.read(tx)
    since: dict[str, list[tuple[str, datetime]]] = {}
    for w in waiting:
        since.setdefault(w.service, []).append((w.number, w.since))
    return HallSnapshot(now, tuple(windows), tuple(queues), tuple(devices), {k: tuple(v) for k, v in since.items()},
                        policy.long_wait_minutes, policy.long_pause_minutes, waiting,
                        {s.prefix: s.wait_target_minutes for s in config.services if s.wait_target_minutes},
                        policy.appointment_call_minutes, policy.called_minutes, policy.terminal_grace_minutes)


def _minutes(now: datetime, since: datetime) -> int:
    return int((now - since).total_seconds() // 60)


def _window_name(window: Window) -> Text:
    return literal(window.name, T.WINDOW_NAME(window=window.number).text("en"))


def alerts(snap: HallSnapshot, now: datetime) -> list[Alert]:
    """The alerts at `now` (which may be later than the snapshot), most urgent kinds first
    (ALERT_ORDER). Pure: no database read, so a view can call it every second.

    Args:
        snap: a snapshot (see `snapshot`).
        now: hall time now.

    Returns:
        The alerts of the module doc, each with what to do.
    """
    out: list[Alert] = []
    for queue in snap.queues:
        service = literal(queue.name, queue.name_en)
        waiting = snap.waiting_since.get(queue.prefix, ())
        if queue.windows_open == 0 and (waiting or (queue.walk_in_open and queue.is_open)):
            if waiting:
                booked = sum(w.appointment for w in snap.waiting if w.service == queue.prefix)
                message = T.ALERT_NO_WINDOW(service=service, n=len(waiting), minutes=_minutes(now, waiting[0][1]),
                                            appointments=T.ALERT_NO_WINDOW_APPOINTMENTS(n=booked) if booked
                                            else literal(""))
                out.append(Alert(AlertKind.NO_WINDOW, queue.prefix, waiting[0][1], message, T.DO_OPEN_A_WINDOW))
            else:
                out.append(Alert(AlertKind.UNSTAFFED, queue.prefix, now, T.ALERT_NO_WINDOW_EMPTY(service=service),
                                 T.DO_OPEN_A_WINDOW))
        limit = snap.wait_target(queue.prefix)
        over = [(n, t) for n, t in waiting if (now - t).total_seconds() / 60 > limit]
        if over:
            number, taken = over[0]
            out.append(Alert(AlertKind.LONG_WAIT, queue.prefix, taken,
                             T.ALERT_LONG_WAIT(service=service, n=len(over), limit=limit, number=number,
                                               minutes=_minutes(now, taken)), T.DO_ADD_A_WINDOW))
    names = {q.prefix: literal(q.name, q.name_en) for q in snap.queues}
    for w in snap.waiting:
        if w.appointment and _minutes(now, w.since) >= snap.appointment_call_minutes:
            out.append(Alert(AlertKind.APPOINTMENT_WAIT, w.number, w.since,
                             T.ALERT_APPOINTMENT_WAIT(number=w.number, service=names.get(w.service, literal(w.service)),
                                                      minutes=_minutes(now, w.since)), T.DO_CALL_APPOINTMENT))
    for device in snap.devices:
        if device.kind == TERMINAL_KIND:
            continue
        if device.ok and not device.warning:
            continue
        name = device.id.split(":", 1)[-1]
        problem = device.problem or ""
        said = T.PRINTER_PROBLEM.get(problem.split(" (")[0]) or (literal(problem) if problem else T.UNKNOWN_PROBLEM)
        kind = AlertKind.PRINTER_OUT if not device.ok else AlertKind.PRINTER_WARNING
        template = T.ALERT_PRINTER_DOWN if not device.ok else T.ALERT_PRINTER_WARNING
        out.append(Alert(kind, device.id, device.since, template(device=name, problem=said), T.DO_FIX_PRINTER))
    gone = {d.id: d for d in snap.devices if d.kind == TERMINAL_KIND and not d.ok}
    for window in snap.windows:
        since = window.since
        if since is None:
            continue
        minutes = _minutes(now, since)
        if window.state == WindowState.PAUSED and minutes >= snap.long_pause_minutes:
            reason = literal(window.pause_reason) if window.pause_reason else T.NO_REASON_GIVEN
            out.append(Alert(AlertKind.LONG_PAUSE, str(window.number), since,
                             T.ALERT_LONG_PAUSE(window=_window_name(window), minutes=minutes, reason=reason),
                             T.DO_END_PAUSE))
        if (window.state == WindowState.CALLING and window.current is not None
                and minutes >= snap.called_minutes):
            out.append(Alert(AlertKind.LEFT_CALLED, str(window.number), since,
                             T.ALERT_LEFT_CALLED(window=_window_name(window), number=window.current.number,
                                                 minutes=minutes), T.DO_CHECK_CALLED))
        closed = gone.get(terminal_id("counter", window.number))
        if closed is not None and window.logged_in:
            out.append(Alert(AlertKind.TERMINAL_GONE, str(window.number), closed.since,
                             T.ALERT_TERMINAL_GONE(window=_window_name(window), since=f"{closed.since:%H:%M}",
                                                   grace=snap.terminal_grace_minutes), T.DO_REOPEN_TERMINAL))
    return sorted(out, key=lambda a: ALERT_ORDER.index(a.kind))


def terminal_id(kind: str, ident: object) -> str:
    """The device id a browser terminal's session is reported under, e.g. "terminal:counter:3"."""
    return f"{TERMINAL_KIND}:{kind}:{ident}"


async def record_alerts(engine: HallEngine, found: list[Alert]) -> tuple[list[str], list[str]]:
    """Log the alerts that began (alert.raised) and ended (alert.cleared) since the last
    call, in one transaction, so they can be notified later from the event log. The open
    alerts are today's alert.raised events not yet cleared, so any process may call this.

    Args:
        engine: the hall engine.
        found: the alerts now (see `alerts`).

    Returns:
        (keys raised, keys cleared); both empty when nothing changed (nothing is written).
    """
    now_found = {a.key: a for a in found}

    def open_keys(db: Db, day: str) -> set[str]:
        state: dict[str, bool] = {}
        for kind, data in db.execute("SELECT kind, data FROM events WHERE day=? AND kind IN (?, ?) ORDER BY id",
                                     (day, EventKind.ALERT_RAISED, EventKind.ALERT_CLEARED)):
            state[json.loads(data)["key"]] = kind == EventKind.ALERT_RAISED
        return {k for k, on in state.items() if on}

    day = engine.today()
    before = await engine.read(open_keys, day)
    if set(now_found) == before:
        return [], []

    def tx(db: Db, now: datetime) -> tuple[list[str], list[str]]:
        current = open_keys(db, now.date().isoformat())
        raised = sorted(set(now_found) - current)
        cleared = sorted(current - set(now_found))
        for key in raised:
            a = now_found[key]
            append_event(db, now, EventKind.ALERT_RAISED, actor="supervision", key=key, alert=a.kind,
                         subject=a.subject, since=a.since.isoformat(timespec="seconds"), text=a.text("zh"),
                         text_en=a.text("en"))
        for key in cleared:
            append_event(db, now, EventKind.ALERT_CLEARED, actor="supervision", key=key)
        return raised, cleared

    return await engine.transact(tx)


async def sent_to_window(engine: HallEngine, window: int) -> list[str]:
    """Numbers transferred to this window by name and waiting for it (called before its
    services' queues), oldest first.

    Args:
        engine: the hall engine.
        window: the window's number.

    Returns:
        The ticket numbers, e.g. ["A001"].
    """
    day = engine.today()

    def tx(db: Db) -> list[str]:
        return [str(r[0]) for r in db.execute(
            "SELECT number FROM tickets WHERE day=? AND state='waiting' AND target_window=? ORDER BY queue_key, id",
            (day, window))]

    return await engine.read(tx)
