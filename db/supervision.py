"""What a supervisor watches: a snapshot of the hall, and the alerts in it.

    snap = await snapshot(engine)      # windows, queues, devices, waiting times
    for alert in alerts(snap, now):    # pure: a view re-evaluates it each second, no database read
        print(alert.text(lang))

Alerts: someone waiting longer than the policy's long_wait_minutes, a kiosk printer out
of paper / faulty / near paper end, a window paused for longer than LONG_PAUSE_MINUTES.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from hallq.db import texts as T
from hallq.db.clock import parse_required
from hallq.db.models import DeviceState, ServiceQueue, Window
from hallq.db.rows import Db
from hallq.db.vocabulary import WindowState
from hallq.i18n import Text, literal

if TYPE_CHECKING:
    from hallq.db.engine import HallEngine

#: a pause longer than this (minutes) is worth a supervisor's look
LONG_PAUSE_MINUTES = 20


class AlertKind(StrEnum):
    """What an alert is about; `ALERT_ORDER` says which come first."""

    PRINTER_OUT = "printer_out"          # a kiosk printer cannot print (paper end, cover open, offline …)
    LONG_WAIT = "long_wait"              # someone has waited longer than policy.long_wait_minutes
    LONG_PAUSE = "long_pause"            # a window paused for LONG_PAUSE_MINUTES or more
    PRINTER_WARNING = "printer_warning"  # a kiosk printer still prints but needs attention (paper near end)


#: the most urgent kinds first
ALERT_ORDER = (AlertKind.PRINTER_OUT, AlertKind.LONG_WAIT, AlertKind.LONG_PAUSE, AlertKind.PRINTER_WARNING)


@dataclass(frozen=True)
class Alert:
    """One thing a supervisor should look at.

    Attributes:
        kind: what it is about.
        subject: the service prefix, device id or window number (as text).
        since: when it began (the ticket taken, the device's state, the pause).
        message: what to tell the supervisor.
    """

    kind: AlertKind
    subject: str
    since: datetime
    message: Text

    def text(self, lang: str = "zh") -> str:
        """The message in `lang`."""
        return self.message.text(lang)


@dataclass(frozen=True)
class HallSnapshot:
    """The hall as a supervisor sees it at `at`: windows, queues, devices, and every
    waiting ticket's number and time taken, with the limits the alerts use (minutes)."""

    at: datetime
    windows: tuple[Window, ...]
    queues: tuple[ServiceQueue, ...]
    devices: tuple[DeviceState, ...]
    #: per service, the times the waiting tickets were taken, oldest first, with their numbers
    waiting_since: dict[str, tuple[tuple[str, datetime], ...]] = field(default_factory=dict)
    long_wait_minutes: int = 30
    long_pause_minutes: int = LONG_PAUSE_MINUTES


async def snapshot(engine: HallEngine) -> HallSnapshot:
    """Windows, service queues, devices and every waiting ticket's time taken, now.

    Raises:
        NotFound(not_set_up): the hall has no config.
    """
    now = engine.now()
    policy = await engine.policy()
    windows = await engine.windows()
    queues = await engine.service_queues()
    devices = await engine.devices()

    def tx(db: Db) -> dict[str, tuple[tuple[str, datetime], ...]]:
        out: dict[str, list[tuple[str, datetime]]] = {}
        for number, service, taken in db.execute(
                "SELECT number, service, taken_at FROM tickets WHERE day=? AND state='waiting' ORDER BY taken_at, id",
                (now.date().isoformat(),)):
            out.setdefault(service, []).append((number, parse_required(taken)))
        return {k: tuple(v) for k, v in out.items()}

    waiting = await engine.read(tx)
    return HallSnapshot(now, tuple(windows), tuple(queues), tuple(devices), waiting, policy.long_wait_minutes)


def alerts(snap: HallSnapshot, now: datetime) -> list[Alert]:
    """The alerts at `now` (which may be later than the snapshot), most urgent kinds first
    (ALERT_ORDER). Pure: no database read, so a view can call it every second.

    Args:
        snap: a snapshot (see `snapshot`).
        now: hall time now.

    Returns:
        A long-wait alert per service (the longest waiter named), one per faulty or warning
        printer, one per window paused LONG_PAUSE_MINUTES or more.
    """
    out: list[Alert] = []
    limit = snap.long_wait_minutes
    for queue in snap.queues:
        waiting = snap.waiting_since.get(queue.prefix, ())
        over = [(n, t) for n, t in waiting if (now - t).total_seconds() / 60 > limit]
        if over:
            number, taken = over[0]
            minutes = int((now - taken).total_seconds() // 60)
            out.append(Alert(AlertKind.LONG_WAIT, queue.prefix, taken,
                             T.ALERT_LONG_WAIT(service=literal(queue.name, queue.name_en), n=len(over), limit=limit,
                                               number=number, minutes=minutes)))
    for device in snap.devices:
        if device.ok and not device.warning:
            continue
        name = device.id.split(":", 1)[-1]
        problem = device.problem or ""
        said = T.PRINTER_PROBLEM.get(problem.split(" (")[0]) or (literal(problem) if problem else T.UNKNOWN_PROBLEM)
        kind = AlertKind.PRINTER_OUT if not device.ok else AlertKind.PRINTER_WARNING
        template = T.ALERT_PRINTER_DOWN if not device.ok else T.ALERT_PRINTER_WARNING
        out.append(Alert(kind, device.id, device.since, template(device=name, problem=said)))
    for window in snap.windows:
        if window.state == WindowState.PAUSED and window.since is not None:
            minutes = int((now - window.since).total_seconds() // 60)
            if minutes >= snap.long_pause_minutes:
                reason = literal(window.pause_reason) if window.pause_reason else T.NO_REASON_GIVEN
                out.append(Alert(AlertKind.LONG_PAUSE, str(window.number), window.since,
                                 T.ALERT_LONG_PAUSE(window=literal(window.name, T.WINDOW_NAME(window=window.number)
                                                                   .text("en")),
                                                    minutes=minutes, reason=reason)))
    return sorted(out, key=lambda a: ALERT_ORDER.index(a.kind))


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
