"""`hallq report` (the day's figures) and `hallq followups` (整改 of bad ratings)."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hallq.cli import texts
from hallq.cli.tables import Column

if TYPE_CHECKING:
    from hallq.db.engine import HallEngine


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="the day's figures (运行报表) from the event log: md, csv, xlsx or html",
                       description="The figures of a day or a range of days, from the event log: tickets, waits, "
                                   "handling, per service, window, clerk and hour, and the citizen ratings.")
    p.add_argument("--date", help="the day, YYYY-MM-DD (default: today)")
    p.add_argument("--to", help="last day of a range, YYYY-MM-DD")
    p.add_argument("--format", choices=("md", "csv", "xlsx", "html"), default="md")
    p.add_argument("--out", help="write to this file (xlsx and html go to report-DAY.xlsx/.html by default)")
    p.set_defaults(func=lambda args: _run(report, args))

    p = sub.add_parser("followups", help="bad ratings to follow up (整改): list, or close one with a note",
                       description="Follow-ups (整改) opened by bad ratings. Without an action: list the open ones.")
    p.add_argument("--all", action="store_true", help="also the closed ones")
    p.set_defaults(func=lambda args: _run(followups, args))
    actions = p.add_subparsers(dest="followups_command", metavar="ACTION")
    c = actions.add_parser("close", help="close a follow-up with a note on what was done")
    c.add_argument("id", type=int)
    c.add_argument("--note", required=True, help="what was done (处理说明)")
    c.add_argument("--by", help="the supervisor's id, recorded as supervisor:<id>")
    c.set_defaults(func=lambda args: _run(followup_close, args))


def _say(args, text) -> str:
    return text.text(args.lang)


def _run(handler, args) -> int:
    import asyncio

    from hallq.cli.commands import open_hall

    async def main() -> int:
        engine = await open_hall(args.db)
        try:
            if not await engine.is_initialised():
                print(_say(args, texts.REPORT_NO_HALL(db=args.db)), file=sys.stderr)
                return 2
            return await handler(engine, args) or 0
        finally:
            await engine.close()
    return asyncio.run(main())


def _day(args, text: str | None, name: str) -> str | None:
    from hallq.db.errors import Refused
    from hallq.db.vocabulary import Refusal

    if text is None:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise Refused(Refusal.BAD_DATE, texts.BAD_DAY(option=name, value=text)) from None


async def report(engine: HallEngine, args) -> int:
    from hallq.db.report_formats import render
    from hallq.db.reports import day_report

    start = _day(args, args.date, "--date") or engine.today()
    made = await day_report(engine, start, _day(args, args.to, "--to"))
    if args.json:
        print(json.dumps(made.to_json(), ensure_ascii=False))
        return 0
    content = render(made, args.format, args.lang)
    out = args.out
    if out is None and args.format in ("xlsx", "html"):
        out = f"report-{made.start}" + (f"_{made.end}" if made.end != made.start else "") + f".{args.format}"
    if out is None or out == "-":
        if isinstance(content, bytes):  # xlsx
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        return 0
    path = Path(out)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    t = made.total
    print(_say(args, texts.REPORT_WRITTEN(period=made.period, issued=t.issued, served=t.served,
                                          wait=t.mean_wait_min or "-", path=path)))
    return 0


FOLLOWUP_COLUMNS = (Column(texts.H_FOLLOWUP, "right"), Column(texts.H_DAY), Column(texts.H_NUMBER),
                    Column(texts.H_WINDOW), Column(texts.H_CLERK), Column(texts.H_RATING), Column(texts.H_STATE))


def followup_row(args, f, today: date) -> list:
    """One follow-up as a row of FOLLOWUP_COLUMNS."""
    from hallq.db.ratings import level_label, reason_label

    who = f"{f.clerk_name}({f.clerk_id})" if f.clerk_name else (f.clerk_id or "-")
    if f.is_open:
        state = _say(args, texts.DUE(due=f.due))
        if f.overdue(today):
            state += " " + _say(args, texts.OVERDUE)
    else:
        state = _say(args, texts.FOLLOWUP_CLOSED_BY(at=f.closed_at, by=f.closed_by, note=f.note))
    window = texts.AT_WINDOW(window=f.window) if f.window else "-"
    said = f"「{f.text}」" if f.text else ""
    rating = f"{level_label(f.level, args.lang)} {reason_label(f.reason, args.lang)}{said}"
    return [f.id, f.day, f.number, window, who, rating, state]


async def followups(engine: HallEngine, args) -> int:
    from hallq.cli.tables import show
    from hallq.db import ratings

    rows = await (ratings.all_followups(engine) if args.all else ratings.open_followups(engine))
    if args.json:
        print(json.dumps([f.to_json() for f in rows], ensure_ascii=False))
        return 0
    today = engine.now().date()
    if rows:
        show(FOLLOWUP_COLUMNS, [followup_row(args, f, today) for f in rows], args.lang)
    else:
        print(_say(args, texts.NO_FOLLOWUPS), file=sys.stderr)
    return 0


async def followup_close(engine: HallEngine, args) -> int:
    from hallq.db import ratings
    from hallq.db.engine import OPERATOR

    actor = f"supervisor:{args.by}" if args.by else OPERATOR
    closed = await ratings.close_followup(engine, args.id, args.note, actor)
    if args.json:
        print(json.dumps(closed.to_json(), ensure_ascii=False))
    else:
        print(_say(args, texts.FOLLOWUP_CLOSED(id=closed.id, number=closed.number)))
    return 0
