"""A Report (db.reports) as Markdown, CSV, XLSX (openpyxl) or HTML with inline SVG charts.

The HTML is one self-contained file: no scripts, fonts or styles from elsewhere, so it
opens offline and can be mailed or printed as it is.
"""
from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable

from hallq.db.ratings import LEVELS, REASONS, level_label, reason_label
from hallq.db.reports import Figures, Report

FORMATS = ("md", "csv", "xlsx", "html")


def _num(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _pct(value) -> str:
    return "-" if value is None else f"{value:.1f}%"


# column: (中文, English, value of a Figures)
COLUMNS: dict[str, tuple[str, str, Callable[[Figures], object]]] = {
    "issued": ("取号", "Issued", lambda f: f.issued),
    "called": ("叫号", "Called", lambda f: f.called),
    "served": ("办结", "Served", lambda f: f.served),
    "no_shows": ("过号", "Missed", lambda f: f.no_shows),
    "transferred": ("转出", "Transferred", lambda f: f.transferred),
    "mean_wait": ("平均等候(分)", "Mean wait (min)", lambda f: f.mean_wait_min),
    "longest_wait": ("最长等候(分)", "Longest wait (min)", lambda f: f.longest_wait_min),
    "over_limit": ("超时等候", "Long waits", lambda f: f.waits_over_limit),
    "mean_handling": ("平均办理(分)", "Mean handling (min)", lambda f: f.mean_handling_min),
    "busy": ("办理总时长(分)", "Busy (min)", lambda f: f.busy_min),
    "rated": ("评价数", "Rated", lambda f: f.rated),
    "good_pct": ("好评率", "Good", lambda f: f.good_pct),
    "bad": ("差评", "Bad", lambda f: f.bad),
}
QUEUE_COLUMNS = ("issued", "called", "served", "no_shows", "transferred", "mean_wait", "longest_wait", "over_limit",
                 "mean_handling", "rated", "good_pct", "bad")
DESK_COLUMNS = ("called", "served", "no_shows", "transferred", "mean_wait", "mean_handling", "busy", "rated",
                "good_pct", "bad")
HOUR_COLUMNS = ("issued", "called", "served", "no_shows", "mean_wait", "longest_wait", "over_limit", "mean_handling")


def _sections(report: Report) -> list[tuple[tuple[str, str], tuple[str, str], tuple[str, ...], list[Figures]]]:
    """(title, first column's name, columns, rows) of each table; names as (中文, English)."""
    out = [(("按业务", "By service"), ("业务", "Service"), QUEUE_COLUMNS, report.services + [report.total]),
           (("按窗口", "By window"), ("窗口", "Window"), DESK_COLUMNS, report.windows),
           (("按工作人员", "By clerk"), ("工作人员", "Clerk"), DESK_COLUMNS, report.clerks),
           (("按时段", "By hour"), ("时段", "Hour"), HOUR_COLUMNS, report.hours)]
    if report.days:
        out.append((("按日", "By day"), ("日期", "Day"), QUEUE_COLUMNS, report.days))
    return out


def _t(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def _cell(column: str, f: Figures) -> str:
    value = COLUMNS[column][2](f)
    return _pct(value) if column == "good_pct" else _num(value)


def _header(lang: str, first: str, columns) -> list[str]:
    return [first] + [COLUMNS[c][1] if lang == "en" else COLUMNS[c][0] for c in columns]


def _summary(report: Report, lang: str) -> list[tuple[str, str]]:
    t, s = report.total, report.satisfaction
    over = report.long_wait_minutes
    return [
        (_t(lang, "取号", "Tickets issued"), _num(t.issued)),
        (_t(lang, "叫号", "Called"), _num(t.called)),
        (_t(lang, "办结", "Served"), _num(t.served)),
        (_t(lang, "过号", "No-shows"), _num(t.no_shows)),
        (_t(lang, "转号", "Transferred"), _num(t.transferred)),
        (_t(lang, "平均等候(分钟)", "Mean wait (min)"), _num(t.mean_wait_min)),
        (_t(lang, "最长等候(分钟)", "Longest wait (min)"), _num(t.longest_wait_min)),
        (_t(lang, f"等候超过{over}分钟", f"Waits over {over} min"), _num(t.waits_over_limit)),
        (_t(lang, "平均办理(分钟)", "Mean handling (min)"), _num(t.mean_handling_min)),
        (_t(lang, "评价数 / 评价率", "Ratings / rated"), f"{s.rated} / {_pct(s.rated_pct)}"),
        (_t(lang, "好评率", "Good ratings"), _pct(s.good_pct)),
        (_t(lang, "差评", "Bad ratings"), _num(s.bad)),
        (_t(lang, "整改：新开 / 已关闭 / 未关闭 / 逾期", "Follow-ups: opened / closed / open / overdue"),
         f"{s.followups_opened} / {s.followups_closed} / {s.followups_open} / {s.followups_overdue}"),
    ]


def _level_rows(report: Report, lang: str) -> list[list[str]]:
    s = report.satisfaction
    return [[level_label(level, lang), str(s.levels.get(level, 0)),
             _pct(round(100 * s.levels.get(level, 0) / s.rated, 1) if s.rated else None)] for level in LEVELS]


def _reason_rows(report: Report, lang: str) -> list[list[str]]:
    s = report.satisfaction
    return [[reason_label(r, lang), str(s.reasons[r])] for r in REASONS if s.reasons.get(r)]


def _bad_rows(report: Report, lang: str) -> tuple[list[str], list[list[str]]]:
    head = [_t(lang, x, y) for x, y in (("日期", "Day"), ("号", "Ticket"), ("窗口", "Window"), ("工作人员", "Clerk"),
                                        ("评价", "Rating"), ("原因", "Reason"), ("留言", "Comment"),
                                        ("整改", "Follow-up"), ("期限", "Due"), ("处理", "Closed"))]
    rows = []
    for b in report.satisfaction.bad_reviews:
        closed = f"{b.closed_at:%m-%d %H:%M} {b.note or ''}".strip() if b.closed_at else _t(lang, "未关闭", "open")
        rows.append([b.day, b.number, _num(b.window), b.clerk or "-", level_label(b.level, lang),
                     reason_label(b.reason, lang) or "-", b.text or "", _num(b.followup_id), b.due or "-", closed])
    return head, rows


def _title(report: Report, lang: str) -> str:
    return _t(lang, f"{report.hall} 运行报表 {report.period}", f"{report.hall_en} report {report.period}")


# ---------------------------------------------------------------------- Markdown
def to_markdown(report: Report, lang: str = "zh") -> str:
    def table(head: list[str], rows: list[list[str]]) -> list[str]:
        cells = [[c.replace("|", "\\|").replace("\n", " ") for c in row] for row in [head] + rows]
        return ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * len(head)] + \
               ["| " + " | ".join(r) + " |" for r in cells[1:]]

    lines = [f"# {_title(report, lang)}", "",
             _t(lang, f"生成于 {report.made_at:%Y-%m-%d %H:%M}，数据来自事件日志。",
                f"Made {report.made_at:%Y-%m-%d %H:%M} from the event log."), ""]
    lines += table([_t(lang, "项目", "Figure"), _t(lang, "数值", "Value")], [list(r) for r in _summary(report, lang)])
    for title, first, columns, rows in _sections(report):
        lines += ["", f"## {_t(lang, *title)}", ""]
        lines += table(_header(lang, _t(lang, *first), columns), [[f.name(lang)] + [_cell(c, f) for c in columns] for f in rows])
    lines += ["", f"## {_t(lang, '好差评', 'Citizen ratings')}", ""]
    lines += table([_t(lang, "评价", "Rating"), _t(lang, "数量", "Count"), _t(lang, "占比", "Share")],
                   _level_rows(report, lang))
    reasons = _reason_rows(report, lang)
    if reasons:
        lines += [""] + table([_t(lang, "差评原因", "Reason"), _t(lang, "数量", "Count")], reasons)
    head, rows = _bad_rows(report, lang)
    if rows:
        lines += ["", f"### {_t(lang, '差评与整改', 'Bad ratings and follow-ups')}", ""] + table(head, rows)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- CSV and XLSX
def _sheets(report: Report, lang: str) -> list[tuple[str, list[list]]]:
    """(sheet name, rows) with numbers kept as numbers, for CSV blocks and XLSX sheets."""
    def raw(column: str, f: Figures):
        return COLUMNS[column][2](f)

    sheets = [(_t(lang, "总览", "Summary"),
               [[_title(report, lang), ""]] + [list(r) for r in _summary(report, lang)])]
    for title, first, columns, rows in _sections(report):
        sheets.append((_t(lang, *title), [_header(lang, _t(lang, *first), columns)] +
                       [[f.name(lang)] + [raw(c, f) for c in columns] for f in rows]))
    head, bad = _bad_rows(report, lang)
    levels = [[_t(lang, "评价", "Rating"), _t(lang, "数量", "Count"), _t(lang, "占比", "Share")]] + \
        [[r[0], int(r[1]), r[2]] for r in _level_rows(report, lang)]
    sheets.append((_t(lang, "好差评", "Ratings"), levels + [[]] + [head] + bad))
    return sheets


def to_csv(report: Report, lang: str = "zh") -> str:
    """One CSV with a block per table, a `# title` row before each, blank rows between."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for name, rows in _sheets(report, lang):
        writer.writerow([f"# {name}"])
        writer.writerows([["" if v is None else v for v in row] for row in rows])
        writer.writerow([])
    return out.getvalue()


def to_xlsx(report: Report, lang: str = "zh") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for name, rows in _sheets(report, lang):
        sheet = book.create_sheet(name[:31])
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------- HTML with SVG charts
CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: .5em 0; font-size: .9em; }
th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f0f3f7; } tr.total td { font-weight: bold; background: #fafafa; }
.charts { display: flex; flex-wrap: wrap; gap: 2em; }
figure { margin: 0; } figcaption { font-weight: bold; margin-bottom: .3em; }
.muted { color: #777; font-size: .85em; }
svg text { font-size: 11px; fill: #333; }
@media print { .charts { display: block; } }
"""


def bar_chart(labels: list[str], series: list[tuple[str, str, list[float | None]]], unit: str = "",
              limit: float | None = None, limit_label: str = "", width: int = 560, height: int = 240) -> str:
    """A grouped bar chart as inline SVG: series are (name, colour, values per label);
    an optional dashed line marks a limit (e.g. 30 minutes)."""
    left, right, top, bottom = 44, 10, 24, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v or 0 for _, _, values in series for v in values] + [limit or 0, 1])
    step = _nice_step(peak)
    top_value = step * -(-peak // step)
    esc = html.escape
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img">']
    for i in range(int(top_value // step) + 1):
        y = top + plot_h - plot_h * i * step / top_value
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{_num_label(i * step)}</text>')
    slot = plot_w / max(len(labels), 1)
    bar = slot * 0.8 / max(len(series), 1)
    for i, label in enumerate(labels):
        x0 = left + i * slot + slot * 0.1
        for j, (name, colour, values) in enumerate(series):
            value = values[i]
            if value is None:
                continue
            h = plot_h * value / top_value
            x, y = x0 + j * bar, top + plot_h - h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 1:.1f}" height="{h:.1f}" fill="{colour}">'
                         f'<title>{esc(label)} {esc(name)}: {_num_label(value)}{esc(unit)}</title></rect>')
            if value and len(labels) * len(series) <= 40:
                parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle">{_num_label(value)}</text>')
        parts.append(f'<text x="{left + i * slot + slot / 2:.1f}" y="{height - bottom + 14}" '
                     f'text-anchor="middle">{esc(label)}</text>')
    if limit is not None:
        y = top + plot_h - plot_h * limit / top_value
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#c0392b" '
                     f'stroke-dasharray="5,4"/><text x="{width - right}" y="{y - 4:.1f}" text-anchor="end" '
                     f'style="fill:#c0392b">{esc(limit_label)}</text>')
    x = left
    for name, colour, _ in series:
        parts.append(f'<rect x="{x}" y="6" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14}" y="15">{esc(name)}</text>')
        x += 16 + 12 * len(name) + 10
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#999"/>')
    parts.append("</svg>")
    return "".join(parts)


