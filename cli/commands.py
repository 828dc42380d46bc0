"""The scriptable command line: the hall host's operator console.

Window actions here need no clerk login and are recorded as the operator's.
`--json` prints machine-readable output: one object, or JSON lines for events.

Importing this module is cheap (argparse and the engine's vocabulary): the engine, asyncio
and rich are imported when a command runs, rich only by the commands that print a table
(see cli/tables.py), so `hallq take A` stays quick.

HALLQ_NOW=2026-11-25T09:30 fixes the hall time of these commands (for tests and
benchmarks); without it the hall runs on the system clock.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from hallq.cli import texts
from hallq.cli.tables import Column
from hallq.db.config import window_number
from hallq.db.models import ServiceQueue
from hallq.db.vocabulary import Refusal, TicketState
from hallq.i18n import Text, literal

if TYPE_CHECKING:
    from hallq.db.clock import Clock
    from hallq.db.engine import HallEngine
    from hallq.db.models import Ticket, Window

TICKET_FIELDS = ("number", "service", "state", "window", "ahead", "estimate_min", "estimate_low_min",
                 "estimate_high_min", "no_window", "taken_at", "called_at",
                 "priority", "appointment_code", "target_window", "recalls", "note", "token")


def register(sub: argparse._SubParsersAction) -> None:
    def command(name: str, handler, help: str, needs_hall: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(func=runner(handler, needs_hall))
        return p

    p = command("init", init, "create or update the hall from hall.toml, or load the demo hall", needs_hall=False)
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--config", help="path to hall.toml")
    group.add_argument("--demo", action="store_true", help="the bundled demo hall (综合一窗, 15 windows)")
    p.add_argument("--force", action="store_true",
                   help="cancel the waiting tickets of services or windows the new config removes")

    p = command("take", take, "issue a walk-in ticket (现场取号)")
    p.add_argument("service", help="service prefix, e.g. A")
    p.add_argument("--priority", help="green-channel reason (绿色通道): elderly, or a key of hall.toml [priority]"
                                      " reasons (military, pregnant, disabled by default)")
    p.add_argument("--kiosk", help="kiosk id recorded with the ticket")

    p = command("checkin", checkin, "check in an appointment by code, ID number or phone (预约签到)")
    p.add_argument("code")

    p = command("call", call, "call the next ticket, or a given number, to a window (叫号)")
    p.add_argument("--window", type=window_number, required=True)
    p.add_argument("--number", help="call this waiting number instead of the next")

    for name, handler, text in (("recall", recall, "call the window's current ticket again (重呼)"),
                                ("noshow", noshow, "mark the window's called ticket as missed (过号)"),
                                ("start", start, "start serving the window's called ticket"),
                                ("finish", finish, "finish the window's current ticket (办结)"),
                                ("resume", resume, "resume a paused window")):
        command(name, handler, text).add_argument("--window", type=window_number, required=True)

    p = command("pause", pause, "pause a window (暂停): it stays logged in but gets no calls")
    p.add_argument("--window", type=window_number, required=True)
    p.add_argument("--reason", default="暂离")

    p = command("rejoin", rejoin, "put a missed ticket back in its queue (过号重排)")
    p.add_argument("number")

    p = command("cancel", cancel, "cancel a waiting or missed ticket")
    p.add_argument("number")

    p = command("transfer", transfer, "transfer the window's current ticket (转号)")
    p.add_argument("--window", type=window_number, required=True)
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--to", dest="to_service", help="service prefix to transfer to")
    target.add_argument("--to-window", type=window_number, help="window number to transfer to")
    p.add_argument("--note", help="a note for the next clerk")

    p = command("clerk", None, "manage clerks")
    clerk_sub = p.add_subparsers(dest="clerk_command", metavar="ACTION", required=True)
    c = clerk_sub.add_parser("add", help="add a clerk (PIN stored with scrypt); --update to change one")
    c.add_argument("id")
    c.add_argument("--name", required=True)
    c.add_argument("--pin", required=True)
    c.add_argument("--role", choices=["clerk", "supervisor"], default="clerk")
    c.add_argument("--update", action="store_true", help="the id exists: replace its name, PIN and role")
    c.set_defaults(func=runner(clerk_add))
    c = clerk_sub.add_parser("list", help="every clerk: role, disabled, locked, logged in where")
    c.set_defaults(func=runner(clerk_list))
    for action, handler, text in (("disable", clerk_disable, "disable a clerk (refused at login; logged out now)"),
                                  ("enable", clerk_enable, "enable a disabled clerk again")):
        c = clerk_sub.add_parser(action, help=text)
        c.add_argument("id")
        c.set_defaults(func=runner(handler))
    c = clerk_sub.add_parser("reset-pin", help="give a clerk a new PIN (lifts a lockout)")
    c.add_argument("id")
    c.add_argument("--pin", required=True)
    c.set_defaults(func=runner(clerk_reset_pin))
    c = clerk_sub.add_parser("role", help="make a clerk a supervisor, or a clerk again")
    c.add_argument("id")
    c.add_argument("role", choices=["clerk", "supervisor"])
    c.set_defaults(func=runner(clerk_role))

    p = command("status", status, "a ticket's state, people ahead and estimated wait")
    p.add_argument("number")

    p = command("tickets", tickets, "today's tickets")
    p.add_argument("--state", choices=sorted(TicketState))
    p.add_argument("--service")

    command("windows", windows, "every window's state and current ticket")
    command("queues", queues, "waiting per service")
    p = command("figures", figures, "a day's figures per service (as the report counts them)")
    p.add_argument("--date", help="the day, YYYY-MM-DD (default today)")
    command("close-day", close_day, "end the day: open tickets expire, windows log out")

    p = command("events", events, "the event log (JSON lines with --json)")
    p.add_argument("--follow", action="store_true", help="keep printing new events as they happen")
    p.add_argument("--after", type=int, default=0, help="only events after this id")

    p = command("appointments", None, "online bookings (预约)")
    appt_sub = p.add_subparsers(dest="appointments_command", metavar="ACTION", required=True)
    a = appt_sub.add_parser("import", help="import bookings from a CSV (UTF-8, GBK or UTF-16), .xlsx or JSON file",
                            description="Import the day's bookings as the booking system or Excel saved them: CSV"
                            " in UTF-8, GBK/GB18030 or UTF-16 (Excel's Unicode text), an .xlsx workbook, or JSON;"
                            " column headers in English or Chinese. A file with any error imports nothing unless"
                            " --skip-bad-rows is given; importing the same file again changes nothing.")
    a.add_argument("file")
    a.add_argument("--dry-run", action="store_true",
                   help="show what would be imported, with every warning and error, and change nothing")
    a.add_argument("--skip-bad-rows", action="store_true",
                   help="import the good bookings of a file that has errors (default: all or nothing)")
    a.set_defaults(func=runner(appointments_import))
    a = appt_sub.add_parser("list", help="today's bookings")
    a.set_defaults(func=runner(appointments_list))


def runner(handler, needs_hall: bool = True):
    """`func` for a sub-command: run `await handler(engine, args)` on the hall in --db."""
    def run(args: argparse.Namespace) -> int:
        import asyncio

        return asyncio.run(_run(handler, args, needs_hall))
    return run


def hall_clock() -> Clock | None:
    """The hall time fixed by HALLQ_NOW (ISO date and time), else None: the system clock.

    Raises:
        Refused(Refusal.BAD_DATE): HALLQ_NOW is set but is not a date and time.
    """
    value = os.environ.get("HALLQ_NOW")
    if not value:
        return None
    from hallq.db.clock import VirtualClock
    from hallq.db.errors import Refused

    try:
        return VirtualClock(datetime.fromisoformat(value))
    except ValueError:
        raise Refused(Refusal.BAD_DATE, texts.BAD_NOW(value=value)) from None


async def open_hall(db: str, create: bool = False) -> HallEngine:
    """The engine on `db`, on the hall clock (see `hall_clock`); only `init` may create it."""
    from hallq.db.engine import HallEngine

    return await HallEngine.open(db, hall_clock(), create=create)


async def _run(handler, args, needs_hall: bool) -> int:
    from hallq.db.errors import NotFound

    engine = await open_hall(args.db, create=not needs_hall)  # only init makes a new database
    try:
        if needs_hall and not await engine.is_initialised():
            raise NotFound(Refusal.NOT_SET_UP, texts.NO_HALL(db=args.db))
        return await handler(engine, args) or 0
    finally:
        await engine.close()


def say(args, text: Text) -> str:
    """`text` in the command's language."""
    return text.text(args.lang)


