"""The report as one self-contained HTML page: inline CSS, no script, no external request.

Every label is data, never markup: each piece of text goes through `esc` (html.escape)
on its way into the page, and links are built only from our own file names.
"""

from __future__ import annotations

import html
from urllib.parse import quote

from ..glossary import HOW_COMPUTED, NOT_LINKED, NOT_LINKED_WHY, header
from .css import CSS
from .model import GAP_MARK, NO_DATA_MARK, NOT_APPLICABLE_MARK, Report, Section, Source, Table

LIST_SEPARATOR = "; "  # how the library's GROUP_CONCAT columns join several names
LIGHT, DARK = (231, 240, 251), (28, 95, 168)  # heat scale: few → many
INK = (0, 0, 0)  # a light cell's text (css.py td.heat): black reads wherever white does not
GAP_SAMPLE = f'<span class="gap-sample">{GAP_MARK}</span>'
NODATA_SAMPLE = f'<span class="nodata-sample">{NO_DATA_MARK}</span>'
ELSEWHERE_SAMPLE = f'<span class="nodata-sample">{NOT_APPLICABLE_MARK}</span>'


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def href(path: str) -> str:
    """A relative link to a file we wrote; quoted, so a name cannot break out of it. The `=`
    of a map's hash (`dekking.html#netwerk=x`) stays as it is: the map reads `netwerk=`."""
    return esc(quote(path, safe="/-_.#="))


# On paper: the summary and the matrices, on a few pages. The long lists (what is not
# covered, the national overview, the networks and consortia, each network) stay on screen;
# a line on paper names them.
SCREEN_ONLY = ("gaten", "landelijk-overzicht", "landschap", "netwerken")


def _on_screen_only(sections: list[Section]) -> str:
    titles = [s.title for s in sections if s.slug in SCREEN_ONLY]
    # and the long lists inside the matrices' sections (what works on each recommendation)
    titles += [t.title for s in sections if s.slug not in SCREEN_ONLY for t in s.tables
               if t.grouped]
    if not titles:
        return ""
    return ('<p class="print-only">Op papier staan de samenvatting en de matrices. In het '
            "rapport op het scherm (index.html) staan ook: "
            f"{esc('; '.join(titles))}, met hoe elk getal is berekend en de links naar de "
            "kaarten.</p>")


