"""`pzgraph report`: the gaps at a glance, as HTML (with maps), Markdown and CSV.

    pzgraph report --out report/
    pzgraph report --out report/ --format markdown --date 2025-06-30
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..project import Project
from ..query.store import load
from ..report import FORMATS, write_report
from .common import no_reason_option, progress


@click.command("report")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("out/report"),
              show_default=True, help="The folder to write; it is replaced as a whole.")
@click.option("--format", "fmt", type=click.Choice(["html", "markdown", "csv", "all"]),
              default="all", show_default=True, help="What to write: index.html, report.md, "
              "csv/*.csv (one per table), or all three.")
@click.option("--date", metavar="YYYY-MM-DD",
              help="The date the report states (default: the newest date of the data files).")
@click.option("--no-maps", is_flag=True, help="Do not make the network maps into OUT/maps.")
@no_reason_option
@click.pass_obj
def report(project: Project, out: Path, fmt: str, date: str | None, no_maps: bool,
           no_reason: bool) -> None:
    """Where the landscape stands: coverage matrices with their gaps, each network's members,
    steering group, projects and figures, with every number traceable to its query."""
    if date:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise click.BadParameter(f"{date!r} is not a date YYYY-MM-DD",
                                     param_hint="--date") from None
    graph = load(project, reasoning=not no_reason, progress=progress)
    progress("running the library queries")
    formats = FORMATS if fmt == "all" else (fmt,)
    files = write_report(graph, project, out, formats, date, maps=not no_maps)
    progress(f"{len(files)} files")
    for name in ("index.html", "report.md"):
        if (out / name).exists():
            click.echo(str(out / name))
    if "csv" in formats:
        click.echo(str(out / "csv"))
