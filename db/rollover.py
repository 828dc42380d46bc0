"""Closing a hall day, by hand (`hallq close-day`) or by itself in the first transaction of
the next day, and keeping hall time from running backwards.

Every write transaction starts with `hall_now(db, clock)`:
- the time it stamps is never earlier than the last event's: a host clock stepped back
  (an NTP correction, a drifting PC) is logged once as `clock.stepped_back` and the hall
  keeps the last event's time until the clock catches up;
- the first write of a new hall day closes what earlier days left open (open tickets
  expire, windows still logged in log out, stopped services reopen), stamped at the end
  of the day it closes, with a `day.closed` event that says it was automatic. So a
  forgotten close-day never carries a ticket, a window or a handling time into the next
  day.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta

from hallq.db.clock import Clock, iso, parse_required
from hallq.db.models import DayClosed
from hallq.db.outbox import forget_phones
from hallq.db.rows import Db
from hallq.db.store import append_event
from hallq.db.vocabulary import OPEN_TICKET_STATES, EventKind, TicketState, WindowState

#: a step back smaller than this (seconds) is clamped without an event
STEP_LOGGED_S = 1.0
AUTOMATIC = "hall"  # the actor of what the hall does by itself


def hall_now(db: Db, clock: Clock) -> datetime:
    """Inside a write: the time to stamp this transaction with, after closing any earlier
    day left open (see the module docstring)."""
    now = clamped_now(db, clock)
    roll_over(db, now)
    return now


def clamped_now(db: Db, clock: Clock) -> datetime:
    """Inside a write: the clock's time, or the last event's when the clock is behind it
    (logged once per step back)."""
    now = clock.now()
    last = db.execute("SELECT at FROM events ORDER BY id DESC LIMIT 1").fetchone()
    behind = _meta(db, "clock_behind")
    if last is not None:
        last_at = parse_required(last[0])
        if now < last_at:
            if behind is None and (last_at - now).total_seconds() >= STEP_LOGGED_S:
                append_event(db, last_at, EventKind.CLOCK_STEPPED_BACK, actor=AUTOMATIC, clock=iso(now),
                             last_event=iso(last_at))
                _set_meta(db, "clock_behind", iso(now))
            now = last_at
        elif behind is not None:
            db.execute("DELETE FROM meta WHERE key='clock_behind'")
    return now


def roll_over(db: Db, now: datetime) -> DayClosed | None:
    """Close the days before `now`'s day if they were left open; None when there was nothing."""
    today = now.date().isoformat()
    known = _meta(db, "hall_day")
    if known is not None and known >= today:
        return None
    _set_meta(db, "hall_day", today)
    forget_phones(db, (now.date() - timedelta(days=1)).isoformat())
    midnight = datetime.combine(now.date(), time())
    stale = db.execute(f"SELECT max(day) FROM tickets WHERE day < ? AND state IN ({_marks(OPEN_TICKET_STATES)})",
                       (today, *sorted(OPEN_TICKET_STATES))).fetchone()[0]
    windows = db.execute("SELECT 1 FROM windows WHERE state<>? AND since < ? LIMIT 1",
                         (WindowState.LOGGED_OUT, iso(midnight))).fetchone()
    if stale is None and windows is None:
        return None
    days = [d for d in (stale, known) if d]
    day = max(days) if days else (now.date() - timedelta(days=1)).isoformat()
    end_of_day = datetime.combine(datetime.fromisoformat(day).date(), time(23, 59, 59, 999000))
    return close_days(db, min(end_of_day, now), day, AUTOMATIC, automatic=True, windows_before=midnight)


def close_days(db: Db, at: datetime, through: str, actor: str, automatic: bool,
               windows_before: datetime | None = None) -> DayClosed:
    """Inside a write: close every day up to `through` (YYYY-MM-DD): its open tickets
    expire, windows log out (only those logged in before `windows_before`, if given),
    services stopped by the supervisor reopen; one `day.closed` event stamped `at`."""
    states = sorted(OPEN_TICKET_STATES)
    expired = db.execute(f"SELECT * FROM tickets WHERE state IN ({_marks(states)}) AND day<=?",
                         (*states, through)).fetchall()
    for row in expired:
        db.execute("UPDATE tickets SET state=? WHERE id=?", (TicketState.EXPIRED, row["id"]))
        append_event(db, at, EventKind.TICKET_EXPIRED, ticket=row, window=row["window"], actor=actor, was=row["state"])
    sql, args = "SELECT * FROM windows WHERE state<>?", [str(WindowState.LOGGED_OUT)]
    if windows_before is not None:
        sql, args = sql + " AND since < ?", [*args, iso(windows_before)]
    windows = db.execute(sql, args).fetchall()
    for win in windows:
        db.execute("UPDATE windows SET state=?, clerk_id=NULL, pause_reason=NULL, current_ticket=NULL,"
                   " priority_streak=0, since=? WHERE number=?", (WindowState.LOGGED_OUT, iso(at), win["number"]))
        append_event(db, at, EventKind.WINDOW_LOGOUT, window=win["number"], actor=actor, clerk=win["clerk_id"],
                     reason="day_closed")
    db.execute("UPDATE services SET is_open=1")
    forget_phones(db, through)  # "your turn is near" numbers are kept only for the day
    append_event(db, at, EventKind.DAY_CLOSED, actor=actor, expired=len(expired), windows_logged_out=len(windows),
                 automatic=automatic, closed_day=through)
    return DayClosed(through, len(expired), len(windows))


def _marks(values: frozenset[TicketState] | list[TicketState]) -> str:
    return ",".join("?" * len(values))


def _meta(db: Db, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return str(row[0]) if row else None


def _set_meta(db: Db, key: str, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
