"""`pzgraph query`: the query library, one subcommand per file in queries/.

    pzgraph query --list
    pzgraph query members --param network=noordwest-utrecht --format csv
    pzgraph query members --describe
    pzgraph query --sparql 'SELECT ...'     pzgraph query --file my.rq
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import click
import pyoxigraph as ox

from ..project import Project, check_not_input, write_atomic
from ..query import plan
from ..query.endpoint import RemoteStore
from ..query.library import Query, library, parse_query_file
from ..query.output import FORMATS, render
from ..query.parameters import parse_params
from ..query.run import answer
from ..query.store import KnowledgeGraph, in_memory, load, verified_build
from ..release.guard import check_query, run_stoppable
from .common import progress, project_of

OUTPUT_OPTIONS = [
    click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                 help="Output format."),
    click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
                 help="Write to this file instead of the terminal."),
    click.option("--iris", is_flag=True, help="Show ids instead of Dutch labels."),
    click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
                 help="Language of the labels."),
    click.option("--endpoint", metavar="URL",
                 help="Run against this SPARQL 1.1 endpoint instead of the local graph."),
    click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
                 help="Seconds a local query may run before it is stopped."),
]


def output_options(command):
    for option in reversed(OUTPUT_OPTIONS):
        command = option(command)
    return command


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=False)
        return
    check_not_input(out)
    write_atomic(out, text)
    click.echo(f"written: {out}", err=True)


def describe(query: Query) -> str:
    lines = [f"{query.name}: {query.title}", ""]
    if query.nl:
        lines.append(f"  NL: {query.nl}")
    if query.en:
        lines.append(f"  EN: {query.en}")
    lines += ["", "Parameters:" if query.parameters else "Parameters: none"]
    for p in query.parameters:
        default = f" (default {p.default})" if p.default else " (optional: all when not given)"
        lines.append(f"  {p.name}  {p.type}{default}  {p.description}")
    view = query.view + "".join(f" {k}={v}" for k, v in query.view_options.items())
    lines += ["", f"View: {view}" + (f"; computed: {query.compute}" if query.compute else ""),
              f"File: {query.path}"]
    return "\n".join(lines) + "\n"


def _run(project: Project, query: Query, params: dict[str, str], fmt: str, out: Path | None,
         iris: bool, lang: str, endpoint: str | None, timeout: float = 60.0) -> None:
    graph: KnowledgeGraph | None = None
    if endpoint:
        # Everything is asked of the endpoint, parameters and labels too: no local load (a
        # comparison of two version files refuses an endpoint: see answer)
        store, current = RemoteStore(endpoint), None
    elif query.compare:
        # A comparison loads its two versions itself: build (or find) the current one only.
        store, current = ox.Store(), verified_build(project, progress=progress)[0]
    else:
        graph = load(project, progress=progress, on_disk=True)
        store, current = graph.store, graph.path
    folder = graph.keep[0] if graph is not None and graph.keep else None
    name = plan.key(query.name, params, query.sparql)
    chosen = plan.choice(folder, name)  # the faster store for this query, once measured

    def work(memory: bool = chosen == plan.MEMORY) -> tuple[str, float]:
        used = in_memory(graph).store if memory and graph is not None else store
        started = time.perf_counter()
        result = answer(query, used, params, endpoint=endpoint,
                        language=None if iris else lang, current_version=current,
                        keep=graph.keep if graph is not None else None)
        return render(result.columns, result.rows, fmt), time.perf_counter() - started

    if endpoint:  # the endpoint applies its own limits
        _emit(work()[0], out)
        return
    # the same checks as `pzgraph serve`, then a run that a timeout (or a crash) ends plainly
    check_query(query.sparql)
    text, seconds = run_stoppable(work, timeout)
    _emit(text, out)
    # The first time after a build: time the other way, in a child that can be stopped (a
    # process with other threads cannot fork safely: it leaves the timing to a later run).
    # Not for an answer kept with the build (betweenness): the disk's first run computed it,
    # and a fair race would read the kept answer from the disk in milliseconds.
    forkable = hasattr(os, "fork") and threading.active_count() == 1
    if folder is not None and chosen is None and forkable and query.compute != "betweenness":
        plan.measure(folder, name, seconds, lambda limit: _time_in_memory(work, limit))


def _time_in_memory(work, limit: float) -> float | None:
    """Seconds to parse the dataset and answer in memory; None when stopped after `limit`
    seconds (or when it failed: the disk stays)."""

    def timed() -> float:
        started = time.perf_counter()
        work(memory=True)
        return time.perf_counter() - started

    try:
        return run_stoppable(timed, limit)
    except Exception:  # noqa: BLE001 - stopped, or it failed: the answer is out, disk stays
        return None


class QueryGroup(click.Group):
    """Lists the query files as subcommands, built from their headers on demand."""

    def _library(self, ctx: click.Context) -> dict[str, Query]:
        return library(project_of(ctx).queries_dir)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self._library(ctx))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        query = self._library(ctx).get(name)
        return None if query is None else _query_command(query)


def _query_command(query: Query) -> click.Command:
    params_help = "; ".join(f"{p.name} ({p.type})" for p in query.parameters) or "none"

    @click.command(name=query.name, help=f"{query.title}\n\n{query.nl}\n\n{query.en}\n\n"
                   f"Parameters: {params_help}. See --describe.", short_help=query.title)
    @click.option("--param", "-p", "pairs", multiple=True, metavar="NAME=VALUE",
                  help="A parameter value; an entity by its id or name.")
    @click.option("--describe", is_flag=True, help="Show the question, parameters and view.")
    @output_options
    @click.pass_context
    def command(ctx: click.Context, pairs: tuple[str, ...], **options) -> None:
        if options.pop("describe", False):
            click.echo(describe(query), nl=False)
            return
        _run(project_of(ctx), query, parse_params(pairs), options["fmt"], options["out"],
             options["iris"], options["lang"], options["endpoint"], options["timeout"])

    return command


@click.group(cls=QueryGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--list", "list_queries", is_flag=True, help="List the library's queries.")
@click.option("--sparql", metavar="QUERY", help="Run this SPARQL SELECT query.")
@click.option("--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Run the SPARQL SELECT query in this file.")
@output_options
@click.pass_context
def query(ctx: click.Context, list_queries: bool, sparql: str | None, query_file: Path | None,
          fmt: str, out: Path | None, iris: bool, lang: str, endpoint: str | None,
          timeout: float) -> None:
    """Answer the policy analysts' questions: NAME runs a query of the library."""
    if ctx.invoked_subcommand:
        return
    project = project_of(ctx)
    if list_queries:
        queries = library(project.queries_dir)
        rows = [[q.name, q.title] for q in queries.values()]
        _emit(render(["name", "title"], rows, fmt), out)
        return
    if sparql is None and query_file is None:
        click.echo(ctx.get_help())
        return
    if query_file is not None:
        adhoc = parse_query_file(query_file) if query_file.read_text().startswith("# title:") \
            else Query("file", query_file, query_file.read_text(encoding="utf-8"), query_file.name)
    else:
        adhoc = Query("sparql", Path("-"), sparql or "", "ad-hoc query")
    _run(project, adhoc, {}, fmt, out, iris, lang, endpoint, timeout)
