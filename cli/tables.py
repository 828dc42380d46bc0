"""Command-line tables whose columns line up in Chinese, by rich's display widths.

A CJK character takes two columns on a terminal; `f"{name:<10}"` counts characters, so a
table of Chinese names drifts. rich measures display width (`rich.cells.cell_len`).

To a terminal a table is printed by a rich `Table`: a bold header, wrapped to the
terminal's width. To a pipe or a file it is plain text laid out the same way (what a
borderless rich `Table` prints, a test holds the two equal) but quickly, cell widths by
`cell_len` (a rich `Table` takes seconds for a day's 1,000 tickets): no colour, no box
characters, no wrapping, no trailing spaces; columns are separated by at least two
spaces, so `grep`, `awk` and `cut` work. Nothing here is imported by a command that
prints no table.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, TextIO

from hallq.i18n import Text

GAP = "  "  # between two columns
STYLED_ROWS = 1000  # up to this many rows a terminal gets a rich Table; more come plain, at once


@dataclass(frozen=True)
class Column:
    """One column: its header, in both languages, and how its cells are justified."""

    header: Text
    justify: Literal["left", "right"] = "left"


def cells(columns: Sequence[Column], rows: Iterable[Sequence[object]], lang: str) -> list[list[str]]:
    """The rows as strings, one a column: a `Text` rendered in `lang`, None as "", anything
    else by `str`; line breaks become spaces (a row is one line)."""
    def cell(value: object) -> str:
        text = "" if value is None else value.text(lang) if isinstance(value, Text) else str(value)
        return " ".join(text.splitlines())

    return [[cell(v) for v in row] + [""] * (len(columns) - len(row)) for row in rows]


def render(columns: Sequence[Column], rows: Iterable[Sequence[object]], lang: str = "zh", *,
           header: bool = True) -> str:
    """The table as plain text: lines without colour or trailing spaces, joined by newlines.

    Args:
        columns: the columns, left to right.
        rows: one sequence of cells per row; a cell is a `Text` (rendered in `lang`), None
            (empty) or anything else (shown with `str`).
        lang: "zh" or "en", for the headers and `Text` cells.
        header: whether the first line is the column headers.

    Returns:
        The lines without a final newline; "" for no columns.
    """
    from rich.cells import cell_len

    if not columns:
        return ""
    table = cells(columns, rows, lang)
    if header:
        table.insert(0, [c.header.text(lang) for c in columns])
    widths = [max((cell_len(row[i]) for row in table), default=0) for i in range(len(columns))]

    def line(row: list[str]) -> str:
        out = []
        for text, width, column in zip(row, widths, columns, strict=True):
            pad = " " * (width - cell_len(text))
            out.append(text + pad if column.justify == "left" else pad + text)
        return GAP.join(out).rstrip()

    return "\n".join(line(row) for row in table)


def rich_table(columns: Sequence[Column], rows: Iterable[Sequence[object]], lang: str = "zh", *,
               header: bool = True):
    """The same table as a borderless rich `Table` (bold header), for a terminal."""
    from rich.table import Table

    table = Table(box=None, show_header=header, show_edge=False, pad_edge=False, padding=(0, len(GAP) // 2),
                  header_style="bold", highlight=False)
    for column in columns:
        table.add_column(column.header.text(lang), justify=column.justify)
    for row in cells(columns, rows, lang):
        table.add_row(*row)
    return table


def show(columns: Sequence[Column], rows: Sequence[Sequence[object]], lang: str = "zh", *,
         header: bool = True, file: TextIO | None = None) -> None:
    """Print the table to `file` (default stdout): styled on a terminal, plain otherwise.

    Arguments as for `render`. Raises BrokenPipeError when the reader went away (the
    command line's main() turns that into a quiet exit).
    """
    file = file or sys.stdout
    if file.isatty() and len(rows) <= STYLED_ROWS:
        from rich.console import Console

        console = Console(file=file, highlight=False, markup=False, emoji=False, soft_wrap=False)
        console.print(rich_table(columns, rows, lang, header=header))
    else:
        text = render(columns, rows, lang, header=header)
        if text:
            print(text, file=file)
