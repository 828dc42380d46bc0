"""A Report (db.reports) as Markdown, CSV, XLSX (openpyxl) or HTML with inline SVG charts.

The HTML is one self-contained file: no scripts, fonts or styles from elsewhere, so it
opens offline and can be mailed or printed as it is. Every heading and label is a Text of
db/report_texts.py, rendered in the language asked for.
"""
from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable
from enum import StrEnum
from typing import NamedTuple

from hallq.db import report_texts as R
from hallq.db.booking_report import BookingFigures
from hallq.db.ratings import LEVELS, REASONS, level_label, reason_label
from hallq.db.reports import Figures, Report
from hallq.i18n import Text


class ReportFormat(StrEnum):
    """The formats `render` makes."""

    MD = "md"
    CSV = "csv"
    XLSX = "xlsx"
    HTML = "html"


FORMATS = tuple(ReportFormat)

#: a value in a CSV row or an XLSX cell: numbers stay numbers, None is an empty cell
Cell = str | int | float | None


def _num(value: float | None) -> str:
    """A figure as text: "-" for None, one decimal for a float."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _pct(value: float | None) -> str:
    """A percentage as text, one decimal ("-" for None)."""
    return "-" if value is None else f"{value:.1f}%"


class Column(StrEnum):
    """The columns a table of Figures can have."""

    ISSUED = "issued"
    CALLED = "called"
    SERVED = "served"
    NO_SHOWS = "no_shows"
    TRANSFERRED = "transferred"
    MEAN_WAIT = "mean_wait"
    LONGEST_WAIT = "longest_wait"
    OVER_LIMIT = "over_limit"
    MEAN_HANDLING = "mean_handling"
    BUSY = "busy"
    RATED = "rated"
    GOOD_PCT = "good_pct"
    BAD = "bad"


#: column → (heading, its value of a Figures)
COLUMNS: dict[Column, tuple[Text, Callable[[Figures], float | None]]] = {
    Column.ISSUED: (R.COLUMN_ISSUED, lambda f: f.issued),
    Column.CALLED: (R.COLUMN_CALLED, lambda f: f.called),
    Column.SERVED: (R.COLUMN_SERVED, lambda f: f.served),
    Column.NO_SHOWS: (R.COLUMN_NO_SHOWS, lambda f: f.no_shows),
    Column.TRANSFERRED: (R.COLUMN_TRANSFERRED, lambda f: f.transferred),
    Column.MEAN_WAIT: (R.COLUMN_MEAN_WAIT, lambda f: f.mean_wait_min),
    Column.LONGEST_WAIT: (R.COLUMN_LONGEST_WAIT, lambda f: f.longest_wait_min),
    Column.OVER_LIMIT: (R.COLUMN_OVER_LIMIT, lambda f: f.waits_over_limit),
    Column.MEAN_HANDLING: (R.COLUMN_MEAN_HANDLING, lambda f: f.mean_handling_min),
    Column.BUSY: (R.COLUMN_BUSY, lambda f: f.busy_min),
    Column.RATED: (R.COLUMN_RATED, lambda f: f.rated),
    Column.GOOD_PCT: (R.COLUMN_GOOD_PCT, lambda f: f.good_pct),
    Column.BAD: (R.COLUMN_BAD, lambda f: f.bad),
}
C = Column
QUEUE_COLUMNS = (C.ISSUED, C.CALLED, C.SERVED, C.NO_SHOWS, C.TRANSFERRED, C.MEAN_WAIT, C.LONGEST_WAIT, C.OVER_LIMIT,
                 C.MEAN_HANDLING, C.RATED, C.GOOD_PCT, C.BAD)
DESK_COLUMNS = (C.CALLED, C.SERVED, C.NO_SHOWS, C.TRANSFERRED, C.MEAN_WAIT, C.MEAN_HANDLING, C.BUSY, C.RATED,
                C.GOOD_PCT, C.BAD)
HOUR_COLUMNS = (C.ISSUED, C.CALLED, C.SERVED, C.NO_SHOWS, C.MEAN_WAIT, C.LONGEST_WAIT, C.OVER_LIMIT, C.MEAN_HANDLING)


#: the columns of the bookings table (预约签到): heading, value of a BookingFigures
BOOKING_COLUMNS: tuple[tuple[Text, Callable[[BookingFigures], float | None]], ...] = (
    (R.COLUMN_BOOKED, lambda b: b.booked),
    (R.COLUMN_CHECKED_IN, lambda b: b.checked_in),
    (R.COLUMN_ON_TIME, lambda b: b.on_time),
    (R.COLUMN_EARLY, lambda b: b.early),
    (R.COLUMN_LATE, lambda b: b.late),
    (R.COLUMN_BOOKING_NO_SHOWS, lambda b: b.no_shows),
    (R.COLUMN_NOT_YET, lambda b: b.not_yet),
)


def _booking_header(report: Report, lang: str) -> list[str]:
    soon = R.COLUMN_CALLED_SOON(minutes=report.bookings.call_soon_minutes)
    return [R.SERVICE.text(lang)] + [t.text(lang) for t, _ in BOOKING_COLUMNS] + [soon.text(lang)]


def _booking_groups(report: Report) -> list[BookingFigures]:
    """The rows of the bookings table: each service, the total, then each day's services."""
    b = report.bookings
    return b.services + [b.total] + b.days


