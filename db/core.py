"""What every part of the engine shares: the store, the clock, the personal-data key, the
hall config (cached until another is loaded), and `read`/`write` for db/ modules.

The engine's operations live in mixins over this core, one module per concern
(issuing.py, calling.py, staffing.py, day.py, queries.py); engine.py puts them together
behind the one `HallEngine` facade.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Concatenate, ParamSpec, TypeVar

from hallq.db import privacy
from hallq.db import texts as T
from hallq.db.calendar import HallCalendar
from hallq.db.clock import Clock, SystemClock, zone_of
from hallq.db.config import HallConfig, Policy, parse_config
from hallq.db.errors import NotFound
from hallq.db.estimate import EstimateCache, with_estimate
from hallq.db.models import DayClosed, Ticket
from hallq.db.rollover import clamped_now, hall_now, roll_over
from hallq.db.rows import Db
from hallq.db.store import Store
from hallq.db.vocabulary import Refusal

R = TypeVar("R")
P = ParamSpec("P")

#: the actor of changes made from the command line without a clerk login
OPERATOR = "operator"


class Keys:
    """The hall's key for personal data: ID and phone numbers are kept only as keyed
    hashes (HMAC-SHA256 under this key) and masked forms (PIPL)."""

    def __init__(self, key: bytes):
        self._key = key

    def id_hash(self, id_number: str) -> str:
        """The keyed hash of a normalised 18-character ID number."""
        return privacy.keyed_hash(self._key, "id", id_number)

    def phone_hash(self, phone: str) -> str:
        """The keyed hash of an 11-digit mobile number."""
        return privacy.keyed_hash(self._key, "phone", phone)


class EngineCore:
    """The shared state of a hall engine; see HallEngine for the operations."""

    def __init__(self, store: Store, clock: Clock, key: bytes):
        self.store = store
        self.clock = clock
        self.keys = Keys(key)
        self._config: HallConfig | None = None
        self._config_version: str | None = None
        self._calendar: HallCalendar | None = None
        self._open_day: date | None = None  # the hall day this engine last rolled over to
        self._estimates = EstimateCache()
        #: False while the change feed cannot read the database (see feed.follow)
        self.feed_ok = True

    @property
    def path(self) -> str:
        """The database file."""
        return self.store.path

    def now(self) -> datetime:
        """Hall time now, from the engine's clock."""
        return self.clock.now()

    def today(self) -> str:
        """The hall day now, YYYY-MM-DD."""
        return self.now().date().isoformat()

    async def read(self, fn: Callable[Concatenate[Db, P], R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run `fn(db, *args)` in one read transaction: for db/ modules that add queries.

        Raises:
            DatabaseBusy: the database stayed locked.
        """
        return await self.store.read(fn, *args, **kwargs)

    async def write(self, fn: Callable[Concatenate[Db, P], R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run `fn(db, *args)` in one write transaction, which must append its event(s).

        Raises:
            DatabaseBusy: the database stayed locked.
        """
        return await self.store.write(fn, *args, **kwargs)

    async def transact(self, fn: Callable[[Db, datetime], R]) -> R:
        """Run `fn(db, now)` in one write transaction at hall time `now`, which is read
        under the write lock, never earlier than the last event's, and after any earlier
        day left open has been closed (db/rollover.py).

        Raises:
            DatabaseBusy: the database stayed locked.
        """
        if self._open_day != self.clock.now().date():
            await self.roll_over()  # committed on its own: a refused operation keeps it

        def at_now(db: Db) -> R:
            return fn(db, hall_now(db, self.clock))

        return await self.store.write(at_now)

    async def roll_over(self) -> DayClosed | None:
        """Close earlier days left open now, rather than at the next write: what a view
        does at midnight and when it opens. Returns what was closed, or None."""
        def tx(db: Db) -> tuple[DayClosed | None, date]:
            now = clamped_now(db, self.clock)
            return roll_over(db, now), now.date()

        closed, self._open_day = await self.store.write(tx)
        return closed

    async def config(self) -> HallConfig:
        """The hall config as last loaded (parsed once per load, in any process).

        Raises:
            NotFound(not_set_up): no config was ever loaded (run `hallq init`).
        """
        return await self.store.read(self.config_in)

    async def policy(self) -> Policy:
        """The hall's `[policy]` (see db/config.py for each key)."""
        return (await self.config()).policy

    def config_in(self, db: Db) -> HallConfig:
        """The config, inside a transaction.

        Raises:
            NotFound(not_set_up): no config was ever loaded.
        """
        row = db.execute("SELECT value FROM meta WHERE key='config_id'").fetchone()
        if row is None:
            raise NotFound(Refusal.NOT_SET_UP, T.NOT_SET_UP)
        if row[0] != self._config_version or self._config is None:
            text = db.execute("SELECT value FROM meta WHERE key='config'").fetchone()[0]
            self._config = parse_config(text, "hall config in database")
            self._config_version = row[0]
            if isinstance(self.clock, SystemClock):
                self.clock.zone = zone_of(self._config.timezone)
        return self._config

    def calendar_in(self, db: Db) -> HallCalendar:
        """The hall's calendar (national holidays and its own days), inside a transaction."""
        config = self.config_in(db)
        if self._calendar is None or self._calendar.config is not config.calendar:
            self._calendar = HallCalendar(config.calendar)
        return self._calendar

    def estimated(self, db: Db, ticket: Ticket, now: datetime) -> Ticket:
        """The ticket with people ahead and its expected wait (db/estimate.py), inside a
        transaction; the hall is played forward at most once per change."""
        return with_estimate(db, ticket, self.policy_in(db), now, self._estimates)

    def policy_in(self, db: Db) -> Policy:
        """The policy, inside a transaction."""
        return self.config_in(db).policy
