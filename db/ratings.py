"""The citizen's evaluation (好差评) and the follow-up (整改) of a bad one.

After a ticket is finished the citizen rates it once, at the window's terminal or on the
status page of the slip. A rating of 不满意 or 非常不满意 needs a reason and opens a
follow-up due 5 working days later, shown to the supervisor until closed with a note.
A ticket left unrated for the policy's rating_default_days gets its rating_default_level
(channel 'default') from `apply_default_ratings`, which close-day runs.

Every change is one write transaction that also appends an event: rating.given,
followup.opened, followup.closed.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from hallq.db import texts as T
from hallq.db.clock import iso, parse
from hallq.db.errors import NotFound, Refused
from hallq.db.models import Ticket, jsonable
from hallq.db.rows import ticket_from_row
from hallq.db.store import append_event
from hallq.db.vocabulary import EventKind, Refusal, TicketState

FOLLOWUP_WORKING_DAYS = 5  # Monday–Friday; no holiday calendar

#: level → label, in the order the citizen sees them (5 非常满意 … 1 非常不满意)
LEVELS = T.RATING_LEVEL
BAD_AT_MOST = 2  # levels 1 and 2 are 差评: a reason is required and a follow-up opens

#: why a citizen is dissatisfied: reason code → label
REASONS = T.RATING_REASON
CHANNELS = ("terminal", "status_page", "default")
TEXT_MAX = 500


def level_label(level: int, lang: str = "zh") -> str:
    return LEVELS[level].text(lang)


def reason_label(reason: str | None, lang: str = "zh") -> str:
    if not reason:
        return ""
    label = REASONS.get(reason)
    return label.text(lang) if label else reason


def is_bad(level: int) -> bool:
    return level <= BAD_AT_MOST


def add_working_days(start: date, days: int) -> date:
    """`days` working days (Monday–Friday) after `start`; no public-holiday calendar."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


@dataclass(frozen=True)
class Rating:
    id: int
    ticket_id: int
    number: str
    level: int
    reason: str | None
    text: str | None
    channel: str
    window: int | None
    clerk_id: str | None
    at: datetime
    followup_id: int | None = None

    @property
    def bad(self) -> bool:
        return is_bad(self.level)

    def label(self, lang: str = "zh") -> str:
        return level_label(self.level, lang)

    def to_json(self) -> dict:
        return jsonable(asdict(self))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class FollowUp:
    id: int
    rating_id: int
    ticket_id: int
    number: str
    day: str
    service: str
    window: int | None
    clerk_id: str | None
    clerk_name: str | None
    level: int
    reason: str | None
    text: str | None
    channel: str
    rated_at: datetime
    opened_at: datetime
    due: date
    closed_at: datetime | None = None
    note: str | None = None
    closed_by: str | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def overdue(self, today: date) -> bool:
        return self.is_open and today > self.due

    def to_json(self) -> dict:
        data: dict[str, Any] = jsonable(asdict(self))
        data["due"] = self.due.isoformat()
        return data


# ---------------------------------------------------------------------- writing
async def rate(engine, ticket: int | str, level: int, reason: str | None = None, text: str | None = None,
               channel: str = "terminal", actor: str | None = None) -> Rating:
    """Rate a finished ticket, given by id or by its slip token; once per ticket.

    Refused: bad_level, reason_needed (levels 1–2 without a reason), bad_reason,
    not_finished, already_rated. NotFound when the ticket does not exist."""
    if level not in LEVELS:
        raise Refused(Refusal.BAD_LEVEL, T.BAD_LEVEL)
    if channel not in CHANNELS:
        raise Refused(Refusal.BAD_CHANNEL, T.BAD_CHANNEL(channel=channel))
    if reason is not None and reason not in REASONS:
        raise Refused(Refusal.BAD_REASON, T.BAD_REASON(reason=reason))
    if is_bad(level) and reason is None:
        raise Refused(Refusal.REASON_NEEDED, T.REASON_NEEDED)
    text = (text or "").strip()[:TEXT_MAX] or None
    now = engine.now()
    actor = actor or f"rating:{channel}"

    def tx(db):
        row = _ticket_row(db, ticket)
        return _rate_row(db, now, row, level, reason, text, channel, actor)

    return await engine.write(tx)


