"""Rows to models, and the lookups every engine operation starts with.

All functions here run inside a transaction on the store's thread (`db` is the open
sqlite3 connection); they raise NotFound with the reason a person can read.
"""
from __future__ import annotations

import json
import sqlite3

from hallq.db import queue
from hallq.db import texts as T
from hallq.db.clock import parse, parse_required
from hallq.db.errors import NotFound
from hallq.db.models import Appointment, Call, Event, Ticket, Window
from hallq.db.vocabulary import EventKind, Lane, Refusal, TicketState, WindowState

Row = sqlite3.Row
Db = sqlite3.Connection


def ticket_from_row(row: Row) -> Ticket:
    """A tickets row as a Ticket (without people ahead or estimate)."""
    return Ticket(
        id=row["id"], day=row["day"], number=row["number"], service=row["service"],
        state=TicketState(row["state"]), lane=Lane(row["lane"]), priority=row["priority"],
        taken_at=parse_required(row["taken_at"]), called_at=parse(row["called_at"]),
        started_at=parse(row["started_at"]), finished_at=parse(row["finished_at"]), window=row["window"],
        target_window=row["target_window"], recalls=row["recalls"], appointment_code=row["appointment_code"],
        slot_start=parse(row["slot_start"]), slot_end=parse(row["slot_end"]), token=row["token"],
        kiosk=row["kiosk"], note=row["note"], original_service=row["original_service"],
    )


def event_from_row(row: Row) -> Event:
    """An events row as an Event; a kind this version does not know stays a string."""
    kind: EventKind | str = row["kind"]
    try:
        kind = EventKind(row["kind"])
    except ValueError:
        pass
    return Event(id=row["id"], at=parse_required(row["at"]), day=row["day"], kind=kind, ticket_id=row["ticket_id"],
                 number=row["number"], service=row["service"], window=row["window"], actor=row["actor"],
                 data=json.loads(row["data"]))


def appointment_from_row(row: Row) -> Appointment:
    return Appointment(code=row["code"], name=row["name"], service=row["service"],
                       slot_start=parse_required(row["slot_start"]), slot_end=parse_required(row["slot_end"]),
                       id_masked=row["id_masked"], phone_masked=row["phone_masked"], ticket_id=row["ticket_id"])


def waiting_from_row(row: Row) -> queue.Waiting:
    """A waiting tickets row as the queue rule sees it."""
    return queue.Waiting(id=row["id"], number=row["number"], service=row["service"], lane=Lane(row["lane"]),
                         seq=row["queue_key"], target_window=row["target_window"])


def call_of(event: Event, window_names: dict[int, str]) -> Call:
    """A call or recall event as the hall screen shows it."""
    window = event.window or 0
    name = event.data.get("window_name") or window_names.get(window) or T.WINDOW_NAME(window=window).text("zh")
    return Call(event_id=event.id, at=event.at, number=event.number or "", window=window, window_name=name,
                service=event.service or "", recall=event.kind == EventKind.TICKET_RECALLED)



# ---------------------------------------------------------------- lookups inside a transaction
def service_row(db: Db, prefix: str) -> Row:
    """Raises NotFound(unknown_service) naming the services there are."""
    svc: Row | None = db.execute("SELECT * FROM services WHERE prefix=?", (prefix,)).fetchone()
    if svc is None:
        names = ", ".join(r[0] for r in db.execute("SELECT prefix FROM services ORDER BY position"))
        raise NotFound(Refusal.UNKNOWN_SERVICE, T.NO_SERVICE(prefix=prefix, services=names))
    return svc


def window_row(db: Db, number: int) -> Row:
    """Raises NotFound(unknown_window)."""
    row: Row | None = db.execute("SELECT * FROM windows WHERE number=?", (number,)).fetchone()
    if row is None:
        raise NotFound(Refusal.UNKNOWN_WINDOW, T.NO_WINDOW(window=number))
    return row


def ticket_row(db: Db, number: str, day: str) -> Row:
    """A ticket of `day` by its number ("a001" is A001). Raises NotFound(unknown_ticket)."""
    number = number.strip().upper()
    row: Row | None = db.execute("SELECT * FROM tickets WHERE day=? AND number=?", (day, number)).fetchone()
    if row is None:
        raise NotFound(Refusal.UNKNOWN_TICKET, T.NO_TICKET_TODAY(number=number))
    return row


