"""Rows for people: aligned text, CSV, JSON, Markdown, and pivots into matrices."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Sequence

from ..glossary import header

FORMATS = ("table", "csv", "json", "markdown")
LIST_SEPARATOR = "; "
# a coverage matrix's column `stand` (its values: glossary.STAND)
STAND, WITH_DATA = "stand", "met gegevens"
# a row's stand when every cell of it says so: nothing known, or a frame that does not apply
NO_GAP = ("geen gegevens", "niet van toepassing")
UNKNOWN = "onbepaald"  # an item or row without a recorded footing


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


def count_pivot(columns: Sequence[str], rows: Sequence[Sequence[str]], keys: Sequence[str],
                counted: Sequence[tuple[str | None, str | None]], options: dict[str, str],
                order: Sequence[str]) -> tuple[list[str], list[list[str]]]:
    """A matrix that counts (`count=work`) or lists (`list=project`) the items of its long form,
    one item a row; `keys` identify the items (their ids), `counted` gives per row the footing
    of its item and of its row key, `order` the footings from surest to weakest.

    A cell says how many of its items are not quoted: `5 (2 oordeel, 1 onbevestigd)`; a listed
    item that is not quoted carries its footing: `Naam (oordeel)`. Trailing columns: `stand`
    (when the long form has it: "geen gegevens" for a row about which nothing is recorded, "niet
    van toepassing" for one outside the frame's reach, else "met gegevens") and
    `zekerheid`, the weakest footing of the row's key and its items."""
    how = "count" if "count" in options else "list"
    r, c, i = (list(columns).index(options[k]) for k in ("rows", "columns", how))
    stand = list(columns).index(STAND) if STAND in columns else None
    rank = {name: n for n, name in enumerate(order)}
    row_names: dict[str, None] = {}
    column_names: dict[str, None] = {}
    cells: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
    weakest: dict[str, str] = {}
    stands: dict[str, set[str]] = {}
    for row, key, (item_footing, key_footing) in zip(rows, keys, counted, strict=True):
        name = row[r]
        row_names.setdefault(name)
        column_names.setdefault(row[c])
        candidates = [key_footing] if key_footing else []
        if row[i]:
            candidates.append(item_footing or UNKNOWN)
        for footing in candidates:
            if name not in weakest or rank.get(footing, len(order)) > rank.get(
                    weakest[name], len(order)):
                weakest[name] = footing
        if stand is not None:
            stands.setdefault(name, set()).add(row[stand])
        if not row[i]:
            continue
        items = cells.setdefault((name, row[c]), {})
        footing = item_footing or UNKNOWN
        if key not in items or rank.get(footing, len(order)) < rank.get(items[key][1], len(order)):
            items[key] = (row[i], footing)  # an item in a cell twice: its surest footing
    header = [options["rows"], *column_names]
    header += [STAND] if stand is not None else []
    header.append("zekerheid")
    matrix = []
    for name in row_names:
        line = [name]
        for column in column_names:
            items = list(cells.get((name, column), {}).values())
            line.append(_count_cell(items, order) if how == "count" else _list_cell(items, order))
        if stand is not None:
            only = stands[name].pop() if len(stands[name]) == 1 else ""
            line.append(only if only in NO_GAP else WITH_DATA)
        line.append(weakest.get(name, UNKNOWN))
        matrix.append(line)
    return header, matrix


def _count_cell(items: list[tuple[str, str]], order: Sequence[str]) -> str:
    if not items:
        return ""
    how_many = Counter(footing for _, footing in items)
    parts = [f"{how_many[f]} {f}" for f in (*order[1:], UNKNOWN) if how_many[f]]
    return f"{len(items)} ({', '.join(parts)})" if parts else str(len(items))


def _list_cell(items: list[tuple[str, str]], order: Sequence[str]) -> str:
    shown = sorted(label if footing == order[0] else f"{label} ({footing})"
                   for label, footing in items)
    return LIST_SEPARATOR.join(shown)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?$")


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP, CSV injection): a cell that
    starts with = + - @ tab or carriage return gets a leading apostrophe; numbers stay."""
    if cell.startswith(FORMULA_START) and not PLAIN_NUMBER.match(cell):
        return "'" + cell
    return cell


def render(columns: Sequence[str], rows: Sequence[Sequence[str]], fmt: str,
           language: str | None = None) -> str:
    """The answer as text. A table or Markdown is read by a person: its headers are words
    in `language` (Dutch from glossary.HEADERS). CSV and JSON keep the query's column names,
    which programs rely on; so does --iris (no language)."""
    if language and fmt in ("table", "markdown"):
        columns = [header(c) if language == "nl" else c.replace("_", " ") for c in columns]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        # Python's writer leaves a lone carriage return unquoted, and a reader or spreadsheet
        # starts a new row there (a formula could follow it): such a row is quoted whole
        quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
        for row in [columns, *rows]:
            cells = [spreadsheet_safe(cell) for cell in row]
            (quoted if any("\r" in cell for cell in cells) else writer).writerow(cells)
        return buffer.getvalue()
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        lines = ["| " + " | ".join(map(markdown_text, columns)) + " |",
                 "|" + "|".join("---" for _ in columns) + "|"]
        lines += ["| " + " | ".join(map(markdown_text, row)) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    if fmt == "table":
        return _aligned(columns, rows)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def markdown_text(text: str) -> str:
    """Text that Markdown shows as it is, also in a table cell or at a line's start: no
    emphasis, code, links, HTML, entities, headings or lists from the data (the query CLI and
    the report's Markdown use this one)."""
    out = text.replace("\\", "\\\\")
    for char in "*`[]<>&|":
        out = out.replace(char, "\\" + char)
    # An underscore inside a word (networks_in_consortium) is no emphasis: leave it be.
    out = re.sub(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])", r"\\_", out)
    out = re.sub(r"^(\d+)(?=[.)])", r"\1\\", out)  # no numbered list: 12\. punt
    out = re.sub(r"^([#+=~-])", r"\\\1", out)  # no heading, list or rule
    return out.replace("\r", " ").replace("\n", " ")


def _aligned(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [len(c) for c in columns]
    if rows:  # each column's widest cell, a column at a time (10x answers: 10^5 rows)
        widths = [max(w, max(map(len, cells)))
                  for w, cells in zip(widths, zip(*rows, strict=True), strict=True)]
    # Long texts would make a table unreadable; cut them in the terminal view only.
    widths = [min(w, 60) for w in widths]

    def line(values: Sequence[str]) -> str:
        return "  ".join([(v if len(v) <= w else v[: w - 1] + "…").ljust(w)
                          for v, w in zip(values, widths, strict=True)]).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
