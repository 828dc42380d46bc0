"""The hall's day: loading the hall from hall.toml, and closing the day (open tickets
expire, windows log out, stopped services reopen; numbers start again at 001 the next
day because counters are kept per day).
"""
from __future__ import annotations

import json
import secrets
from collections.abc import Collection
from datetime import datetime

from hallq.db import privacy
from hallq.db import texts as T
from hallq.db.clock import iso
from hallq.db.config import HallConfig
from hallq.db.core import OPERATOR, EngineCore
from hallq.db.errors import Refused
from hallq.db.models import DayClosed
from hallq.db.rollover import close_days
from hallq.db.rows import Db
from hallq.db.store import append_event
from hallq.db.vocabulary import OPEN_TICKET_STATES, EventKind, Refusal, TicketState, WindowState


class HallDay(EngineCore):
    async def load_config(self, config: HallConfig, text: str, actor: str = OPERATOR, force: bool = False) -> None:
        """Create or update the hall from a parsed hall.toml.

        Runtime state (tickets, logged-in windows) is kept; services and windows become the
        config's (a window still logged in is kept until it logs out); clerks of the config
        are added when new (an existing clerk's PIN is never reset by a reload).

        Args:
            config: the parsed config (db.config.parse_config).
            text: its TOML text, kept in the database so every process reads the same hall.
            actor: who loads it.
            force: cancel (with events) the waiting and missed tickets the new config
                strands: of a removed service, or sent to a removed window.

        Raises:
            Refused(strands_tickets): without `force`, the config removes a service or window
                that open tickets still need (they are named); nothing is changed.
        """
        clerk_hashes = [(c, privacy.hash_pin(c.pin)) for c in config.clerks]

        def tx(db: Db, now: datetime) -> None:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('config', ?)", (text,))
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('config_id', ?)", (secrets.token_hex(8),))
            known = {r[0] for r in db.execute("SELECT prefix FROM services")}
            for pos, s in enumerate(config.services):
                values = (pos, s.name, s.name_en, s.handling_minutes,
                          json.dumps([[a.strftime("%H:%M"), b.strftime("%H:%M")] for a, b in s.hours]),
                          s.daily_limit, int(s.appointment_only), s.prefix)
                if s.prefix in known:
                    db.execute("UPDATE services SET position=?, name=?, name_en=?, handling_minutes=?, hours=?,"
                               " daily_limit=?, appointment_only=? WHERE prefix=?", values)
                else:
                    db.execute("INSERT INTO services (position, name, name_en, handling_minutes, hours,"
                               " daily_limit, appointment_only, prefix) VALUES (?,?,?,?,?,?,?,?)", values)
            existing = {r[0] for r in db.execute("SELECT number FROM windows")}
            gone_services = sorted(known - {s.prefix for s in config.services})
            gone_windows = sorted(existing - {w.number for w in config.windows})
            _settle_stranded(db, now, gone_services, gone_windows, actor, force)
            for prefix in gone_services:
                db.execute("DELETE FROM services WHERE prefix=?", (prefix,))
            for w in config.windows:
                if w.number in existing:
                    db.execute("UPDATE windows SET name=?, services=? WHERE number=?",
                               (w.name, json.dumps(list(w.services)), w.number))
                else:
                    db.execute("INSERT INTO windows (number, name, services, since) VALUES (?,?,?,?)",
                               (w.number, w.name, json.dumps(list(w.services)), iso(now)))
            for number in gone_windows:
                db.execute("DELETE FROM windows WHERE number=? AND state=?", (number, WindowState.LOGGED_OUT))
            for clerk, (salt, digest) in clerk_hashes:
                db.execute("INSERT OR IGNORE INTO clerks (id, name, role, pin_salt, pin_hash) VALUES (?,?,?,?,?)",
                           (clerk.id, clerk.name, clerk.role, salt, digest))
            append_event(db, now, EventKind.CONFIG_LOADED, actor=actor, source=config.source,
                         services=len(config.services), windows=len(config.windows))

        await self.transact(tx)

    async def config_text(self) -> str:
        """The hall.toml text the hall was last loaded from.

        Raises:
            NotFound(not_set_up).
        """
        def tx(db: Db) -> str:
            self.config_in(db)  # says clearly when there is none
            return str(db.execute("SELECT value FROM meta WHERE key='config'").fetchone()[0])

        return await self.store.read(tx)

    async def is_initialised(self) -> bool:
        """Whether a hall config has been loaded into this database."""
        def tx(db: Db) -> bool:
            return db.execute("SELECT 1 FROM meta WHERE key='config'").fetchone() is not None

        return await self.store.read(tx)

    async def close_day(self, actor: str = OPERATOR) -> DayClosed:
        """End of day: every open ticket (of today and before) expires, every window logs
        out, services stopped by the supervisor open again.

        Returns:
            What was closed.
        """
        def tx(db: Db, now: datetime) -> DayClosed:
            return close_days(db, now, now.date().isoformat(), actor, automatic=False)

        return await self.transact(tx)


def _settle_stranded(db: Db, now: datetime, services: list[str], windows: list[int], actor: str,
                     force: bool) -> None:
    """Refuse a reload that strands open tickets, or with `force` cancel those that wait.

    Stranded: an open ticket of a removed service, or one waiting for (sent to) a removed
    window: no window could ever call it. A ticket called or being served stays with its
    window, which is kept until it logs out, so the clerk can finish it.
    """
    if not services and not windows:
        return
    def marks(values: Collection[object]) -> str:
        return ",".join("?" * len(values))

    rows = db.execute(
        f"SELECT * FROM tickets WHERE state IN ({marks(OPEN_TICKET_STATES)})"
        f" AND (service IN ({marks(services)}) OR target_window IN ({marks(windows)})) ORDER BY id",
        (*OPEN_TICKET_STATES, *services, *windows)).fetchall()
    if not rows:
        return
    if not force:
        raise Refused(Refusal.STRANDS_TICKETS, T.RELOAD_STRANDS(
            count=len(rows), numbers="、".join(f"{r['day']} {r['number']}" for r in rows[:10]),
            services=", ".join(services) or "-", windows=", ".join(map(str, windows)) or "-"))
    for row in rows:
        if row["state"] in (TicketState.WAITING, TicketState.NO_SHOW):
            db.execute("UPDATE tickets SET state=? WHERE id=?", (TicketState.CANCELLED, row["id"]))
            append_event(db, now, EventKind.TICKET_CANCELLED, ticket=row, actor=actor, reason="config_removed")
