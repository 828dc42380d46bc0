"""The outbox of "your turn is near" messages, inside the engine's write transactions:
what a call queues, what closing a day deletes. The operations on it are hallq.db.notify's
(why it exists, the states of a row, the promise of at most once: see there). Apart from
it so that the rollover (used by the engine's core) can forget the numbers.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hallq.db.clock import iso, parse_required
from hallq.db.config import HallConfig
from hallq.db.estimate import people_ahead
from hallq.db.rows import Db, Row, ticket_from_row
from hallq.db.vocabulary import TicketState

NEAR, CALLED = "near", "called"
PENDING, SENDING, SENT, FAILED, EXPIRED = "pending", "sending", "sent", "failed", "expired"
#: the longest wait between two sends of a message, seconds
LONGEST_BACKOFF_S = 300


@dataclass(frozen=True)
class Notification:
    """One outbox row. `payload` never holds the phone number (`Claimed.phone` does, in
    memory, for the send)."""

    id: int
    ticket_id: int
    day: str
    kind: str
    channel: str
    payload: dict[str, Any]
    state: str
    attempts: int
    due_at: datetime
    created_at: datetime
    sent_at: datetime | None
    last_error: str | None
    resends: int


@dataclass(frozen=True)
class NotifyFigures:
    """A day's outbox by state, and the resends after a crash (the supervisor's board)."""

    pending: int = 0
    sending: int = 0
    sent: int = 0
    failed: int = 0
    expired: int = 0
    resends: int = 0


@dataclass(frozen=True)
class Claimed:
    """A row the worker holds (state sending) with the number to send it to."""

    notification: Notification
    phone: str


def notification_from_row(row: Row) -> Notification:
    """An outbox row as a Notification."""
    return Notification(id=row["id"], ticket_id=row["ticket_id"], day=row["day"], kind=row["kind"],
                        channel=row["channel"], payload=json.loads(row["payload"]), state=row["state"],
                        attempts=row["attempts"], due_at=parse_required(row["due_at"]),
                        created_at=parse_required(row["created_at"]),
                        sent_at=parse_required(row["sent_at"]) if row["sent_at"] else None,
                        last_error=row["last_error"], resends=row["resends"])


def backoff(attempts: int, first_s: int) -> timedelta:
    """How long to wait before trying again after `attempts` failed sends: `first_s`
    (hall.toml `[notify] retry_seconds`), then 3 times longer each time, at most 5 minutes."""
    return timedelta(seconds=min(first_s * 3 ** (max(attempts, 1) - 1), LONGEST_BACKOFF_S))


def _enqueue(db: Db, now: datetime, config: HallConfig, ticket: Row, kind: str, **data: Any) -> None:
    """One message for `ticket` (at most one of each kind: UNIQUE (ticket_id, kind))."""
    names = {s.prefix: s for s in config.services}
    service = names.get(ticket["service"])
    payload = {"kind": kind, "number": ticket["number"], "service": ticket["service"],
               "service_name": service.name if service else ticket["service"], "hall": config.name, **data}
    db.execute("INSERT OR IGNORE INTO outbox (ticket_id, day, kind, channel, payload, due_at, created_at)"
               " VALUES (?, ?, ?, ?, ?, ?, ?)",
               (ticket["id"], ticket["day"], kind, config.notify.channel, json.dumps(payload, ensure_ascii=False),
                iso(now), iso(now)))


def queue_near(db: Db, now: datetime, config: HallConfig) -> int:
    """Inside a write: a `near` message for every waiting ticket of today with a number
    given, `[notify] ahead` people or fewer ahead, and none sent before.

    Returns:
        How many were queued.
    """
    rows = db.execute(
        "SELECT t.* FROM notify_phones p JOIN tickets t ON t.id = p.ticket_id"
        " WHERE p.day=? AND t.state=? AND NOT EXISTS"
        " (SELECT 1 FROM outbox o WHERE o.ticket_id = t.id AND o.kind = ?)",
        (now.date().isoformat(), TicketState.WAITING, NEAR)).fetchall()
    queued = 0
    for row in rows:
        ahead = people_ahead(db, ticket_from_row(row), config.policy.max_priority_in_a_row)
        if ahead <= config.notify.ahead:
            _enqueue(db, now, config, row, NEAR, ahead=ahead)
            queued += 1
    return queued


def queue_after_call(db: Db, now: datetime, config: HallConfig, called: Row, window: int, window_name: str) -> None:
    """Inside the call's write: "called, go to window N" for the called ticket, "N ahead"
    for the tickets that came near. Nothing when no number was given today (one query)."""
    if not config.notify.enabled:
        return
    if db.execute("SELECT 1 FROM notify_phones WHERE day=? LIMIT 1", (now.date().isoformat(),)).fetchone() is None:
        return
    if db.execute("SELECT 1 FROM notify_phones WHERE ticket_id=?", (called["id"],)).fetchone() is not None:
        _enqueue(db, now, config, called, CALLED, window=window, window_name=window_name)
    queue_near(db, now, config)


def forget_phones(db: Db, through: str) -> int:
    """Inside a write: delete the numbers of every day up to `through` (YYYY-MM-DD) and
    expire their unsent messages (close-day, the automatic rollover).

    Returns:
        How many numbers were deleted.
    """
    db.execute("UPDATE outbox SET state=?, last_error='day closed' WHERE day<=? AND state IN (?, ?)",
               (EXPIRED, through, PENDING, SENDING))
    return db.execute("DELETE FROM notify_phones WHERE day<=?", (through,)).rowcount