def _booking_rows(report: Report, lang: str) -> list[list[str]]:
    return [[f.name(lang)] + [_num(get(f)) for _, get in BOOKING_COLUMNS] + [_pct(f.called_soon_pct)]
            for f in _booking_groups(report)]


class _Section(NamedTuple):
    """One table of the report: its title, the name of its first column, its columns, its rows."""

    title: Text
    first: Text
    columns: tuple[Column, ...]
    rows: list[Figures]


def _sections(report: Report) -> list[_Section]:
    out = [_Section(R.BY_SERVICE, R.SERVICE, QUEUE_COLUMNS, report.services + [report.total]),
           _Section(R.BY_WINDOW, R.WINDOW, DESK_COLUMNS, report.windows),
           _Section(R.BY_CLERK, R.CLERK, DESK_COLUMNS, report.clerks),
           _Section(R.BY_HOUR, R.HOUR, HOUR_COLUMNS, report.hours)]
    if report.days:
        out.append(_Section(R.BY_DAY, R.DAY, QUEUE_COLUMNS, report.days))
    return out


def _cell(column: Column, f: Figures) -> str:
    value = COLUMNS[column][1](f)
    return _pct(value) if column == Column.GOOD_PCT else _num(value)


def _header(lang: str, first: Text, columns: tuple[Column, ...]) -> list[str]:
    return [first.text(lang)] + [COLUMNS[c][0].text(lang) for c in columns]


def _texts(lang: str, *texts: Text) -> list[str]:
    return [t.text(lang) for t in texts]


def _summary(report: Report, lang: str) -> list[list[str]]:
    """(figure, value) rows of the summary table."""
    t, s, b = report.total, report.satisfaction, report.bookings.total
    rows: list[tuple[Text, str]] = [
        (R.SUMMARY_ISSUED, _num(t.issued)),
        (R.SUMMARY_CALLED, _num(t.called)),
        (R.SUMMARY_SERVED, _num(t.served)),
        (R.SUMMARY_NO_SHOWS, _num(t.no_shows)),
        (R.SUMMARY_TRANSFERRED, _num(t.transferred)),
        (R.SUMMARY_MEAN_WAIT, _num(t.mean_wait_min)),
        (R.SUMMARY_LONGEST_WAIT, _num(t.longest_wait_min)),
        (R.SUMMARY_OVER_LIMIT(minutes=report.long_wait_minutes), _num(t.waits_over_limit)),
        (R.SUMMARY_MEAN_HANDLING, _num(t.mean_handling_min)),
        (R.SUMMARY_RATED, f"{s.rated} / {_pct(s.rated_pct)}"),
        (R.SUMMARY_GOOD, _pct(s.good_pct)),
        (R.SUMMARY_BAD, _num(s.bad)),
        (R.SUMMARY_FOLLOWUPS,
         f"{s.followups_opened} / {s.followups_closed} / {s.followups_open} / {s.followups_overdue}"),
        (R.SUMMARY_BOOKINGS, f"{b.booked} / {b.checked_in} / {b.no_shows}"),
        (R.SUMMARY_CALLED_SOON(minutes=report.bookings.call_soon_minutes), _pct(b.called_soon_pct)),
    ]
    return [[label.text(lang), value] for label, value in rows]


def _level_rows(report: Report, lang: str) -> list[list[str]]:
    s = report.satisfaction
    return [[level_label(level, lang), str(s.levels.get(level, 0)),
             _pct(round(100 * s.levels.get(level, 0) / s.rated, 1) if s.rated else None)] for level in LEVELS]


def _reason_rows(report: Report, lang: str) -> list[list[str]]:
    s = report.satisfaction
    return [[reason_label(r, lang), str(s.reasons[r])] for r in REASONS if s.reasons.get(r)]


def _bad_rows(report: Report, lang: str) -> tuple[list[str], list[list[str]]]:
    head = _texts(lang, R.DAY, R.BAD_TICKET, R.WINDOW, R.CLERK, R.RATING, R.BAD_REASON_COLUMN, R.BAD_COMMENT,
                  R.BAD_FOLLOWUP, R.BAD_DUE, R.BAD_CLOSED)
    rows = []
    for b in report.satisfaction.bad_reviews:
        closed = f"{b.closed_at:%m-%d %H:%M} {b.note or ''}".strip() if b.closed_at else R.FOLLOWUP_OPEN.text(lang)
        rows.append([b.day, b.number, _num(b.window), b.clerk or "-", level_label(b.level, lang),
                     reason_label(b.reason, lang) or "-", b.text or "", _num(b.followup_id), b.due or "-", closed])
    return head, rows