def _out(args, data, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False) if args.json else text)


def ticket_json(ticket: Ticket) -> dict:
    data = ticket.to_json()
    return {k: data[k] for k in TICKET_FIELDS}


def ticket_line(args, t: Ticket) -> str:
    """One ticket in one line, as an action (take, call, finish …) reports it."""
    from hallq.db.estimate import wait_text

    parts: list[Text | str] = [t.number, t.service, t.state_label(args.lang)]
    if t.window:
        parts.append(texts.AT_WINDOW(window=t.window))
    if t.target_window:
        parts.append(texts.FOR_WINDOW(window=t.target_window))
    if t.ahead is not None:
        parts.append(texts.AHEAD(ahead=t.ahead))
        wait = wait_text(t)
        if wait is not None:
            parts.append(wait)
    if t.priority:
        parts.append(texts.PRIORITY(reason=t.priority_label(args.lang)))
    if t.appointment_code:
        parts.append(texts.APPOINTMENT(code=t.appointment_code))
    parts.append(texts.TAKEN(at=t.taken_at))
    return "  ".join(p.text(args.lang) if isinstance(p, Text) else str(p) for p in parts)


def _print_ticket(args, ticket: Ticket) -> int:
    _out(args, ticket_json(ticket), ticket_line(args, ticket))
    return 0


