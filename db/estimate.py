"""People ahead and the estimated wait of a waiting ticket, read inside a transaction.

People ahead come from the queue rule (db/queue.py): the ticket's place in its window's
order (sent to a named window) or in its service's order. The wait is people ahead × the
service's mean handling time today (the configured handling minutes until a ticket of
the service has been finished) ÷ the logged-in windows serving it.
"""
from __future__ import annotations

import math
from dataclasses import replace

from hallq.db import queue
from hallq.db.models import Ticket
from hallq.db.rows import Db, callers
from hallq.db.vocabulary import Lane, TicketState


def with_estimate(db: Db, ticket: Ticket, max_in_row: int) -> Ticket:
    """The ticket with `ahead` (calls before it) and `estimate_min` (whole minutes, rounded
    up) filled in; other states are returned as they are. Reads counts, not tickets, so
    it costs the same with 10 or 1,000 waiting."""
    if ticket.state != TicketState.WAITING:
        return ticket
    seq = db.execute("SELECT queue_key FROM tickets WHERE id=?", (ticket.id,)).fetchone()[0]
    if ticket.target_window is not None:
        ahead = int(db.execute(
            "SELECT count(*) FROM tickets WHERE day=? AND state='waiting' AND target_window=?"
            " AND (queue_key, id) < (?, ?)", (ticket.day, ticket.target_window, seq, ticket.id)).fetchone()[0])
        return replace(ticket, ahead=ahead, estimate_min=math.ceil(ahead * handling_minutes(db, ticket)))
    sizes = {Lane(lane): n for lane, n in db.execute(
        "SELECT lane, count(*) FROM tickets WHERE day=? AND service=? AND state='waiting' AND target_window IS NULL"
        " GROUP BY lane", (ticket.day, ticket.service))}
    index = int(db.execute(
        "SELECT count(*) FROM tickets WHERE day=? AND service=? AND lane=? AND state='waiting'"
        " AND target_window IS NULL AND (queue_key, id) < (?, ?)",
        (ticket.day, ticket.service, int(ticket.lane), seq, ticket.id)).fetchone()[0])
    windows = callers(db)
    ahead = queue.place_in_service(ticket.lane, index, sizes, queue.serving_streak(ticket.service, windows),
                                   max_in_row)
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
