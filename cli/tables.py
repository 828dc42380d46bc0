"""Command-line tables, laid out by rich so that Chinese columns line up.

A CJK character takes two columns on a terminal; `f"{name:<10}"` counts characters, so
a table of Chinese names drifts. rich measures display width (`rich.cells.cell_len`).

To a terminal a table is printed with a bold header, at the terminal's width. To a pipe
or a file it is plain text: no colour, no box characters, no wrapping, no trailing
spaces; columns are separated by at least two spaces, so `grep`, `awk` and `cut` work.
rich is imported on the first table, never by a command that prints none.
"""
from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, TextIO

from hallq.i18n import Text

PIPE_WIDTH = 100_000  # a pipe has no width: never wrap a row


@dataclass(frozen=True)
class Column:
    """One column: its header, in both languages, and how its cells are justified."""

    header: Text
    justify: Literal["left", "right"] = "left"


def _table(columns: Sequence[Column], rows: Iterable[Sequence[object]], lang: str, header: bool):
    from rich.table import Table

    table = Table(box=None, show_header=header, show_edge=False, pad_edge=False, padding=(0, 1),
                  header_style="bold", highlight=False)
    for column in columns:
        table.add_column(column.header.text(lang), justify=column.justify)
    for row in rows:
        table.add_row(*("" if cell is None else cell.text(lang) if isinstance(cell, Text) else str(cell)
                        for cell in row))
    return table


def _console(file: TextIO, width: int | None, terminal: bool):
    from rich.console import Console

    return Console(file=file, width=width, force_terminal=terminal, color_system="auto" if terminal else None,
                   highlight=False, markup=False, emoji=False, soft_wrap=False)


def render(columns: Sequence[Column], rows: Iterable[Sequence[object]], lang: str = "zh", *,
           header: bool = True) -> str:
    """The table as plain text lines (no colour, no trailing spaces), joined by newlines.

    Args:
        columns: the columns, left to right.
        rows: one sequence of cells per row; a cell is a `Text` (rendered in `lang`), None
            (empty) or anything else (shown with `str`).
        lang: "zh" or "en", for the headers and `Text` cells.
        header: whether the first line is the column headers.

    Returns:
        The lines without a final newline; "" for no columns.
    """
    if not columns:
        return ""
    out = io.StringIO()
    _console(out, PIPE_WIDTH, False).print(_table(columns, rows, lang, header))
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines())


def show(columns: Sequence[Column], rows: Iterable[Sequence[object]], lang: str = "zh", *,
         header: bool = True, file: TextIO | None = None) -> None:
    """Print the table to `file` (default stdout): styled on a terminal, plain otherwise.

    Arguments as for `render`. Raises BrokenPipeError when the reader went away (the
    command line's main() turns that into a quiet exit).
    """
    file = file or sys.stdout
    if file.isatty():
        _console(file, None, True).print(_table(columns, rows, lang, header))
    else:
        text = render(columns, rows, lang, header=header)
        if text:
            print(text, file=file)