class _EstimateRow(NamedTuple):
    day: str
    service: str
    promised: int
    mae_min: float | None
    mae_pct: float | None
    within_pct: float | None
    inside_pct: float | None
    no_window: int


def _estimate_rows(report: Report, lang: str) -> tuple[list[str], list[_EstimateRow]]:
    """The accuracy of the promised waits: its heading row and one row per day and service."""
    head = _texts(lang, R.DAY, R.SERVICE, R.COLUMN_PROMISED, R.COLUMN_MAE, R.COLUMN_MAE_PCT, R.COLUMN_WITHIN_5,
                  R.COLUMN_INSIDE, R.COLUMN_NO_WINDOW)
    names = {f.key: f.name(lang) for f in report.services}
    rows = [_EstimateRow(a.day or R.ESTIMATES_ALL_DAYS.text(lang),
                         names.get(a.service, a.service) if a.service else R.ESTIMATES_ALL_SERVICES.text(lang),
                         a.promised, a.mae_min, a.mae_pct, a.within_pct, a.inside_pct, a.no_window)
            for a in report.estimates]
    return head, rows


def _estimate_text_rows(report: Report, lang: str) -> tuple[list[str], list[list[str]]]:
    head, rows = _estimate_rows(report, lang)
    return head, [[r.day, r.service, _num(r.promised), _num(r.mae_min), _pct(r.mae_pct), _pct(r.within_pct),
                   _pct(r.inside_pct), _num(r.no_window)] for r in rows]


def _title(report: Report, lang: str) -> str:
    return R.REPORT_TITLE(hall=report.title, period=report.period).text(lang)


def _made(report: Report, lang: str) -> str:
    return R.MADE_FROM_EVENTS(at=f"{report.made_at:%Y-%m-%d %H:%M}").text(lang)


def _rows(section: _Section, lang: str) -> list[list[str]]:
    return [[f.name(lang)] + [_cell(c, f) for c in section.columns] for f in section.rows]


# ---------------------------------------------------------------------- Markdown
def to_markdown(report: Report, lang: str = "zh") -> str:
    """The report as Markdown: a summary table, then a table per grouping and the ratings.

    Args:
        report: the report.
        lang: "zh" or "en".

    Returns:
        The Markdown text, ending in a newline.
    """
    def table(head: list[str], rows: list[list[str]]) -> list[str]:
        cells = [[c.replace("|", "\\|").replace("\n", " ") for c in row] for row in [head] + rows]
        return ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * len(head)] + \
               ["| " + " | ".join(r) + " |" for r in cells[1:]]

    lines = [f"# {_title(report, lang)}", "", _made(report, lang), ""]
    lines += table(_texts(lang, R.FIGURE, R.VALUE), _summary(report, lang))
    for section in _sections(report):
        lines += ["", f"## {section.title.text(lang)}", ""]
        lines += table(_header(lang, section.first, section.columns), _rows(section, lang))
    lines += ["", f"## {R.BOOKINGS_HEADING.text(lang)}", ""]
    lines += table(_booking_header(report, lang), _booking_rows(report, lang))
    lines += ["", f"## {R.RATINGS_HEADING.text(lang)}", ""]
    lines += table(_texts(lang, R.RATING, R.COUNT, R.SHARE), _level_rows(report, lang))
    reasons = _reason_rows(report, lang)
    if reasons:
        lines += [""] + table(_texts(lang, R.BAD_REASON, R.COUNT), reasons)
    head, rows = _bad_rows(report, lang)
    if rows:
        lines += ["", f"### {R.BAD_AND_FOLLOWUPS.text(lang)}", ""] + table(head, rows)
    head, rows = _estimate_text_rows(report, lang)
    lines += ["", f"## {R.ESTIMATES_HEADING.text(lang)}", "", R.ESTIMATES_NOTE.text(lang), ""] + table(head, rows)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- CSV and XLSX
def _sheets(report: Report, lang: str) -> list[tuple[str, list[list[Cell]]]]:
    """(sheet name, rows) with numbers kept as numbers, for CSV blocks and XLSX sheets."""
    summary: list[list[Cell]] = [[_title(report, lang), ""]]
    summary += [list(r) for r in _summary(report, lang)]
    sheets = [(R.SUMMARY_SHEET.text(lang), summary)]
    for section in _sections(report):
        rows: list[list[Cell]] = [list(_header(lang, section.first, section.columns))]
        rows += [[f.name(lang)] + [COLUMNS[c][1](f) for c in section.columns] for f in section.rows]
        sheets.append((section.title.text(lang), rows))
    bookings: list[list[Cell]] = [list(_booking_header(report, lang))]
    bookings += [[f.name(lang)] + [get(f) for _, get in BOOKING_COLUMNS] + [f.called_soon_pct]
                 for f in _booking_groups(report)]
    sheets.append((R.BOOKINGS_SHEET.text(lang), bookings))
    head, bad = _bad_rows(report, lang)
    ratings: list[list[Cell]] = [list(_texts(lang, R.RATING, R.COUNT, R.SHARE))]
    ratings += [[r[0], int(r[1]), r[2]] for r in _level_rows(report, lang)]
    ratings.append([])
    ratings.append(list(head))
    ratings.extend(list(r) for r in bad)
    sheets.append((R.RATINGS_SHEET.text(lang), ratings))
    head, estimates = _estimate_rows(report, lang)
    sheets.append((R.ESTIMATES_HEADING.text(lang), [list(head), *(list(r) for r in estimates)]))
    return sheets


