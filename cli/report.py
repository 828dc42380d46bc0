"""`hallq report` (the day's figures) and `hallq followups` (整改 of bad ratings)."""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import date
from pathlib import Path

from hallq.db import texts as T
from hallq.db.engine import OPERATOR, HallEngine
from hallq.db.errors import Refused
from hallq.db.vocabulary import Refusal


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


def _t(args, zh: str, en: str) -> str:
    return en if args.lang == "en" else zh


def _run(handler, args) -> int:
    async def main() -> int:
        engine = await HallEngine.open(args.db)
        try:
            if not await engine.is_initialised():
                print(_t(args, f"{args.db}: 还没有大厅配置，请先运行 hallq init --demo",
                         f"{args.db}: no hall yet; run hallq init --demo first"), file=sys.stderr)
                return 2
            return await handler(engine, args) or 0
        finally:
            await engine.close()
    return asyncio.run(main())


def _day(args, text: str | None, name: str) -> str | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise Refused(Refusal.BAD_DATE, T.BAD_DATE(name=name, text=text)) from None


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
        sys.stdout.write(content)
        return 0
    path = Path(out)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    t = made.total
    print(_t(args, f"{made.period}：取号 {t.issued}，办结 {t.served}，平均等候 {t.mean_wait_min or '-'} 分钟 → {path}",
             f"{made.period}: issued {t.issued}, served {t.served}, mean wait {t.mean_wait_min or '-'} min → {path}"))
    return 0


def _followup_line(args, f, today: date) -> str:
    from hallq.db.ratings import level_label, reason_label

    who = f"{f.clerk_name}({f.clerk_id})" if f.clerk_name else (f.clerk_id or "-")
    if f.is_open:
        state = _t(args, f"期限 {f.due:%m-%d}", f"due {f.due:%d %b}")
        if f.overdue(today):
            state += _t(args, " 已逾期", " OVERDUE")
    else:
        state = _t(args, f"已关闭 {f.closed_at:%m-%d} {f.closed_by}：{f.note}", f"closed {f.closed_at:%d %b} by {f.closed_by}: {f.note}")
    window = _t(args, f"{f.window}号窗口", f"window {f.window}") if f.window else "-"
    text = f"「{f.text}」" if f.text else ""
    return (f"{f.id:>4}  {f.day}  {f.number:<5} {window:<8} {who:<12} {level_label(f.level, args.lang)} "
            f"{reason_label(f.reason, args.lang)}{text}  {state}")


async def followups(engine: HallEngine, args) -> int:
    from hallq.db import ratings

    rows = await (ratings.all_followups(engine) if args.all else ratings.open_followups(engine))
    if args.json:
        print(json.dumps([f.to_json() for f in rows], ensure_ascii=False))
        return 0
    today = engine.now().date()
    for f in rows:
        print(_followup_line(args, f, today))
    if not rows:
        print(_t(args, "没有待整改事项", "No follow-ups open"), file=sys.stderr)
    return 0


async def followup_close(engine: HallEngine, args) -> int:
    from hallq.db import ratings

    actor = f"supervisor:{args.by}" if args.by else OPERATOR
    closed = await ratings.close_followup(engine, args.id, args.note, actor)
    if args.json:
        print(json.dumps(closed.to_json(), ensure_ascii=False))
    else:
        print(_t(args, f"整改事项 {closed.id}（{closed.number}）已关闭", f"Follow-up {closed.id} ({closed.number}) closed"))
    return 0