def _ticket_row(db, ticket: int | str):
    if isinstance(ticket, int):
        row = db.execute("SELECT * FROM tickets WHERE id=?", (ticket,)).fetchone()
    else:
        row = db.execute("SELECT * FROM tickets WHERE token=?", (ticket,)).fetchone()
    if row is None:
        raise NotFound(Refusal.UNKNOWN_TICKET, T.NO_SUCH_TICKET)
    return row


def _rate_row(db, now: datetime, row, level: int, reason, text, channel: str, actor: str) -> Rating:
    if row["state"] != TicketState.DONE:
        raise Refused(Refusal.NOT_FINISHED, T.NOT_FINISHED(number=row["number"]))
    if db.execute("SELECT 1 FROM ratings WHERE ticket_id=?", (row["id"],)).fetchone():
        raise Refused(Refusal.ALREADY_RATED, T.ALREADY_RATED(number=row["number"]))
    clerk = _clerk_at_finish(db, row)
    rating_id = db.execute(
        "INSERT INTO ratings (ticket_id, level, reason, text, channel, window, clerk_id, at) VALUES (?,?,?,?,?,?,?,?)",
        (row["id"], level, reason, text, channel, row["window"], clerk, iso(now))).lastrowid
    append_event(db, now, EventKind.RATING_GIVEN, ticket=row, actor=actor, rating=rating_id, level=level, reason=reason,
                 text=text, channel=channel, clerk=clerk)
    followup_id = None
    if is_bad(level):
        due = add_working_days(now.date(), FOLLOWUP_WORKING_DAYS)
        followup_id = db.execute("INSERT INTO followups (rating_id, opened_at, due) VALUES (?,?,?)",
                                 (rating_id, iso(now), due.isoformat())).lastrowid
        append_event(db, now, EventKind.FOLLOWUP_OPENED, ticket=row, actor=actor, followup=followup_id, rating=rating_id,
                     level=level, reason=reason, due=due.isoformat(), clerk=clerk)
    return Rating(rating_id, row["id"], row["number"], level, reason, text, channel, row["window"], clerk, now,
                  followup_id)


def _clerk_at_finish(db, row) -> str | None:
    """Who served the ticket: the clerk acting on its finish, else the clerk logged in at
    that window when it was finished (the last login/logout there before the finish)."""
    finish = db.execute("SELECT id, day, actor FROM events WHERE ticket_id=? AND kind='ticket.finished'"
                        " ORDER BY id DESC LIMIT 1", (row["id"],)).fetchone()
    if finish is None:
        return None
    if finish["actor"] and finish["actor"].startswith("clerk:"):
        return finish["actor"][len("clerk:"):]
    last = db.execute("SELECT kind, data FROM events WHERE day=? AND kind IN ('window.login','window.logout')"
                      " AND window=? AND id<? ORDER BY id DESC LIMIT 1",
                      (finish["day"], row["window"], finish["id"])).fetchone()
    if last is None or last["kind"] != "window.login":
        return None
    return json.loads(last["data"]).get("clerk")


async def close_followup(engine, followup_id: int, note: str, actor: str) -> FollowUp:
    """Close an open follow-up with a note saying what was done."""
    note = (note or "").strip()
    if not note:
        raise Refused(Refusal.NOTE_NEEDED, T.NOTE_NEEDED)
    now = engine.now()

    def tx(db):
        found = _followups(db, "WHERE f.id=?", (followup_id,))
        if not found:
            raise NotFound(Refusal.UNKNOWN_FOLLOWUP, T.NO_FOLLOWUP(id=followup_id))
        if not found[0].is_open:
            raise Refused(Refusal.ALREADY_CLOSED, T.FOLLOWUP_CLOSED(id=followup_id, at=f"{found[0].closed_at:%m-%d %H:%M}"))
        db.execute("UPDATE followups SET closed_at=?, note=?, closed_by=? WHERE id=?",
                   (iso(now), note, actor, followup_id))
        ticket = db.execute("SELECT * FROM tickets WHERE id=?", (found[0].ticket_id,)).fetchone()
        append_event(db, now, EventKind.FOLLOWUP_CLOSED, ticket=ticket, actor=actor, followup=followup_id, note=note)
        return _followups(db, "WHERE f.id=?", (followup_id,))[0]

    return await engine.write(tx)