def to_csv(report: Report, lang: str = "zh") -> str:
    """One CSV with a block per table, a `# title` row before each, blank rows between.

    Args:
        report: the report.
        lang: "zh" or "en".

    Returns:
        The CSV text; numbers unformatted, empty cells for missing figures.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for name, rows in _sheets(report, lang):
        writer.writerow([f"# {name}"])
        writer.writerows([["" if v is None else v for v in row] for row in rows])
        writer.writerow([])
    return out.getvalue()


#: Excel number formats: whole numbers, minutes (one decimal), percentages (values 0–1)
INT, MIN, PCT = "0", "0.0", "0.0%"
#: the number format of each column of a Figures table
COLUMN_FORMATS = {C.MEAN_WAIT: MIN, C.LONGEST_WAIT: MIN, C.MEAN_HANDLING: MIN, C.BUSY: MIN, C.GOOD_PCT: PCT}

#: one XLSX cell: its value (a number stays a number; a share is 0–1) and its number format
XCell = tuple[Cell, str | None]


class _XSheet(NamedTuple):
    """A worksheet: its name, rows (the first is the header), and charts as (title, the
    category column, the value columns, the first and last data rows; 1-based)."""

    name: str
    rows: list[list[XCell]]
    charts: list[tuple[str, int, tuple[int, ...], int, int]]


def _share(value: float | None) -> float | None:
    """A percentage (0–100, as the report holds it) as Excel's share (0–1)."""
    return None if value is None else round(value / 100, 4)


def _text_cells(texts: list[str]) -> list[XCell]:
    return [(t, None) for t in texts]


