"""Clerks, windows and devices: adding and changing clerks, log in and out,
takeover by a supervisor, pause (暂停) and resume, a window's services, opening and
stopping a service's ticketing, and the state of kiosk printers.
"""
from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import datetime

from hallq.db import privacy
from hallq.db import texts as T
from hallq.db.calling import finish_row
from hallq.db.clock import iso, parse_required
from hallq.db.config import ID_RE
from hallq.db.core import OPERATOR
from hallq.db.errors import NotFound, Refused
from hallq.db.models import Clerk, DeviceState, Window
from hallq.db.pins import PinChecks, clerk_from_row
from hallq.db.rows import Db, Row, current_row, service_row, window_from_row, window_row
from hallq.db.store import append_event
from hallq.db.vocabulary import EventKind, Refusal, Role, TicketState, WindowState


class Staffing(PinChecks):
    async def add_clerk(self, clerk_id: str, name: str, pin: str, role: str = Role.CLERK,
                        actor: str = OPERATOR) -> None:
        """Add a clerk, or update one (name, role, PIN; a lockout is lifted).

        Args:
            clerk_id: the 工号, e.g. "c01".
            pin: 4–12 digits, stored with scrypt.
            role: "clerk" or "supervisor".

        Raises:
            Refused(bad_clerk_id | bad_pin | bad_role).
        """
        if not ID_RE.match(clerk_id):  # the rule of hall.toml's [[clerks]] id: never empty
            raise Refused(Refusal.BAD_CLERK_ID, T.BAD_CLERK_ID)
        if not (pin.isdigit() and 4 <= len(pin) <= 12):
            raise Refused(Refusal.BAD_PIN, T.BAD_PIN)
        if role not in tuple(Role):
            raise Refused(Refusal.BAD_ROLE, T.BAD_ROLE)
        salt, digest = privacy.hash_pin(pin)
        def tx(db: Db, now: datetime) -> None:
            db.execute("INSERT INTO clerks (id, name, role, pin_salt, pin_hash) VALUES (?,?,?,?,?)"
                       " ON CONFLICT (id) DO UPDATE SET name=excluded.name, role=excluded.role,"
                       " pin_salt=excluded.pin_salt, pin_hash=excluded.pin_hash, failed_pins=0, locked_until=NULL",
                       (clerk_id, name, role, salt, digest))
            append_event(db, now, EventKind.CLERK_SAVED, actor=actor, clerk=clerk_id, role=role)

        await self.transact(tx)

    async def login(self, window: int, clerk_id: str, pin: str, takeover_by: str | None = None,
                    takeover_pin: str | None = None) -> Window:
        """Log a clerk in at a window (logging them out of any other window).

        A window held by another clerk is refused with who holds it, unless a supervisor's
        id and PIN are given to take it over. Both PINs go through verify_clerk: a wrong
        supervisor PIN counts against the supervisor like any other.

        Returns:
            The window, logged in.

        Raises:
            Refused(bad_login | locked | window_taken | takeover_denied | not_supervisor);
            NotFound(unknown_window).
        """
        clerk = await self.verify_clerk(clerk_id, pin, window)
        if takeover_by:
            try:
                await self.verify_clerk(takeover_by, takeover_pin or "", window, role=Role.SUPERVISOR)
            except Refused as refusal:
                if refusal.code == Refusal.LOCKED:
                    raise
                raise Refused(Refusal.TAKEOVER_DENIED, T.TAKEOVER_DENIED) from None

        def tx(db: Db, now: datetime) -> None:
            win = window_row(db, window)
            holder = win["clerk_id"]
            if win["state"] != WindowState.LOGGED_OUT and holder and holder != clerk_id:
                if not takeover_by:
                    name = db.execute("SELECT name FROM clerks WHERE id=?", (holder,)).fetchone()
                    who = T.CLERK_WHO(name=name[0], clerk=holder) if name else holder
                    raise Refused(Refusal.WINDOW_TAKEN, T.WINDOW_TAKEN(window=window, who=who), holder=holder)
                append_event(db, now, EventKind.WINDOW_TAKEN_OVER, window=window, actor=f"supervisor:{takeover_by}",
                             previous=holder, clerk=clerk_id)
            elsewhere = db.execute("SELECT number FROM windows WHERE clerk_id=? AND number<>? AND state<>?",
                                   (clerk_id, window, WindowState.LOGGED_OUT)).fetchone()
            if elsewhere:
                logout_row(db, window_row(db, elsewhere[0]), now, f"clerk:{clerk_id}", "moved")
            keep = win["state"] != WindowState.LOGGED_OUT and holder == clerk_id
            state = win["state"] if keep else WindowState.OPEN
            db.execute("UPDATE windows SET state=?, clerk_id=?, since=?, pause_reason=CASE WHEN ?='open' THEN NULL"
                       " ELSE pause_reason END WHERE number=?", (state, clerk_id, iso(now), state, window))
            append_event(db, now, EventKind.WINDOW_LOGIN, window=window, actor=f"clerk:{clerk_id}", clerk=clerk_id,
                         clerk_name=clerk.name)

        await self.transact(tx)
        return await self._window(window)

    async def clerk(self, clerk_id: str) -> Clerk | None:
        """A clerk by id, or None."""
        row = await self._clerk_row(clerk_id)
        return clerk_from_row(row) if row else None

    async def clerks(self) -> list[Clerk]:
        """Every clerk, by id, with whether disabled, a lockout, and the window logged in at."""
        def tx(db: Db) -> list[Clerk]:
            at = {r["clerk_id"]: r["number"] for r in db.execute(
                "SELECT number, clerk_id FROM windows WHERE clerk_id IS NOT NULL")}
            return [clerk_from_row(r, at.get(r["id"])) for r in db.execute("SELECT * FROM clerks ORDER BY id")]

        return await self.store.read(tx)

    async def _change_clerk(self, clerk_id: str, change: Callable[[Db, datetime, Row], None], actor: str) -> Clerk:
        """Run `change(db, now, row)` on an existing clerk in one write; the clerk after it.

        Raises:
            NotFound(unknown_clerk).
        """
        def tx(db: Db, now: datetime) -> Clerk:
            row = db.execute("SELECT * FROM clerks WHERE id=?", (clerk_id,)).fetchone()
            if row is None:
                raise NotFound(Refusal.UNKNOWN_CLERK, T.NO_SUCH_CLERK(clerk=clerk_id))
            change(db, now, row)
            after = db.execute("SELECT * FROM clerks WHERE id=?", (clerk_id,)).fetchone()
            at = db.execute("SELECT number FROM windows WHERE clerk_id=?", (clerk_id,)).fetchone()
            return clerk_from_row(after, at["number"] if at else None)

        result: Clerk = await self.transact(tx)
        return result

    async def set_clerk_disabled(self, clerk_id: str, disabled: bool, actor: str = OPERATOR) -> Clerk:
        """Disable a clerk (every PIN check refuses them; logged out of their window, a
        ticket being served finished, one only called back to its queue) or enable them
        again. Kept in the database, so past reports still name them. Nothing is written
        when nothing changes.

        Raises:
            NotFound(unknown_clerk).
        """
        def change(db: Db, now: datetime, row: Row) -> None:
            if bool(row["disabled"]) == disabled:
                return
            db.execute("UPDATE clerks SET disabled=? WHERE id=?", (int(disabled), clerk_id))
            append_event(db, now, EventKind.CLERK_DISABLED if disabled else EventKind.CLERK_ENABLED, actor=actor,
                         clerk=clerk_id)
            if disabled:
                for win in db.execute("SELECT * FROM windows WHERE clerk_id=?", (clerk_id,)).fetchall():
                    logout_row(db, win, now, actor, "disabled")

        return await self._change_clerk(clerk_id, change, actor)

    async def reset_pin(self, clerk_id: str, pin: str, actor: str = OPERATOR) -> Clerk:
        """Give a clerk a new PIN (scrypt); a lockout is lifted.

        Raises:
            Refused(bad_pin); NotFound(unknown_clerk).
        """
        if not (pin.isdigit() and 4 <= len(pin) <= 12):
            raise Refused(Refusal.BAD_PIN, T.BAD_PIN)
        salt, digest = await asyncio.to_thread(privacy.hash_pin, pin)

        def change(db: Db, now: datetime, row: Row) -> None:
            db.execute("UPDATE clerks SET pin_salt=?, pin_hash=?, failed_pins=0, locked_until=NULL WHERE id=?",
                       (salt, digest, clerk_id))
            append_event(db, now, EventKind.CLERK_PIN_RESET, actor=actor, clerk=clerk_id)

        return await self._change_clerk(clerk_id, change, actor)

    async def set_clerk_role(self, clerk_id: str, role: str, actor: str = OPERATOR) -> Clerk:
        """Make a clerk a supervisor, or a clerk again. Nothing is written when nothing changes.

        Raises:
            Refused(bad_role); NotFound(unknown_clerk).
        """
        if role not in tuple(Role):
            raise Refused(Refusal.BAD_ROLE, T.BAD_ROLE)

        def change(db: Db, now: datetime, row: Row) -> None:
            if row["role"] == role:
                return
            db.execute("UPDATE clerks SET role=? WHERE id=?", (role, clerk_id))
            append_event(db, now, EventKind.CLERK_ROLE_CHANGED, actor=actor, clerk=clerk_id, role=role,
                         was=row["role"])

        return await self._change_clerk(clerk_id, change, actor)

    async def logout(self, window: int, actor: str = OPERATOR, reason: str = "logout") -> Window:
        """Log the window out. A ticket being served is finished; a ticket only called goes
        back to the head of its queue.

        Raises:
            NotFound(unknown_window).
        """
        def tx(db: Db, now: datetime) -> None:
            logout_row(db, window_row(db, window), now, actor, reason)

        await self.transact(tx)
        return await self._window(window)

    async def pause(self, window: int, reason: str, actor: str = OPERATOR) -> Window:
        """Pause the window (暂停): it stays logged in and gets no calls.

        Raises:
            NotFound(unknown_window); Refused(logged_out | busy).
        """
        def tx(db: Db, now: datetime) -> None:
            win = window_row(db, window)
            if win["state"] == WindowState.LOGGED_OUT and actor != OPERATOR:
                raise Refused(Refusal.LOGGED_OUT, T.WINDOW_LOGGED_OUT(window=window))
            if current_row(db, win) is not None:
                raise Refused(Refusal.BUSY, T.FINISH_BEFORE_PAUSE)
            db.execute("UPDATE windows SET state=?, pause_reason=?, since=? WHERE number=?",
                       (WindowState.PAUSED, reason, iso(now), window))
            append_event(db, now, EventKind.WINDOW_PAUSED, window=window, actor=actor, reason=reason)

        await self.transact(tx)
        return await self._window(window)

    async def resume(self, window: int, actor: str = OPERATOR) -> Window:
        """Resume a paused window.

        Raises:
            NotFound(unknown_window); Refused(not_paused).
        """
        def tx(db: Db, now: datetime) -> None:
            win = window_row(db, window)
            if win["state"] != WindowState.PAUSED:
                raise Refused(Refusal.NOT_PAUSED, T.NOT_PAUSED(window=window))
            db.execute("UPDATE windows SET state=?, pause_reason=NULL, since=? WHERE number=?",
                       (WindowState.OPEN, iso(now), window))
            append_event(db, now, EventKind.WINDOW_RESUMED, window=window, actor=actor)

        await self.transact(tx)
        return await self._window(window)

    async def set_service_open(self, prefix: str, is_open: bool, actor: str = OPERATOR) -> None:
        """Open or stop a service's ticketing for the rest of the day (close-day reopens it).

        Raises:
            NotFound(unknown_service).
        """
        def tx(db: Db, now: datetime) -> None:
            service_row(db, prefix)
            db.execute("UPDATE services SET is_open=? WHERE prefix=?", (int(is_open), prefix))
            append_event(db, now, EventKind.SERVICE_OPENED if is_open else EventKind.SERVICE_CLOSED, actor=actor,
                         service=prefix)

        await self.transact(tx)

    async def set_window_services(self, window: int, services: list[str], actor: str = OPERATOR) -> Window:
        """Change which services a window serves, in order of preference.

        Raises:
            NotFound(unknown_window | unknown_service); Refused(bad_services) for none or repeats.
        """
        def tx(db: Db, now: datetime) -> None:
            window_row(db, window)
            for prefix in services:
                service_row(db, prefix)
            if not services or len(set(services)) != len(services):
                raise Refused(Refusal.BAD_SERVICES, T.BAD_WINDOW_SERVICES)
            db.execute("UPDATE windows SET services=? WHERE number=?", (json.dumps(services), window))
            append_event(db, now, EventKind.WINDOW_SERVICES_CHANGED, window=window, actor=actor, services=services)

        await self.transact(tx)
        return await self._window(window)

    async def _window(self, number: int) -> Window:
        def tx(db: Db) -> Window:
            return window_from_row(db, window_row(db, number))

        return await self.store.read(tx)

    # ------------------------------------------------------------------ devices
    async def report_device(self, device_id: str, ok: bool, problem: str | None = None, warning: bool = False,
                            url: str | None = None, kind: str = "printer") -> bool:
        """Record a device's state (e.g. a kiosk printer out of paper). Only a change is
        written (and logged as an event).

        Returns:
            Whether the state changed.
        """
        def tx(db: Db, now: datetime) -> bool:
            old = db.execute("SELECT * FROM devices WHERE id=?", (device_id,)).fetchone()
            if old is not None and (bool(old["ok"]), bool(old["warning"]), old["problem"], old["url"]) == (
                    ok, warning, problem, url):
                return False
            db.execute("INSERT OR REPLACE INTO devices (id, kind, url, ok, warning, problem, since)"
                       " VALUES (?,?,?,?,?,?,?)", (device_id, kind, url, int(ok), int(warning), problem, iso(now)))
            append_event(db, now, EventKind.DEVICE_STATE, actor=device_id, device=device_id, device_kind=kind, ok=ok,
                         warning=warning, problem=problem)
            return True

        return await self.transact(tx)

    async def devices(self) -> list[DeviceState]:
        """Every device's last reported state, by id."""
        def tx(db: Db) -> list[DeviceState]:
            rows = db.execute("SELECT * FROM devices ORDER BY id")
            return [DeviceState(r["id"], r["kind"], r["url"], bool(r["ok"]), bool(r["warning"]), r["problem"],
                                parse_required(r["since"])) for r in rows]

        return await self.store.read(tx)


def logout_row(db: Db, win: Row, now: datetime, actor: str, reason: str) -> None:
    """Inside a write: log a window out (see HallEngine.logout)."""
    current = current_row(db, win)
    if current is not None:
        if current["state"] == TicketState.SERVING:
            finish_row(db, current, now, actor)
        else:  # a called ticket goes back to the head of its queue
            db.execute("UPDATE tickets SET state=?, window=NULL, called_at=NULL, recalls=0 WHERE id=?",
                       (TicketState.WAITING, current["id"]))
            append_event(db, now, EventKind.TICKET_RETURNED, ticket=current, window=win["number"], actor=actor)
    db.execute("UPDATE windows SET state=?, clerk_id=NULL, pause_reason=NULL, current_ticket=NULL,"
               " priority_streak=0, since=? WHERE number=?", (WindowState.LOGGED_OUT, iso(now), win["number"]))
    append_event(db, now, EventKind.WINDOW_LOGOUT, window=win["number"], actor=actor, clerk=win["clerk_id"],
                 reason=reason)
