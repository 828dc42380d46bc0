"""Reading the hall: tickets, queues in call order, windows, calls, the day's figures and
the event log. Nothing here writes.

Every order shown to people (a window's queue panel, a service's next numbers, people
ahead) comes from the queue rule (db/queue.py), so it is the order call-next follows.
"""
from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import cast

from hallq.db import queue
from hallq.db.clock import parse_required
from hallq.db.core import EngineCore
from hallq.db.estimate import minutes
from hallq.db.issuing import issued_today, service_hours, walk_in_refusal
from hallq.db.models import Call, DayFigures, Event, ServiceFigures, ServiceQueue, Ticket, Window, WindowFigures
from hallq.db.rows import (
    Db,
    call_of,
    caller_of,
    callers,
    event_from_row,
    ticket_from_row,
    ticket_row,
    waiting,
    waiting_from_row,
    waiting_rows,
    window_from_row,
    window_row,
)
from hallq.db.vocabulary import EventKind, TicketState

NEXT_NUMBERS = 5  # how many next numbers a service queue lists


class Queries(EngineCore):
    async def ticket(self, number: str, day: str | None = None) -> Ticket:
        """A ticket of `day` (default today), with people ahead and the estimated wait
        when it is waiting.

        Raises:
            NotFound(unknown_ticket).
        """
        day = day or self.today()

        def tx(db: Db) -> Ticket:
            ticket = ticket_from_row(ticket_row(db, number, day))
            return self.estimated(db, ticket, self.now())

        return await self.store.read(tx)

    async def ticket_by_token(self, token: str) -> Ticket | None:
        """The ticket of a slip's status-page token (any day), or None."""
        def tx(db: Db) -> Ticket | None:
            row = db.execute("SELECT * FROM tickets WHERE token=?", (token,)).fetchone()
            if row is None:
                return None
            return self.estimated(db, ticket_from_row(row), self.now())

        return await self.store.read(tx)

    async def tickets(self, state: str | None = None, day: str | None = None,
                      service: str | None = None) -> list[Ticket]:
        """The tickets of a day (default today), by id; only of `state` / `service` if given."""
        day = day or self.today()

        def tx(db: Db) -> list[Ticket]:
            sql, args = "SELECT * FROM tickets WHERE day=?", [day]
            if state:
                sql, args = sql + " AND state=?", [*args, state]
            if service:
                sql, args = sql + " AND service=?", [*args, service]
            return [ticket_from_row(r) for r in db.execute(sql + " ORDER BY id", args)]

        return await self.store.read(tx)

    async def waiting_order(self, service: str) -> list[Ticket]:
        """The waiting tickets of a service (not those sent to a named window) in the
        order the queue rule calls them, with people ahead filled in."""
        day = self.today()

        def tx(db: Db) -> list[Ticket]:
            rows = {r["id"]: r for r in waiting_rows(db, day, (service,))}
            streak = queue.serving_streak(service, callers(db))
            order = queue.service_order(service, map(waiting_from_row, rows.values()), streak,
                                        self.policy_in(db).max_priority_in_a_row)
            return [replace(ticket_from_row(rows[w.id]), ahead=i) for i, w in enumerate(order)]

        return await self.store.read(tx)

    async def window_queue(self, window: int, limit: int | None = None) -> list[Ticket]:
        """What a window's queue panel shows: the waiting tickets this window would call,
        in the order it would call them (its first is what call-next gives it now).

        Raises:
            NotFound(unknown_window).
        """
        day = self.today()

        def tx(db: Db) -> list[Ticket]:
            caller = caller_of(window_row(db, window))
            rows = {r["id"]: r for r in waiting_rows(db, day, caller.services)}
            order = queue.window_order(caller, map(waiting_from_row, rows.values()),
                                       self.policy_in(db).max_priority_in_a_row, limit)
            return [replace(ticket_from_row(rows[w.id]), ahead=i) for i, w in enumerate(order)]

        return await self.store.read(tx)

    async def service_queues(self) -> list[ServiceQueue]:
        """Every service's queue: how many wait, the longest wait, the next numbers in call
        order, open windows, and why no walk-in ticket can be had now (if so)."""
        now = self.now()

        def tx(db: Db) -> list[ServiceQueue]:
            day = now.date().isoformat()
            max_in_row = self.policy_in(db).max_priority_in_a_row
            windows = callers(db)
            all_waiting = waiting(db, day)
            out = []
            for svc in db.execute("SELECT * FROM services ORDER BY position").fetchall():
                prefix = svc["prefix"]
                count, oldest = db.execute(
                    "SELECT count(*), min(taken_at) FROM tickets WHERE day=? AND service=? AND state='waiting'",
                    (day, prefix)).fetchone()
                heads = queue.service_order(prefix, all_waiting, queue.serving_streak(prefix, windows), max_in_row,
                                            NEXT_NUMBERS)
                longest = max(0, int((now - parse_required(oldest)).total_seconds() // 60)) if oldest else 0
                refusal = walk_in_refusal(svc, issued_today(db, now, prefix), now, self.calendar_in(db))
                mean, low, high = minutes(self._estimates.walk_in(db, now, self.policy_in(db), prefix))
                out.append(ServiceQueue(prefix, svc["name"], svc["name_en"], count, longest,
                                        tuple(w.number for w in heads), bool(svc["is_open"]),
                                        sum(1 for w in windows if prefix in w.services), svc["handling_minutes"],
                                        bool(svc["appointment_only"]),
                                        closed_reason=refusal.code if refusal else None,
                                        opens_at=refusal.detail.get("opens_at") if refusal else None,
                                        estimate_min=mean, estimate_low_min=low, estimate_high_min=high))
            return out

        return await self.store.read(tx)

    async def next_boundary(self) -> datetime:
        """The next time a view must change with no event: a service opening or closing
        (by its hours, a half day's included) or the next midnight, after now."""
        now = self.now()

        def tx(db: Db) -> datetime:
            calendar = self.calendar_in(db)
            midnight = datetime.combine(now.date() + timedelta(days=1), time())
            times = [midnight]
            for svc in db.execute("SELECT * FROM services").fetchall():
                for a, b in service_hours(svc, now.date(), calendar) or ():
                    times += [datetime.combine(now.date(), t) for t in (a, b)]
            return min(t for t in times if t > now)

        return await self.store.read(tx)

    async def windows(self) -> list[Window]:
        """Every window, by number."""
        def tx(db: Db) -> list[Window]:
            return [window_from_row(db, r) for r in db.execute("SELECT * FROM windows ORDER BY number")]

        return await self.store.read(tx)

    async def window(self, number: int) -> Window:
        """One window. Raises NotFound(unknown_window)."""
        def tx(db: Db) -> Window:
            return window_from_row(db, window_row(db, number))

        return await self.store.read(tx)

    async def recent_calls(self, limit: int = 10, services: Iterable[str] | None = None) -> list[Call]:
        """The last calls and recalls of today, newest first; only of `services` if given."""
        day = self.today()
        only = sorted(set(services)) if services else None

        def tx(db: Db) -> list[Call]:
            sql = "SELECT * FROM events WHERE day=? AND kind IN (?, ?)"
            args: list[object] = [day, EventKind.TICKET_CALLED, EventKind.TICKET_RECALLED]
            if only:
                sql += f" AND service IN ({','.join('?' * len(only))})"
                args += only
            rows = db.execute(sql + " ORDER BY id DESC LIMIT ?", (*args, limit)).fetchall()
            names = {r[0]: r[1] for r in db.execute("SELECT number, name FROM windows")}
            return [call_of(event_from_row(r), names) for r in rows]

        return await self.store.read(tx)

    async def figures(self, day: str | None = None) -> DayFigures:
        """A day's figures per service, as the report counts them (db.reports: a ticket
        counts once per service it was called for; the totals are the sums of the rows),
        with the tickets waiting and cancelled now by the service they are in.

        Args:
            day: YYYY-MM-DD; default today.

        Returns:
            DayFigures, one ServiceFigures per configured service in the hall's order.

        Raises:
            NotFound(not_set_up): the hall has no config.
        """
        from hallq.db.reports import day_report  # reports builds on the engine core

        day = day or self.today()
        report = await day_report(self, day, figures_only=True)
        rows = {f.key: f for f in report.services}

        def tx(db: Db) -> DayFigures:
            out = []
            for svc in db.execute("SELECT prefix, name, name_en FROM services ORDER BY position").fetchall():
                prefix = svc["prefix"]
                f = rows.get(prefix)
                states = dict(db.execute("SELECT state, count(*) FROM tickets WHERE day=? AND service=?"
                                         " GROUP BY state", (day, prefix)).fetchall())
                out.append(ServiceFigures(
                    prefix=prefix, name=svc["name"], issued=f.issued if f else 0, served=f.served if f else 0,
                    no_shows=f.no_shows if f else 0, waiting=states.get(TicketState.WAITING, 0),
                    cancelled=states.get(TicketState.CANCELLED, 0),
                    mean_wait_min=f.mean_wait_min if f else None, longest_wait_min=f.longest_wait_min if f else None,
                    mean_handling_min=f.mean_handling_min if f else None,
                    waits_over_limit=f.waits_over_limit if f else 0, name_en=svc["name_en"],
                    called=f.called if f else 0, transferred=f.transferred if f else 0))
            return DayFigures(day, tuple(out))

        return await self.store.read(tx)

    async def window_figures(self, window: int, day: str | None = None) -> WindowFigures:
        """A window's figures for a day, as the report counts them (db.reports).

        Args:
            window: the window's number.
            day: YYYY-MM-DD; default today.

        Returns:
            Served, no-shows (once per ticket and service) and the mean handling time in minutes.
        """
        from hallq.db.reports import day_report  # reports builds on the engine core

        report = await day_report(self, day or self.today(), figures_only=True)
        f = next((f for f in report.windows if f.key == str(window)), None)
        if f is None:
            return WindowFigures(window, 0, 0, None)
        return WindowFigures(window, f.served, f.no_shows, f.mean_handling_min)

    async def ticket_history(self, number: str, day: str | None = None) -> list[Event]:
        """Every event of one ticket, oldest first. Raises NotFound(unknown_ticket)."""
        day = day or self.today()

        def tx(db: Db) -> list[Event]:
            row = ticket_row(db, number, day)
            return [event_from_row(r) for r in db.execute("SELECT * FROM events WHERE ticket_id=? ORDER BY id",
                                                          (row["id"],))]

        return await self.store.read(tx)

    # ------------------------------------------------------------------ the event log
    async def last_event_id(self) -> int:
        """The id of the newest event (0 when there is none)."""
        def tx(db: Db) -> int:
            return int(db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0])

        return await self.store.read(tx)

    async def events(self, after_id: int = 0, limit: int = 1000, day: str | None = None) -> list[Event]:
        """Events after `after_id`, oldest first, at most `limit`; only of `day` if given."""
        def tx(db: Db) -> list[Event]:
            if day:
                rows = db.execute("SELECT * FROM events WHERE id>? AND day=? ORDER BY id LIMIT ?",
                                  (after_id, day, limit))
            else:
                rows = db.execute("SELECT * FROM events WHERE id>? ORDER BY id LIMIT ?", (after_id, limit))
            return [event_from_row(r) for r in rows]

        return await self.store.read(tx)

    def follow(self, after_id: int | None = None, poll_interval: float = 0.02,
               on_health: Callable[[bool, str], None] | None = None) -> AsyncIterator[Event]:
        """Every new event, in order, from any process (see db.feed.follow).

        Args:
            after_id: start after this event; default the newest now.
            poll_interval: seconds between cheap change checks.
            on_health: told (False, why) when the database cannot be read, (True, "") when it can again.
        """
        from hallq.db.engine import HallEngine
        from hallq.db.feed import follow

        return follow(cast(HallEngine, self), after_id, poll_interval, on_health)