def ticket_by_id(db: Db, ticket_id: int) -> Ticket:
    row: Row = db.execute("SELECT * FROM tickets WHERE id=?", (ticket_id,)).fetchone()
    return ticket_from_row(row)


def current_row(db: Db, win: Row) -> Row | None:
    """The ticket a window is calling or serving, if any."""
    if win["current_ticket"] is None:
        return None
    row: Row | None = db.execute("SELECT * FROM tickets WHERE id=?", (win["current_ticket"],)).fetchone()
    if row is None or row["state"] not in (TicketState.CALLED, TicketState.SERVING) or row["window"] != win["number"]:
        return None
    return row


def window_from_row(db: Db, row: Row) -> Window:
    """A windows row as people see it: an open window is idle, calling or serving."""
    current_ticket = current_row(db, row)
    current = ticket_from_row(current_ticket) if current_ticket is not None else None
    state = WindowState(row["state"])
    if state == WindowState.OPEN:
        if current is None:
            state = WindowState.IDLE
        else:
            state = WindowState.CALLING if current.state == TicketState.CALLED else WindowState.SERVING
    clerk = db.execute("SELECT name FROM clerks WHERE id=?", (row["clerk_id"],)).fetchone() if row["clerk_id"] else None
    return Window(number=row["number"], name=row["name"], services=tuple(json.loads(row["services"])), state=state,
                  clerk_id=row["clerk_id"], clerk_name=clerk[0] if clerk else None, pause_reason=row["pause_reason"],
                  since=parse(row["since"]), current=current, priority_streak=row["priority_streak"])


def callers(db: Db, logged_in_only: bool = True) -> list[queue.Caller]:
    """The windows as the queue rule sees them (by default only those logged in)."""
    rows = db.execute("SELECT number, services, priority_streak, state FROM windows ORDER BY number")
    return [queue.Caller(r["number"], tuple(json.loads(r["services"])), r["priority_streak"]) for r in rows
            if not logged_in_only or r["state"] != WindowState.LOGGED_OUT]


def caller_of(row: Row) -> queue.Caller:
    return queue.Caller(row["number"], tuple(json.loads(row["services"])), row["priority_streak"])


def waiting(db: Db, day: str, services: tuple[str, ...] | None = None) -> list[queue.Waiting]:
    """The waiting tickets of `day` (of `services` and those sent to a named window, if given)."""
    return [waiting_from_row(r) for r in waiting_rows(db, day, services, "id, number, service, lane, queue_key,"
                                                                          " target_window")]


def waiting_rows(db: Db, day: str, services: tuple[str, ...] | None = None, columns: str = "*") -> list[Row]:
    """The rows behind `waiting` (all columns by default)."""
    sql = f"SELECT {columns} FROM tickets WHERE day=? AND state='waiting'"
    args: list[object] = [day]
    if services is not None:
        sql += f" AND (service IN ({','.join('?' * len(services))}) OR target_window IS NOT NULL)"
        args += services
    return db.execute(sql, args).fetchall()


def lane_heads(db: Db, day: str, window: int, services: tuple[str, ...]) -> list[queue.Waiting]:
    """Just enough of the waiting tickets for `queue.next_for_window`: the first ticket
    sent to this window and the head of each lane of its services (one indexed read)."""
    rows = db.execute(
        "SELECT id, number, service, lane, queue_key, target_window FROM tickets"
        " WHERE day=? AND state='waiting' AND target_window=? ORDER BY queue_key, id LIMIT 1", (day, window)).fetchall()
    for service in services:
        for lane in Lane:
            rows += db.execute(
                "SELECT id, number, service, lane, queue_key, target_window FROM tickets WHERE day=? AND service=?"
                " AND lane=? AND state='waiting' AND target_window IS NULL ORDER BY queue_key, id LIMIT 1",
                (day, service, int(lane))).fetchall()
    return [waiting_from_row(r) for r in rows]


def next_seq(db: Db, day: str) -> float:
    """The place in line for a ticket issued (or put at the back) now: one more than any of
    the day's, assigned in the issuing transaction. Order inside a lane comes from this
    sequence, never from the clock, so a clock that steps cannot reorder the hall."""
    last = db.execute("SELECT max(queue_key) FROM tickets WHERE day=?", (day,)).fetchone()[0]
    return float(int(last or 0) + 1)
