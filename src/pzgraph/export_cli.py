"""`pzgraph export`, `pzgraph serve`, `pzgraph push`: the graph for other people's tools.

    pzgraph export --out release/                 the release bundle (see export.py)
    pzgraph serve                                 a read-only SPARQL endpoint on 127.0.0.1
    pzgraph push --endpoint http://host/store     upload over the Graph Store Protocol

Heavy imports happen inside the commands, so `pzgraph --help` stays fast. Every command
reports bad input, an unreachable server or a refused upload in one plain message with
exit code 1, never a traceback.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .project import Project


def _run(command_name: str, work: Callable[..., Any], *args: Any) -> Any:
    """Run `work` with input errors reported like every pzgraph command, and the errors of
    this module as one line. (Imported here: cli.py imports this module while it loads.)"""
    from .cli import reports_input_errors
    from .endpoint import EndpointError
    from .export import ExportError

    def guarded(*inner: Any) -> Any:
        try:
            return work(*inner)
        except (ExportError, EndpointError, ServeError) as error:
            click.echo(f"pzgraph {command_name}: {error}", err=True)
            sys.exit(1)

    return reports_input_errors(guarded)(*args)


def _progress(message: str) -> None:
    from .cli import progress

    progress(message)


class ServeError(Exception):
    """The SPARQL server could not be started or stopped by itself."""


# --- export --------------------------------------------------------------------------------

@click.command()
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the release. It is replaced as a whole when the new release is "
                   "complete; a folder holding anything but an earlier release is refused.")
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "jsonld", "rdf", "trig", "nq"]),
              help="Write only pzgraph.FMT into the folder, leaving its other files alone.")
@click.option("--base", metavar="IRI",
              help="Publish every IRI under https://w3id.org/pzgraph/ under this base instead "
                   "(default: pzgraph's --base, else https://w3id.org/pzgraph).")
@click.option("--issued", metavar="YYYY-MM-DD",
              help="Release date in void.ttl (default: the newest git commit of data/ and "
                   "ontology/, so that the same inputs give the same bytes).")
@click.option("--download-url", metavar="URL",
              help="Where the files will be published (default: BASE/release/VERSION/).")
@click.option("--sparql-endpoint", metavar="URL",
              help="A public SPARQL endpoint serving this release, stated in void.ttl.")
@click.pass_obj
def export(project: Project, out: Path, fmt: str | None, base: str | None, issued: str | None,
           download_url: str | None, sparql_endpoint: str | None) -> None:
    """Write the release bundle of the built graph into a folder.

    Turtle, sorted N-Triples, JSON-LD (compacted with ontology/context.jsonld), RDF/XML,
    TriG and N-Quads with the named graphs and their provenance; the ontology, SHACL shapes,
    vocabularies and context under ontology/; void.ttl (DCAT-AP-NL and VoID) and SHA256SUMS.
    The same inputs give byte-identical files. A failing build writes nothing.
    """

    def work() -> None:
        from .export import export as run_export

        started = time.perf_counter()
        written = run_export(project, out, fmt=fmt, base=base, issued=issued,
                             download_url=download_url, sparql_endpoint=sparql_endpoint,
                             progress=_progress)
        seconds = time.perf_counter() - started
        what = written[0] if fmt else f"{out} ({len(written)} files)"
        click.echo(f"exported {what} in {seconds:.1f} s")

    _run("export", work)


# --- serve ---------------------------------------------------------------------------------

@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Keep the loopback address unless others must reach it.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535),
              help="TCP port to listen on.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.5),
              help="Seconds a query may run; then its store process is stopped and restarted.")
@click.option("--max-query-bytes", default=64 * 1024, show_default=True,
              type=click.IntRange(min=1024), help="Largest query accepted (UTF-8 bytes).")
@click.option("--max-depth", default=64, show_default=True, type=click.IntRange(1, 1000),
              help="Deepest nesting of { ( [ accepted.")
@click.option("--max-tokens", default=8000, show_default=True, type=click.IntRange(100, 8000),
              help="Most tokens in one query (8000 stays below Oxigraph's crash points).")
@click.option("--max-connections", default=64, show_default=True, type=click.IntRange(2, 1000),
              help="Open connections at once; when full, the longest-idle one is closed.")
@click.option("--idle-timeout", default=10.0, show_default=True, type=click.FloatRange(min=1),
              help="Seconds a client gets to send its whole request, and to stay idle.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Queries evaluated at once, each in an Oxigraph process of its own.")
@click.pass_obj
def serve(project: Project, host: str, port: int, timeout: float, max_query_bytes: int,
          max_depth: int, max_tokens: int, max_connections: int, idle_timeout: float,
          workers: int) -> None:
    """Serve the built graph read-only: SPARQL 1.1 at /query, pages at /id/, /doc/, /def.

    Prints the query endpoint URL (http://HOST:PORT/query). The default graph is the union
    of all named graphs, as in `pzgraph query`. A guard in front of Oxigraph bounds every
    query and connection (see docs/security.md); /id/TYPE/NAME answers 303 to /doc/TYPE/NAME,
    which serves HTML, Turtle, JSON-LD or N-Triples by content negotiation. The temporary
    store is removed when the server stops.
    """
    from .release.guard import Limits

    limits = Limits(max_query_bytes=max_query_bytes, max_depth=max_depth,
                    max_tokens=max_tokens, timeout=timeout, max_connections=max_connections,
                    idle_timeout=idle_timeout, workers=workers)
    _run("serve", _serve, project, host, port, limits)


def oxigraph_binary() -> str:
    """The `oxigraph` program of the `oxigraph` PyPI package: beside this Python first, so
    it is found when the virtual environment is not activated."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise ServeError("the Oxigraph server is not installed: pip install oxigraph")
    return found


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _serve(project: Project, host: str, port: int, limits: Any) -> None:
    from .release.pages import Site
    from .release.server import ServeError as GuardError
    from .release.server import serve_forever
    from .store import load

    binary = oxigraph_binary()
    _check_port_free(host, port)  # before the load: a busy port is told at once
    graph = load(project, progress=_progress)
    _remove_stale_workdirs()
    workdir = Path(tempfile.mkdtemp(prefix="pzgraph-serve-"))
    (workdir / "pid").write_text(str(os.getpid()))
    # SIGTERM cleans up like Ctrl-C; SIGINT too where a shell started us with it ignored
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        source = _dataset_file(project, graph.path, workdir)
        _progress(f"loading {len(graph)} quads into a temporary Oxigraph store")
        loaded = subprocess.run([binary, "load", "--location", str(workdir / "store"),
                                 "--file", str(source)], capture_output=True, text=True)
        if loaded.returncode:
            raise ServeError(f"oxigraph load failed: {loaded.stderr.strip()[-500:]}")
        site = Site(_pages_store(project, graph.store), project.base)

        def announce(url: str) -> None:
            click.echo(f"SPARQL endpoint: {url}/query")
            sys.stdout.flush()
            _progress(f"serving read-only; pages at {url}/id/...; Ctrl-C stops the server")

        serve_forever((host, port), limits, binary, workdir / "store", site, announce,
                      _progress)
    except GuardError as error:
        raise ServeError(str(error)) from None
    except KeyboardInterrupt:
        _progress("stopping the server")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            raise ServeError(f"cannot listen on {_url_host(host)}:{port}: "
                             f"{error.strerror or error} (is another server using that port? "
                             "choose one with --port)") from None


def _remove_stale_workdirs() -> None:
    """Temporary stores left by a serve that was killed with SIGKILL (no cleanup could run):
    each names its owner's pid; a folder whose owner is gone is removed."""
    for folder in Path(tempfile.gettempdir()).glob("pzgraph-serve-*"):
        try:
            owner = int((folder / "pid").read_text())
            os.kill(owner, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, ValueError):
            continue


def _pages_store(project: Project, store: Any) -> Any:
    """The graph under the project's base IRI, for the pages."""
    from .project import DEFAULT_BASE

    if project.base.rstrip("/") == DEFAULT_BASE:
        return store
    import pyoxigraph as ox

    from .export import Rebase

    rebased = ox.Store()
    rebased.extend(map(Rebase(project.base.rstrip("/")).quad, store))
    return rebased


def _dataset_file(project: Project, built: Path, workdir: Path) -> Path:
    """The built N-Quads, or a copy under the project's --base when it is not the default."""
    from .project import DEFAULT_BASE

    if project.base.rstrip("/") == DEFAULT_BASE:
        return built
    from .export import Release, render

    path = workdir / "pzgraph.nq"
    path.write_bytes(render(Release.of(project), "nq"))
    return path


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


# --- push ----------------------------------------------------------------------------------

@click.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store Protocol address, e.g. http://localhost:7878/store "
                   "(Oxigraph), http://host:3030/DATASET/data (Fuseki), "
                   "http://host:7200/repositories/ID/rdf-graphs/service (GraphDB, RDF4J).")
