"""`pzgraph report`: where the landscape stands, as one offline HTML page, Markdown and CSV.

    collect.py   library queries → Tables, through answers.answer (the numbers of `pzgraph query`)
    sections.py  which query answers which part of the report
    summary.py   the opening: the matrices read in a minute
    meta.py      header: data version, date, sources
    html.py      the self-contained page;  text.py  Markdown and CSV
    maps.py      each network's interactive map, when the map module is there
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..project import Project, check_replaceable, write_folder
from ..query.store import KnowledgeGraph
from .collect import Collector
from .html import render_html
from .maps import MapMaker
from .meta import read_meta
from .model import Report
from .sections import build_sections
from .summary import summary
from .text import render_csv, render_markdown

FORMATS = ("html", "markdown", "csv")
TITLE = "Stand van het landschap palliatieve zorg"
CSV_DIR = "csv"


def collect(graph: KnowledgeGraph, project: Project, date: str | None = None,
            maps: MapMaker | None = None) -> Report:
    collector = Collector(graph, project.queries_dir)
    maps = maps or MapMaker(graph, enabled=False)
    sections = build_sections(collector, maps.link)
    # The matrices first; the list of networks per consortium after them.
    listing = [s for s in sections if s.slug == "landschap"]
    sections = [s for s in sections if s.slug not in ("landschap", "netwerken")] + listing \
        + [s for s in sections if s.slug == "netwerken"]
    report = Report(TITLE, read_meta(graph, project, date),
                    [summary(sections, maps.enabled), *sections])
    link_rows(report)
    return report


def link_rows(report: Report) -> None:
    """A matrix row of a network with a section of its own leads to it (and from there to its
    maps): a coordinator in the matrix jumps to their network."""
    slugs = {s.slug for top in report.sections for s in (top, *top.children)}
    for table in report.tables():
        for name, iri in table.row_iris.items():
            slug = "netwerk-" + iri.rsplit("/", 1)[-1]
            if iri.rsplit("/", 2)[-2:-1] == ["netwerk"] and slug in slugs:
                table.row_links[name] = f"#{slug}"


def write_report(graph: KnowledgeGraph, project: Project, out: Path,
                 formats: Iterable[str] = FORMATS, date: str | None = None,
                 maps: bool = True) -> list[Path]:
    """Write the report into `out` (replacing it whole, if pzgraph wrote it); return the files
    written."""
    # before the work: a folder of someone else's is never touched
    check_replaceable(out, project, "report")
    formats = set(formats)
    maker = MapMaker(graph, enabled=maps and bool(formats & {"html", "markdown"}))
    report = collect(graph, project, date, maker)

    def fill(folder: Path) -> None:
        if formats & {"html", "markdown"}:
            maker.write(folder)  # first: a section notes a map that could not be made
        if "csv" in formats:
            (folder / CSV_DIR).mkdir()
            for table in report.tables():
                (folder / CSV_DIR / f"{table.slug}.csv").write_text(render_csv(table),
                                                                   encoding="utf-8")
        if "markdown" in formats:
            (folder / "report.md").write_text(render_markdown(report), encoding="utf-8")
        if "html" in formats:
            page = render_html(report, CSV_DIR if "csv" in formats else None)
            (folder / "index.html").write_text(page, encoding="utf-8")

    write_folder(out, fill, project, kind="report")
    return sorted(p for p in out.rglob("*") if p.is_file())
