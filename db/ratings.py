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
from enum import StrEnum

from hallq.db import texts as T
from hallq.db.calendar import CalendarGap, HallCalendar
from hallq.db.clock import iso, parse, parse_required
from hallq.db.core import OPERATOR, EngineCore
from hallq.db.errors import NotFound, Refused
from hallq.db.models import JsonDict, Ticket, jsonable
from hallq.db.rows import Db, Row, ticket_from_row
from hallq.db.store import append_event
from hallq.db.vocabulary import EventKind, Refusal, TicketState
from hallq.i18n import Text

FOLLOWUP_WORKING_DAYS = 5  # working days by the hall's calendar (db/calendar.py)

#: level → label, in the order the citizen sees them (5 非常满意 … 1 非常不满意)
LEVELS: dict[int, Text] = T.RATING_LEVEL
BAD_AT_MOST = 2  # levels 1 and 2 are 差评: a reason is required and a follow-up opens

#: why a citizen is dissatisfied: reason code → label
REASONS: dict[str, Text] = T.RATING_REASON
TEXT_MAX = 500  # characters of a comment kept

#: the actor of an action a clerk took as themselves: "clerk:<id>"
CLERK_ACTOR_PREFIX = "clerk:"


class Channel(StrEnum):
    """Where a rating was given (the ratings table's CHECK lists the same values)."""

    TERMINAL = "terminal"         # the rating terminal at the window
    STATUS_PAGE = "status_page"   # the status page of the slip's QR code
    DEFAULT = "default"           # nobody rated: the policy's default after rating_default_days


CHANNELS = tuple(Channel)


def level_label(level: int, lang: str = "zh") -> str:
    """The label of rating level 1–5 in `lang` (e.g. 5 → 非常满意).

    Args:
        level: 1–5.
        lang: "zh" or "en".

    Raises:
        KeyError: not a level 1–5.
    """
    return LEVELS[level].text(lang)


def reason_label(reason: str | None, lang: str = "zh") -> str:
    """The label of a reason code in `lang`.

    Args:
        reason: a REASONS code, or None.
        lang: "zh" or "en".

    Returns:
        The label; an unknown code as it is; "" for no reason.
    """
    if not reason:
        return ""
    label = REASONS.get(reason)
    return label.text(lang) if label else reason


def is_bad(level: int) -> bool:
    """Whether a level is 差评 (不满意 or 非常不满意): it needs a reason and opens a follow-up."""
    return level <= BAD_AT_MOST


def clerk_of_actor(actor: str | None) -> str | None:
    """The clerk id of an actor "clerk:<id>"; None for any other actor."""
    if actor and actor.startswith(CLERK_ACTOR_PREFIX):
        return actor[len(CLERK_ACTOR_PREFIX):]
    return None


def due_date(calendar: HallCalendar, start: date) -> tuple[date, int | None]:
    """A follow-up's due date: FOLLOWUP_WORKING_DAYS working days after `start` by the
    hall's calendar (public holidays and make-up days included).

    Returns:
        (the day, None); or, when the count runs into a year nobody's calendar knows,
        (the day counted Monday to Friday, that year): the follow-up says its due date is
        not certain rather than passing a guess off as known.
    """
    try:
        return calendar.add_working_days(start, FOLLOWUP_WORKING_DAYS), None
    except CalendarGap as gap:
        day, days = start, FOLLOWUP_WORKING_DAYS
        while days > 0:
            day += timedelta(days=1)
            days -= day.weekday() < 5
        return day, gap.year


@dataclass(frozen=True)
class Rating:
    """A citizen's rating of a finished ticket (好差评).

    Attributes:
        level: 1–5 (5 非常满意); reason: a REASONS code (required for levels 1–2);
        text: the citizen's comment, at most TEXT_MAX characters; channel: a Channel value;
        window, clerk_id: where and by whom the ticket was finished; at: hall time;
        followup_id: the follow-up a bad rating opened.
    """

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
        """Whether it is 差评."""
        return is_bad(self.level)

    def label(self, lang: str = "zh") -> str:
        """The level's label in `lang`."""
        return level_label(self.level, lang)

    def to_json(self) -> JsonDict:
        """As JSON data (datetimes as ISO text)."""
        data: JsonDict = jsonable(asdict(self))
        return data


