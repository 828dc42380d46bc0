"""The hall engine: every ticket and window change as one transaction plus one event.

Usage:
    engine = await HallEngine.open("hallq.db", clock=SystemClock())
    ticket = await engine.issue_ticket("A")
    called = await engine.call_next(3)
    async for event in engine.follow(): ...

Operations raise `Refused` (with a one-line reason in Chinese and English) when a rule
forbids them; nothing is changed then.
"""
from __future__ import annotations

import asyncio
import json
import logging
import math
import os
import secrets
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path

from hallq.db import privacy, queue
from hallq.db.clock import Clock, SystemClock, iso, parse
from hallq.db.config import HallConfig, Policy, parse_config
from hallq.db.errors import NotFound, Refused, ServiceUnavailable
from hallq.db.models import (
    CALLED,
    CALLING,
    CANCELLED,
    DONE,
    EXPIRED,
    IDLE,
    LANE_APPOINTMENT,
    LANE_PRIORITY,
    LANE_REGULAR,
    LOGGED_OUT,
    NO_SHOW,
    OPEN_STATES,
    PAUSED,
    PRIORITY_REASONS,
    SERVING,
    WAITING,
    Appointment,
    Call,
    CheckIn,
    DayFigures,
    DeviceState,
    Event,
    ServiceFigures,
    ServiceQueue,
    Ticket,
    Window,
    WindowFigures,
)
from hallq.db.store import Store, append_event

log = logging.getLogger("hallq.engine")

OPERATOR = "operator"


def _seconds_of_day(when: datetime) -> float:
    return when.hour * 3600 + when.minute * 60 + when.second + when.microsecond / 1e6


def ticket_from_row(row: sqlite3.Row | None) -> Ticket | None:
    if row is None:
        return None
    return Ticket(
        id=row["id"], day=row["day"], number=row["number"], service=row["service"], state=row["state"],
        lane=row["lane"], priority=row["priority"], taken_at=parse(row["taken_at"]),
        called_at=parse(row["called_at"]), started_at=parse(row["started_at"]),
        finished_at=parse(row["finished_at"]), window=row["window"], target_window=row["target_window"],
        recalls=row["recalls"], appointment_code=row["appointment_code"],
        slot_start=parse(row["slot_start"]), slot_end=parse(row["slot_end"]), token=row["token"],
        kiosk=row["kiosk"], note=row["note"], original_service=row["original_service"],
    )


def _event(row: sqlite3.Row) -> Event:
    return Event(
        id=row["id"], at=parse(row["at"]), day=row["day"], kind=row["kind"], ticket_id=row["ticket_id"],
        number=row["number"], service=row["service"], window=row["window"], actor=row["actor"],
        data=json.loads(row["data"]),
    )


