"""The one PIN check (login, takeover, the supervisor terminal): wrong PINs count and
lock out across every way a PIN is typed and every process, unknown ids answer and lock
like known ones, and one place can try at most `policy.login_tries_per_minute` PINs a minute.
"""
from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta

from hallq.db import privacy
from hallq.db import texts as T
from hallq.db.clock import iso, parse, parse_required
from hallq.db.config import Policy
from hallq.db.core import EngineCore
from hallq.db.errors import Refused
from hallq.db.models import Clerk
from hallq.db.rows import Db, Row
from hallq.db.store import append_event
from hallq.db.vocabulary import EventKind, Refusal, Role


class PinChecks(EngineCore):
    async def verify_clerk(self, clerk_id: str, pin: str, window: int | None = None,
                           role: Role | None = None) -> Clerk:
        """The one PIN check, for every way a PIN is used: log in, take over a window, the
        supervisor terminal. Wrong PINs count and lock out across all of them and every
        process (the count is in the database); an unknown id gets the same answer, after
        the same scrypt work, as a wrong PIN, so ids cannot be told by the answer or its time.

        Args:
            clerk_id: the 工号.
            pin: the PIN typed.
            window: where it was typed (recorded with a failure).
            role: the role the clerk must have (a supervisor to take over).

        Returns:
            The clerk.

        Raises:
            Refused(bad_login | locked | not_supervisor | clerk_disabled | too_many_tries):
            too_many_tries when this place (the window; None: the supervisor terminal) has had
            `policy.login_tries_per_minute` wrong PINs in the last minute, whatever the ids.
        """
        policy = await self.policy()
        wait = await self.read(lambda db: _tries_wait(db, self.clock.now(), window, policy.login_tries_per_minute))
        if wait:
            raise Refused(Refusal.TOO_MANY_TRIES, T.TOO_MANY_TRIES(seconds=wait), seconds=wait)
        row = await self._clerk_row(clerk_id)
        salt, digest = (row["pin_salt"], row["pin_hash"]) if row is not None else privacy.unknown_clerk_pin()
        ok = await asyncio.to_thread(privacy.pin_matches, pin, salt, digest) and row is not None
        refusal = await self.transact(lambda db, now: self._pin_check(db, clerk_id, ok, now, policy, window))
        if refusal is not None or row is None:
            raise refusal or Refused(Refusal.BAD_LOGIN, T.BAD_LOGIN)
        if row["disabled"]:  # said only to whoever knows the PIN
            raise Refused(Refusal.CLERK_DISABLED, T.CLERK_IS_DISABLED(clerk=clerk_id))
        clerk = clerk_from_row(row)
        if role is not None and clerk.role != role:
            raise Refused(Refusal.NOT_SUPERVISOR, T.NOT_SUPERVISOR(clerk=clerk_id))
        return clerk

    def _pin_check(self, db: Db, clerk_id: str, ok: bool, now: datetime, policy: Policy,
                   window: int | None) -> Refused | None:
        """Inside a write: the lockout rule. A wrong PIN is counted (so it must commit) and
        returned as the refusal to raise after the commit."""
        row = db.execute("SELECT * FROM clerks WHERE id=?", (clerk_id,)).fetchone()
        if row is None:
            return _unknown_clerk_failed(db, clerk_id, now, policy, window)
        locked = parse(row["locked_until"])
        if locked and locked > now:
            return Refused(Refusal.LOCKED, T.CLERK_LOCKED(clerk=clerk_id, until=f"{locked:%H:%M}"), until=locked)
        if ok:
            db.execute("UPDATE clerks SET failed_pins=0, locked_until=NULL WHERE id=?", (clerk_id,))
            return None
        failed = row["failed_pins"] + 1
        lock_until = None
        if failed >= policy.pin_attempts:
            lock_until = now + timedelta(minutes=policy.pin_lockout_minutes)
            failed = 0
        db.execute("UPDATE clerks SET failed_pins=?, locked_until=? WHERE id=?", (failed, iso(lock_until), clerk_id))
        append_event(db, now, EventKind.CLERK_PIN_FAILED, window=window, actor=f"clerk:{clerk_id}",
                     locked=bool(lock_until))
        if lock_until:
            return Refused(Refusal.LOCKED, T.CLERK_NOW_LOCKED(clerk=clerk_id, until=f"{lock_until:%H:%M}"),
                           until=lock_until)
        return Refused(Refusal.BAD_LOGIN, T.BAD_LOGIN)

    async def _clerk_row(self, clerk_id: str) -> Row | None:
        def tx(db: Db) -> Row | None:
            row: Row | None = db.execute("SELECT * FROM clerks WHERE id=?", (clerk_id,)).fetchone()
            return row

        return await self.store.read(tx)


def _tries_wait(db: Db, clock_now: datetime, window: int | None, per_minute: int) -> int:
    """Seconds until one place may take another PIN: 0 unless it has had `per_minute` wrong
    PINs (any ids) in the last minute (of hall time: never before the last event's)."""
    last = db.execute("SELECT at FROM events ORDER BY id DESC LIMIT 1").fetchone()
    now = max(clock_now, parse_required(last[0])) if last is not None else clock_now
    since = iso(now - timedelta(minutes=1))
    rows = db.execute("SELECT at FROM events WHERE day=? AND kind=? AND at>=? AND window IS ? ORDER BY id DESC"
                      " LIMIT ?", (now.date().isoformat(), str(EventKind.CLERK_PIN_FAILED), since, window,
                                   per_minute)).fetchall()
    if len(rows) < per_minute:
        return 0
    oldest = parse_required(rows[-1]["at"])
    return max(1, int((oldest + timedelta(minutes=1) - now).total_seconds() + 0.999))


def _unknown_clerk_failed(db: Db, clerk_id: str, now: datetime, policy: Policy, window: int | None) -> Refused:
    """A PIN for an id that is no clerk: counted and "locked" as a clerk's would be (from
    today's failure events), so neither the answer nor the lockout tells which ids exist."""
    rows = db.execute("SELECT at, data FROM events WHERE day=? AND kind=? AND actor=? ORDER BY id",
                      (now.date().isoformat(), str(EventKind.CLERK_PIN_FAILED), f"clerk:{clerk_id}")).fetchall()
    failed, locked_until = 0, None
    for r in rows:
        failed += 1
        if json.loads(r["data"] or "{}").get("locked"):
            failed, locked_until = 0, parse_required(r["at"]) + timedelta(minutes=policy.pin_lockout_minutes)
    if locked_until and locked_until > now:
        return Refused(Refusal.LOCKED, T.CLERK_LOCKED(clerk=clerk_id, until=f"{locked_until:%H:%M}"),
                       until=locked_until)
    lock = failed + 1 >= policy.pin_attempts
    append_event(db, now, EventKind.CLERK_PIN_FAILED, window=window, actor=f"clerk:{clerk_id}", locked=lock)
    if lock:
        until = now + timedelta(minutes=policy.pin_lockout_minutes)
        return Refused(Refusal.LOCKED, T.CLERK_NOW_LOCKED(clerk=clerk_id, until=f"{until:%H:%M}"), until=until)
    return Refused(Refusal.BAD_LOGIN, T.BAD_LOGIN)


def clerk_from_row(row: Row, window: int | None = None) -> Clerk:
    """A clerk as the engine returns it, from its row (and the window logged in at)."""
    return Clerk(id=row["id"], name=row["name"], role=Role(row["role"]), disabled=bool(row["disabled"]),
                 locked_until=parse(row["locked_until"]), window=window)