def _minutes(value) -> Text | str:
    return "-" if value is None else texts.MINUTES(n=value)


TICKET_COLUMNS = (Column(texts.H_NUMBER), Column(texts.H_SERVICE), Column(texts.H_STATE),
                  Column(texts.H_WINDOW, "right"), Column(texts.H_AHEAD, "right"), Column(texts.H_ESTIMATE, "right"),
                  Column(texts.H_TAKEN), Column(texts.H_PRIORITY), Column(texts.H_APPOINTMENT), Column(texts.H_NOTE))


def ticket_row(args, t: Ticket) -> list:
    note = [texts.FOR_WINDOW(window=t.target_window).text(args.lang)] if t.target_window else []
    note += [t.note] if t.note else []
    return [t.number, t.service, t.state_label(args.lang), t.window, t.ahead,
            None if t.estimate_min is None else _minutes(t.estimate_min), f"{t.taken_at:%H:%M}",
            t.priority_label(args.lang), t.appointment_code, "  ".join(note)]


def _show(args, columns, rows: list, header: bool = True) -> None:
    """The rows as a table on stdout; nothing at all for no rows."""
    from hallq.cli.tables import show

    if rows:
        show(columns, rows, args.lang, header=header)


def is_loopback_url(url: str) -> bool:
    """Whether `url` points at this machine itself (localhost, 127.0.0.0/8, ::1), where no
    citizen's phone can reach it: the slips' QR codes would lead nowhere."""
    import ipaddress
    from urllib.parse import urlsplit

    if not url:
        return False
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def init(engine: HallEngine, args) -> int:
    from hallq.db.calendar import setup_warnings
    from hallq.db.config import demo_text, load_config, parse_config

    if args.demo:
        text, source = demo_text(), "demo hall"
    else:
        load_config(args.config)  # reports file problems with the path
        text, source = Path(args.config).read_text(encoding="utf-8"), args.config
    config = parse_config(text, source)
    await engine.load_config(config, text, force=args.force)
    summary = {"db": args.db, "hall": config.name, "services": len(config.services), "windows": len(config.windows),
               "kiosks": len(config.kiosks), "clerks": len(config.clerks)}
    done = texts.INITIALISED(hall=config.title, services=len(config.services), windows=len(config.windows),
                             db=args.db)
    warnings = setup_warnings(config, datetime.now(UTC), datetime.now().astimezone().tzinfo)
    if not args.demo and is_loopback_url(config.status_url):  # the demo hall is one machine by design
        warnings.append(texts.STATUS_URL_LOOPBACK(url=config.status_url))
    summary["warnings"] = [w.text(args.lang) for w in warnings]
    _out(args, summary, say(args, done))
    for warning in warnings:
        print(f"hallq: {texts.WARNING(text=warning).text(args.lang)}", file=sys.stderr)
    return 0