@click.option("--graph", "graph_iri", metavar="IRI",
              help="Put the whole graph (the union of all named graphs) into this named graph "
                   "(default: the default graph).")
@click.option("--replace/--add", default=True, show_default=True,
              help="Replace the target graph (HTTP PUT) or add to it (HTTP POST).")
@click.option("--dataset", is_flag=True,
              help="Send the dataset with its named graphs as N-Quads to the endpoint itself, "
                   "without ?graph: with --replace the store's whole content is replaced. "
                   "Oxigraph (/store) and Fuseki (/DATASET) accept this; for GraphDB/RDF4J "
                   "give /repositories/ID/statements; Virtuoso has no such operation.")
@click.option("--timeout", default=300.0, show_default=True, type=click.FloatRange(min=1),
              help="Seconds to wait for the server.")
@click.pass_obj
def push(project: Project, endpoint: str, graph_iri: str | None, replace: bool, dataset: bool,
         timeout: float) -> None:
    """Upload the built graph to a triple store over the SPARQL 1.1 Graph Store Protocol.

    Everything goes in one request, so the target never holds half the graph. For basic
    authentication set PZGRAPH_USER and PZGRAPH_PASSWORD in the environment (never as
    options: the process list would show them).
    """
    if dataset and graph_iri:
        raise click.UsageError("--dataset sends every named graph; it takes no --graph")
    _run("push", _push, project, endpoint, graph_iri, replace, dataset, timeout)


def _push(project: Project, endpoint: str, graph_iri: str | None, replace: bool, dataset: bool,
          timeout: float) -> None:
    from .endpoint import graph_store_url, public_url, upload
    from .export import FORMATS, Release, render

    release = Release.of(project, progress=_progress)
    key = "nq" if dataset else "nt"
    body = render(release, key)
    url = endpoint if dataset else graph_store_url(endpoint, graph_iri)
    count = len(release.quads) if dataset else len(release.triples)
    what = "quads" if dataset else "triples"
    _progress(f"{'replacing' if replace else 'adding to'} {public_url(url)}: {count} {what}, "
              f"{len(body)} bytes")
    answer = upload(url, body, FORMATS[key].media_type, replace, timeout)
    click.echo(f"pushed {count} {what} to {public_url(url)} (HTTP {answer.status})")