@dataclass(frozen=True)
class FollowUp:
    """The follow-up (整改) of a bad rating: open until a supervisor closes it with a note.

    Attributes:
        day, number, service: the ticket rated; window, clerk_id, clerk_name: who served it;
        level, reason, text, channel, rated_at: the rating; opened_at: hall time;
        due: FOLLOWUP_WORKING_DAYS working days after the rating;
        closed_at, note, closed_by: set once closed.
    """

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
        """Not closed yet."""
        return self.closed_at is None

    def overdue(self, today: date) -> bool:
        """Open after its due day."""
        return self.is_open and today > self.due

    def to_json(self) -> JsonDict:
        """As JSON data (datetimes as ISO text, `due` as YYYY-MM-DD)."""
        data: JsonDict = jsonable(asdict(self))
        data["due"] = self.due.isoformat()
        return data


# ---------------------------------------------------------------------- writing
async def rate(engine: EngineCore, ticket: int | str, level: int, reason: str | None = None, text: str | None = None,
               channel: str = Channel.TERMINAL, actor: str | None = None) -> Rating:
    """Rate a finished ticket, once per ticket; a bad rating opens a follow-up.

    Args:
        engine: the hall engine.
        ticket: the ticket's id, or its slip token (str).
        level: 1–5 (5 非常满意).
        reason: a REASONS code; required for levels 1–2.
        text: a comment; stripped, at most TEXT_MAX characters kept.
        channel: a Channel value.
        actor: who gave it; default "rating:<channel>".

    Returns:
        The Rating (with `followup_id` for a bad one).

    Raises:
        Refused(bad_level | bad_channel | bad_reason | reason_needed | not_finished | already_rated);
        NotFound(unknown_ticket).
    """
    if level not in LEVELS:
        raise Refused(Refusal.BAD_LEVEL, T.BAD_LEVEL)
    if channel not in CHANNELS:
        raise Refused(Refusal.BAD_CHANNEL, T.BAD_CHANNEL(channel=channel))
    if reason is not None and reason not in REASONS:
        raise Refused(Refusal.BAD_REASON, T.BAD_REASON(reason=reason))
    if is_bad(level) and reason is None:
        raise Refused(Refusal.REASON_NEEDED, T.REASON_NEEDED)
    comment = (text or "").strip()[:TEXT_MAX] or None
    who = actor or f"rating:{channel}"
    calendar = HallCalendar((await engine.config()).calendar)

    def tx(db: Db, now: datetime) -> Rating:
        row = _ticket_row(db, ticket)
        return _rate_row(db, now, row, level, reason, comment, Channel(channel), who, calendar)

    return await engine.transact(tx)


def _ticket_row(db: Db, ticket: int | str) -> Row:
    """The tickets row by id (int) or slip token (str).

    Raises:
        NotFound(unknown_ticket).
    """
    if isinstance(ticket, int):
        row: Row | None = db.execute("SELECT * FROM tickets WHERE id=?", (ticket,)).fetchone()
    else:
        row = db.execute("SELECT * FROM tickets WHERE token=?", (ticket,)).fetchone()
    if row is None:
        raise NotFound(Refusal.UNKNOWN_TICKET, T.NO_SUCH_TICKET)
    return row


def _rate_row(db: Db, now: datetime, row: Row, level: int, reason: str | None, text: str | None, channel: Channel,
              actor: str, calendar: HallCalendar) -> Rating:
    """Store a rating of `row` (and a follow-up for a bad one), with their events.

    Raises:
        Refused(not_finished | already_rated).
    """
    if row["state"] != TicketState.DONE:
        raise Refused(Refusal.NOT_FINISHED, T.NOT_FINISHED(number=row["number"]))
    if db.execute("SELECT 1 FROM ratings WHERE ticket_id=?", (row["id"],)).fetchone():
        raise Refused(Refusal.ALREADY_RATED, T.ALREADY_RATED(number=row["number"]))
    clerk = _clerk_at_finish(db, row)
    rating_id = db.execute(
        "INSERT INTO ratings (ticket_id, level, reason, text, channel, window, clerk_id, at) VALUES (?,?,?,?,?,?,?,?)",
        (row["id"], level, reason, text, channel, row["window"], clerk, iso(now))).lastrowid
    assert rating_id is not None  # an INSERT sets lastrowid
    append_event(db, now, EventKind.RATING_GIVEN, ticket=row, actor=actor, rating=rating_id, level=level,
                 reason=reason, text=text, channel=channel, clerk=clerk)
    followup_id = None
    if is_bad(level):
        due, unknown_year = due_date(calendar, now.date())
        followup_id = db.execute("INSERT INTO followups (rating_id, opened_at, due) VALUES (?,?,?)",
                                 (rating_id, iso(now), due.isoformat())).lastrowid
        append_event(db, now, EventKind.FOLLOWUP_OPENED, ticket=row, actor=actor, followup=followup_id,
                     rating=rating_id, level=level, reason=reason, due=due.isoformat(), clerk=clerk,
                     due_uncertain_year=unknown_year)
    return Rating(rating_id, row["id"], row["number"], level, reason, text, channel, row["window"], clerk, now,
                  followup_id)