def _xlsx_sheets(report: Report, lang: str) -> list[_XSheet]:
    t, s, b = report.total, report.satisfaction, report.bookings.total
    summary: list[tuple[Text, Cell, str]] = [
        (R.SUMMARY_ISSUED, t.issued, INT), (R.SUMMARY_CALLED, t.called, INT), (R.SUMMARY_SERVED, t.served, INT),
        (R.SUMMARY_NO_SHOWS, t.no_shows, INT), (R.SUMMARY_TRANSFERRED, t.transferred, INT),
        (R.SUMMARY_MEAN_WAIT, t.mean_wait_min, MIN), (R.SUMMARY_LONGEST_WAIT, t.longest_wait_min, MIN),
        (R.SUMMARY_OVER_LIMIT(minutes=report.long_wait_minutes), t.waits_over_limit, INT),
        (R.SUMMARY_MEAN_HANDLING, t.mean_handling_min, MIN),
        (R.SUMMARY_RATED_COUNT, s.rated, INT), (R.SUMMARY_RATED_PCT, _share(s.rated_pct), PCT),
        (R.SUMMARY_GOOD, _share(s.good_pct), PCT), (R.SUMMARY_BAD, s.bad, INT),
        (R.SUMMARY_FOLLOWUPS_OPENED, s.followups_opened, INT), (R.SUMMARY_FOLLOWUPS_CLOSED, s.followups_closed, INT),
        (R.SUMMARY_FOLLOWUPS_OPEN, s.followups_open, INT), (R.SUMMARY_FOLLOWUPS_OVERDUE, s.followups_overdue, INT),
        (R.SUMMARY_BOOKED, b.booked, INT), (R.SUMMARY_CHECKED_IN, b.checked_in, INT),
        (R.SUMMARY_BOOKING_NO_SHOWS, b.no_shows, INT),
        (R.SUMMARY_CALLED_SOON(minutes=report.bookings.call_soon_minutes), _share(b.called_soon_pct), PCT),
    ]
    sheets = [_XSheet(R.SUMMARY_SHEET.text(lang),
                      [_text_cells(_texts(lang, R.FIGURE, R.VALUE))]
                      + [[(label.text(lang), None), (value, fmt)] for label, value, fmt in summary], [])]
    charted = {R.BY_SERVICE: (C.MEAN_WAIT, C.LONGEST_WAIT), R.BY_WINDOW: (C.BUSY,), R.BY_HOUR: (C.ISSUED, C.SERVED),
               R.BY_CLERK: (C.SERVED,)}
    for section in _sections(report):
        rows: list[list[XCell]] = [_text_cells(_header(lang, section.first, section.columns))]
        for f in section.rows:
            cells: list[XCell] = [(f.name(lang), None)]
            for c in section.columns:
                value = COLUMNS[c][1](f)
                fmt = COLUMN_FORMATS.get(c, INT)
                cells.append((_share(value) if fmt == PCT else value, fmt))
            rows.append(cells)
        charts = []
        data_rows = len([f for f in section.rows if f is not report.total])
        if section.title in charted and data_rows:
            columns = tuple(section.columns.index(c) + 2 for c in charted[section.title] if c in section.columns)
            charts.append((section.title.text(lang), 1, columns, 2, 1 + data_rows))
        sheets.append(_XSheet(section.title.text(lang), rows, charts))
    bookings: list[list[XCell]] = [_text_cells(_booking_header(report, lang))]
    groups = _booking_groups(report)
    for group in groups:
        booking_row: list[XCell] = [(group.name(lang), None)]
        booking_row += [(get(group), INT) for _, get in BOOKING_COLUMNS]
        booking_row.append((_share(group.called_soon_pct), PCT))
        bookings.append(booking_row)
    services = len(report.bookings.services)
    sheets.append(_XSheet(R.BOOKINGS_SHEET.text(lang), bookings,
                          [(R.CHART_BOOKINGS.text(lang), 1, (2, 3, 7), 2, 1 + services)] if services else []))
    ratings: list[list[XCell]] = [_text_cells(_texts(lang, R.RATING, R.COUNT, R.SHARE))]
    ratings += [[(level_label(level, lang), None), (s.levels.get(level, 0), INT),
                 (round(s.levels.get(level, 0) / s.rated, 4) if s.rated else None, PCT)] for level in LEVELS]
    head, _ = _bad_rows(report, lang)
    ratings += [[], _text_cells(head)]
    for r in s.bad_reviews:
        closed = f"{r.closed_at:%m-%d %H:%M} {r.note or ''}".strip() if r.closed_at else R.FOLLOWUP_OPEN.text(lang)
        ratings.append([(r.day, None), (r.number, None), (r.window, INT), (r.clerk, None),
                        (level_label(r.level, lang), None), (reason_label(r.reason, lang) or None, None),
                        (r.text, None), (r.followup_id, INT), (r.due, None), (closed, None)])
    sheets.append(_XSheet(R.RATINGS_SHEET.text(lang), ratings,
                          [(R.CHART_RATINGS.text(lang), 1, (2,), 2, 1 + len(LEVELS))]))
    head, estimates = _estimate_rows(report, lang)
    sheets.append(_XSheet(R.ESTIMATES_HEADING.text(lang), [_text_cells(head)] + [
        [(e.day, None), (e.service, None), (e.promised, INT), (e.mae_min, MIN), (_share(e.mae_pct), PCT),
         (_share(e.within_pct), PCT), (_share(e.inside_pct), PCT), (e.no_window, INT)] for e in estimates], []))
    return sheets


def _cell_width(value: Cell, fmt: str | None) -> float:
    """About how many Excel character widths a cell needs (a CJK character takes two)."""
    if value is None:
        return 0
    if isinstance(value, float) and fmt == PCT:
        text = f"{value * 100:.1f}%"
    elif isinstance(value, float):
        text = f"{value:.1f}"
    else:
        text = str(value)
    return sum(2 if ord(c) > 0x2E80 else 1.1 for c in text)


