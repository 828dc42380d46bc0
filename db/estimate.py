"""People ahead and the estimated wait of a waiting ticket, read inside a transaction.

People ahead come from the queue rule (db/queue.py). The wait is people ahead × the
service's mean handling time today (the configured handling minutes until a ticket of
the service has been finished) ÷ the logged-in windows serving it.
"""
from __future__ import annotations

import math
from dataclasses import replace

from hallq.db import queue
from hallq.db.models import Ticket
from hallq.db.rows import Db, callers, waiting
from hallq.db.vocabulary import TicketState


def with_estimate(db: Db, ticket: Ticket, max_in_row: int) -> Ticket:
    """The ticket with `ahead` (calls before it) and `estimate_min` (whole minutes, rounded
    up) filled in; other states are returned as they are."""
    if ticket.state != TicketState.WAITING:
        return ticket
    seq = db.execute("SELECT queue_key FROM tickets WHERE id=?", (ticket.id,)).fetchone()[0]
    me = queue.Waiting(ticket.id, ticket.number, ticket.service, ticket.lane, seq, ticket.target_window)
    if ticket.target_window is not None:
        others = [w for w in waiting(db, ticket.day) if w.target_window == ticket.target_window]
        ahead = queue.people_ahead(me, others, (), max_in_row)
        return replace(ticket, ahead=ahead, estimate_min=math.ceil(ahead * handling_minutes(db, ticket)))
    windows = callers(db)
    ahead = queue.people_ahead(me, waiting(db, ticket.day, (ticket.service,)), windows, max_in_row)
    serving = sum(1 for c in windows if ticket.service in c.services)
    estimate = math.ceil(ahead * handling_minutes(db, ticket) / max(serving, 1))
    return replace(ticket, ahead=ahead, estimate_min=estimate)


def handling_minutes(db: Db, ticket: Ticket) -> float:
    """Today's mean handling time of the ticket's service, minutes (config value until one is done)."""
    mean = db.execute("SELECT avg(handling_s) FROM tickets WHERE day=? AND service=? AND state=?",
                      (ticket.day, ticket.service, TicketState.DONE)).fetchone()[0]
    if mean is not None:
        return float(mean) / 60
    return float(db.execute("SELECT handling_minutes FROM services WHERE prefix=?", (ticket.service,)).fetchone()[0])