def _clerk_at_finish(db: Db, row: Row) -> str | None:
    """Who served the ticket: the clerk acting on its finish, else the clerk logged in at
    that window when it was finished (the last login/logout there before the finish)."""
    finish = db.execute("SELECT id, day, actor FROM events WHERE ticket_id=? AND kind='ticket.finished'"
                        " ORDER BY id DESC LIMIT 1", (row["id"],)).fetchone()
    if finish is None:
        return None
    acting = clerk_of_actor(finish["actor"])
    if acting is not None:
        return acting
    last = db.execute("SELECT kind, data FROM events WHERE day=? AND kind IN ('window.login','window.logout')"
                      " AND window=? AND id<? ORDER BY id DESC LIMIT 1",
                      (finish["day"], row["window"], finish["id"])).fetchone()
    if last is None or last["kind"] != EventKind.WINDOW_LOGIN:
        return None
    clerk: str | None = json.loads(last["data"]).get("clerk")
    return clerk


async def close_followup(engine: EngineCore, followup_id: int, note: str, actor: str) -> FollowUp:
    """Close an open follow-up with a note saying what was done.

    Args:
        engine: the hall engine.
        followup_id: the follow-up.
        note: what was done (处理说明); stripped, must not be empty.
        actor: who closed it, e.g. "supervisor:s01".

    Returns:
        The follow-up, closed.

    Raises:
        Refused(note_needed | already_closed); NotFound(unknown_followup).
    """
    note = (note or "").strip()
    if not note:
        raise Refused(Refusal.NOTE_NEEDED, T.NOTE_NEEDED)

    def tx(db: Db, now: datetime) -> FollowUp:
        found = _followups(db, "WHERE f.id=?", (followup_id,))
        if not found:
            raise NotFound(Refusal.UNKNOWN_FOLLOWUP, T.NO_FOLLOWUP(id=followup_id))
        if not found[0].is_open:
            raise Refused(Refusal.ALREADY_CLOSED,
                          T.FOLLOWUP_CLOSED(id=followup_id, at=f"{found[0].closed_at:%m-%d %H:%M}"))
        db.execute("UPDATE followups SET closed_at=?, note=?, closed_by=? WHERE id=?",
                   (iso(now), note, actor, followup_id))
        ticket = db.execute("SELECT * FROM tickets WHERE id=?", (found[0].ticket_id,)).fetchone()
        append_event(db, now, EventKind.FOLLOWUP_CLOSED, ticket=ticket, actor=actor, followup=followup_id, note=note)
        return _followups(db, "WHERE f.id=?", (followup_id,))[0]

    return await engine.transact(tx)


async def apply_default_ratings(engine: EngineCore, actor: str = OPERATOR, days: int | None = None,
                                level: int | None = None) -> int:
    """Give the default rating (channel "default") to every ticket finished `days` or more
    ago and not rated. Run by close-day; safe to run any number of times.

    Args:
        engine: the hall engine.
        actor: who gives it.
        days: default the policy's rating_default_days.
        level: default the policy's rating_default_level.

    Returns:
        How many tickets were rated.
    """
    policy = await engine.policy()
    after_days = policy.rating_default_days if days is None else days
    default_level = policy.rating_default_level if level is None else level
    calendar = HallCalendar((await engine.config()).calendar)

    def tx(db: Db, now: datetime) -> int:
        cutoff = iso(now - timedelta(days=after_days))
        rows = db.execute("SELECT t.* FROM tickets t LEFT JOIN ratings r ON r.ticket_id = t.id"
                          " WHERE t.state=? AND t.finished_at<=? AND r.id IS NULL ORDER BY t.id",
                          (TicketState.DONE, cutoff)).fetchall()
        for row in rows:
            _rate_row(db, now, row, default_level, None, None, Channel.DEFAULT, actor, calendar)
        return len(rows)

    return await engine.transact(tx)


# ---------------------------------------------------------------------- reading
async def served_by(engine: EngineCore, ticket_id: int) -> tuple[str, str] | None:
    """Who served a finished ticket, as the rating records it (`_clerk_at_finish`): the
    rating terminal names them to the citizen.

    Args:
        engine: the hall engine.
        ticket_id: the ticket.

    Returns:
        (工号, name), or None when no clerk is known.
    """
    def tx(db: Db) -> tuple[str, str] | None:
        row = db.execute("SELECT * FROM tickets WHERE id=?", (ticket_id,)).fetchone()
        clerk = _clerk_at_finish(db, row) if row is not None else None
        if clerk is None:
            return None
        found = db.execute("SELECT name FROM clerks WHERE id=?", (clerk,)).fetchone()
        return clerk, str(found["name"]) if found else clerk

    return await engine.read(tx)


