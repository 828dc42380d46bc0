"""The scriptable command line: the hall host's operator console.

Window actions here need no clerk login and are recorded as the operator's.
`--json` prints machine-readable output: one object, or JSON lines for events.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from hallq.db import ratings
from hallq.db import texts as T
from hallq.db.appointments import read_file
from hallq.db.config import demo_text, load_config, parse_config
from hallq.db.engine import OPERATOR, HallEngine
from hallq.db.errors import NotFound
from hallq.db.models import PRIORITY_REASONS, Ticket
from hallq.db.vocabulary import Refusal, TicketState

TICKET_FIELDS = ("number", "service", "state", "window", "ahead", "estimate_min", "taken_at", "called_at",
                 "priority", "appointment_code", "target_window", "recalls", "note", "token")


def register(sub: argparse._SubParsersAction) -> None:
    def command(name: str, handler, help: str, needs_hall: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(func=lambda args: asyncio.run(_run(handler, args, needs_hall)))
        return p

    p = command("init", init, "create or update the hall from hall.toml, or load the demo hall", needs_hall=False)
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--config", help="path to hall.toml")
    group.add_argument("--demo", action="store_true", help="the bundled demo hall (综合一窗, 15 windows)")

    p = command("take", take, "issue a walk-in ticket (现场取号)")
    p.add_argument("service", help="service prefix, e.g. A")
    p.add_argument("--priority", choices=sorted(PRIORITY_REASONS), help="green-channel reason (绿色通道)")
    p.add_argument("--kiosk", help="kiosk id recorded with the ticket")

    p = command("checkin", checkin, "check in an appointment by code, ID number or phone (预约签到)")
    p.add_argument("code")

    p = command("call", call, "call the next ticket, or a given number, to a window (叫号)")
    p.add_argument("--window", type=int, required=True)
    p.add_argument("--number", help="call this waiting number instead of the next")

    for name, handler, text in (("recall", recall, "call the window's current ticket again (重呼)"),
                                ("noshow", noshow, "mark the window's called ticket as missed (过号)"),
                                ("start", start, "start serving the window's called ticket"),
                                ("finish", finish, "finish the window's current ticket (办结)"),
                                ("resume", resume, "resume a paused window")):
        command(name, handler, text).add_argument("--window", type=int, required=True)

    p = command("pause", pause, "pause a window (暂停): it stays logged in but gets no calls")
    p.add_argument("--window", type=int, required=True)
    p.add_argument("--reason", default="暂离")

    p = command("rejoin", rejoin, "put a missed ticket back in its queue (过号重排)")
    p.add_argument("number")

    p = command("cancel", cancel, "cancel a waiting or missed ticket")
    p.add_argument("number")

    p = command("transfer", transfer, "transfer the window's current ticket (转号)")
    p.add_argument("--window", type=int, required=True)
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--to", dest="to_service", help="service prefix to transfer to")
    target.add_argument("--to-window", type=int, help="window number to transfer to")
    p.add_argument("--note", help="a note for the next clerk")

    p = command("clerk", None, "manage clerks")
    clerk_sub = p.add_subparsers(dest="clerk_command", metavar="ACTION", required=True)
    c = clerk_sub.add_parser("add", help="add or update a clerk (PIN stored with scrypt)")
    c.add_argument("id")
    c.add_argument("--name", required=True)
    c.add_argument("--pin", required=True)
    c.add_argument("--role", choices=["clerk", "supervisor"], default="clerk")
    c.set_defaults(func=lambda args: asyncio.run(_run(clerk_add, args, True)))

    p = command("status", status, "a ticket's state, people ahead and estimated wait")
    p.add_argument("number")

    p = command("tickets", tickets, "today's tickets")
    p.add_argument("--state", choices=sorted(TicketState))
    p.add_argument("--service")

    command("windows", windows, "every window's state and current ticket")
    command("queues", queues, "waiting per service")
    command("figures", figures, "today's figures per service")
    command("close-day", close_day, "end the day: open tickets expire, windows log out")

    p = command("events", events, "the event log (JSON lines with --json)")
    p.add_argument("--follow", action="store_true", help="keep printing new events as they happen")
    p.add_argument("--after", type=int, default=0, help="only events after this id")

    p = command("appointments", None, "online bookings (预约)")
    appt_sub = p.add_subparsers(dest="appointments_command", metavar="ACTION", required=True)
    a = appt_sub.add_parser("import", help="import bookings from a CSV or JSON file")
    a.add_argument("file")
    a.set_defaults(func=lambda args: asyncio.run(_run(appointments_import, args, True)))
    a = appt_sub.add_parser("list", help="today's bookings")
    a.set_defaults(func=lambda args: asyncio.run(_run(appointments_list, args, True)))


async def _run(handler, args, needs_hall: bool) -> int:
    engine = await HallEngine.open(args.db)
    try:
        if needs_hall and not await engine.is_initialised():
            raise NotFound(Refusal.NOT_SET_UP, T.NO_HALL_IN(path=args.db))
        return await handler(engine, args) or 0
    finally:
        await engine.close()


def _out(args, data, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False) if args.json else text)


def _t(args, zh: str, en: str) -> str:
    return en if args.lang == "en" else zh


def ticket_json(ticket: Ticket) -> dict:
    data = ticket.to_json()
    return {k: data[k] for k in TICKET_FIELDS}


def ticket_line(args, t: Ticket) -> str:
    parts = [t.number, t.service, t.state_label(args.lang)]
    if t.window:
        parts.append(_t(args, f"{t.window}号窗口", f"window {t.window}"))
    if t.target_window:
        parts.append(_t(args, f"转{t.target_window}号窗口", f"for window {t.target_window}"))
    if t.ahead is not None:
        parts.append(_t(args, f"前面 {t.ahead} 人，约 {t.estimate_min} 分钟", f"{t.ahead} ahead, about {t.estimate_min} min"))
    if t.priority:
        parts.append(_t(args, f"优先：{t.priority_label()}", f"priority: {t.priority_label('en')}"))
    if t.appointment_code:
        parts.append(_t(args, f"预约 {t.appointment_code}", f"appointment {t.appointment_code}"))
    parts.append(_t(args, f"取号 {t.taken_at:%H:%M}", f"taken {t.taken_at:%H:%M}"))
    return "  ".join(str(p) for p in parts)


def _print_ticket(args, ticket: Ticket) -> int:
    _out(args, ticket_json(ticket), ticket_line(args, ticket))
    return 0


async def init(engine: HallEngine, args) -> int:
    if args.demo:
        text, source = demo_text(), "demo hall"
    else:
        load_config(args.config)  # reports file problems with the path
        text, source = Path(args.config).read_text(encoding="utf-8"), args.config
    config = parse_config(text, source)
    await engine.load_config(config, text)
    summary = {"db": args.db, "hall": config.name, "services": len(config.services), "windows": len(config.windows),
               "kiosks": len(config.kiosks), "clerks": len(config.clerks)}
    _out(args, summary, _t(args, f"{config.name}：{len(config.services)} 类业务，{len(config.windows)} 个窗口 → {args.db}",
                           f"{config.name_en}: {len(config.services)} services, {len(config.windows)} windows → {args.db}"))
    return 0


async def take(engine, args):
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
    if args.number:
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
    return _print_ticket(args, await engine.transfer(args.window, to_service=args.to_service and args.to_service.upper(),
                                                     to_window=args.to_window, note=args.note))


async def pause(engine, args):
    return _print_window(args, await engine.pause(args.window, args.reason))


async def resume(engine, args):
    return _print_window(args, await engine.resume(args.window))


def _window_line(args, w) -> str:
    who = f"{w.clerk_name}({w.clerk_id})" if w.clerk_id else "-"
    current = w.current.number if w.current else "-"
    extra = f"  {w.pause_reason}" if w.pause_reason else ""
    return f"{w.number:>3}  {w.name:<10}  {'/'.join(w.services):<6}  {w.state_label(args.lang):<6}  {current:<5}  {who}{extra}"


def _print_window(args, window) -> int:
    _out(args, window.to_json(), _window_line(args, window))
    return 0


async def clerk_add(engine, args):
    await engine.add_clerk(args.id, args.name, args.pin, role=args.role)
    _out(args, {"id": args.id, "name": args.name, "role": args.role},
         _t(args, f"已保存工号 {args.id}（{args.name}）", f"Saved clerk {args.id} ({args.name})"))


async def status(engine, args):
    return _print_ticket(args, await engine.ticket(args.number))


async def tickets(engine, args):
    rows = await engine.tickets(state=args.state, service=args.service and args.service.upper())
    if args.json:
        print(json.dumps([ticket_json(t) for t in rows], ensure_ascii=False))
    else:
        for t in rows:
            print(ticket_line(args, t))
        if not rows:
            print(_t(args, "今天还没有号", "No tickets today"), file=sys.stderr)


async def windows(engine, args):
    rows = await engine.windows()
    if args.json:
        print(json.dumps([w.to_json() for w in rows], ensure_ascii=False))
    else:
        for w in rows:
            print(_window_line(args, w))


async def queues(engine, args):
    rows = await engine.service_queues()
    if args.json:
        print(json.dumps([q.to_json() for q in rows], ensure_ascii=False))
        return
    for q in rows:
        state = "" if q.is_open else _t(args, "  已暂停取号", "  closed")
        print(f"{q.prefix}  {q.label(args.lang):<10}  {_t(args, '等候', 'waiting')} {q.waiting:>3}  "
              f"{_t(args, '最久', 'longest')} {q.longest_wait_min:>3} min  {' '.join(q.next_numbers)}{state}")


async def figures(engine, args):
    day = await engine.figures()
    if args.json:
        print(json.dumps(day.to_json(), ensure_ascii=False))
        return
    print(_t(args, f"{day.day}  取号 {day.issued}  办结 {day.served}  过号 {day.no_shows}  等候 {day.waiting}",
             f"{day.day}  issued {day.issued}  served {day.served}  missed {day.no_shows}  waiting {day.waiting}"))
    for s in day.services:
        print(f"  {s.prefix} {s.name:<8} {s.issued:>4} {s.served:>4} {s.no_shows:>3}  "
              f"wait {s.mean_wait_min if s.mean_wait_min is not None else '-'} min  "
              f"handling {s.mean_handling_min if s.mean_handling_min is not None else '-'} min")


async def close_day(engine, args):
    summary = (await engine.close_day()).to_json()
    summary["default_ratings"] = await ratings.apply_default_ratings(engine)
    _out(args, summary, _t(args, f"{summary['day']} 已日结：{summary['expired']} 个号过期，{summary['windows_logged_out']} 个窗口登出",
                           f"{summary['day']} closed: {summary['expired']} tickets expired, {summary['windows_logged_out']} windows logged out"))


def _event_line(event) -> str:
    who = f" {event.number}" if event.number else ""
    where = f" @{event.window}" if event.window else ""
    data = " ".join(f"{k}={v}" for k, v in event.data.items() if v not in (None, ""))
    return f"{event.id:>6} {event.at:%H:%M:%S} {event.kind:<22}{who}{where} {event.actor or ''} {data}".rstrip()


async def events(engine, args):
    def show(event):
        print(json.dumps(event.to_json(), ensure_ascii=False) if args.json else _event_line(event), flush=True)

    after = args.after
    while True:
        batch = await engine.events(after)
        for event in batch:
            show(event)
            after = event.id
        if len(batch) < 1000:
            break
    if args.follow:
        async for event in engine.follow(after_id=after):
            show(event)


async def appointments_import(engine, args):
    rows = read_file(args.file)
    report = await engine.import_appointments(rows)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(_t(args, f"导入 {report.imported}，更新 {report.updated}，未变 {report.unchanged}，错误 {len(report.errors)}",
                 f"imported {report.imported}, updated {report.updated}, unchanged {report.unchanged}, errors {len(report.errors)}"))
        for line, problem in report.errors:
            print(f"{args.file}:{line}: {problem}", file=sys.stderr)
    return 1 if report.errors else 0


async def appointments_list(engine, args):
    rows = await engine.appointments()
    if args.json:
        print(json.dumps([a.to_json() for a in rows], ensure_ascii=False))
        return
    for a in rows:
        print(f"{a.code}  {a.service}  {a.slot_start:%H:%M}-{a.slot_end:%H:%M}  {a.name}  "
              f"{a.id_masked or ''} {a.phone_masked or ''}  {'✓' if a.ticket_id else ''}")