def to_xlsx(report: Report, lang: str = "zh") -> bytes:
    """An XLSX workbook a supervisor can hand on: a sheet per table, figures stored as
    numbers with number formats (whole numbers, minutes with one decimal, percentages),
    the header row bold and frozen (with the name column), columns as wide as their
    contents, text left-aligned, and native Excel bar charts beside the tables of services
    (waits), windows (load), clerks, hours (issued and served), bookings and ratings.

    Args:
        report: the report.
        lang: "zh" or "en".

    Returns:
        The workbook file's bytes.
    """
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold, left = Font(bold=True), Alignment(horizontal="left")
    for sheet_spec in _xlsx_sheets(report, lang):
        sheet = book.create_sheet(sheet_spec.name[:31])  # the longest sheet name Excel takes
        widths: dict[int, float] = {}
        for r, row in enumerate(sheet_spec.rows, 1):
            for c, (value, fmt) in enumerate(row, 1):
                cell = sheet.cell(row=r, column=c, value=value)
                if fmt is not None:
                    cell.number_format = fmt
                elif isinstance(value, str):
                    cell.alignment = left
                if r == 1 or (not any(f for _, f in row) and row and r > 1 and sheet_spec.rows[r - 2] == []):
                    cell.font = bold
                widths[c] = max(widths.get(c, 0), _cell_width(value, fmt))
        for c, width in widths.items():
            sheet.column_dimensions[get_column_letter(c)].width = min(60, max(8, width + 2))
        sheet.freeze_panes = "B2"
        anchor_column = len(sheet_spec.rows[0]) + 2 if sheet_spec.rows else 2
        for i, (title, category, values, first, last) in enumerate(sheet_spec.charts):
            chart = BarChart()
            chart.type = "bar" if last - first > 8 else "col"
            chart.title = title
            chart.height, chart.width = 7.5 + 0.35 * max(0, last - first - 8), 16
            for column in values:
                chart.add_data(Reference(sheet, min_col=column, min_row=1, max_row=last), titles_from_data=True)
            chart.set_categories(Reference(sheet, min_col=category, min_row=first, max_row=last))
            sheet.add_chart(chart, f"{get_column_letter(anchor_column)}{2 + i * 18}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------- HTML with SVG charts
CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: .5em 0; font-size: .9em; }
th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f0f3f7; } tr.total td { font-weight: bold; background: #fafafa; }
.charts { display: flex; flex-wrap: wrap; gap: 2em; }
figure { margin: 0; } figcaption { font-weight: bold; margin-bottom: .3em; }
.muted { color: #777; font-size: .85em; }
svg text { font-size: 11px; fill: #333; }
@media print { .charts { display: block; } }
"""


#: the charts' font size (px) and the width a character takes at it: CJK characters a full
#: em, digits and Latin letters about 0.6 em (what layout decisions below assume)
FONT_PX = 11


def text_width(text: str) -> float:
    """About how wide `text` is drawn at FONT_PX, in pixels (CJK full width, others 0.62 em)."""
    return sum(FONT_PX if ord(c) > 0x2E80 else FONT_PX * 0.62 for c in text)


def _legend(series: list[tuple[str, str]], x: float, y: float) -> list[str]:
    parts = []
    for name, colour in series:
        parts.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14:.1f}" y="{y:.1f}">{html.escape(name)}</text>')
        x += 14 + text_width(name) + 14
    return parts


def bar_chart(labels: list[str], series: list[tuple[str, str, list[float | None]]],
              value_text: Callable[[str], str] | None = None, limit: float | None = None, limit_label: str = "",
              width: int = 640, height: int = 260, unit: str = "") -> str:
    """A grouped column chart as inline SVG (for few, short labels: hours).

    A value is written above its bar only where it fits the bar's width, so no two labels
    overlap; every value is in the bar's tooltip and in the report's tables.

    Args:
        labels: one per group of bars, along the bottom (short: "9时").
        series: (name, colour, a value per label; None for no bar), one bar each per label.
        value_text: a value (as text) as a bar's tooltip says it, e.g. with its unit; default as it is.
        limit: where a dashed line marks a limit (e.g. 30 minutes), in the values' unit.
        limit_label: the text at that line.
        width, height: of the chart, in pixels.
        unit: the value axis's unit, written above it ("分钟").

    Returns:
        The `<svg>` element.
    """
    left, right, top, bottom = 48, 12, 40, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v or 0 for _, _, values in series for v in values] + [limit or 0, 1])
    step = _nice_step(peak)
    top_value = step * -(-peak // step)
    esc = html.escape
    said = value_text or (lambda value: value)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img">']
    if unit:
        parts.append(f'<text x="{left - 4}" y="{top - 18}" text-anchor="end">{esc(unit)}</text>')
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
                         f'<title>{esc(label)} {esc(name)}: {esc(said(_num_label(value)))}</title></rect>')
            shown = _num_label(value)
            if value and text_width(shown) <= bar - 1:
                parts.append(f'<text class="value" x="{x + (bar - 1) / 2:.1f}" y="{y - 3:.1f}" '
                             f'text-anchor="middle">{shown}</text>')
        if text_width(label) <= slot - 2 or i % max(1, int(-(-text_width(label) // slot))) == 0:
            parts.append(f'<text x="{left + i * slot + slot / 2:.1f}" y="{height - bottom + 16}" '
                         f'text-anchor="middle">{esc(label)}</text>')
    if limit is not None:
        y = top + plot_h - plot_h * limit / top_value
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#c0392b" '
                     f'stroke-dasharray="5,4"><title>{esc(limit_label)}</title></line>')
    legend = [(name, colour) for name, colour, _ in series]
    if limit is not None:
        legend.append((limit_label, "#c0392b"))
    parts += _legend(legend, left, 14)
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#999"/>')
    parts.append("</svg>")
    return "".join(parts)


def hbar_chart(labels: list[str], series: list[tuple[str, str, list[float | None]]],
               value_text: Callable[[str], str] | None = None, limit: float | None = None, limit_label: str = "",
               width: int = 640, unit: str = "") -> str:
    """A grouped bar chart with horizontal bars as inline SVG: for names (windows, services,
    rating levels), each on its own line at the left, each value after its own bar, so
    neither names nor values can overlap however many there are.

    Args:
        labels: one per group of bars, down the left.
        series: (name, colour, a value per label; None for no bar).
        value_text: a value (as text) as a bar's tooltip says it; default as it is.
        limit: where a dashed line marks a limit, in the values' unit.
        limit_label: the text of that line in the legend.
        width: of the chart, in pixels (the height follows from the rows).
        unit: the value axis's unit, written after its last number.

    Returns:
        The `<svg>` element.
    """
    esc = html.escape
    said = value_text or (lambda value: value)
    bar_h, gap, top, bottom = 18, 8, 30, 22  # a bar a line of text high: values after bars never touch
    label_w = max([text_width(label) for label in labels] + [20]) + 10
    value_w = max([text_width(_num_label(v)) for _, _, values in series for v in values if v is not None] + [10]) + 8
    left, right = label_w, value_w + 6
    group_h = bar_h * len(series) + gap
    height = top + group_h * max(len(labels), 1) + bottom
    plot_w = width - left - right
    peak = max([v or 0 for _, _, values in series for v in values] + [limit or 0, 1])
    step = _nice_step(peak)
    top_value = step * -(-peak // step)
    plot_h = group_h * max(len(labels), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img">']
    ticks = int(top_value // step)
    for i in range(ticks + 1):
        x = left + plot_w * i * step / top_value
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#e5e5e5"/>')
        tick = _num_label(i * step) + (f" {unit}" if unit and i == ticks else "")
        anchor = "end" if i == ticks else "middle"
        parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 15}" text-anchor="{anchor}">{esc(tick)}</text>')
    for i, label in enumerate(labels):
        y0 = top + i * group_h + gap / 2
        parts.append(f'<text x="{left - 6}" y="{y0 + group_h / 2 - gap / 2 + 4:.1f}" text-anchor="end">'
                     f'{esc(label)}</text>')
        for j, (name, colour, values) in enumerate(series):
            value = values[i]
            if value is None:
                continue
            w = plot_w * value / top_value
            y = y0 + j * bar_h
            parts.append(f'<rect x="{left}" y="{y:.1f}" width="{w:.1f}" height="{bar_h - 2}" fill="{colour}">'
                         f'<title>{esc(label)} {esc(name)}: {esc(said(_num_label(value)))}</title></rect>')
            parts.append(f'<text class="value" x="{left + w + 4:.1f}" y="{y + bar_h - 4:.1f}">'
                         f'{_num_label(value)}</text>')
    if limit is not None:
        x = left + plot_w * limit / top_value
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#c0392b" '
                     f'stroke-dasharray="5,4"><title>{esc(limit_label)}</title></line>')
    legend = [(name, colour) for name, colour, _ in series]
    if limit is not None:
        legend.append((limit_label, "#c0392b"))
    parts += _legend(legend, left, 14)
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#999"/>')
    parts.append("</svg>")
    return "".join(parts)


def _nice_step(peak: float) -> float:
    """The step of the value axis: the first of 1, 2, 5, 10, … that needs at most 6 lines."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if peak / step <= 6:
            return step
    return 10000


def _num_label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


#: a cell that is a figure ("12", "3.5", "66.7%", "-"): right-aligned; text stays left
_FIGURE = re.compile(r"^(-|-?\d+(\.\d+)?%?|\d+ / \d+( / \d+)*( / \d+(\.\d+)?%)?)$")


def _align(cell: object) -> str:
    return ' class="n"' if _FIGURE.match(str(cell)) else ""


def to_html(report: Report, lang: str = "zh") -> str:
    """The report as one self-contained HTML page: the tables, and SVG charts: waits per
    service and per hour against the long-wait limit, issued and served per hour, the load
    of each window, the ratings and the bookings, with axes and names in `lang`.

    Args:
        report: the report.
        lang: "zh" or "en".

    Returns:
        The HTML page.
    """
    esc = html.escape
    heading = _title(report, lang)

    def table(head: list[str], rows: list[list[str]], total_last: bool = False) -> str:
        out = ["<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>"]
        for i, row in enumerate(rows):
            cls = ' class="total"' if total_last and i == len(rows) - 1 else ""
            out.append(f"<tr{cls}>" + "".join(f"<td{_align(c)}>{esc(str(c))}</td>" for c in row) + "</tr>")
        return "".join(out) + "</table>"

    def figure(chart_id: str, caption: Text, chart: str) -> str:
        return f'<figure id="{chart_id}"><figcaption>{esc(caption.text(lang))}</figcaption>{chart}</figure>'

    minutes = R.AXIS_MINUTES.text(lang)

    def in_minutes(value: str) -> str:
        return R.MINUTES(minutes=value).text(lang)

    limit_label = R.SUMMARY_OVER_LIMIT(minutes=report.long_wait_minutes).text(lang)
    services = report.services
    service_waits = hbar_chart(
        [f.name(lang) for f in services],
        [(R.SERIES_MEAN_WAIT.text(lang), "#2e86de", [f.mean_wait_min for f in services]),
         (R.SERIES_LONGEST_WAIT.text(lang), "#f39c12", [f.longest_wait_min for f in services])],
        value_text=in_minutes, limit=report.long_wait_minutes, limit_label=limit_label, unit=minutes)
    hours = report.hours
    hour_labels = [R.HOUR_LABEL(hour=int(f.key)).text(lang) for f in hours]
    waits_chart = bar_chart(
        hour_labels,
        [(R.SERIES_MEAN_WAIT.text(lang), "#2e86de", [f.mean_wait_min for f in hours]),
         (R.SERIES_LONGEST_WAIT.text(lang), "#f39c12", [f.longest_wait_min for f in hours])],
        value_text=in_minutes, limit=report.long_wait_minutes, limit_label=limit_label, unit=minutes)
    arrivals_chart = bar_chart(
        hour_labels,
        [(R.SERIES_ISSUED.text(lang), "#2e86de", [float(f.issued) for f in hours]),
         (R.SERIES_SERVED.text(lang), "#27ae60", [float(f.served) for f in hours])], unit=R.AXIS_COUNT.text(lang))
    desks = [f for f in report.windows if f.key.isdigit()]
    load_chart = hbar_chart([f.name(lang) for f in desks],
                            [(R.SERIES_BUSY.text(lang), "#8e44ad", [f.busy_min for f in desks])],
                            value_text=in_minutes, unit=minutes)
    sat = report.satisfaction
    ratings_chart = hbar_chart([level_label(level, lang) for level in LEVELS],
                               [(R.SERIES_RATINGS.text(lang), "#16a085",
                                 [float(sat.levels.get(level, 0)) for level in LEVELS])])
    booked = report.bookings.services
    bookings_chart = hbar_chart([f.name(lang) for f in booked],
                                [(R.SERIES_BOOKED.text(lang), "#2e86de", [float(f.booked) for f in booked]),
                                 (R.SERIES_CHECKED_IN.text(lang), "#27ae60", [float(f.checked_in) for f in booked]),
                                 (R.SERIES_BOOKING_NO_SHOWS.text(lang), "#c0392b",
                                  [float(f.no_shows) for f in booked])])

    body = [f"<h1>{esc(heading)}</h1>",
            f'<p class="muted">{esc(_made(report, lang))}</p>',
            table(_texts(lang, R.FIGURE, R.VALUE), _summary(report, lang)),
            '<div class="charts">',
            figure("chart-service-waits", R.CHART_SERVICE_WAITS, service_waits),
            figure("chart-waits", R.CHART_WAITS, waits_chart),
            figure("chart-arrivals", R.CHART_ARRIVALS, arrivals_chart),
            figure("chart-load", R.CHART_LOAD, load_chart),
            figure("chart-ratings", R.CHART_RATINGS, ratings_chart),
            figure("chart-bookings", R.CHART_BOOKINGS, bookings_chart),
            "</div>"]
    for section in _sections(report):
        body.append(f"<h2>{esc(section.title.text(lang))}</h2>")
        body.append(table(_header(lang, section.first, section.columns), _rows(section, lang),
                          total_last=section.rows[-1:] == [report.total]))
    body.append(f'<h2 id="bookings">{esc(R.BOOKINGS_HEADING.text(lang))}</h2>')
    body.append(table(_booking_header(report, lang), _booking_rows(report, lang),
                      total_last=not report.bookings.days))
    body.append(f"<h2>{esc(R.RATINGS_HEADING.text(lang))}</h2>")
    body.append(table(_texts(lang, R.RATING, R.COUNT, R.SHARE), _level_rows(report, lang)))
    reasons = _reason_rows(report, lang)
    if reasons:
        body.append(table(_texts(lang, R.BAD_REASON, R.COUNT), reasons))
    head, rows = _bad_rows(report, lang)
    if rows:
        body.append(f"<h2>{esc(R.BAD_AND_FOLLOWUPS.text(lang))}</h2>" + table(head, rows))
    head, rows = _estimate_text_rows(report, lang)
    body.append(f'<h2>{esc(R.ESTIMATES_HEADING.text(lang))}</h2><p class="muted">{esc(R.ESTIMATES_NOTE.text(lang))}</p>'
                + table(head, rows, total_last=True))
    return (f'<!DOCTYPE html>\n<html lang="{R.HTML_LANG.text(lang)}"><head><meta charset="utf-8">'
            f"<title>{esc(heading)}</title><style>{CSS}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def render(report: Report, fmt: str, lang: str = "zh") -> str | bytes:
    """The report in one of FORMATS.

    Args:
        report: the report.
        fmt: md, csv, xlsx or html.
        lang: "zh" or "en".

    Returns:
        Text for md, csv and html; bytes for xlsx.

    Raises:
        ValueError: an unknown format.
    """
    renderers: dict[str, Callable[[Report, str], str | bytes]] = {
        ReportFormat.MD: to_markdown, ReportFormat.CSV: to_csv, ReportFormat.XLSX: to_xlsx,
        ReportFormat.HTML: to_html}
    if fmt not in renderers:
        raise ValueError(f"unknown report format {fmt!r} (one of {', '.join(FORMATS)})")
    return renderers[fmt](report, lang)