async def take(engine, args):
    from hallq.db.engine import OPERATOR

    return _print_ticket(args, await engine.issue_ticket(args.service.upper(), priority=args.priority, kiosk=args.kiosk,
                                                         actor=OPERATOR))


async def checkin(engine, args):
    result = await engine.check_in(args.code)
    data = {"outcome": result.outcome, "message": result.text(args.lang),
            "ticket": ticket_json(result.ticket) if result.ticket else None,
            "come_back_at": result.come_back_at.isoformat(timespec="minutes") if result.come_back_at else None}
    text = result.text(args.lang) + (f"\n{ticket_line(args, result.ticket)}" if result.ticket else "")
    _out(args, data, text)
    return 0 if result.outcome in ("checked_in", "already") else 1


async def call(engine, args):
    if args.number is not None:
        if not args.number.strip():  # an unset variable in a script must not call the next citizen
            from hallq.db.errors import Refused

            raise Refused(Refusal.UNKNOWN_TICKET, texts.EMPTY_NUMBER)
        return _print_ticket(args, await engine.call_number(args.window, args.number.upper()))
    return _print_ticket(args, await engine.call_next(args.window))


async def recall(engine, args):
    return _print_ticket(args, await engine.recall(args.window))


async def noshow(engine, args):
    return _print_ticket(args, await engine.no_show(args.window))


async def start(engine, args):
    return _print_ticket(args, await engine.start(args.window))


async def finish(engine, args):
    return _print_ticket(args, await engine.finish(args.window))


async def rejoin(engine, args):
    return _print_ticket(args, await engine.rejoin(args.number))


async def cancel(engine, args):
    return _print_ticket(args, await engine.cancel(args.number))


async def transfer(engine, args):
    to_service = args.to_service and args.to_service.upper()
    return _print_ticket(args, await engine.transfer(args.window, to_service=to_service, to_window=args.to_window,
                                                     note=args.note))


async def pause(engine, args):
    return _print_window(args, await engine.pause(args.window, args.reason))


async def resume(engine, args):
    return _print_window(args, await engine.resume(args.window))


WINDOW_COLUMNS = (Column(texts.H_WINDOW, "right"), Column(texts.H_NAME), Column(texts.H_SERVICE),
                  Column(texts.H_STATE), Column(texts.H_CURRENT), Column(texts.H_CLERK), Column(texts.H_PAUSE))


def window_row(args, w: Window) -> list:
    who = f"{w.clerk_name}({w.clerk_id})" if w.clerk_id else "-"
    return [w.number, w.name, "/".join(w.services), w.state_label(args.lang), w.current.number if w.current else "-",
            who, w.pause_reason]


