""""Your turn is near": a citizen's mobile number for the day and the outbox of messages.

Every serious queue system tells the citizen when the turn is near (Qminder, Qmatic, the
Berlin ZMS, Chinese hall products by SMS or WeChat: "前面还有3人"), so the citizen need not
keep the status page open. At the kiosk a citizen may leave a mobile number; when `[notify]
ahead` people or fewer are ahead of the ticket, and when it is called (with the window), a
message goes out.

The number is personal data (PIPL): it is kept only AES-GCM encrypted (privacy.seal, a key
derived from the hall's key file beside the database), masked (138****5678) in events and
everywhere shown, never in a message row, and deleted when the day closes (close-day and
the automatic rollover: hallq.db.rollover).

The outbox is written in the transaction of the call that causes a message (Calling._call
calls `queue_after_call`), so a message exists if and only if its call happened. The
`hallq notify` worker (hallq.cli.notify) claims due rows (pending → sending), sends them,
and marks them sent, or due again later with backoff, or failed after `max_attempts`. A row
found `sending` when a worker starts was sent, or not, by a worker that died before marking
it: it is sent again under the same delivery id (the row id), which a webhook receiver
deduplicates; a provider that cannot deduplicate may deliver it twice, so each such resend
is logged and counted (`resends`).
"""
from __future__ import annotations

import logging
from datetime import datetime

from hallq.db import privacy
from hallq.db import texts as T
from hallq.db.clock import iso
from hallq.db.core import OPERATOR, EngineCore
from hallq.db.errors import NotFound, Refused
from hallq.db.outbox import (
    EXPIRED,
    FAILED,
    PENDING,
    SENDING,
    SENT,
    Claimed,
    Notification,
    NotifyFigures,
    backoff,
    notification_from_row,
    queue_near,
)
from hallq.db.rows import Db
from hallq.db.store import append_event
from hallq.db.vocabulary import EventKind, Refusal, TicketState

log = logging.getLogger("hallq.notify")


