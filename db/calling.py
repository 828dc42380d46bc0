"""Calling (叫号) at a window: call next or a given number, recall (重呼), start, finish
(办结), no-show (过号) and rejoin, transfer (转号).

Which ticket comes next is decided by the queue rule (db/queue.py) on the heads of the
window's lanes, read in the same transaction that calls it, so two windows calling at
the same moment never get the same ticket.
"""
from __future__ import annotations

from datetime import datetime

from hallq.db import queue
from hallq.db import texts as T
from hallq.db.clock import iso, parse, parse_required
from hallq.db.core import OPERATOR, EngineCore
from hallq.db.errors import Refused
from hallq.db.models import Ticket
from hallq.db.rows import (
    Db,
    Row,
    caller_of,
    current_row,
    lane_heads,
    next_seq,
    service_row,
    ticket_by_id,
    ticket_from_row,
    ticket_row,
    window_row,
)
from hallq.db.store import append_event
from hallq.db.vocabulary import EventKind, Lane, Refusal, TicketState, WindowState


class Calling(EngineCore):
    async def call_next(self, window: int, actor: str = OPERATOR) -> Ticket:
        """Call the next ticket for this window under the queue rule.

        A ticket still being served here is finished first; a ticket only called must be
        started, recalled or marked no-show before the next call. A logged-out window is
        opened when the operator (not a clerk) calls.

        Returns:
            The called ticket.

        Raises:
            NotFound(unknown_window); Refused(paused | logged_out | still_called | nothing_waiting).
        """
        def tx(db: Db, now: datetime) -> Ticket:
            win = window_row(db, window)
            self._check_can_call(db, win, actor, now)
            caller = caller_of(win)
            heads = lane_heads(db, now.date().isoformat(), window, caller.services)
            nxt = queue.next_for_window(caller, heads, self.policy_in(db).max_priority_in_a_row)
            if nxt is None:
                raise Refused(Refusal.NOTHING_WAITING, T.NOTHING_WAITING(window=window))
            row: Row = db.execute("SELECT * FROM tickets WHERE id=?", (nxt.id,)).fetchone()
            return self._call(db, win, row, now, actor, how="next")

        return await self.transact(tx)

    async def call_number(self, window: int, number: str, actor: str = OPERATOR) -> Ticket:
        """Call a given waiting number (e.g. a citizen who came back to the window).

        Raises:
            NotFound(unknown_window | unknown_ticket);
            Refused(paused | logged_out | still_called | not_waiting | not_yours).
        """
        def tx(db: Db, now: datetime) -> Ticket:
            win = window_row(db, window)
            self._check_can_call(db, win, actor, now)
            row = ticket_row(db, number, now.date().isoformat())
            if row["state"] != TicketState.WAITING:
                raise Refused(Refusal.NOT_WAITING,
                              T.CANNOT_CALL(number=row["number"], state=T.TICKET_STATE[row["state"]]))
            services = caller_of(win).services
            target = row["target_window"]
            if target not in (None, window) or (target is None and row["service"] not in services):
                raise Refused(Refusal.NOT_YOURS, T.NOT_YOURS(number=row["number"], window=window))
            return self._call(db, win, row, now, actor, how="number")

        return await self.transact(tx)

    def _check_can_call(self, db: Db, win: Row, actor: str, now: datetime) -> None:
        number = win["number"]
        if win["state"] == WindowState.PAUSED:
            raise Refused(Refusal.PAUSED, T.WINDOW_PAUSED(window=number))
        if win["state"] == WindowState.LOGGED_OUT:
            if actor != OPERATOR:
                raise Refused(Refusal.LOGGED_OUT, T.WINDOW_LOGGED_OUT(window=number))
            db.execute("UPDATE windows SET state=?, since=? WHERE number=?", (WindowState.OPEN, iso(now), number))
        current = current_row(db, win)
        if current is not None:
            if current["state"] == TicketState.CALLED:
                raise Refused(Refusal.STILL_CALLED, T.STILL_CALLED(number=current["number"]))
            finish_row(db, current, now, actor)

    def _call(self, db: Db, win: Row, row: Row, now: datetime, actor: str, how: str) -> Ticket:
        number = win["number"]
        called: Row = db.execute(
            "UPDATE tickets SET state=?, called_at=?, window=?, recalls=0, target_window=NULL WHERE id=? RETURNING *",
            (TicketState.CALLED, iso(now), number, row["id"])).fetchone()
        db.execute("UPDATE windows SET current_ticket=?, priority_streak=?, since=? WHERE number=?",
                   (row["id"], queue.next_streak(win["priority_streak"], Lane(row["lane"])), iso(now), number))
        waited = (now - parse_required(row["taken_at"])).total_seconds()
        append_event(db, now, EventKind.TICKET_CALLED, ticket=row, window=number, actor=actor, how=how,
                     window_name=win["name"], waited_s=round(waited, 1))
        return ticket_from_row(called)

    async def recall(self, window: int, actor: str = OPERATOR) -> Ticket:
        """Call the window's current ticket again (重呼); counts towards a no-show.

        Raises:
            NotFound(unknown_window); Refused(no_current | wrong_state).
        """
        def tx(db: Db, now: datetime) -> Ticket:
            win = window_row(db, window)
            row = require_current(db, win, (TicketState.CALLED, TicketState.SERVING))
            db.execute("UPDATE tickets SET recalls = recalls + 1 WHERE id=?", (row["id"],))
            append_event(db, now, EventKind.TICKET_RECALLED, ticket=row, window=window, actor=actor,
                         recalls=row["recalls"] + 1, window_name=win["name"])
            return ticket_by_id(db, row["id"])

        return await self.transact(tx)

    async def no_show(self, window: int, actor: str = OPERATOR) -> Ticket:
        """Mark the called ticket as missed (过号), allowed after the policy's recalls.

        Raises:
            NotFound(unknown_window); Refused(no_current | wrong_state | recall_first).
        """
        def tx(db: Db, now: datetime) -> Ticket:
            win = window_row(db, window)
            row = require_current(db, win, (TicketState.CALLED,))
            needed = self.policy_in(db).recalls_before_no_show
            if row["recalls"] < needed:
                raise Refused(Refusal.RECALL_FIRST, T.RECALL_FIRST(number=row["number"], needed=needed,
                                                                    done=row["recalls"]))
            db.execute("UPDATE tickets SET state=? WHERE id=?", (TicketState.NO_SHOW, row["id"]))
            db.execute("UPDATE windows SET current_ticket=NULL, since=? WHERE number=?", (iso(now), window))
            append_event(db, now, EventKind.TICKET_NO_SHOW, ticket=row, window=window, actor=actor)
            return ticket_by_id(db, row["id"])

        return await self.transact(tx)

    async def rejoin(self, number: str, actor: str = OPERATOR) -> Ticket:
        """A missed ticket rejoins its lane a few places behind the head (queue rule 5),
        same day only.

        Raises:
            NotFound(unknown_ticket); Refused(not_no_show).
        """
        def tx(db: Db, now: datetime) -> Ticket:
            policy = self.policy_in(db)
            row = ticket_row(db, number, now.date().isoformat())
            if row["state"] != TicketState.NO_SHOW:
                raise Refused(Refusal.NOT_NO_SHOW, T.NOT_NO_SHOW(number=row["number"]))
            seqs = [r[0] for r in db.execute(
                "SELECT queue_key FROM tickets WHERE day=? AND service=? AND lane=? AND state='waiting'"
                " AND target_window IS NULL ORDER BY queue_key, id", (row["day"], row["service"], row["lane"]))]
            seq = queue.rejoin_seq(seqs, policy.rejoin_places_behind_head, next_seq(db, row["day"]))
            db.execute("UPDATE tickets SET state=?, queue_key=?, window=NULL, recalls=0, called_at=NULL WHERE id=?",
                       (TicketState.WAITING, seq, row["id"]))
            append_event(db, now, EventKind.TICKET_REJOINED, ticket=row, window=None, actor=actor)
            return self.estimated(db, ticket_by_id(db, row["id"]), now)

        return await self.transact(tx)

    async def start(self, window: int, actor: str = OPERATOR) -> Ticket:
        """The citizen has come to the window: start serving the called ticket.

        Raises:
            NotFound(unknown_window); Refused(no_current | wrong_state).
        """
        def tx(db: Db, now: datetime) -> Ticket:
            win = window_row(db, window)
            row = require_current(db, win, (TicketState.CALLED,))
            db.execute("UPDATE tickets SET state=?, started_at=? WHERE id=?",
                       (TicketState.SERVING, iso(now), row["id"]))
            append_event(db, now, EventKind.TICKET_STARTED, ticket=row, window=window, actor=actor)
            return ticket_by_id(db, row["id"])

        return await self.transact(tx)

    async def finish(self, window: int, actor: str = OPERATOR) -> Ticket:
        """Finish (办结) the window's current ticket, called or being served.

        Raises:
            NotFound(unknown_window); Refused(no_current | wrong_state).
        """
        def tx(db: Db, now: datetime) -> Ticket:
            win = window_row(db, window)
            row = require_current(db, win, (TicketState.CALLED, TicketState.SERVING))
            finish_row(db, row, now, actor)
            return ticket_by_id(db, row["id"])

        return await self.transact(tx)

    async def transfer(self, window: int, to_service: str | None = None, to_window: int | None = None,
                       note: str | None = None, actor: str = OPERATOR) -> Ticket:
        """Send the window's current ticket to another service or a named window (转号). It
        keeps its number and its place by time taken, so the citizen is not sent to the back.

        Args:
            window: the window sending it.
            to_service: a service prefix; or
            to_window: a window number (exactly one of the two).
            note: a note for the next clerk, kept on the ticket.

        Returns:
            The ticket, waiting again, with people ahead.

        Raises:
            Refused(bad_transfer | no_current | wrong_state); NotFound(unknown_service | unknown_window).
        """
        if (to_service is None) == (to_window is None):
            raise Refused(Refusal.BAD_TRANSFER, T.TRANSFER_ONE_TARGET)
        def tx(db: Db, now: datetime) -> Ticket:
            win = window_row(db, window)
            row = require_current(db, win, (TicketState.CALLED, TicketState.SERVING))
            service, target = row["service"], None
            if to_service is not None:
                service = service_row(db, to_service)["prefix"]
            elif to_window is not None:
                if to_window == window:
                    raise Refused(Refusal.BAD_TRANSFER, T.TRANSFER_SAME_WINDOW)
                target = window_row(db, to_window)["number"]
            db.execute("UPDATE tickets SET state=?, service=?, target_window=?, window=NULL, recalls=0,"
                       " called_at=NULL, started_at=NULL, note=? WHERE id=?",
                       (TicketState.WAITING, service, target, _append_note(row["note"], note, window), row["id"]))
            db.execute("UPDATE windows SET current_ticket=NULL, since=? WHERE number=?", (iso(now), window))
            append_event(db, now, EventKind.TICKET_TRANSFERRED, ticket=row, window=window, actor=actor,
                         from_service=row["service"], to_service=service, to_window=target, note=note)
            return self.estimated(db, ticket_by_id(db, row["id"]), now)

        return await self.transact(tx)