def _print_window(args, window: Window) -> int:
    if args.json:
        _out(args, window.to_json(), "")
    else:
        _show(args, WINDOW_COLUMNS, [window_row(args, window)], header=False)
    return 0


async def clerk_add(engine, args):
    existing = await engine.clerk(args.id)
    if existing is not None and not args.update:  # a mistyped id must not replace a colleague
        from hallq.db.errors import Refused

        raise Refused(Refusal.EXISTS, texts.CLERK_EXISTS(id=args.id, name=existing.name))
    await engine.add_clerk(args.id, args.name, args.pin, role=args.role)
    _out(args, {"id": args.id, "name": args.name, "role": args.role},
         say(args, texts.CLERK_SAVED(id=args.id, name=args.name)))


CLERK_COLUMNS = (Column(texts.H_ID_CLERK), Column(texts.H_NAME), Column(texts.H_ROLE), Column(texts.H_STATE_CLERK),
                 Column(texts.H_AT_WINDOW, "right"))


def _clerk_state(args, clerk) -> str:
    if clerk.disabled:
        return texts.CLERK_OFF.text(args.lang)
    if clerk.locked_until is not None:
        return texts.CLERK_LOCKED_UNTIL(until=f"{clerk.locked_until:%H:%M}").text(args.lang)
    return texts.CLERK_ACTIVE.text(args.lang)


async def clerk_list(engine, args):
    clerks = await engine.clerks()
    if args.json:
        print(json.dumps([c.to_json() for c in clerks], ensure_ascii=False))
        return
    _show(args, CLERK_COLUMNS, [[c.id, c.name, texts.ROLE_NAMES[c.role].text(args.lang), _clerk_state(args, c),
                                 c.window] for c in clerks])


async def clerk_disable(engine, args):
    before = next((c for c in await engine.clerks() if c.id == args.id), None)
    clerk = await engine.set_clerk_disabled(args.id, True)
    if before is not None and before.window is not None and not before.disabled:
        message = texts.CLERK_DISABLED_AT(id=clerk.id, name=clerk.name, window=before.window)
    else:
        message = texts.CLERK_DISABLED(id=clerk.id, name=clerk.name)
    _out(args, clerk.to_json(), say(args, message))


async def clerk_enable(engine, args):
    clerk = await engine.set_clerk_disabled(args.id, False)
    _out(args, clerk.to_json(), say(args, texts.CLERK_ENABLED(id=clerk.id, name=clerk.name)))


async def clerk_reset_pin(engine, args):
    clerk = await engine.reset_pin(args.id, args.pin)
    _out(args, clerk.to_json(), say(args, texts.CLERK_PIN_RESET(id=clerk.id, name=clerk.name)))


async def clerk_role(engine, args):
    clerk = await engine.set_clerk_role(args.id, args.role)
    _out(args, clerk.to_json(), say(args, texts.CLERK_ROLE_SET(id=clerk.id, name=clerk.name,
                                                               role=texts.ROLE_NAMES[clerk.role])))


async def status(engine, args):
    ticket = await engine.ticket(args.number)
    await engine.record_shown_wait(ticket, "operator")  # what is said at the desk is told to the citizen
    if args.json:
        _out(args, ticket_json(ticket), "")
    else:
        _show(args, TICKET_COLUMNS, [ticket_row(args, ticket)])
    return 0


async def tickets(engine, args):
    rows = await engine.tickets(state=args.state, service=args.service and args.service.upper())
    if args.json:
        print(json.dumps([ticket_json(t) for t in rows], ensure_ascii=False))
    elif rows:
        _show(args, TICKET_COLUMNS, [ticket_row(args, t) for t in rows])
    else:
        print(say(args, texts.NO_SUCH_TICKETS if args.state or args.service else texts.NO_TICKETS), file=sys.stderr)