def render_html(report: Report, csv_dir: str | None = None) -> str:
    """The page; `csv_dir` (relative) links each table to its CSV when those were written."""
    # The title and the date, the summary, the contents, the matrices; where the data comes
    # from closes the page (an analyst reads the summary first).
    opening = [s for s in report.sections if s.slug == "samenvatting"]
    rest = [s for s in report.sections if s.slug != "samenvatting"]
    body = [_title(report)]
    body += [_section(section, 2, csv_dir) for section in opening]
    body.append(_toc(report.sections))
    body += [_section(section, 2, csv_dir) for section in rest]
    body.append(_on_screen_only(rest))
    body.append(_header(report))
    missing = report.missing_queries()
    if missing:
        body.append('<footer class="missing"><p>Nog niet in de querybibliotheek: '
                    f"{esc(', '.join(missing))}. Wat ze zouden tonen, blijft leeg.</p></footer>")
    return ('<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            # No request may leave the page, not even for a favicon.
            '<link rel="icon" href="data:,">\n'
            f"<title>{esc(report.title)}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def _source(source: Source) -> str:
    extra = ", ".join(x for x in (source.kind, source.publisher) if x)
    extra = f' <span class="muted">({esc(extra)})</span>' if extra else ""
    return f"<li>{esc(source.title)}{extra}</li>"


def _title(report: Report) -> str:
    meta = report.meta
    return (f"<header>\n<h1>{esc(report.title)}</h1>\n"
            f'<p class="muted">Stand van {esc(meta.date)} · pzgraph {esc(meta.version)} · '
            '<a href="#over">over dit rapport en de bronnen</a></p>\n</header>')


def _header(report: Report) -> str:
    """Where the data comes from, for a reader: the date and the documents by their titles;
    the data version, input hash and file names for the technical reader, folded away and
    not on paper (the review found "invoer-hash", "build/manifest.json" and file names)."""
    meta = report.meta
    sources = "".join(_source(s) for s in meta.sources)
    files = "".join(f"<li><code>{esc(s.file)}</code>: {esc(s.title)}</li>" for s in meta.sources)
    return ('<section id="over" class="about">\n<h2>Over dit rapport</h2>\n<dl>\n'
            f'<dt>Stand van</dt><dd>{esc(meta.date)} <span class="muted">({esc(meta.date_basis)})'
            "</span></dd>\n"
            f"<dt>Bronnen</dt><dd><ul>{sources}</ul></dd>\n</dl>\n"
            '<p class="note">Elk getal komt uit een vraag aan de gegevens; onder elke tabel '
            f"staat onder ‘{esc(HOW_COMPUTED)}’ welke, met het commando dat hetzelfde antwoord "
            f'geeft. Een leeg vak in een dekkingsmatrix (<span class="legend">{GAP_SAMPLE}</span>) '
            "is een gat: daar is niets vastgelegd.</p>\n"
            f'<details class="query"><summary>{esc(HOW_COMPUTED)}</summary><dl>\n'
            f"<dt>Dataversie</dt><dd>pzgraph {esc(meta.version)}, invoer-hash "
            f"<code>{esc(meta.input_hash)}</code> (build/manifest.json)</dd>\n"
            f"<dt>Databestanden</dt><dd>{esc(', '.join(meta.data_files))}</dd>\n"
            f"<dt>Bronbestanden</dt><dd><ul>{files}</ul></dd>\n</dl>\n"
            "<p>De vragen staan in de bibliotheek (<code>queries/</code>), met hun parameters en "
            "SPARQL-tekst.</p></details>\n</section>")


def _toc(sections: list[Section]) -> str:
    items = "".join(f'<li><a href="#{href(s.slug)}">{esc(s.title)}</a></li>' for s in sections)
    return f'<nav aria-label="Inhoud"><h2>Inhoud</h2><ol>{items}</ol></nav>'


def _section(section: Section, level: int, csv_dir: str | None) -> str:
    tag = f"h{min(level, 6)}"
    kind = " network" if level > 2 else " screen-only" if section.slug in SCREEN_ONLY else ""
    parts = [f'<section id="{esc(section.slug)}" class="level{level}{kind}">',
             f"<{tag}>{esc(section.title)}</{tag}>"]
    if section.intro:
        parts.append(f"<p>{esc(section.intro)}</p>")
    for group, facts in section.facts:
        parts.append(f"<h{min(level + 1, 6)}>{esc(group)}</h{min(level + 1, 6)}>"
                     '<dl class="facts">' + "".join(f"<dt>{esc(term)}</dt><dd>{esc(text)}</dd>"
                                                     for term, text in facts) + "</dl>")
    if section.links:
        parts.append("<ul>" + "".join(f'<li><a href="{href(link)}">{esc(text)}</a></li>'
                                      for text, link in section.links) + "</ul>")
    parts += [f'<p class="note">{esc(note)}</p>' for note in section.notes]
    if section.empty:
        parts.append(_empty(section.empty))
    parts += [f'<p class="missing">De query <code>{esc(name)}</code> staat (nog) niet in de '
              "bibliotheek; dit deel blijft leeg tot hij er is.</p>" for name in section.missing]
    parts += [_table(table, level + 1, csv_dir) for table in section.tables]
    parts += [_section(child, level + 1, csv_dir) for child in section.children]
    parts.append("</section>")
    return "\n".join(parts)


def _table(table: Table, level: int, csv_dir: str | None) -> str:
    tag = f"h{min(level, 6)}"
    csv = (f' <a class="csv-link" href="{href(f"{csv_dir}/{table.slug}.csv")}">CSV</a>'
           if csv_dir else "")
    notes = [table.note] if table.note else []
    if table.hidden and table.rows:  # (a table with no rows has no column to explain)
        hidden = ", ".join(header(c, table.query.name) for c in table.hidden)
        notes.append(f"Kolom {hidden} weggelaten (overal dezelfde: deze sectie); "
                     "de CSV heeft hem wel.")
    kind = " is-matrix" if table.matrix else " screen-only" if table.grouped else ""
    parts = [f'<figure id="{esc(table.slug)}" class="report-table{kind}" '
             f'data-query="{esc(table.query.name)}">',
             f"<{tag}>{esc(table.title)}{csv}</{tag}>"]
    parts += [f'<p class="note">{esc(note)}</p>' for note in notes]
    if table.matrix:
        parts.append(_legend(table))
    if table.rows:
        kind = "matrix" if table.matrix else "list"
        parts.append(f'<div class="table-wrap"><table class="{kind}">{_body(table)}</table></div>')
    else:
        parts.append('<p class="note">Niets vastgelegd.</p>')
    parts += [_query_details(table), "</figure>"]
    return "\n".join(parts)


def _legend(table: Table) -> str:
    blank = f"{GAP_SAMPLE} = gat (niets vastgelegd)" if table.blank_is_gap else "leeg vak = 0"
    if table.blank_is_gap and "stand" in table.columns:
        blank += (f"; {NODATA_SAMPLE} = geen gegevens: pzgraph kent geen project of activiteit "
                  "van dat netwerk (onbekend, geen gat)")
        unlinked = [row[0] for row in table.rows if table.unlinked(row)]
        if unlinked:
            blank += (f"; {NODATA_SAMPLE} bij {', '.join(unlinked)}: "
                      + NOT_LINKED.format(what="begrip van dit kader"))
        if any(row[table.columns.index("stand")] == "niet van toepassing" for row in table.rows):
            blank += (f"; {ELSEWHERE_SAMPLE} = niet van toepassing: het kader geldt niet voor "
                      "dat netwerk (geen gat)")
    if "zekerheid" in table.columns:
        blank += ("; 5 (2 oordeel) = 5, waarvan 2 op een oordeel van de curator rusten "
                  "(zekerheid: de zwakste van de rij)")
    columns = table.query.view_options.get("columns", "")
    rows = header(table.columns[0], table.query.name)
    return (f'<p class="legend">Matrix: rijen {esc(rows)}, kolommen '
            f"{esc(header(columns))}; "
            f"{blank}; hoe donkerder, hoe meer.</p>")


def _body(table: Table) -> str:
    names, rows = table.visible()
    columns = table.headers(names)
    if table.grouped:  # one line per value of the first column
        head = (f'<th scope="col">{esc(columns[0])}</th>'
                f'<th scope="col">{esc(", ".join(columns[1:]))}</th>')
        groups = [(name, [" — ".join(v for v in rest if v) for rest in group])
                  for name, group in table.groups()]
        # Short items (domain names) read well on one line; long ones each on a line of their own.
        inline = " inline" if all(len(i) <= 40 for _, items in groups for i in items) else ""
        body = "".join(f'<tr><th scope="row">{esc(name)}</th><td><ul class="grouped{inline}">'
                       + "".join(f"<li>{esc(item)}</li>" for item in items) + "</ul></td></tr>"
                       for name, items in groups)
    else:
        head = "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)
        body = _matrix_rows(table) if table.matrix else "".join(
            "<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>"


def _number(value: str) -> float | None:
    """The count of a cell: `5`, or `5 (2 oordeel)` (how many of the five are not quoted)."""
    try:
        return float(value.split(" (", 1)[0])
    except ValueError:
        return None


def _weight(value: str) -> float:
    """How much a cell holds: its number, or the number of names listed in it."""
    number = _number(value)
    if number is not None:
        return number
    return float(len(value.split(LIST_SEPARATOR))) if value else 0.0


def _matrix_rows(table: Table) -> str:
    cells = {table.columns.index(c) for c in table.cells()}
    top = max((_weight(row[i]) for row in table.rows for i in cells), default=0.0) or 1.0
    rows = []
    for row in table.rows:
        no_data = table.no_data(row)
        name = esc(row[0])
        if row[0] in table.row_links:
            name = f'<a href="{href(table.row_links[row[0]])}">{name}</a>'
        line = [f'<th scope="row">{name}</th>']
        line += [_cell(table, row, column, value, top) if i in cells else f"<td>{esc(value)}</td>"
                 for i, (column, value) in enumerate(zip(table.columns, row, strict=True)) if i]
        kind = ' class="nodata"' if no_data else ""
        rows.append(f"<tr{kind}>" + "".join(line) + "</tr>")
    return "".join(rows)


def _cell(table: Table, row: list[str], column: str, value: str, top: float) -> str:
    label = esc(f"{row[0]} × {column}")
    if not value:
        if not table.blank_is_gap:
            return f'<td class="zero" title="{label}: 0"></td>'
        mark = table.blank_mark(row)
        if mark == NO_DATA_MARK and table.unlinked(row):
            return (f'<td class="nodata" title="{label}: nog geen project of activiteit aan '
                    f'dit kader gekoppeld ({NOT_LINKED_WHY})">{mark}</td>')
        if mark == NO_DATA_MARK:
            return (f'<td class="nodata" title="{label}: geen gegevens (onbekend, geen gat)">'
                    f"{mark}</td>")
        if mark == NOT_APPLICABLE_MARK:
            return (f'<td class="nodata" title="{label}: niet van toepassing (geen gat)">'
                    f"{mark}</td>")
        return f'<td class="gap" title="{label}: gat">{GAP_MARK}</td>'
    share = (_weight(value) / top) ** 0.5  # a square root: one big cell leaves the rest visible
    rgb = tuple(round(a + (b - a) * share) for a, b in zip(LIGHT, DARK, strict=True))
    # Black or white text, whichever reads better on this shade: at least 4.5:1 (WCAG AA).
    strong = " strong" if _contrast(rgb, (255, 255, 255)) > _contrast(rgb, INK) else ""
    rgb = ",".join(map(str, rgb))
    if _number(value) is not None:
        return f'<td class="heat{strong}" style="--heat: {rgb}" title="{label}">{esc(value)}</td>'
    items = "".join(f"<li>{esc(item)}</li>" for item in value.split(LIST_SEPARATOR))
    return (f'<td class="heat{strong} list" style="--heat: {rgb}" title="{label}">'
            f"<ul>{items}</ul></td>")


def _luminance(rgb: tuple[int, ...]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(one: tuple[int, ...], other: tuple[int, ...]) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _query_details(table: Table) -> str:
    """Where every number comes from: the query, its parameters, its text, the command."""
    query = table.query
    params = "".join(f"<li><code>{esc(p.name)}</code> = {_param_value(table, p.name, p.default)}"
                     f' <span class="muted">({esc(p.type)}; {esc(p.description)})</span></li>'
                     for p in query.parameters) or "<li>geen</li>"
    given = ", ".join(f"{k}={v}" for k, v in table.params.items())
    question = f"<p>{esc(query.nl)}</p>" if query.nl else ""
    return (f'<details class="query"><summary>{esc(HOW_COMPUTED)}</summary>\n'
            f"<p>Query <code>{esc(query.name)}</code>" + (f" ({esc(given)})" if given else "")
            + f" uit de bibliotheek (<code>queries/{esc(query.name)}.rq</code>).</p>"
            f"{question}<p>Parameters:</p><ul>{params}</ul>"
            f"<p>Zelf draaien: <code>{esc(table.command)}</code></p>\n"
            f"<pre>{esc(query.sparql)}</pre></details>")


def _empty(tables: list[Table]) -> str:
    """Answers without rows, in one line; their queries under "Hoe dit is berekend"."""
    what = "; ".join(t.title[:1].lower() + t.title[1:] for t in tables)
    commands = "".join(f"<li><code>{esc(t.command)}</code></li>" for t in tables)
    return (f'<p class="note">Niets vastgelegd over: {esc(what)}.</p>'
            f'<details class="query"><summary>{esc(HOW_COMPUTED)}</summary>'
            f"<p>Deze queries van de bibliotheek geven voor dit netwerk geen rijen:</p>"
            f"<ul>{commands}</ul></details>")


def _param_value(table: Table, name: str, default: str | None) -> str:
    if name in table.params:
        return f"<code>{esc(table.params[name])}</code>"
    if default is not None:
        return f"<code>{esc(default)}</code> (standaard)"
    return "niet gegeven (antwoord voor alle)"