async def apply_default_ratings(engine, actor: str = "operator", days: int | None = None,
                                level: int | None = None) -> int:
    """Give the default rating to every ticket finished `days` or more ago and not rated
    (both default to the hall's policy). Returns how many were rated. Run by close-day;
    safe to run any number of times."""
    policy = await engine.policy()
    days = policy.rating_default_days if days is None else days
    level = policy.rating_default_level if level is None else level
    now = engine.now()
    cutoff = iso(now - timedelta(days=days))

    def tx(db):
        rows = db.execute("SELECT t.* FROM tickets t LEFT JOIN ratings r ON r.ticket_id = t.id"
                          " WHERE t.state=? AND t.finished_at<=? AND r.id IS NULL ORDER BY t.id",
                          (TicketState.DONE, cutoff)).fetchall()
        for row in rows:
            _rate_row(db, now, row, level, None, None, "default", actor)
        return len(rows)

    return await engine.write(tx)


# ---------------------------------------------------------------------- reading
async def pending_for_window(engine, window: int, within_s: float | None = None) -> Ticket | None:
    """The ticket last finished at this window today, if it is still unrated (and, with
    `within_s`, finished no longer ago than that): the one the window's terminal asks about."""
    now = engine.now()

    def tx(db):
        row = db.execute("SELECT ticket_id FROM events WHERE day=? AND kind='ticket.finished' AND window=?"
                         " ORDER BY id DESC LIMIT 1", (now.date().isoformat(), window)).fetchone()
        if row is None:
            return None
        ticket = db.execute("SELECT t.*, r.id AS rated FROM tickets t LEFT JOIN ratings r ON r.ticket_id = t.id"
                            " WHERE t.id=?", (row[0],)).fetchone()
        if ticket is None or ticket["rated"] is not None or ticket["state"] != TicketState.DONE:
            return None
        if within_s is not None and (now - parse(ticket["finished_at"])).total_seconds() > within_s:
            return None
        return ticket_from_row(ticket)

    return await engine.read(tx)


async def rating_of(engine, ticket: int | str) -> Rating | None:
    """The rating of a ticket (by id or slip token), or None when it is not rated yet."""
    def tx(db):
        row = _ticket_row(db, ticket)
        r = db.execute("SELECT r.*, f.id AS followup_id FROM ratings r LEFT JOIN followups f ON f.rating_id = r.id"
                       " WHERE r.ticket_id=?", (row["id"],)).fetchone()
        if r is None:
            return None
        return Rating(r["id"], r["ticket_id"], row["number"], r["level"], r["reason"], r["text"], r["channel"],
                      r["window"], r["clerk_id"], parse(r["at"]), r["followup_id"])

    return await engine.read(tx)


async def open_followups(engine) -> list[FollowUp]:
    """Follow-ups not yet closed, the earliest due first."""
    return await engine.read(_followups, "WHERE f.closed_at IS NULL", ())


async def all_followups(engine) -> list[FollowUp]:
    """Every follow-up, open ones first, then the most recently closed."""
    return await engine.read(_followups, "", ())


async def open_followup_count(engine) -> int:
    def tx(db):
        return db.execute("SELECT count(*) FROM followups WHERE closed_at IS NULL").fetchone()[0]
    return await engine.read(tx)


def _followups(db, where: str, args: tuple) -> list[FollowUp]:
    rows = db.execute(
        "SELECT f.*, r.ticket_id, r.level, r.reason, r.text, r.channel, r.window, r.clerk_id, r.at AS rated_at,"
        " t.number, t.day, t.service, c.name AS clerk_name"
        " FROM followups f JOIN ratings r ON r.id = f.rating_id JOIN tickets t ON t.id = r.ticket_id"
        f" LEFT JOIN clerks c ON c.id = r.clerk_id {where}"
        " ORDER BY f.closed_at IS NOT NULL, CASE WHEN f.closed_at IS NULL THEN f.due END, f.closed_at DESC, f.id",
        args).fetchall()
    return [FollowUp(id=r["id"], rating_id=r["rating_id"], ticket_id=r["ticket_id"], number=r["number"], day=r["day"],
                     service=r["service"], window=r["window"], clerk_id=r["clerk_id"], clerk_name=r["clerk_name"],
                     level=r["level"], reason=r["reason"], text=r["text"], channel=r["channel"],
                     rated_at=parse(r["rated_at"]), opened_at=parse(r["opened_at"]), due=date.fromisoformat(r["due"]),
                     closed_at=parse(r["closed_at"]), note=r["note"], closed_by=r["closed_by"])
            for r in rows]