async def windows(engine, args):
    rows = await engine.windows()
    if args.json:
        print(json.dumps([w.to_json() for w in rows], ensure_ascii=False))
    else:
        _show(args, WINDOW_COLUMNS, [window_row(args, w) for w in rows])


QUEUE_COLUMNS = (Column(texts.H_SERVICE), Column(texts.H_NAME), Column(texts.H_WAITING, "right"),
                 Column(texts.H_LONGEST, "right"), Column(texts.H_NEXT), Column(texts.H_WALK_IN))


async def queues(engine, args):
    rows = await engine.service_queues()
    if args.json:
        print(json.dumps([q.to_json() for q in rows], ensure_ascii=False))
        return
    _show(args, QUEUE_COLUMNS, [[q.prefix, q.label(args.lang), q.waiting, _minutes(q.longest_wait_min),
                                 " ".join(q.next_numbers), walk_in_note(q)] for q in rows])


def walk_in_note(queue: ServiceQueue) -> Text | None:
    """Why no walk-in ticket can be had now (blank when one can)."""
    reason = queue.closed_reason
    if reason is None:
        return None
    if reason == Refusal.HOURS:
        return texts.WALK_IN_OPENS_AT(at=queue.opens_at) if queue.opens_at else texts.WALK_IN_HOURS_OVER
    notes: dict[str, Text] = {Refusal.HALL_CLOSED: texts.WALK_IN_HALL_CLOSED, Refusal.LIMIT: texts.WALK_IN_LIMIT,
                              Refusal.APPOINTMENT_ONLY: texts.WALK_IN_APPOINTMENT_ONLY}
    return notes.get(reason, texts.WALK_IN_CLOSED)


FIGURE_COLUMNS = (Column(texts.H_SERVICE), Column(texts.H_NAME), Column(texts.H_ISSUED, "right"),
                  Column(texts.H_CALLED, "right"), Column(texts.H_SERVED, "right"), Column(texts.H_MISSED, "right"),
                  Column(texts.H_WAITING, "right"),
                  Column(texts.H_MEAN_WAIT, "right"), Column(texts.H_MEAN_HANDLING, "right"))


async def figures(engine, args):
    if args.date:
        from hallq.db.errors import Refused

        try:
            date.fromisoformat(args.date)
        except ValueError:
            raise Refused(Refusal.BAD_DATE, texts.BAD_DATE(value=args.date)) from None
    day = await engine.figures(args.date)
    if args.json:
        print(json.dumps(day.to_json(), ensure_ascii=False))
        return
    print(say(args, texts.FIGURES_SUMMARY(day=day.day, issued=day.issued, called=day.called, served=day.served,
                                          no_shows=day.no_shows, waiting=day.waiting)))
    _show(args, FIGURE_COLUMNS, [[s.prefix, s.label(args.lang), s.issued, s.called, s.served, s.no_shows, s.waiting,
                                  _minutes(s.mean_wait_min), _minutes(s.mean_handling_min)] for s in day.services])


async def close_day(engine, args):
    from hallq.db import ratings

    summary = (await engine.close_day()).to_json()
    summary["default_ratings"] = await ratings.apply_default_ratings(engine)
    _out(args, summary, say(args, texts.DAY_CLOSED(day=summary["day"], expired=summary["expired"],
                                                   windows=summary["windows_logged_out"])))


def _event_line(event) -> str:
    """One event in one line: a log, printed as it happens (ids, times and kinds are codes)."""
    who = f" {event.number}" if event.number else ""
    where = f" @{event.window}" if event.window else ""
    data = " ".join(f"{k}={v}" for k, v in event.data.items() if v not in (None, ""))
    return f"{event.id:>6} {event.at:%H:%M:%S} {event.kind:<22}{who}{where} {event.actor or ''} {data}".rstrip()


