"""`pzgraph serve`: a read-only SPARQL endpoint on 127.0.0.1 (release/serve.py)."""

from __future__ import annotations

import sys

import click

from ..project import Project
from ..release.serve import serve as run_server
from .common import progress


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Keep the loopback address unless others must reach it.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535),
              help="TCP port to listen on.")
@click.pass_obj
def serve(project: Project, host: str, port: int) -> None:
    """Serve the built graph read-only over SPARQL 1.1 (Oxigraph) until Ctrl-C.

    Prints the query endpoint URL (http://HOST:PORT/query). The default graph is the union
    of all named graphs, as in `pzgraph query`. The server's temporary store is removed
    when it stops.
    """
    def announce(url: str) -> None:
        click.echo(f"SPARQL endpoint: {url}")
        sys.stdout.flush()

    run_server(project, host, port, progress, announce)
