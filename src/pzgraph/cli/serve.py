"""`pzgraph serve`: SPARQL and pages, read-only, on 127.0.0.1 (release/serve.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..project import Project
from ..release.guard import Limits
from ..release.serve import serve as run_server
from .common import Seconds, progress


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Keep the loopback address unless others must reach it.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535),
              help="TCP port to listen on.")
@click.option("--timeout", default=30.0, show_default=True, type=Seconds(min=0.5),
              help="Seconds a query may run; then its store process is stopped and restarted.")
@click.option("--max-query-bytes", default=64 * 1024, show_default=True,
              type=click.IntRange(min=1024), help="Largest query accepted (UTF-8 bytes).")
@click.option("--max-depth", default=64, show_default=True, type=click.IntRange(1, 1000),
              help="Deepest nesting of { ( [ accepted.")
@click.option("--max-tokens", default=8000, show_default=True, type=click.IntRange(100, 8000),
              help="Most tokens in one query (8000 stays below Oxigraph's crash points).")
@click.option("--max-connections", default=64, show_default=True, type=click.IntRange(2, 1000),
              help="Open connections at once; when full, the longest-idle one is closed.")
@click.option("--idle-timeout", default=10.0, show_default=True, type=Seconds(min=1),
              help="Seconds a client gets to send its whole request, and to stay idle.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Queries evaluated at once, each in an Oxigraph process of its own.")
@click.option("--max-memory", default=1024, show_default=True, type=click.IntRange(256, 1 << 20),
              metavar="MB", help="Memory each Oxigraph process may hold (MB); a query that "
                                 "needs more is stopped and its process restarted.")
@click.option("--release", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Serve this exported release folder (pzgraph export) instead of the built "
                   "graph: its pzgraph.nq, with pages for its own resources too (catalogue, "
                   "dataset, distributions, contact point, publisher: its void.ttl).")
@click.pass_obj
def serve(project: Project, host: str, port: int, timeout: float, max_query_bytes: int,
          max_depth: int, max_tokens: int, max_connections: int, idle_timeout: float,
          workers: int, max_memory: int, release: Path | None) -> None:
    """Serve the built graph read-only: SPARQL 1.1 at /query, pages at /id/, /doc/, /def.

    Prints the query endpoint URL (http://HOST:PORT/query). The default graph is the union
    of all named graphs, as in `pzgraph query`. A guard in front of Oxigraph bounds every
    query and connection (docs/security.md); /id/TYPE/NAME answers 303 to /doc/TYPE/NAME,
    which serves HTML, Turtle, JSON-LD or N-Triples by content negotiation. The temporary
    store is removed when the server stops.
    """
    limits = Limits(max_query_bytes=max_query_bytes, max_depth=max_depth,
                    max_tokens=max_tokens, timeout=timeout, max_connections=max_connections,
                    idle_timeout=idle_timeout, workers=workers, max_memory=max_memory)

    def announce(url: str) -> None:
        click.echo(f"SPARQL endpoint: {url}")
        sys.stdout.flush()

    run_server(project, host, port, progress, announce, limits, release)
