"""The schema and its migrations, tracked in PRAGMA user_version.

Add a migration by appending to MIGRATIONS; never edit a released one.
"""
from __future__ import annotations

import sqlite3

MIGRATIONS: list[str] = [
    # 1: the hall
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE services (
        prefix           TEXT PRIMARY KEY,
        position         INTEGER NOT NULL,
        name             TEXT NOT NULL,
        name_en          TEXT NOT NULL,
        handling_minutes REAL NOT NULL,
        hours            TEXT NOT NULL,          -- JSON [["09:00","12:00"], …]
        daily_limit      INTEGER,
        appointment_only INTEGER NOT NULL DEFAULT 0,
        is_open          INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE windows (
        number          INTEGER PRIMARY KEY,
        name            TEXT NOT NULL,
        services        TEXT NOT NULL,           -- JSON list, order of preference
        state           TEXT NOT NULL DEFAULT 'logged_out',  -- logged_out | open | paused
        clerk_id        TEXT,
        pause_reason    TEXT,
        since           TEXT,
        current_ticket  INTEGER,
        priority_streak INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE clerks (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        role         TEXT NOT NULL DEFAULT 'clerk',
        pin_salt     BLOB NOT NULL,
        pin_hash     BLOB NOT NULL,
        failed_pins  INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT
    );
    CREATE TABLE counters (
        day    TEXT NOT NULL,
        prefix TEXT NOT NULL,
        last   INTEGER NOT NULL,
        PRIMARY KEY (day, prefix)
    );
    CREATE TABLE tickets (
        id               INTEGER PRIMARY KEY,
        day              TEXT NOT NULL,
        number           TEXT NOT NULL,
        service          TEXT NOT NULL,
        original_service TEXT NOT NULL,
        state            TEXT NOT NULL,
        lane             INTEGER NOT NULL,       -- 0 appointment, 1 priority, 2 regular
        queue_key        REAL NOT NULL,          -- order inside a lane: seconds after midnight
        priority         TEXT,
        taken_at         TEXT NOT NULL,
        called_at        TEXT,
        started_at       TEXT,
        finished_at      TEXT,
        handling_s       REAL,
        window           INTEGER,
        target_window    INTEGER,
        recalls          INTEGER NOT NULL DEFAULT 0,
        appointment_code TEXT,
        slot_start       TEXT,
        slot_end         TEXT,
        token            TEXT NOT NULL UNIQUE,
        kiosk            TEXT,
        note             TEXT,
        UNIQUE (day, number)
    );
    CREATE INDEX tickets_queue ON tickets (day, service, lane, queue_key) WHERE state = 'waiting';
    CREATE INDEX tickets_state ON tickets (day, state);
    CREATE INDEX tickets_targeted ON tickets (day, target_window, queue_key)
        WHERE state = 'waiting' AND target_window IS NOT NULL;
    CREATE TABLE appointments (
        code         TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        service      TEXT NOT NULL,
        slot_start   TEXT NOT NULL,
        slot_end     TEXT NOT NULL,
        id_hash      TEXT,
        id_masked    TEXT,
        phone_hash   TEXT,
        phone_masked TEXT,
        ticket_id    INTEGER REFERENCES tickets (id),
        imported_at  TEXT NOT NULL
    );
    CREATE INDEX appointments_id ON appointments (id_hash);
    CREATE INDEX appointments_phone ON appointments (phone_hash);
    CREATE TABLE events (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        at        TEXT NOT NULL,
        day       TEXT NOT NULL,
        kind      TEXT NOT NULL,
        ticket_id INTEGER,
        number    TEXT,
        service   TEXT,
        window    INTEGER,
        actor     TEXT,
        data      TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX events_day ON events (day, kind);
    CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    """,
    # 2: printers and other devices report their state, so the supervisor sees them
    """
    CREATE TABLE devices (
        id       TEXT PRIMARY KEY,        -- e.g. 'kiosk:K1'
        kind     TEXT NOT NULL,           -- 'printer'
        url      TEXT,
        ok       INTEGER NOT NULL,
        warning  INTEGER NOT NULL DEFAULT 0,
        problem  TEXT,
        since    TEXT NOT NULL
    );
    """,
    # 3: the citizen's evaluation (好差评) and the follow-up (整改) of a bad one
    """
    CREATE TABLE ratings (
        id        INTEGER PRIMARY KEY,
        ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets (id),
        level     INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),  -- 5 非常满意 … 1 非常不满意
        reason    TEXT,
        text      TEXT,
        channel   TEXT NOT NULL CHECK (channel IN ('terminal', 'status_page', 'default')),
        window    INTEGER,
        clerk_id  TEXT,
        at        TEXT NOT NULL
    );
    CREATE TABLE followups (
        id        INTEGER PRIMARY KEY,
        rating_id INTEGER NOT NULL UNIQUE REFERENCES ratings (id),
        opened_at TEXT NOT NULL,
        due       TEXT NOT NULL,               -- date, 5 working days after the rating
        closed_at TEXT,
        note      TEXT,
        closed_by TEXT
    );
    CREATE INDEX followups_open ON followups (due) WHERE closed_at IS NULL;
    """,
    # 4: queue_key is a sequence assigned in the issuing transaction (not seconds of the
    # day): the next one is max + 1 of the day's, found through tickets_seq; a service's
    # tickets by state (handling times, estimates) through tickets_service
    """
    CREATE INDEX tickets_seq ON tickets (day, queue_key);
    CREATE INDEX tickets_service ON tickets (day, service, state);
    """,
    # 5: a day's bookings by slot (the day's list, the reports' booking figures), found by
    # a range of slot_start rather than a scan of every booking ever imported
    """
    CREATE INDEX appointments_slot ON appointments (slot_start);
    """,
    # 6 (assigned 7; 6 is the next free place on main now): a clerk can be disabled
    # (hallq clerk disable): kept for the reports, refused at every PIN check
    """
    ALTER TABLE clerks ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
    """,
    # 7 (assigned 6; 6 is main's now): "your turn is near". A citizen's mobile number, AES-GCM encrypted, only for the
    # day (close-day deletes it); the outbox of messages, written in the transaction of
    # the call that causes them, sent by `hallq notify` (pending → sending → sent |
    # failed | expired).
    """
    CREATE TABLE notify_phones (
        ticket_id  INTEGER PRIMARY KEY REFERENCES tickets (id),
        day        TEXT NOT NULL,
        phone_enc  BLOB NOT NULL,               -- nonce (12 bytes) + AES-GCM ciphertext
        masked     TEXT NOT NULL,               -- 138****5678
        given_at   TEXT NOT NULL
    );
    CREATE INDEX notify_phones_day ON notify_phones (day);
    CREATE TABLE outbox (
        id         INTEGER PRIMARY KEY,
        ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
        day        TEXT NOT NULL,
        kind       TEXT NOT NULL,               -- near | called
        channel    TEXT NOT NULL,
        payload    TEXT NOT NULL,               -- JSON, without the phone number
        state      TEXT NOT NULL DEFAULT 'pending',
        attempts   INTEGER NOT NULL DEFAULT 0,
        due_at     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        sent_at    TEXT,
        last_error TEXT,
        resends    INTEGER NOT NULL DEFAULT 0,  -- sends again after a crash between send and mark
        UNIQUE (ticket_id, kind)
    );
    CREATE INDEX outbox_due ON outbox (state, due_at);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database to SCHEMA_VERSION, one transaction per migration; safe when
    several processes open a new database at once (each migration re-checks the version
    under the write lock).

    Args:
        conn: a connection in autocommit mode (isolation_level=None).

    Returns:
        SCHEMA_VERSION.

    Raises:
        RuntimeError: the database was made by a newer hallq (its version is higher).
        sqlite3.Error: a migration failed (it is rolled back).
    """
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"database schema {version} is newer than this hallq ({SCHEMA_VERSION}); upgrade hallq")
    for number in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # re-check under the write lock: another process may have migrated meanwhile
            if conn.execute("PRAGMA user_version").fetchone()[0] != number:
                conn.execute("ROLLBACK")
                continue
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION


def _statements(script: str) -> list[str]:
    """Split a migration into statements (triggers contain ';' inside BEGIN…END)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
