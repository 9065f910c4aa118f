"""`pzgraph stats`: what the graph holds and how well it is evidenced."""

from __future__ import annotations

import json

import click

from ..project import Project
from ..query import stats as graph_stats
from ..query.store import load
from .common import progress


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.pass_obj
def stats(project: Project, fmt: str) -> None:
    """Triples, entities per class, concepts per scheme, and evidence coverage."""
    numbers = graph_stats.compute(load(project, progress=progress))
    click.echo(json.dumps(numbers, indent=2) if fmt == "json" else graph_stats.render(numbers))