class HallEngine:
    def __init__(self, store: Store, clock: Clock, key: bytes):
        self.store = store
        self.clock = clock
        self._key = key
        self._config: HallConfig | None = None
        self._config_version: str | None = None
        self.feed_ok = True

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    async def open(cls, path: str | Path, clock: Clock | None = None) -> HallEngine:
        path = Path(path)
        store = await Store.open(path)
        return cls(store, clock or SystemClock(), _load_key(path))

    @property
    def path(self) -> str:
        return self.store.path

    async def close(self) -> None:
        await self.store.close()

    async def __aenter__(self) -> HallEngine:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> str:
        return self.now().date().isoformat()

    # ------------------------------------------------------------------ config
    async def load_config(self, config: HallConfig, text: str, actor: str = OPERATOR) -> None:
        """Create or update the hall from a parsed hall.toml. Runtime state (tickets,
        logged-in windows) is kept; services and windows are replaced by the config's."""
        now = self.now()
        clerk_hashes = [(c, privacy.hash_pin(c.pin)) for c in config.clerks]

        def tx(db):
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
            gone = known - {s.prefix for s in config.services}
            for prefix in gone:
                db.execute("DELETE FROM services WHERE prefix=?", (prefix,))
            existing = {r[0] for r in db.execute("SELECT number FROM windows")}
            for w in config.windows:
                if w.number in existing:
                    db.execute("UPDATE windows SET name=?, services=? WHERE number=?",
                               (w.name, json.dumps(list(w.services)), w.number))
                else:
                    db.execute("INSERT INTO windows (number, name, services, since) VALUES (?,?,?,?)",
                               (w.number, w.name, json.dumps(list(w.services)), iso(now)))
            for number in existing - {w.number for w in config.windows}:
                db.execute("DELETE FROM windows WHERE number=? AND state='logged_out'", (number,))
            for clerk, (salt, digest) in clerk_hashes:
                db.execute("INSERT OR IGNORE INTO clerks (id, name, role, pin_salt, pin_hash) VALUES (?,?,?,?,?)",
                           (clerk.id, clerk.name, clerk.role, salt, digest))
            append_event(db, now, "config.loaded", actor=actor, source=config.source,
                         services=len(config.services), windows=len(config.windows))

        await self.store.write(tx)

    async def config(self) -> HallConfig:
        """The hall config as last loaded (cached until another load is seen)."""
        return await self.store.read(self._config_in_tx)

    def _config_in_tx(self, db) -> HallConfig:
        row = db.execute("SELECT value FROM meta WHERE key='config_id'").fetchone()
        if row is None:
            raise NotFound("大厅尚未初始化：请先运行 hallq init --demo 或 hallq init --config hall.toml",
                           "The hall is not set up yet: run hallq init --demo or hallq init --config hall.toml")
        if row[0] != self._config_version:
            text = db.execute("SELECT value FROM meta WHERE key='config'").fetchone()[0]
            self._config = parse_config(text, "hall config in database")
            self._config_version = row[0]
        return self._config

    async def config_text(self) -> str:
        """The hall.toml text the hall was last loaded from."""
        await self.config()  # says clearly when there is none

        def tx(db):
            return db.execute("SELECT value FROM meta WHERE key='config'").fetchone()[0]
        return await self.store.read(tx)

    async def policy(self) -> Policy:
        return (await self.config()).policy

    async def is_initialised(self) -> bool:
        def tx(db):
            return db.execute("SELECT 1 FROM meta WHERE key='config'").fetchone() is not None
        return await self.store.read(tx)

    # ------------------------------------------------------------------ tickets
    async def issue_ticket(self, service: str, priority: str | None = None, kiosk: str | None = None,
                           actor: str | None = None) -> Ticket:
        """A walk-in ticket (现场取号). Refused when the service is closed, outside its
        hours, at its daily limit or for appointments only."""
        if priority is not None and priority not in PRIORITY_REASONS:
            raise Refused("bad_priority", f"未知的优先原因：{priority}",
                          f"Unknown priority reason: {priority} (one of {', '.join(PRIORITY_REASONS)})")
        now = self.now()

        def tx(db):
            svc = self._service_row(db, service)
            self._check_walk_in(db, svc, now)
            row = self._new_ticket(db, now, svc, lane=LANE_PRIORITY if priority else LANE_REGULAR,
                                   priority=priority, kiosk=kiosk)
            append_event(db, now, "ticket.issued", ticket=row, actor=actor or (f"kiosk:{kiosk}" if kiosk else OPERATOR),
                         priority=priority, kiosk=kiosk)
            return self._with_estimate(db, ticket_from_row(row), now)

        return await self.store.write(tx)

    def _service_row(self, db, prefix: str) -> sqlite3.Row:
        svc = db.execute("SELECT * FROM services WHERE prefix=?", (prefix,)).fetchone()
        if svc is None:
            names = ", ".join(r[0] for r in db.execute("SELECT prefix FROM services ORDER BY position"))
            raise NotFound(f"没有业务类别 {prefix}（现有：{names}）", f"No service {prefix} (services: {names})")
        return svc

    def _check_walk_in(self, db, svc, now: datetime) -> None:
        issued = db.execute("SELECT last FROM counters WHERE day=? AND prefix=?",
                            (now.date().isoformat(), svc["prefix"])).fetchone()
        refusal = walk_in_refusal(svc, issued[0] if issued else 0, now)
        if refusal is not None:
            raise refusal

    def _new_ticket(self, db, now: datetime, svc, lane: int, priority: str | None = None,
                    kiosk: str | None = None, appointment=None) -> sqlite3.Row:
        day, prefix = now.date().isoformat(), svc["prefix"]
        row = db.execute(
            "INSERT INTO counters (day, prefix, last) VALUES (?, ?, 1)"
            " ON CONFLICT (day, prefix) DO UPDATE SET last = last + 1 RETURNING last",
            (day, prefix)).fetchone()
        seq = row[0]
        if seq > 999:
            raise ServiceUnavailable("limit", f"{svc['name']}今日号码已用完", f"{svc['name_en']} has run out of numbers today",
                                     reason="limit")
        number = f"{prefix}{seq:03d}"
        cur = db.execute(
            "INSERT INTO tickets (day, number, service, original_service, state, lane, queue_key, priority,"
            " taken_at, appointment_code, slot_start, slot_end, token, kiosk)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING *",
            (day, number, prefix, prefix, WAITING, lane, _seconds_of_day(now), priority, iso(now),
             appointment["code"] if appointment else None,
             appointment["slot_start"] if appointment else None,
             appointment["slot_end"] if appointment else None,
             secrets.token_urlsafe(16), kiosk))
        return cur.fetchone()

    async def cancel(self, number: str, actor: str = OPERATOR) -> Ticket:
        now = self.now()

        def tx(db):
            row = self._ticket_row(db, number, now)
            if row["state"] not in (WAITING, NO_SHOW):
                raise Refused("not_waiting", f"{number} 当前状态为{ticket_from_row(row).state_label()}，不能取消",
                              f"{number} is {ticket_from_row(row).state_label('en').lower()}; it cannot be cancelled")
            db.execute("UPDATE tickets SET state=? WHERE id=?", (CANCELLED, row["id"]))
            append_event(db, now, "ticket.cancelled", ticket=row, actor=actor)
            return self._ticket_by_id(db, row["id"])

        return await self.store.write(tx)

    # ------------------------------------------------------------------ appointments
    async def import_appointments(self, rows: Iterable[dict], actor: str = OPERATOR):
        """Import bookings; see db.appointments.import_rows for validation."""
        from hallq.db.appointments import import_rows
        return await import_rows(self, rows, actor)

    async def check_in(self, text: str, kiosk: str | None = None) -> CheckIn:
        """Check in an appointment by its code, an 18-digit ID number or a phone number."""
        now = self.now()
        policy = await self.policy()
        query = privacy.normalise_id(text)
        if privacy.ID_RE.match(query):
            if not privacy.valid_id(query):
                return CheckIn("invalid", "身份证号码有误，请核对后重新输入", "That ID number is not valid; please check it")
            column, value = "id_hash", privacy.keyed_hash(self._key, "id", query)
        elif privacy.valid_phone(query):
            column, value = "phone_hash", privacy.keyed_hash(self._key, "phone", query)
        elif query:
            column, value = "code", query
        else:
            return CheckIn("unknown", "请输入预约码、身份证号或手机号", "Enter a booking code, ID number or phone number")

        def tx(db):
            rows = db.execute(f"SELECT * FROM appointments WHERE {column}=? ORDER BY slot_start", (value,)).fetchall()
            if not rows:
                return CheckIn("unknown", "没有找到这个预约，请核对预约码，或到服务台咨询",
                               "No booking found; please check the code or ask at the information desk")
            appt = _pick_appointment(rows, now)
            booking = _appointment(appt)
            if appt["ticket_id"] is not None:
                ticket = self._with_estimate(db, self._ticket_by_id(db, appt["ticket_id"]), now)
                return CheckIn("already", f"您已签到，号码是 {ticket.number}", f"Already checked in: your number is {ticket.number}",
                               ticket=ticket, appointment=booking)
            start, end = parse(appt["slot_start"]), parse(appt["slot_end"])
            earliest = start - timedelta(minutes=policy.appointment_early_minutes)
            latest = end + timedelta(minutes=policy.appointment_late_minutes)
            if now < earliest:
                when = earliest.strftime("%H:%M") if earliest.date() == now.date() else earliest.strftime("%m月%d日 %H:%M")
                when_en = earliest.strftime("%H:%M") if earliest.date() == now.date() else earliest.strftime("%d %b %H:%M")
                return CheckIn("too_early", f"您预约的时段是 {start:%H:%M}-{end:%H:%M}，请于 {when} 以后签到",
                               f"Your slot is {start:%H:%M}-{end:%H:%M}; please check in from {when_en}",
                               appointment=booking, come_back_at=earliest)
            if now > latest:
                return CheckIn("too_late", f"您预约的时段 {start:%H:%M}-{end:%H:%M} 已过，可改为现场取号",
                               f"Your slot {start:%H:%M}-{end:%H:%M} has passed; you can take a walk-in ticket",
                               appointment=booking)
            svc = self._service_row(db, appt["service"])
            row = self._new_ticket(db, now, svc, lane=LANE_APPOINTMENT, kiosk=kiosk, appointment=appt)
            db.execute("UPDATE appointments SET ticket_id=? WHERE code=?", (row["id"], appt["code"]))
            append_event(db, now, "ticket.checked_in", ticket=row, actor=f"kiosk:{kiosk}" if kiosk else OPERATOR,
                         code=appt["code"], kiosk=kiosk)
            ticket = self._with_estimate(db, ticket_from_row(row), now)
            return CheckIn("checked_in", f"签到成功，您的号码是 {ticket.number}", f"Checked in: your number is {ticket.number}",
                           ticket=ticket, appointment=replace(booking, ticket_id=row["id"]))

        return await self.store.write(tx)

    async def appointments(self, day: str | None = None) -> list[Appointment]:
        day = day or self.today()

        def tx(db):
            rows = db.execute("SELECT * FROM appointments WHERE substr(slot_start, 1, 10)=? ORDER BY slot_start", (day,))
            return [_appointment(r) for r in rows]
        return await self.store.read(tx)

    # ------------------------------------------------------------------ windows: calls
    async def call_next(self, window: int, actor: str = OPERATOR) -> Ticket:
        """Call the next ticket for this window under the queue rules. A ticket still
        being served here is finished first; a ticket only called must be started or
        marked no-show before the next call."""
        now = self.now()

        def tx(db):
            win = self._window_row(db, window)
            self._check_can_call(db, win, actor, now)
            row = self._pick_next(db, win, self._policy_in_tx(db), now.date().isoformat())
            if row is None:
                raise Refused("nothing_waiting", f"{window}号窗口的业务暂无人等候", f"Nobody is waiting for window {window}")
            return self._call(db, win, row, now, actor, how="next")

        return await self.store.write(tx)

    async def call_number(self, window: int, number: str, actor: str = OPERATOR) -> Ticket:
        """Call a given waiting number (e.g. a citizen who came back to the window)."""
        now = self.now()

        def tx(db):
            win = self._window_row(db, window)
            self._check_can_call(db, win, actor, now)
            row = self._ticket_row(db, number, now)
            if row["state"] != WAITING:
                raise Refused("not_waiting", f"{number} 当前{ticket_from_row(row).state_label()}，不能叫号",
                              f"{number} is {ticket_from_row(row).state_label('en').lower()}; it cannot be called")
            services = json.loads(win["services"])
            if row["target_window"] not in (None, window) or (row["target_window"] is None and row["service"] not in services):
                raise Refused("not_yours", f"{number} 不属于{window}号窗口的业务", f"{number} is not for window {window}")
            return self._call(db, win, row, now, actor, how="number")

        return await self.store.write(tx)

    def _check_can_call(self, db, win, actor: str, now: datetime) -> None:
        number = win["number"]
        if win["state"] == PAUSED:
            raise Refused("paused", f"{number}号窗口已暂停：先恢复(resume)再叫号", f"Window {number} is paused: resume first")
        if win["state"] == LOGGED_OUT:
            if actor != OPERATOR:
                raise Refused("logged_out", f"{number}号窗口未登录", f"Window {number} is not logged in")
            db.execute("UPDATE windows SET state='open', since=? WHERE number=?", (iso(now), number))
        current = self._current_row(db, win)
        if current is not None:
            if current["state"] == CALLED:
                raise Refused("still_called",
                              f"{current['number']} 还在呼叫中：请开始办理、重呼或过号后再叫下一位",
                              f"{current['number']} is still being called: start, recall or mark it missed first")
            self._finish_row(db, current, now, actor)

    def _pick_next(self, db, win, policy: Policy, day: str) -> sqlite3.Row | None:
        number = win["number"]
        targeted = db.execute(
            "SELECT * FROM tickets WHERE day=? AND state='waiting' AND target_window=? ORDER BY queue_key, id LIMIT 1",
            (day, number)).fetchone()
        if targeted is not None:
            return targeted
        for service in json.loads(win["services"]):
            head = db.execute(
                "SELECT * FROM tickets WHERE day=? AND service=? AND state='waiting' AND target_window IS NULL"
                " ORDER BY lane, queue_key, id LIMIT 1", (day, service)).fetchone()
            if head is None:
                continue
            if head["lane"] == LANE_PRIORITY:
                regular = db.execute(
                    "SELECT * FROM tickets WHERE day=? AND service=? AND state='waiting' AND target_window IS NULL"
                    " AND lane=? ORDER BY queue_key, id LIMIT 1", (day, service, LANE_REGULAR)).fetchone()
                if not queue.take_priority(win["priority_streak"], policy.max_priority_in_a_row, regular is not None):
                    return regular
            return head
        return None

    def _call(self, db, win, row, now: datetime, actor: str, how: str) -> Ticket:
        number = win["number"]
        called = db.execute("UPDATE tickets SET state=?, called_at=?, window=?, recalls=0, target_window=NULL"
                            " WHERE id=? RETURNING *", (CALLED, iso(now), number, row["id"])).fetchone()
        db.execute("UPDATE windows SET current_ticket=?, priority_streak=?, since=? WHERE number=?",
                   (row["id"], queue.next_streak(win["priority_streak"], row["lane"]), iso(now), number))
        waited = (now - parse(row["taken_at"])).total_seconds()
        append_event(db, now, "ticket.called", ticket=row, window=number, actor=actor, how=how,
                     window_name=win["name"], waited_s=round(waited, 1))
        return ticket_from_row(called)

    async def recall(self, window: int, actor: str = OPERATOR) -> Ticket:
        now = self.now()

        def tx(db):
            win = self._window_row(db, window)
            row = self._require_current(db, win, (CALLED, SERVING))
            db.execute("UPDATE tickets SET recalls = recalls + 1 WHERE id=?", (row["id"],))
            append_event(db, now, "ticket.recalled", ticket=row, window=window, actor=actor,
                         recalls=row["recalls"] + 1, window_name=win["name"])
            return self._ticket_by_id(db, row["id"])

        return await self.store.write(tx)

    async def no_show(self, window: int, actor: str = OPERATOR) -> Ticket:
        """Mark the called ticket as missed (过号), allowed after the policy's recalls."""
        now = self.now()

        def tx(db):
            win = self._window_row(db, window)
            row = self._require_current(db, win, (CALLED,))
            needed = self._policy_in_tx(db).recalls_before_no_show
            if row["recalls"] < needed:
                raise Refused("recall_first", f"{row['number']} 需先重呼 {needed} 次才能过号（已重呼 {row['recalls']} 次）",
                              f"Recall {row['number']} {needed} times before marking it missed ({row['recalls']} so far)")
            db.execute("UPDATE tickets SET state=? WHERE id=?", (NO_SHOW, row["id"]))
            db.execute("UPDATE windows SET current_ticket=NULL, since=? WHERE number=?", (iso(now), window))
            append_event(db, now, "ticket.no_show", ticket=row, window=window, actor=actor)
            return self._ticket_by_id(db, row["id"])

        return await self.store.write(tx)

    async def rejoin(self, number: str, actor: str = OPERATOR) -> Ticket:
        """A missed ticket rejoins its queue a few places behind the head, same day only."""
        now = self.now()

        def tx(db):
            policy = self._policy_in_tx(db)
            row = self._ticket_row(db, number, now)
            if row["state"] != NO_SHOW:
                raise Refused("not_no_show", f"{number} 不是过号状态，不能重新排队",
                              f"{number} was not missed; it cannot rejoin")
            keys = [r[0] for r in db.execute(
                "SELECT queue_key FROM tickets WHERE day=? AND service=? AND lane=? AND state='waiting'"
                " AND target_window IS NULL ORDER BY queue_key, id", (row["day"], row["service"], row["lane"]))]
            key = queue.rejoin_key(keys, policy.rejoin_places_behind_head, _seconds_of_day(now))
            db.execute("UPDATE tickets SET state=?, queue_key=?, window=NULL, recalls=0, called_at=NULL WHERE id=?",
                       (WAITING, key, row["id"]))
            append_event(db, now, "ticket.rejoined", ticket=row, window=None, actor=actor)
            return self._with_estimate(db, self._ticket_by_id(db, row["id"]), now)

        return await self.store.write(tx)

    async def start(self, window: int, actor: str = OPERATOR) -> Ticket:
        now = self.now()

        def tx(db):
            win = self._window_row(db, window)
            row = self._require_current(db, win, (CALLED,))
            db.execute("UPDATE tickets SET state=?, started_at=? WHERE id=?", (SERVING, iso(now), row["id"]))
            append_event(db, now, "ticket.started", ticket=row, window=window, actor=actor)
            return self._ticket_by_id(db, row["id"])

        return await self.store.write(tx)

    async def finish(self, window: int, actor: str = OPERATOR) -> Ticket:
        now = self.now()

        def tx(db):
            win = self._window_row(db, window)
            row = self._require_current(db, win, (CALLED, SERVING))
            self._finish_row(db, row, now, actor)
            return self._ticket_by_id(db, row["id"])

        return await self.store.write(tx)

    def _finish_row(self, db, row, now: datetime, actor: str) -> None:
        started = parse(row["started_at"]) or parse(row["called_at"])
        handling = (now - started).total_seconds()
        db.execute("UPDATE tickets SET state=?, started_at=?, finished_at=?, handling_s=? WHERE id=?",
                   (DONE, iso(started), iso(now), handling, row["id"]))
        db.execute("UPDATE windows SET current_ticket=NULL, since=? WHERE number=?", (iso(now), row["window"]))
        append_event(db, now, "ticket.finished", ticket=row, window=row["window"], actor=actor,
                     handling_s=round(handling, 1))

    async def transfer(self, window: int, to_service: str | None = None, to_window: int | None = None,
                       note: str | None = None, actor: str = OPERATOR) -> Ticket:
        """Send the window's current ticket to another service or a named window. It keeps
        its number and its original time taken, so the citizen is not sent to the back."""
        if (to_service is None) == (to_window is None):
            raise Refused("bad_transfer", "请指定转往的业务或窗口（二选一）", "Give either a service or a window to transfer to")
        now = self.now()

        def tx(db):
            win = self._window_row(db, window)
            row = self._require_current(db, win, (CALLED, SERVING))
            service, target = row["service"], None
            if to_service is not None:
                service = self._service_row(db, to_service)["prefix"]
            else:
                if to_window == window:
                    raise Refused("bad_transfer", "不能转给本窗口", "Cannot transfer to the same window")
                target = self._window_row(db, to_window)["number"]
            db.execute("UPDATE tickets SET state=?, service=?, target_window=?, window=NULL, recalls=0,"
                       " called_at=NULL, started_at=NULL, note=? WHERE id=?",
                       (WAITING, service, target, _append_note(row["note"], note, window), row["id"]))
            db.execute("UPDATE windows SET current_ticket=NULL, since=? WHERE number=?", (iso(now), window))
            append_event(db, now, "ticket.transferred", ticket=row, window=window, actor=actor,
                         from_service=row["service"], to_service=service, to_window=target, note=note)
            return self._with_estimate(db, self._ticket_by_id(db, row["id"]), now)

        return await self.store.write(tx)

    def _require_current(self, db, win, states: tuple[str, ...]) -> sqlite3.Row:
        row = self._current_row(db, win)
        if row is None:
            raise Refused("no_current", f"{win['number']}号窗口当前没有号", f"Window {win['number']} has no current ticket")
        if row["state"] not in states:
            raise Refused("wrong_state", f"{row['number']} 当前{ticket_from_row(row).state_label()}，不能这样操作",
                          f"{row['number']} is {ticket_from_row(row).state_label('en').lower()}; not possible now")
        return row

    def _current_row(self, db, win) -> sqlite3.Row | None:
        if win["current_ticket"] is None:
            return None
        row = db.execute("SELECT * FROM tickets WHERE id=?", (win["current_ticket"],)).fetchone()
        if row is None or row["state"] not in (CALLED, SERVING) or row["window"] != win["number"]:
            return None
        return row

    # ------------------------------------------------------------------ windows: clerks
    async def add_clerk(self, clerk_id: str, name: str, pin: str, role: str = "clerk", actor: str = OPERATOR) -> None:
        if not (pin.isdigit() and 4 <= len(pin) <= 12):
            raise Refused("bad_pin", "PIN 须为 4–12 位数字", "A PIN is 4–12 digits")
        if role not in ("clerk", "supervisor"):
            raise Refused("bad_role", "角色须为 clerk 或 supervisor", "Role must be clerk or supervisor")
        salt, digest = privacy.hash_pin(pin)
        now = self.now()

        def tx(db):
            db.execute("INSERT INTO clerks (id, name, role, pin_salt, pin_hash) VALUES (?,?,?,?,?)"
                       " ON CONFLICT (id) DO UPDATE SET name=excluded.name, role=excluded.role,"
                       " pin_salt=excluded.pin_salt, pin_hash=excluded.pin_hash, failed_pins=0, locked_until=NULL",
                       (clerk_id, name, role, salt, digest))
            append_event(db, now, "clerk.saved", actor=actor, clerk=clerk_id, role=role)

        await self.store.write(tx)

    async def verify_clerk(self, clerk_id: str, pin: str, window: int | None = None) -> dict:
        """Check a clerk's PIN, counting wrong ones and locking out as login does.
        Returns {"id", "name", "role"}; raises Refused("bad_login" | "locked")."""
        now = self.now()
        policy = await self.policy()
        clerk = await self._clerk(clerk_id)
        ok = clerk is not None and await asyncio.to_thread(privacy.pin_matches, pin, clerk["pin_salt"], clerk["pin_hash"])

        def tx(db):
            return self._pin_check(db, clerk_id, ok, now, policy, window)

        refusal = await self.store.write(tx)
        if refusal is not None:
            raise refusal
        return {"id": clerk["id"], "name": clerk["name"], "role": clerk["role"]}

    def _pin_check(self, db, clerk_id: str, ok: bool, now: datetime, policy: Policy, window: int | None) -> Refused | None:
        """Inside a write: the lockout rule. A wrong PIN is counted (so it must commit)
        and returned as the refusal to raise after the commit."""
        row = db.execute("SELECT * FROM clerks WHERE id=?", (clerk_id,)).fetchone()
        if row is None:
            return Refused("bad_login", "工号或密码错误", "Wrong clerk id or PIN")
        locked = parse(row["locked_until"])
        if locked and locked > now:
            return Refused("locked", f"工号 {clerk_id} 已锁定，请于 {locked:%H:%M} 后再试或找主管",
                           f"Clerk {clerk_id} is locked until {locked:%H:%M}; ask a supervisor", until=locked)
        if ok:
            db.execute("UPDATE clerks SET failed_pins=0, locked_until=NULL WHERE id=?", (clerk_id,))
            return None
        failed = row["failed_pins"] + 1
        lock_until = None
        if failed >= policy.pin_attempts:
            lock_until = now + timedelta(minutes=policy.pin_lockout_minutes)
            failed = 0
        db.execute("UPDATE clerks SET failed_pins=?, locked_until=? WHERE id=?", (failed, iso(lock_until), clerk_id))
        append_event(db, now, "clerk.pin_failed", window=window, actor=f"clerk:{clerk_id}", locked=bool(lock_until))
        if lock_until:
            return Refused("locked", f"密码错误次数过多，工号 {clerk_id} 锁定至 {lock_until:%H:%M}",
                           f"Too many wrong PINs: clerk {clerk_id} is locked until {lock_until:%H:%M}", until=lock_until)
        left = policy.pin_attempts - failed
        return Refused("bad_login", f"工号或密码错误（还可尝试 {left} 次）", f"Wrong clerk id or PIN ({left} tries left)")

    async def login(self, window: int, clerk_id: str, pin: str, takeover_by: str | None = None,
                    takeover_pin: str | None = None) -> Window:
        """Log a clerk in at a window. A window held by another clerk is refused with who
        holds it, unless a supervisor's id and PIN are given to take it over."""
        now = self.now()
        policy = await self.policy()
        clerk = await self._clerk(clerk_id)
        supervisor = await self._clerk(takeover_by) if takeover_by else None
        ok = await asyncio.to_thread(privacy.pin_matches, pin, clerk["pin_salt"], clerk["pin_hash"]) if clerk else False
        sup_ok = bool(supervisor) and supervisor["role"] == "supervisor" and await asyncio.to_thread(
            privacy.pin_matches, takeover_pin or "", supervisor["pin_salt"], supervisor["pin_hash"])

        def tx(db):
            refusal = self._pin_check(db, clerk_id, ok, now, policy, window)
            if refusal is not None:
                return refusal
            row = db.execute("SELECT * FROM clerks WHERE id=?", (clerk_id,)).fetchone()
            win = self._window_row(db, window)
            holder = win["clerk_id"]
            if win["state"] != LOGGED_OUT and holder and holder != clerk_id:
                if not sup_ok:
                    name = db.execute("SELECT name FROM clerks WHERE id=?", (holder,)).fetchone()
                    who = f"{name[0]}（{holder}）" if name else holder
                    if takeover_by:
                        raise Refused("takeover_denied", "主管工号或密码错误，无法接管", "Supervisor id or PIN wrong: cannot take over")
                    raise Refused("window_taken", f"{window}号窗口已由 {who} 登录；需主管密码接管",
                                  f"Window {window} is held by {who}; a supervisor PIN can take it over", holder=holder)
                append_event(db, now, "window.taken_over", window=window, actor=f"supervisor:{takeover_by}",
                             previous=holder, clerk=clerk_id)
            elsewhere = db.execute("SELECT number FROM windows WHERE clerk_id=? AND number<>? AND state<>'logged_out'",
                                   (clerk_id, window)).fetchone()
            if elsewhere:
                self._logout_row(db, self._window_row(db, elsewhere[0]), now, f"clerk:{clerk_id}", "moved")
            state = win["state"] if win["state"] != LOGGED_OUT and holder == clerk_id else "open"
            db.execute("UPDATE windows SET state=?, clerk_id=?, since=?, pause_reason=CASE WHEN ?='open' THEN NULL"
                       " ELSE pause_reason END WHERE number=?", (state, clerk_id, iso(now), state, window))
            append_event(db, now, "window.login", window=window, actor=f"clerk:{clerk_id}", clerk=clerk_id,
                         clerk_name=row["name"])
            return None

        refusal = await self.store.write(tx)
        if refusal is not None:  # a wrong PIN is counted (committed) and then refused
            raise refusal
        return await self.window(window)

    async def _clerk(self, clerk_id: str) -> sqlite3.Row | None:
        def tx(db):
            return db.execute("SELECT * FROM clerks WHERE id=?", (clerk_id,)).fetchone()
        return await self.store.read(tx)

    async def clerk(self, clerk_id: str) -> dict | None:
        row = await self._clerk(clerk_id)
        return {"id": row["id"], "name": row["name"], "role": row["role"]} if row else None

    async def logout(self, window: int, actor: str = OPERATOR, reason: str = "logout") -> Window:
        now = self.now()

        def tx(db):
            self._logout_row(db, self._window_row(db, window), now, actor, reason)

        await self.store.write(tx)
        return await self.window(window)

    def _logout_row(self, db, win, now: datetime, actor: str, reason: str) -> None:
        current = self._current_row(db, win)
        if current is not None:
            if current["state"] == SERVING:
                self._finish_row(db, current, now, actor)
            else:  # a called ticket goes back to the head of its queue
                db.execute("UPDATE tickets SET state=?, window=NULL, called_at=NULL, recalls=0 WHERE id=?",
                           (WAITING, current["id"]))
                append_event(db, now, "ticket.returned", ticket=current, window=win["number"], actor=actor)
        db.execute("UPDATE windows SET state='logged_out', clerk_id=NULL, pause_reason=NULL, current_ticket=NULL,"
                   " priority_streak=0, since=? WHERE number=?", (iso(now), win["number"]))
        append_event(db, now, "window.logout", window=win["number"], actor=actor, clerk=win["clerk_id"], reason=reason)

    async def pause(self, window: int, reason: str, actor: str = OPERATOR) -> Window:
        now = self.now()

        def tx(db):
            win = self._window_row(db, window)
            if win["state"] == LOGGED_OUT and actor != OPERATOR:
                raise Refused("logged_out", f"{window}号窗口未登录", f"Window {window} is not logged in")
            if self._current_row(db, win) is not None:
                raise Refused("busy", "请先办结或转出当前号再暂停", "Finish or transfer the current ticket before pausing")
            db.execute("UPDATE windows SET state='paused', pause_reason=?, since=? WHERE number=?", (reason, iso(now), window))
            append_event(db, now, "window.paused", window=window, actor=actor, reason=reason)

        await self.store.write(tx)
        return await self.window(window)

    async def resume(self, window: int, actor: str = OPERATOR) -> Window:
        now = self.now()

        def tx(db):
            win = self._window_row(db, window)
            if win["state"] != PAUSED:
                raise Refused("not_paused", f"{window}号窗口没有暂停", f"Window {window} is not paused")
            db.execute("UPDATE windows SET state='open', pause_reason=NULL, since=? WHERE number=?", (iso(now), window))
            append_event(db, now, "window.resumed", window=window, actor=actor)

        await self.store.write(tx)
        return await self.window(window)

    # ------------------------------------------------------------------ supervisor
    async def set_service_open(self, prefix: str, is_open: bool, actor: str = OPERATOR) -> None:
        now = self.now()

        def tx(db):
            self._service_row(db, prefix)
            db.execute("UPDATE services SET is_open=? WHERE prefix=?", (int(is_open), prefix))
            append_event(db, now, "service.opened" if is_open else "service.closed", actor=actor, service=prefix)

        await self.store.write(tx)

    async def set_window_services(self, window: int, services: list[str], actor: str = OPERATOR) -> Window:
        now = self.now()

        def tx(db):
            self._window_row(db, window)
            for prefix in services:
                self._service_row(db, prefix)
            if not services or len(set(services)) != len(services):
                raise Refused("bad_services", "窗口业务不能为空或重复", "A window needs at least one service, each once")
            db.execute("UPDATE windows SET services=? WHERE number=?", (json.dumps(services), window))
            append_event(db, now, "window.services_changed", window=window, actor=actor, services=services)

        await self.store.write(tx)
        return await self.window(window)

    async def close_day(self, actor: str = OPERATOR) -> dict:
        """End of day: every open ticket expires, every window logs out. Numbers start
        again at 001 on the next business day (counters are kept per day)."""
        now = self.now()

        def tx(db):
            expired = db.execute(
                "UPDATE tickets SET state=? WHERE state IN (?,?,?,?) AND day<=? RETURNING *",
                (EXPIRED, *OPEN_STATES, now.date().isoformat())).fetchall()
            for row in expired:
                append_event(db, now, "ticket.expired", ticket=row, window=row["window"], actor=actor, was=row["state"])
            windows = db.execute("SELECT * FROM windows WHERE state<>'logged_out'").fetchall()
            for win in windows:
                db.execute("UPDATE windows SET state='logged_out', clerk_id=NULL, pause_reason=NULL,"
                           " current_ticket=NULL, priority_streak=0, since=? WHERE number=?", (iso(now), win["number"]))
                append_event(db, now, "window.logout", window=win["number"], actor=actor, clerk=win["clerk_id"],
                             reason="day_closed")
            db.execute("UPDATE services SET is_open=1")
            append_event(db, now, "day.closed", actor=actor, expired=len(expired), windows_logged_out=len(windows))
            return {"day": now.date().isoformat(), "expired": len(expired), "windows_logged_out": len(windows)}

        return await self.store.write(tx)

    # ------------------------------------------------------------------ devices
    async def report_device(self, device_id: str, ok: bool, problem: str | None = None, warning: bool = False,
                            url: str | None = None, kind: str = "printer") -> bool:
        """Record a device's state (e.g. a kiosk printer out of paper). Only a change is
        written (and logged as an event); returns whether it changed."""
        now = self.now()

        def tx(db):
            old = db.execute("SELECT * FROM devices WHERE id=?", (device_id,)).fetchone()
            if old is not None and (bool(old["ok"]), bool(old["warning"]), old["problem"], old["url"]) == (ok, warning, problem, url):
                return False
            db.execute("INSERT OR REPLACE INTO devices (id, kind, url, ok, warning, problem, since) VALUES (?,?,?,?,?,?,?)",
                       (device_id, kind, url, int(ok), int(warning), problem, iso(now)))
            append_event(db, now, "device.state", actor=device_id, device=device_id, device_kind=kind, ok=ok,
                         warning=warning, problem=problem)
            return True

        return await self.store.write(tx)

    async def devices(self) -> list[DeviceState]:
        def tx(db):
            return [DeviceState(r["id"], r["kind"], r["url"], bool(r["ok"]), bool(r["warning"]), r["problem"],
                                parse(r["since"])) for r in db.execute("SELECT * FROM devices ORDER BY id")]
        return await self.store.read(tx)

    # ------------------------------------------------------------------ queries
    async def ticket(self, number: str, day: str | None = None) -> Ticket:
        """A ticket with people ahead and estimated wait (for waiting tickets)."""
        now = self.now()

        def tx(db):
            row = self._ticket_row(db, number, now, day)
            return self._with_estimate(db, ticket_from_row(row), now)

        return await self.store.read(tx)

    async def ticket_by_token(self, token: str) -> Ticket | None:
        now = self.now()

        def tx(db):
            row = db.execute("SELECT * FROM tickets WHERE token=?", (token,)).fetchone()
            return self._with_estimate(db, ticket_from_row(row), now) if row else None

        return await self.store.read(tx)

    async def tickets(self, state: str | None = None, day: str | None = None, service: str | None = None) -> list[Ticket]:
        day = day or self.today()

        def tx(db):
            sql, args = "SELECT * FROM tickets WHERE day=?", [day]
            if state:
                sql, args = sql + " AND state=?", args + [state]
            if service:
                sql, args = sql + " AND service=?", args + [service]
            return [ticket_from_row(r) for r in db.execute(sql + " ORDER BY id", args)]

        return await self.store.read(tx)

    async def waiting_order(self, service: str) -> list[Ticket]:
        """The waiting tickets of a service (not sent to a named window) in the order a
        window serving it would call them, with people ahead filled in."""
        now = self.now()
        policy = await self.policy()

        def tx(db):
            rows = db.execute("SELECT * FROM tickets WHERE day=? AND service=? AND state='waiting' AND target_window IS NULL"
                              " ORDER BY lane, queue_key, id", (now.date().isoformat(), service)).fetchall()
            streak = min(self._streaks_serving(db, service), default=0)
            lanes = {lane: [r for r in rows if r["lane"] == lane] for lane in (0, 1, 2)}
            order = []
            for lane, members in lanes.items():
                for i, r in enumerate(members):
                    ahead = queue.calls_before(lane, i, len(lanes[0]), len(lanes[1]), len(lanes[2]), streak,
                                               policy.max_priority_in_a_row)
                    order.append((ahead, r))
            return [replace(ticket_from_row(r), ahead=a) for a, r in sorted(order, key=lambda x: x[0])]

        return await self.store.read(tx)

    async def service_queues(self) -> list[ServiceQueue]:
        now = self.now()

        def tx(db):
            day = now.date().isoformat()
            windows = db.execute("SELECT services, state FROM windows").fetchall()
            out = []
            for svc in db.execute("SELECT * FROM services ORDER BY position").fetchall():
                prefix = svc["prefix"]
                count, oldest = db.execute(
                    "SELECT count(*), min(taken_at) FROM tickets WHERE day=? AND service=? AND state='waiting'",
                    (day, prefix)).fetchone()
                heads = [r[0] for r in db.execute(
                    "SELECT number FROM tickets WHERE day=? AND service=? AND state='waiting' AND target_window IS NULL"
                    " ORDER BY lane, queue_key, id LIMIT 5", (day, prefix))]
                longest = int((now - parse(oldest)).total_seconds() // 60) if oldest else 0
                open_windows = sum(1 for w in windows if w["state"] != LOGGED_OUT and prefix in json.loads(w["services"]))
                issued = db.execute("SELECT last FROM counters WHERE day=? AND prefix=?", (day, prefix)).fetchone()
                refusal = walk_in_refusal(svc, issued[0] if issued else 0, now)
                out.append(ServiceQueue(prefix, svc["name"], svc["name_en"], count, longest, tuple(heads),
                                        bool(svc["is_open"]), open_windows, svc["handling_minutes"],
                                        bool(svc["appointment_only"]),
                                        closed_reason=refusal.code if refusal else None,
                                        opens_at=refusal.detail.get("opens_at") if refusal else None))
            return out

        return await self.store.read(tx)

    async def windows(self) -> list[Window]:
        def tx(db):
            return [self._window(db, r) for r in db.execute("SELECT * FROM windows ORDER BY number")]
        return await self.store.read(tx)

    async def window(self, number: int) -> Window:
        def tx(db):
            return self._window(db, self._window_row(db, number))
        return await self.store.read(tx)

    async def recent_calls(self, limit: int = 10, services: Iterable[str] | None = None) -> list[Call]:
        """The last calls and recalls of today, newest first; only of `services` if given."""
        day = self.today()
        only = sorted(set(services)) if services else None

        def tx(db):
            sql = "SELECT * FROM events WHERE day=? AND kind IN ('ticket.called','ticket.recalled')"
            args: list = [day]
            if only:
                sql += f" AND service IN ({','.join('?' * len(only))})"
                args += only
            rows = db.execute(sql + " ORDER BY id DESC LIMIT ?", (*args, limit)).fetchall()
            names = {r[0]: r[1] for r in db.execute("SELECT number, name FROM windows")}
            return [call_of(_event(r), names) for r in rows]
        return await self.store.read(tx)

    async def figures(self, day: str | None = None) -> DayFigures:
        day = day or self.today()
        policy = await self.policy()

        def tx(db):
            out = []
            for svc in db.execute("SELECT prefix, name FROM services ORDER BY position").fetchall():
                prefix = svc["prefix"]
                rows = db.execute("SELECT * FROM tickets WHERE day=? AND original_service=?", (day, prefix)).fetchall()
                waits = [(parse(r["called_at"]) - parse(r["taken_at"])).total_seconds() / 60
                         for r in rows if r["called_at"]]
                handling = [r["handling_s"] / 60 for r in rows if r["handling_s"] is not None]
                out.append(ServiceFigures(
                    prefix=prefix, name=svc["name"], issued=len(rows),
                    served=sum(r["state"] == DONE for r in rows),
                    no_shows=db.execute("SELECT count(DISTINCT ticket_id) FROM events WHERE day=? AND kind='ticket.no_show'"
                                        " AND ticket_id IN (SELECT id FROM tickets WHERE day=? AND original_service=?)",
                                        (day, day, prefix)).fetchone()[0],
                    waiting=sum(r["state"] == WAITING for r in rows),
                    cancelled=sum(r["state"] == CANCELLED for r in rows),
                    mean_wait_min=round(sum(waits) / len(waits), 1) if waits else None,
                    longest_wait_min=round(max(waits), 1) if waits else None,
                    mean_handling_min=round(sum(handling) / len(handling), 1) if handling else None,
                    waits_over_limit=sum(w > policy.long_wait_minutes for w in waits),
                ))
            return DayFigures(day, tuple(out))

        return await self.store.read(tx)

    async def window_figures(self, window: int, day: str | None = None) -> WindowFigures:
        day = day or self.today()

        def tx(db):
            served, mean = db.execute(
                "SELECT count(*), avg(handling_s) FROM tickets WHERE day=? AND window=? AND state=?",
                (day, window, DONE)).fetchone()
            no_shows = db.execute("SELECT count(*) FROM events WHERE day=? AND window=? AND kind='ticket.no_show'",
                                  (day, window)).fetchone()[0]
            return WindowFigures(window, served, no_shows, round(mean / 60, 1) if mean is not None else None)

        return await self.store.read(tx)

    async def ticket_history(self, number: str, day: str | None = None) -> list[Event]:
        now = self.now()

        def tx(db):
            row = self._ticket_row(db, number, now, day)
            return [_event(r) for r in db.execute("SELECT * FROM events WHERE ticket_id=? ORDER BY id", (row["id"],))]
        return await self.store.read(tx)

    # ------------------------------------------------------------------ event log
    async def last_event_id(self) -> int:
        def tx(db):
            return db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]
        return await self.store.read(tx)

    async def events(self, after_id: int = 0, limit: int = 1000, day: str | None = None) -> list[Event]:
        def tx(db):
            if day:
                rows = db.execute("SELECT * FROM events WHERE id>? AND day=? ORDER BY id LIMIT ?", (after_id, day, limit))
            else:
                rows = db.execute("SELECT * FROM events WHERE id>? ORDER BY id LIMIT ?", (after_id, limit))
            return [_event(r) for r in rows]
        return await self.store.read(tx)

    def follow(self, after_id: int | None = None, poll_interval: float = 0.02,
               on_health: Callable[[bool, str], None] | None = None) -> AsyncIterator[Event]:
        """Every new event, in order, from any process. See db.feed."""
        from hallq.db.feed import follow
        return follow(self, after_id, poll_interval, on_health)

    # ------------------------------------------------------------------ helpers (inside transactions)
    def _window_row(self, db, number: int) -> sqlite3.Row:
        row = db.execute("SELECT * FROM windows WHERE number=?", (number,)).fetchone()
        if row is None:
            raise NotFound(f"没有{number}号窗口", f"No window {number}")
        return row

    def _window(self, db, row) -> Window:
        current = ticket_from_row(self._current_row(db, row))
        state = row["state"]
        if state == "open":
            state = IDLE if current is None else (CALLING if current.state == CALLED else SERVING)
        clerk = db.execute("SELECT name FROM clerks WHERE id=?", (row["clerk_id"],)).fetchone() if row["clerk_id"] else None
        return Window(number=row["number"], name=row["name"], services=tuple(json.loads(row["services"])), state=state,
                      clerk_id=row["clerk_id"], clerk_name=clerk[0] if clerk else None, pause_reason=row["pause_reason"],
                      since=parse(row["since"]), current=current, priority_streak=row["priority_streak"])

    def _ticket_row(self, db, number: str, now: datetime, day: str | None = None) -> sqlite3.Row:
        number = number.strip().upper()
        row = db.execute("SELECT * FROM tickets WHERE day=? AND number=?", (day or now.date().isoformat(), number)).fetchone()
        if row is None:
            raise NotFound(f"今天没有 {number} 这个号", f"No ticket {number} today")
        return row

    def _ticket_by_id(self, db, ticket_id: int) -> Ticket:
        return ticket_from_row(db.execute("SELECT * FROM tickets WHERE id=?", (ticket_id,)).fetchone())

    def _streaks_serving(self, db, service: str) -> list[int]:
        """The priority streaks of the logged-in windows that serve `service` (one per window)."""
        return [r["priority_streak"] for r in db.execute("SELECT services, priority_streak, state FROM windows")
                if r["state"] != LOGGED_OUT and service in json.loads(r["services"])]

    def _with_estimate(self, db, ticket: Ticket, now: datetime) -> Ticket:
        """Fill in people ahead (rule 6) and the estimated wait for a waiting ticket."""
        if ticket.state != WAITING:
            return ticket
        key = db.execute("SELECT queue_key FROM tickets WHERE id=?", (ticket.id,)).fetchone()[0]
        if ticket.target_window is not None:
            ahead = db.execute("SELECT count(*) FROM tickets WHERE day=? AND state='waiting' AND target_window=?"
                               " AND (queue_key < ? OR (queue_key = ? AND id < ?))",
                               (ticket.day, ticket.target_window, key, key, ticket.id)).fetchone()[0]
            return replace(ticket, ahead=ahead, estimate_min=math.ceil(ahead * self._handling_minutes(db, ticket)))
        counts = {lane: n for lane, n in db.execute(
            "SELECT lane, count(*) FROM tickets WHERE day=? AND service=? AND state='waiting' AND target_window IS NULL"
            " GROUP BY lane", (ticket.day, ticket.service))}
        index = db.execute("SELECT count(*) FROM tickets WHERE day=? AND service=? AND state='waiting' AND target_window IS NULL"
                           " AND lane=? AND (queue_key < ? OR (queue_key = ? AND id < ?))",
                           (ticket.day, ticket.service, ticket.lane, key, key, ticket.id)).fetchone()[0]
        streaks = self._streaks_serving(db, ticket.service)
        ahead = queue.calls_before(ticket.lane, index, counts.get(0, 0), counts.get(1, 0), counts.get(2, 0),
                                   min(streaks, default=0), self._policy_in_tx(db).max_priority_in_a_row)
        estimate = math.ceil(ahead * self._handling_minutes(db, ticket) / max(len(streaks), 1))
        return replace(ticket, ahead=ahead, estimate_min=estimate)

    def _handling_minutes(self, db, ticket: Ticket) -> float:
        mean = db.execute("SELECT avg(handling_s) FROM tickets WHERE day=? AND service=? AND state=?",
                          (ticket.day, ticket.service, DONE)).fetchone()[0]
        if mean is not None:
            return mean / 60
        return db.execute("SELECT handling_minutes FROM services WHERE prefix=?", (ticket.service,)).fetchone()[0]

    def _policy_in_tx(self, db) -> Policy:
        return self._config_in_tx(db).policy