async def pending_for_window(engine: EngineCore, window: int, within_s: float | None = None) -> Ticket | None:
    """The ticket the window's rating terminal asks about: the one last finished at this
    window today, if it is still unrated.

    Args:
        engine: the hall engine.
        window: the window.
        within_s: only if finished no longer ago than this many seconds.

    Returns:
        The ticket, or None.
    """
    now = engine.now()

    def tx(db: Db) -> Ticket | None:
        row = db.execute("SELECT ticket_id FROM events WHERE day=? AND kind='ticket.finished' AND window=?"
                         " ORDER BY id DESC LIMIT 1", (now.date().isoformat(), window)).fetchone()
        if row is None:
            return None
        ticket = db.execute("SELECT t.*, r.id AS rated FROM tickets t LEFT JOIN ratings r ON r.ticket_id = t.id"
                            " WHERE t.id=?", (row[0],)).fetchone()
        if ticket is None or ticket["rated"] is not None or ticket["state"] != TicketState.DONE:
            return None
        if within_s is not None and (now - parse_required(ticket["finished_at"])).total_seconds() > within_s:
            return None
        return ticket_from_row(ticket)

    return await engine.read(tx)


async def rating_of(engine: EngineCore, ticket: int | str) -> Rating | None:
    """The rating of a ticket, or None when it is not rated yet.

    Args:
        engine: the hall engine.
        ticket: the ticket's id, or its slip token (str).

    Raises:
        NotFound(unknown_ticket).
    """
    def tx(db: Db) -> Rating | None:
        row = _ticket_row(db, ticket)
        r = db.execute("SELECT r.*, f.id AS followup_id FROM ratings r LEFT JOIN followups f ON f.rating_id = r.id"
                       " WHERE r.ticket_id=?", (row["id"],)).fetchone()
        if r is None:
            return None
        return Rating(r["id"], r["ticket_id"], row["number"], r["level"], r["reason"], r["text"], Channel(r["channel"]),
                      r["window"], r["clerk_id"], parse_required(r["at"]), r["followup_id"])

    return await engine.read(tx)


async def open_followups(engine: EngineCore) -> list[FollowUp]:
    """Follow-ups not yet closed, the earliest due first."""
    return await engine.read(_followups, "WHERE f.closed_at IS NULL", ())


async def all_followups(engine: EngineCore) -> list[FollowUp]:
    """Every follow-up, open ones first, then the most recently closed."""
    return await engine.read(_followups, "", ())


async def open_followup_count(engine: EngineCore) -> int:
    """How many follow-ups are open."""
    def tx(db: Db) -> int:
        count: int = db.execute("SELECT count(*) FROM followups WHERE closed_at IS NULL").fetchone()[0]
        return count

    return await engine.read(tx)


def _followups(db: Db, where: str, args: tuple[object, ...]) -> list[FollowUp]:
    """The follow-ups matching `where` (SQL over followups f), in the order the lists show."""
    rows = db.execute(
        "SELECT f.*, r.ticket_id, r.level, r.reason, r.text, r.channel, r.window, r.clerk_id, r.at AS rated_at,"
        " t.number, t.day, t.service, c.name AS clerk_name"
        " FROM followups f JOIN ratings r ON r.id = f.rating_id JOIN tickets t ON t.id = r.ticket_id"
        f" LEFT JOIN clerks c ON c.id = r.clerk_id {where}"
        " ORDER BY f.closed_at IS NOT NULL, CASE WHEN f.closed_at IS NULL THEN f.due END, f.closed_at DESC, f.id",
        args).fetchall()
    return [FollowUp(id=r["id"], rating_id=r["rating_id"], ticket_id=r["ticket_id"], number=r["number"], day=r["day"],
                     service=r["service"], window=r["window"], clerk_id=r["clerk_id"], clerk_name=r["clerk_name"],
                     level=r["level"], reason=r["reason"], text=r["text"], channel=Channel(r["channel"]),
                     rated_at=parse_required(r["rated_at"]), opened_at=parse_required(r["opened_at"]),
                     due=date.fromisoformat(r["due"]), closed_at=parse(r["closed_at"]), note=r["note"],
                     closed_by=r["closed_by"])
            for r in rows]
