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

from hallq.db.clock import parse
from hallq.db.models import PAUSED, DeviceState, ServiceQueue, Window

#: a pause longer than this (minutes) is worth a supervisor's look
LONG_PAUSE_MINUTES = 20

# problem texts printers report (printers.status.PrinterStatus.problem), in Chinese
_PROBLEMS_ZH = {
    "paper end": "缺纸",
    "paper near end": "纸将用完",
    "cover open": "纸仓盖未关",
    "not reachable": "连接不上",
    "offline": "离线",
    "status unknown": "状态未知",
}


@dataclass(frozen=True)
class Alert:
    kind: str            # long_wait | printer_out | printer_warning | long_pause
    subject: str         # service prefix, device id or window number
    since: datetime
    zh: str
    en: str

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class HallSnapshot:
    at: datetime
    windows: tuple[Window, ...]
    queues: tuple[ServiceQueue, ...]
    devices: tuple[DeviceState, ...]
    #: per service, the times the waiting tickets were taken, oldest first, with their numbers
    waiting_since: dict[str, tuple[tuple[str, datetime], ...]] = field(default_factory=dict)
    long_wait_minutes: int = 30
    long_pause_minutes: int = LONG_PAUSE_MINUTES


async def snapshot(engine) -> HallSnapshot:
    """Windows, service queues, devices and every waiting ticket's time taken."""
    now = engine.now()
    policy = await engine.policy()
    windows = await engine.windows()
    queues = await engine.service_queues()
    devices = await engine.devices()

    def tx(db):
        out: dict[str, list[tuple[str, datetime]]] = {}
        for number, service, taken in db.execute(
                "SELECT number, service, taken_at FROM tickets WHERE day=? AND state='waiting' ORDER BY taken_at, id",
                (now.date().isoformat(),)):
            out.setdefault(service, []).append((number, parse(taken)))
        return {k: tuple(v) for k, v in out.items()}

    waiting = await engine.store.read(tx)
    return HallSnapshot(now, tuple(windows), tuple(queues), tuple(devices), waiting, policy.long_wait_minutes)


def alerts(snap: HallSnapshot, now: datetime) -> list[Alert]:
    """The alerts at `now` (which may be later than the snapshot), most urgent kinds first."""
    out: list[Alert] = []
    limit = snap.long_wait_minutes
    for queue in snap.queues:
        waiting = snap.waiting_since.get(queue.prefix, ())
        over = [(n, t) for n, t in waiting if (now - t).total_seconds() / 60 > limit]
        if over:
            number, taken = over[0]
            minutes = int((now - taken).total_seconds() // 60)
            out.append(Alert("long_wait", queue.prefix, taken,
                             f"{queue.name}：{len(over)}人等候超过{limit}分钟，最久 {number} 已等 {minutes} 分钟",
                             f"{queue.name_en}: {len(over)} waiting over {limit} min, longest {number} {minutes} min"))
    for device in snap.devices:
        if device.ok and not device.warning:
            continue
        name = device.id.split(":", 1)[-1]
        problem = device.problem or ""
        zh = _PROBLEMS_ZH.get(problem.split(" (")[0], problem)
        kind = "printer_out" if not device.ok else "printer_warning"
        out.append(Alert(kind, device.id, device.since,
                         f"{name} 打印机{'故障' if not device.ok else '提醒'}：{zh or '未知问题'}",
                         f"{name} printer {'down' if not device.ok else 'warning'}: {problem or 'unknown problem'}"))
    for window in snap.windows:
        if window.state == PAUSED and window.since is not None:
            minutes = int((now - window.since).total_seconds() // 60)
            if minutes >= snap.long_pause_minutes:
                reason = window.pause_reason or ""
                out.append(Alert("long_pause", str(window.number), window.since,
                                 f"{window.name} 已暂停 {minutes} 分钟（{reason or '未说明'}）",
                                 f"Window {window.number} paused for {minutes} min ({reason or 'no reason'})"))
    order = {"printer_out": 0, "long_wait": 1, "long_pause": 2, "printer_warning": 3}
    return sorted(out, key=lambda a: order[a.kind])



async def sent_to_window(engine, window: int) -> list[str]:
    """Numbers transferred to this window by name and waiting for it (called before its
    services' queues), oldest first."""
    day = engine.today()

    def tx(db):
        return [r[0] for r in db.execute(
            "SELECT number FROM tickets WHERE day=? AND state='waiting' AND target_window=? ORDER BY queue_key, id",
            (day, window))]

    return await engine.store.read(tx)