class Notifying(EngineCore):
    """The engine's notification operations (a HallEngine mixin)."""

    async def subscribe(self, ticket_id: int, phone: str, actor: str = OPERATOR) -> str:
        """Keep `phone` (encrypted, for today) to tell the ticket's citizen when the turn
        is near and when called; a message is queued at once when few enough are ahead.

        Args:
            ticket_id: the waiting ticket's id.
            phone: an 11-digit mainland mobile number (spaces and dashes allowed).
            actor: who asked ("kiosk:K1").

        Returns:
            The number masked (138****5678), as screens show it.

        Raises:
            Refused(notify_off): the hall has no `[notify]` channel.
            Refused(bad_phone): not a mobile number.
            NotFound(unknown_ticket): no such ticket today.
            Refused(not_waiting): the ticket no longer waits.
        """
        phone = privacy.normalise_phone(phone)
        if not privacy.valid_phone(phone):
            raise Refused(Refusal.BAD_PHONE, T.NOTIFY_BAD_PHONE)
        masked = privacy.mask_phone(phone)

        def tx(db: Db, now: datetime) -> str:
            config = self.config_in(db)
            if not config.notify.enabled:
                raise Refused(Refusal.NOTIFY_OFF, T.NOTIFY_OFF)
            row = db.execute("SELECT * FROM tickets WHERE id=? AND day=?",
                             (ticket_id, now.date().isoformat())).fetchone()
            if row is None:
                raise NotFound(Refusal.UNKNOWN_TICKET, T.NO_SUCH_TICKET)
            if row["state"] != TicketState.WAITING:
                raise Refused(Refusal.NOT_WAITING, T.NOTIFY_NOT_WAITING(number=row["number"]))
            db.execute("INSERT OR REPLACE INTO notify_phones (ticket_id, day, phone_enc, masked, given_at)"
                       " VALUES (?, ?, ?, ?, ?)",
                       (ticket_id, row["day"], self.keys.seal_phone(phone, ticket_id), masked, iso(now)))
            append_event(db, now, EventKind.NOTIFY_REQUESTED, ticket=row, actor=actor, phone=masked,
                         ahead_at_most=config.notify.ahead)
            queue_near(db, now, config)
            return masked

        return await self.transact(tx)

    async def notify_masked(self, ticket_id: int) -> str | None:
        """The masked number given for a ticket (the status page's "we will text you"),
        None when none was given (or the day closed)."""
        def read(db: Db) -> str | None:
            row = db.execute("SELECT masked FROM notify_phones WHERE ticket_id=?", (ticket_id,)).fetchone()
            return str(row[0]) if row else None

        return await self.store.read(read)

    async def notifications(self, day: str | None = None) -> list[Notification]:
        """The outbox rows of a day (default today), in the order they were written."""
        day = day or self.today()

        def read(db: Db) -> list[Notification]:
            rows = db.execute("SELECT * FROM outbox WHERE day=? ORDER BY id", (day,))
            return [notification_from_row(r) for r in rows]

        return await self.store.read(read)

    async def recover_notifications(self) -> list[Notification]:
        """At a worker's start: rows left `sending` by a worker that stopped between send
        and mark go back to pending, their `resends` counted (sent again under the same
        delivery id). Returns them."""
        def tx(db: Db, now: datetime) -> list[Notification]:
            rows = db.execute("UPDATE outbox SET state=?, resends = resends + 1, due_at=? WHERE state=?"
                              " RETURNING *", (PENDING, iso(now), SENDING)).fetchall()
            for row in rows:
                log.warning("notification %s (%s, ticket id %s) may have been sent before the worker stopped:"
                            " sending it again under the same delivery id", row["id"], row["kind"], row["ticket_id"])
            return [notification_from_row(r) for r in rows]

        return await self.transact(tx)

    async def claim_notifications(self, limit: int = 20) -> list[Claimed]:
        """Take the due pending rows (oldest first) for sending: state sending, one more
        attempt; a row whose number is gone (the day closed) expires instead.

        Args:
            limit: at most this many.
        """
        def tx(db: Db, now: datetime) -> list[Claimed]:
            rows = db.execute("SELECT o.*, p.phone_enc FROM outbox o LEFT JOIN notify_phones p"
                              " ON p.ticket_id = o.ticket_id WHERE o.state=? AND o.due_at<=? ORDER BY o.id LIMIT ?",
                              (PENDING, iso(now), limit)).fetchall()
            claimed = []
            for row in rows:
                if row["phone_enc"] is None:
                    db.execute("UPDATE outbox SET state=?, last_error='no number' WHERE id=?", (EXPIRED, row["id"]))
                    continue
                updated = db.execute("UPDATE outbox SET state=?, attempts = attempts + 1 WHERE id=? RETURNING *",
                                     (SENDING, row["id"])).fetchone()
                phone = self.keys.open_phone(row["phone_enc"], row["ticket_id"])
                claimed.append(Claimed(notification_from_row(updated), phone))
            return claimed

        return await self.transact(tx)

    async def mark_sent(self, notification_id: int) -> None:
        """The provider accepted the message."""
        def tx(db: Db, now: datetime) -> None:
            db.execute("UPDATE outbox SET state=?, sent_at=?, last_error=NULL WHERE id=? AND state=?",
                       (SENT, iso(now), notification_id, SENDING))

        await self.transact(tx)

    async def mark_unsent(self, notification_id: int, error: str) -> Notification:
        """A send failed (`error`, one line, without the number): due again after a
        backoff (`[notify] retry_seconds`), or failed for good after `[notify] max_attempts`.

        Returns:
            The row as it is now.
        """
        def tx(db: Db, now: datetime) -> Notification:
            row = db.execute("SELECT * FROM outbox WHERE id=?", (notification_id,)).fetchone()
            notify = self.config_in(db).notify
            if row["attempts"] >= notify.max_attempts:
                row = db.execute("UPDATE outbox SET state=?, last_error=? WHERE id=? RETURNING *",
                                 (FAILED, error[:300], notification_id)).fetchone()
            else:
                due = iso(now + backoff(row["attempts"], notify.retry_seconds))
                row = db.execute("UPDATE outbox SET state=?, last_error=?, due_at=? WHERE id=? RETURNING *",
                                 (PENDING, error[:300], due, notification_id)).fetchone()
            return notification_from_row(row)

        return await self.transact(tx)

    async def notify_figures(self, day: str | None = None) -> NotifyFigures:
        """A day's (default today's) outbox by state, and the resends after a crash."""
        day = day or self.today()

        def read(db: Db) -> NotifyFigures:
            counts = {str(state): int(n) for state, n in
                      db.execute("SELECT state, count(*) FROM outbox WHERE day=? GROUP BY state", (day,))}
            resends = int(db.execute("SELECT coalesce(sum(resends), 0) FROM outbox WHERE day=?", (day,)).fetchone()[0])
            return NotifyFigures(**{s: counts.get(s, 0) for s in (PENDING, SENDING, SENT, FAILED, EXPIRED)},
                                 resends=resends)

        return await self.store.read(read)