def walk_in_refusal(svc, issued_today: int, now: datetime) -> ServiceUnavailable | None:
    """Why a walk-in ticket for this service (a services row) cannot be had now, if it cannot."""
    name, name_en = svc["name"], svc["name_en"]
    if not svc["is_open"]:
        return ServiceUnavailable("closed", f"{name}今日已暂停取号，请咨询服务台",
                                  f"{name_en} is closed today; please ask at the information desk", reason="closed")
    if svc["appointment_only"]:
        return ServiceUnavailable("appointment_only", f"{name}仅限预约办理：请先在网上预约，到厅后签到",
                                  f"{name_en} is by appointment only: book online, then check in here",
                                  reason="appointment_only")
    hours = [(time.fromisoformat(a), time.fromisoformat(b)) for a, b in json.loads(svc["hours"])]
    if hours and not any(a <= now.time() < b for a, b in hours):
        later = [a for a, _ in hours if a > now.time()]
        if later:
            at = later[0].strftime("%H:%M")
            return ServiceUnavailable("hours", f"{name}现在不在办理时间，{at} 开始取号",
                                      f"{name_en} is not open now; tickets from {at}", reason="hours", opens_at=at)
        return ServiceUnavailable("hours", f"{name}今日办理时间已过，请明天再来",
                                  f"{name_en} has closed for today; please come back tomorrow",
                                  reason="hours", opens_at=None)
    limit = svc["daily_limit"]
    if limit and issued_today >= limit:
        return ServiceUnavailable("limit", f"{name}今日号已取完（{limit}个），请明天再来或网上预约",
                                  f"{name_en} has given out all {limit} tickets today; come back tomorrow or book online",
                                  reason="limit")
    return None


