"""Rows for people: aligned text, CSV, JSON, Markdown, and pivots into matrices."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence

FORMATS = ("table", "csv", "json", "markdown")


def pivot(columns: Sequence[str], rows: Sequence[Sequence[str]], row_key: str, column_key: str,
          value_key: str) -> tuple[list[str], list[list[str]]]:
    """A long list (row, column, value) as a matrix; a cell without value, or 0, is blank.

    Row and column order follow their first appearance, so the query's ORDER BY decides.
    """
    try:
        r, c, v = (list(columns).index(k) for k in (row_key, column_key, value_key))
    except ValueError as error:
        raise ValueError(f"pivot needs the columns {row_key}, {column_key}, {value_key}; "
                         f"the query returns {', '.join(columns)}") from error
    row_names: dict[str, None] = {}
    column_names: dict[str, None] = {}
    cells: dict[tuple[str, str], str] = {}
    for row in rows:
        if row[r]:
            row_names.setdefault(row[r])
        if row[c]:
            column_names.setdefault(row[c])
        if row[r] and row[c] and row[v] not in ("", "0"):
            cells[row[r], row[c]] = row[v]
    header = [row_key, *column_names]
    matrix = [[name, *(cells.get((name, col), "") for col in column_names)] for name in row_names]
    return header, matrix


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$")


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP, CSV injection): a cell that
    starts with = + - @ tab or carriage return gets a leading apostrophe; numbers stay."""
    if cell.startswith(FORMULA_START) and not PLAIN_NUMBER.match(cell):
        return "'" + cell
    return cell


def render(columns: Sequence[str], rows: Sequence[Sequence[str]], fmt: str) -> str:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([spreadsheet_safe(c) for c in columns])
        writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
        return buffer.getvalue()
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        def cell(text: str) -> str:
            return text.replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(map(cell, columns)) + " |",
                 "|" + "|".join("---" for _ in columns) + "|"]
        lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    if fmt == "table":
        return _aligned(columns, rows)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _aligned(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [len(c) for c in columns]
    for row in rows:
        widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]
    # Long texts would make a table unreadable; cut them in the terminal view only.
    widths = [min(w, 60) for w in widths]

    def line(values: Sequence[str]) -> str:
        cut = [v if len(v) <= w else v[: w - 1] + "…" for v, w in zip(values, widths, strict=True)]
        return "  ".join(v.ljust(w) for v, w in zip(cut, widths, strict=True)).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