async def events(engine, args):
    def show(event):
        print(json.dumps(event.to_json(), ensure_ascii=False) if args.json else _event_line(event),
              flush=args.follow)

    after = args.after
    while True:
        batch = await engine.events(after)
        for event in batch:
            show(event)
            after = event.id
        if len(batch) < 1000:
            break
    if args.follow:
        sys.stdout.flush()
        async for event in engine.follow(after_id=after):
            show(event)


async def appointments_import(engine, args):
    from hallq.db.booking_files import read_file
    from hallq.db.models import ImportOutcome

    source = read_file(args.file)
    report = await engine.import_appointments(source, skip_bad_rows=args.skip_bad_rows, dry_run=args.dry_run)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
        return 1 if report.errors else 0
    rows = len(source.rows)
    read = texts.IMPORT_READ(file=args.file, encoding=source.encoding, rows=rows) if source.encoding else \
        texts.IMPORT_READ_XLSX(file=args.file, rows=rows)
    print(say(args, read), file=sys.stderr)
    if source.ignored_columns:
        print(say(args, texts.IMPORT_IGNORED(columns=", ".join(source.ignored_columns))), file=sys.stderr)
    if args.dry_run:
        outcomes = {ImportOutcome.NEW: texts.OUTCOME_NEW, ImportOutcome.UPDATED: texts.OUTCOME_UPDATED,
                    ImportOutcome.UNCHANGED: texts.OUTCOME_UNCHANGED, ImportOutcome.KEPT: texts.OUTCOME_KEPT}
        _show(args, IMPORT_COLUMNS, [[b.place.label(), b.code, b.service,
                                      f"{b.slot_start:%Y-%m-%d %H:%M}-{b.slot_end:%H:%M}", b.name, b.id_masked,
                                      b.phone_masked, outcomes[b.outcome]] for b in report.bookings])
    # errors and warnings together in the file's order, as the operator goes through it
    problems = [(p, texts.IMPORT_ERROR) for p in report.errors] + [(p, texts.WARNING) for p in report.warnings]
    for problem, kind in sorted(problems, key=lambda pk: (pk[0].place.row, pk[0].letter or pk[0].column or "")):
        print(say(args, texts.IMPORT_PROBLEM(place=literal(problem.where("zh"), problem.where("en")),
                                             text=kind(text=problem.message))), file=sys.stderr)
    counts = dict(imported=report.imported, updated=report.updated, unchanged=report.unchanged)
    if args.dry_run:
        print(say(args, texts.IMPORT_DRY_RUN(**counts, errors=len(report.errors), warnings=len(report.warnings))))
        if report.errors and not args.skip_bad_rows:
            print(say(args, texts.IMPORT_DRY_RUN_REFUSED(good=len(report.bookings))))
    elif not report.written:
        print(say(args, texts.IMPORT_REFUSED(errors=len(report.errors), good=len(report.bookings))))
    else:
        print(say(args, texts.IMPORTED(**counts, errors=len(report.errors))))
    return 1 if report.errors else 0


IMPORT_COLUMNS = (Column(texts.H_PLACE), Column(texts.H_CODE), Column(texts.H_SERVICE), Column(texts.H_SLOT),
                  Column(texts.H_PERSON), Column(texts.H_ID), Column(texts.H_PHONE), Column(texts.H_OUTCOME))
APPOINTMENT_COLUMNS = (Column(texts.H_CODE), Column(texts.H_SERVICE), Column(texts.H_SLOT), Column(texts.H_PERSON),
                       Column(texts.H_ID), Column(texts.H_PHONE), Column(texts.H_CHECKED_IN))


async def appointments_list(engine, args):
    rows = await engine.appointments()
    if args.json:
        print(json.dumps([a.to_json() for a in rows], ensure_ascii=False))
        return
    _show(args, APPOINTMENT_COLUMNS, [[a.code, a.service, f"{a.slot_start:%H:%M}-{a.slot_end:%H:%M}", a.name,
                                       a.id_masked, a.phone_masked, "✓" if a.ticket_id else None] for a in rows])