def _nice_step(peak: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if peak / step <= 6:
            return step
    return 10000


def _num_label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def to_html(report: Report, lang: str = "zh") -> str:
    esc = html.escape
    heading = _title(report, lang)

    def table(head: list[str], rows: list[list[str]], total_last: bool = False) -> str:
        out = ["<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>"]
        for i, row in enumerate(rows):
            cls = ' class="total"' if total_last and i == len(rows) - 1 else ""
            out.append(f"<tr{cls}>" + "".join(f"<td>{esc(str(c))}</td>" for c in row) + "</tr>")
        return "".join(out) + "</table>"

    hours = report.hours
    waits_chart = bar_chart(
        [f"{int(f.key):02d}" for f in hours],
        [(_t(lang, "平均等候", "Mean wait"), "#2e86de", [f.mean_wait_min for f in hours]),
         (_t(lang, "最长等候", "Longest wait"), "#f39c12", [f.longest_wait_min for f in hours])],
        unit=_t(lang, "分钟", " min"), limit=report.long_wait_minutes,
        limit_label=_t(lang, f"{report.long_wait_minutes}分钟", f"{report.long_wait_minutes} min"))
    desks = [f for f in report.windows if f.key.isdigit()]
    load_chart = bar_chart([f.key for f in desks],
                           [(_t(lang, "办理时长(分钟)", "Busy (min)"), "#8e44ad", [f.busy_min for f in desks])])
    arrivals_chart = bar_chart(
        [f"{int(f.key):02d}" for f in hours],
        [(_t(lang, "取号", "Issued"), "#2e86de", [float(f.issued) for f in hours]),
         (_t(lang, "办结", "Served"), "#27ae60", [float(f.served) for f in hours])])

    body = [f"<h1>{esc(heading)}</h1>",
            f'<p class="muted">{esc(_t(lang, f"生成于 {report.made_at:%Y-%m-%d %H:%M}，数据来自事件日志。", f"Made {report.made_at:%Y-%m-%d %H:%M} from the event log."))}</p>',
            table([_t(lang, "项目", "Figure"), _t(lang, "数值", "Value")], [list(r) for r in _summary(report, lang)]),
            '<div class="charts">',
            f'<figure id="chart-waits"><figcaption>{esc(_t(lang, "各时段等候时间（按叫号时刻）", "Waits by hour (of the call)"))}</figcaption>{waits_chart}</figure>',
            f'<figure id="chart-load"><figcaption>{esc(_t(lang, "各窗口工作量（办理分钟）", "Load by window (minutes busy)"))}</figcaption>{load_chart}</figure>',
            f'<figure id="chart-arrivals"><figcaption>{esc(_t(lang, "各时段取号与办结", "Issued and served by hour"))}</figcaption>{arrivals_chart}</figure>',
            "</div>"]
    for title, first, columns, rows in _sections(report):
        body.append(f"<h2>{esc(_t(lang, *title))}</h2>")
        body.append(table(_header(lang, _t(lang, *first), columns), [[f.name(lang)] + [_cell(c, f) for c in columns] for f in rows],
                          total_last=rows[-1:] == [report.total]))
    body.append(f"<h2>{esc(_t(lang, '好差评', 'Citizen ratings'))}</h2>")
    body.append(table([_t(lang, "评价", "Rating"), _t(lang, "数量", "Count"), _t(lang, "占比", "Share")],
                      _level_rows(report, lang)))
    reasons = _reason_rows(report, lang)
    if reasons:
        body.append(table([_t(lang, "差评原因", "Reason"), _t(lang, "数量", "Count")], reasons))
    head, rows = _bad_rows(report, lang)
    if rows:
        body.append(f"<h2>{esc(_t(lang, '差评与整改', 'Bad ratings and follow-ups'))}</h2>" + table(head, rows))
    return (f'<!DOCTYPE html>\n<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
            f"<title>{esc(heading)}</title><style>{CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def render(report: Report, fmt: str, lang: str = "zh") -> str | bytes:
    """The report in one of FORMATS: text for md, csv and html; bytes for xlsx."""
    renderers = {"md": to_markdown, "csv": to_csv, "xlsx": to_xlsx, "html": to_html}
    if fmt not in renderers:
        raise ValueError(f"unknown report format {fmt!r} (one of {', '.join(FORMATS)})")
    return renderers[fmt](report, lang)
