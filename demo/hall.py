"""The demo hall's day: where its clock starts and the bookings it imports for today."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from hallq.db.calendar import HallCalendar
from hallq.db.config import demo_text, load_demo
from hallq.demo import texts as T

DEMO_CODE = "DEMO"  # the demo's bookings: DEMO251 … on the 25th
OPENS = time(9, 30)       # where the demo's clock starts when the hall is shut
ENOUGH = timedelta(minutes=30)  # less opening time left than this: start at OPENS instead


def start_time(config, now: datetime, last_event: datetime | None = None) -> datetime:
    """Where the hall's clock starts: now if the hall is open for a while yet, else 09:30
    today — or just after the last thing that happened today, so time never runs back.
    On a day the hall's calendar closes (a weekend, a holiday), 09:30 of its next open day.

    Args:
        config: the hall config.
        now: hall time (naive).
        last_event: when the hall's last event happened, if any.
    """
    calendar = HallCalendar(config.calendar)
    if not calendar.is_open_or_unknown(now.date()):
        next_day = calendar.next_open_day(now.date())
        if next_day is not None:
            return datetime.combine(next_day, OPENS)
    hours = [h for s in config.services if not s.appointment_only for h in s.hours]

    def open_at(when: datetime) -> bool:
        return any(a <= when.time() and datetime.combine(when.date(), b) - when >= ENOUGH for a, b in hours)

    if open_at(now):
        return now.replace(microsecond=0)
    if last_event is not None and last_event.date() == now.date() and open_at(last_event):
        return (last_event + timedelta(seconds=1)).replace(microsecond=0)
    return datetime.combine(now.date(), OPENS)


def demo_bookings(now: datetime) -> list[dict]:
    """A few bookings for today around `now`: two to check in now, one too early."""
    slot = now.replace(minute=0 if now.minute < 30 else 30, second=0, microsecond=0)
    later = slot + timedelta(hours=1, minutes=30)

    def row(code, name, service, start, phone=None):
        return {"code": code, "name": name, "service": service, "phone": phone,
                "slot_start": start.isoformat(), "slot_end": (start + timedelta(minutes=30)).isoformat()}

    code = f"{DEMO_CODE}{now:%d}"  # a code a day, so yesterday's check-ins do not get in the way
    return [row(f"{code}1", "张三", "A", slot), row(f"{code}2", "李四", "B", slot, "13912345678"),
            row(f"{code}3", "王五", "F", slot), row(f"{code}4", "赵六", "C", later)]


async def prepare(engine, now: datetime | None = None):
    """Load the demo hall if the file has none and import the demo bookings if today has
    none. `now` defaults to the hall's time (its time zone, not the host's).
    Returns (config, the time the hall's clock starts at)."""
    if not await engine.is_initialised():
        await engine.load_config(load_demo(), demo_text())
    config = await engine.config()
    now = now or engine.now()
    last_id = await engine.last_event_id()
    last = await engine.events(after_id=last_id - 1) if last_id else []
    start = start_time(config, now, last[0].at if last else None)
    if not [a for a in await engine.appointments(start.date().isoformat()) if a.code.startswith(DEMO_CODE)]:
        await engine.import_appointments(demo_bookings(start))
    return config, start


def clock_note(clock, now: datetime, lang: str) -> str:
    """A line for the screen when the hall's clock is not the real time."""
    notes = []
    if abs((clock.start - now).total_seconds()) >= 60:
        shown = "%H:%M" if clock.start.date() == now.date() else "%m-%d %H:%M"
        notes.append(T.HELP_CLOCK(hall=f"{clock.start:{shown}}", real=f"{now:{shown}}").text(lang))
    if clock.rate != 1:
        notes.append(T.HELP_SPEED(rate=clock.rate).text(lang))
    return "\n".join(notes)