def finish_row(db: Db, row: Row, now: datetime, actor: str) -> None:
    """Inside a write: finish a called or served ticket and free its window."""
    started = parse(row["started_at"]) or parse_required(row["called_at"])
    handling = (now - started).total_seconds()
    db.execute("UPDATE tickets SET state=?, started_at=?, finished_at=?, handling_s=? WHERE id=?",
               (TicketState.DONE, iso(started), iso(now), handling, row["id"]))
    db.execute("UPDATE windows SET current_ticket=NULL, since=? WHERE number=?", (iso(now), row["window"]))
    append_event(db, now, EventKind.TICKET_FINISHED, ticket=row, window=row["window"], actor=actor,
                 handling_s=round(handling, 1))


def require_current(db: Db, win: Row, states: tuple[TicketState, ...]) -> Row:
    """The window's current ticket, which must be in one of `states`.

    Raises:
        Refused(no_current | wrong_state).
    """
    row = current_row(db, win)
    if row is None:
        raise Refused(Refusal.NO_CURRENT, T.NO_CURRENT(window=win["number"]))
    if row["state"] not in states:
        raise Refused(Refusal.WRONG_STATE, T.WRONG_STATE(number=row["number"], state=T.TICKET_STATE[row["state"]]))
    return row


def _append_note(existing: str | None, note: str | None, window: int) -> str | None:
    if not note:
        return existing
    line = T.NOTE_LINE(window=window, note=note).text("zh")
    return f"{existing}\n{line}" if existing else line
