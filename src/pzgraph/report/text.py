"""The report as Markdown (for year plans) and as one CSV per table, via tables.render.

CSV keeps the query's answer as `pzgraph query --format csv` gives it, under Dutch headers
(glossary.py; a gap is an empty cell); Markdown marks gaps with GAP_MARK so that they show
in print and plain text.
"""

from __future__ import annotations

import re

from ..glossary import HOW_COMPUTED
from ..query.output import render
from .model import GAP_MARK, NO_DATA_MARK, NOT_APPLICABLE_MARK, Report, Section, Table


def render_csv(table: Table) -> str:
    return render(table.headers(), table.rows, "csv")


def render_markdown(report: Report) -> str:
    meta = report.meta
    lines = [f"# {_inline(report.title)}", "",
             f"- Stand van: {_inline(meta.date)} ({_inline(meta.date_basis)})",
             "- Bronnen:"]
    lines += [f"  - {_inline(s.title)}" for s in meta.sources]
    lines += ["", f"Elk getal komt uit een query van de bibliotheek; onder elke tabel staat "
              f"bij ‘{HOW_COMPUTED}’ het commando dat hetzelfde antwoord geeft. {GAP_MARK} in "
              f"een matrix = gat (niets vastgelegd); {NO_DATA_MARK} = geen gegevens over dat "
              "netwerk (onbekend, geen gat); "
              f"{NOT_APPLICABLE_MARK} = het kader geldt niet voor dat netwerk (geen gat); "
              "5 (2 oordeel) = 5, waarvan 2 op een oordeel van de curator rusten.", ""]
    for section in report.sections:
        lines += _section(section, 2)
    missing = report.missing_queries()
    if missing:
        lines += [f"_Nog niet in de querybibliotheek: {', '.join(missing)}._", ""]
    # For the technical reader, at the end (a reader of a year plan needs the titles only).
    lines += [f"## {HOW_COMPUTED}: de gegevens", "",
              f"- Dataversie: pzgraph {_inline(meta.version)}, "
              f"invoer-hash {_inline(meta.input_hash)}",
              f"- Databestanden: {_inline(', '.join(meta.data_files))}",
              "- Bronbestanden:"]
    lines += [f"  - {_inline(s.file)}: {_inline(s.title)}" for s in meta.sources]
    return "\n".join(lines).rstrip() + "\n"


def _inline(text: str, pipe: bool = True) -> str:
    """Text that Markdown shows as it is: no emphasis, code, links or HTML from data."""
    out = text.replace("\\", "\\\\")
    for char in "*`[]<>" + ("|" if pipe else ""):
        out = out.replace(char, "\\" + char)
    # An underscore inside a word (networks_in_consortium) is no emphasis: leave it be.
    out = re.sub(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])", r"\\_", out)
    return out.replace("\n", " ")


def _code(text: str) -> str:
    """A code span no backtick in `text` can close: its fence is longer than any run inside."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def _cell(text: str) -> str:
    return _inline(text, pipe=False)  # tables.render escapes the pipe itself


def _section(section: Section, level: int) -> list[str]:
    lines = ["#" * min(level, 6) + " " + _inline(section.title), ""]
    if section.intro:
        lines += [_inline(section.intro), ""]
    for group, facts in section.facts:
        lines += ["#" * min(level + 1, 6) + " " + _inline(group), ""]
        lines += [f"- **{_inline(term)}**: {_inline(text)}" for term, text in facts] + [""]
    lines += [f"- [{_inline(text)}]({link})" for text, link in section.links]
    if section.links:
        lines.append("")
    lines += [line for note in section.notes for line in (f"_{_inline(note)}_", "")]
    if section.empty:
        what = "; ".join(t.title[:1].lower() + t.title[1:] for t in section.empty)
        lines += [f"_Niets vastgelegd over: {_inline(what)}._", "",
                  f"{HOW_COMPUTED}: " + "; ".join(_code(t.command) for t in section.empty), ""]
    lines += [line for name in section.missing
              for line in (f"_De query `{name}` staat (nog) niet in de bibliotheek._", "")]
    for table in section.tables:
        lines += _table(table, level + 1)
    for child in section.children:
        lines += _section(child, level + 1)
    return lines


def _table(table: Table, level: int) -> list[str]:
    lines = ["#" * min(level, 6) + " " + _inline(table.title), ""]
    if table.note:
        lines += [_inline(table.note), ""]
    if table.rows and table.grouped:
        lines += [f"- **{_inline(name)}**: " + "; ".join(" — ".join(_inline(v) for v in rest if v)
                                                     for rest in rows)
                  for name, rows in table.groups()]
    elif table.rows:
        columns, visible = table.visible()
        cells = {columns.index(c) for c in table.cells() if c in columns}
        rows = [[_cell(v) if v or i not in cells else table.blank_mark(row)
                 for i, v in enumerate(row)] for row in visible]
        lines.append(render([_cell(c) for c in table.headers(columns)], rows,
                            "markdown").rstrip())
    else:
        lines.append("_Geen: de gegevens noemen hier niets._")
    lines += ["", f"{HOW_COMPUTED}: {_code(table.command)}", ""]
    return lines
