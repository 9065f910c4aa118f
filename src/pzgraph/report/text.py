"""The report as Markdown (for year plans) and as one CSV per table, via tables.render.

CSV keeps the query's answer as `pzgraph query --format csv` gives it, under Dutch headers
(glossary.py; a gap is an empty cell); Markdown marks gaps with GAP_MARK so that they show
in print and plain text.
"""

from __future__ import annotations

import re

from ..glossary import HOW_COMPUTED
from ..query.output import markdown_text, render
from .model import GAP_MARK, NO_DATA_MARK, NOT_APPLICABLE_MARK, Report, Section, Table


def render_csv(table: Table) -> str:
    return render(table.headers(), table.rows, "csv")


def render_markdown(report: Report) -> str:
    meta = report.meta
    lines = [f"# {markdown_text(report.title)}", "",
             f"- Stand van: {markdown_text(meta.date)} ({markdown_text(meta.date_basis)})",
             "- Bronnen:"]
    lines += [f"  - {markdown_text(s.title)}" for s in meta.sources]
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
              f"- Dataversie: pzgraph {markdown_text(meta.version)}, "
              f"invoer-hash {markdown_text(meta.input_hash)}",
              f"- Databestanden: {markdown_text(', '.join(meta.data_files))}",
              "- Bronbestanden:"]
    lines += [f"  - {markdown_text(s.file)}: {markdown_text(s.title)}" for s in meta.sources]
    return "\n".join(lines).rstrip() + "\n"


def _code(text: str) -> str:
    """A code span no backtick in `text` can close: its fence is longer than any run inside."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def _section(section: Section, level: int) -> list[str]:
    lines = ["#" * min(level, 6) + " " + markdown_text(section.title), ""]
    if section.intro:
        lines += [markdown_text(section.intro), ""]
    for group, facts in section.facts:
        lines += ["#" * min(level + 1, 6) + " " + markdown_text(group), ""]
        lines += [f"- **{markdown_text(term)}**: {markdown_text(text)}"
                  for term, text in facts] + [""]
    lines += [f"- [{markdown_text(text)}]({link})" for text, link in section.links]
    if section.links:
        lines.append("")
    lines += [line for note in section.notes for line in (f"_{markdown_text(note)}_", "")]
    if section.empty:
        what = "; ".join(t.title[:1].lower() + t.title[1:] for t in section.empty)
        lines += [f"_Niets vastgelegd over: {markdown_text(what)}._", "",
                  f"{HOW_COMPUTED}: " + "; ".join(_code(t.command) for t in section.empty), ""]
    lines += [line for name in section.missing
              for line in (f"_De query `{name}` staat (nog) niet in de bibliotheek._", "")]
    for table in section.tables:
        lines += _table(table, level + 1)
    for child in section.children:
        lines += _section(child, level + 1)
    return lines


def _table(table: Table, level: int) -> list[str]:
    lines = ["#" * min(level, 6) + " " + markdown_text(table.title), ""]
    if table.note:
        lines += [markdown_text(table.note), ""]
    if table.rows and table.grouped:
        lines += [f"- **{markdown_text(name)}**: "
                  + "; ".join(" — ".join(markdown_text(v) for v in rest if v) for rest in rows)
                  for name, rows in table.groups()]
    elif table.rows:
        columns, visible = table.visible()
        cells = {columns.index(c) for c in table.cells() if c in columns}
        rows = [[v if v or i not in cells else table.blank_mark(row)
                 for i, v in enumerate(row)] for row in visible]
        # render escapes every cell (query.output.markdown_text)
        lines.append(render(table.headers(columns), rows, "markdown").rstrip())
    else:
        lines.append("_Niets vastgelegd._")
    lines += ["", f"{HOW_COMPUTED}: {_code(table.command)}", ""]
    return lines