def call_of(event: Event, window_names: dict[int, str]) -> Call:
    return Call(event_id=event.id, at=event.at, number=event.number, window=event.window,
                window_name=event.data.get("window_name") or window_names.get(event.window, f"{event.window}号窗口"),
                service=event.service, recall=event.kind == "ticket.recalled")


def _append_note(existing: str | None, note: str | None, window: int) -> str | None:
    if not note:
        return existing
    line = f"[{window}号窗口] {note}"
    return f"{existing}\n{line}" if existing else line


def _appointment(row) -> Appointment:
    return Appointment(code=row["code"], name=row["name"], service=row["service"],
                       slot_start=parse(row["slot_start"]), slot_end=parse(row["slot_end"]),
                       id_masked=row["id_masked"], phone_masked=row["phone_masked"], ticket_id=row["ticket_id"])


def _pick_appointment(rows: list[sqlite3.Row], now: datetime) -> sqlite3.Row:
    """Of a person's bookings, the one this check-in is about: today's first (one not yet
    checked in, nearest slot), then the next future one, then the latest past one."""
    today = now.date().isoformat()
    todays = [r for r in rows if r["slot_start"][:10] == today]
    if todays:
        open_ones = [r for r in todays if r["ticket_id"] is None]
        pool = open_ones or todays
        return min(pool, key=lambda r: abs((parse(r["slot_start"]) - now).total_seconds()))
    future = [r for r in rows if r["slot_start"][:10] > today]
    return future[0] if future else rows[-1]


def _load_key(db_path: Path) -> bytes:
    """The key for hashing ID and phone numbers lives beside the database, not in it."""
    key_path = Path(str(db_path) + ".key")
    if db_path.name == ":memory:":
        return privacy.new_key()
    try:
        return bytes.fromhex(key_path.read_text().strip())
    except FileNotFoundError:
        key = privacy.new_key()
        try:
            fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return bytes.fromhex(key_path.read_text().strip())
        with open(fd, "w") as f:
            f.write(key.hex())
        return key
