"""`pzgraph query`: the query library, one subcommand per file in queries/.

    pzgraph query --list
    pzgraph query members --param network=noordwest-utrecht --format csv
    pzgraph query members --describe
    pzgraph query --sparql 'SELECT ...'     pzgraph query --file my.rq
"""

from __future__ import annotations

from pathlib import Path

import click

from ..build.disk_store import STORE_DIR, is_current
from ..plain_input import read_plain_text
from ..project import Project, check_not_input, write_atomic
from ..query import resident
from ..query.library import Query, library, parse_query_file
from ..query.output import FORMATS, render
from ..query.parameters import parse_params
from ..query.store import verified_build
from ..release.guard import QueryTimeout, check_query
from .common import Seconds, progress, project_of

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
    click.option("--timeout", type=Seconds(min=0.1), default=60.0, show_default=True,
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
    try:
        _answer(project, query, params, fmt, out, iris, lang, endpoint, timeout)
    except QueryTimeout as stopped:
        if query.compute != "betweenness" or endpoint:
            raise
        raise QueryTimeout(f"{stopped}. Exact betweenness of a large landscape takes minutes: "
                           "`pzgraph build` computes it once, without a time limit, and keeps "
                           "it with the build; this query then reads it.") from None


def _answer(project: Project, query: Query, params: dict[str, str], fmt: str, out: Path | None,
            iris: bool, lang: str, endpoint: str | None, timeout: float) -> None:
    language = None if iris else lang
    if not endpoint and not query.compare:
        # the same checks as `pzgraph serve`; then the build's resident store answers, which
        # holds the dataset parsed between commands (query/resident.py)
        check_query(query.sparql)
        dataset, manifest = verified_build(project, progress=progress)
        checksum = str(manifest.get("cache", {}).get("sha256", ""))
        keep = project.build_dir / STORE_DIR if is_current(project.build_dir, checksum) else None
        text = resident.answer_text(query, params, fmt, language, timeout, dataset,
                                    project.build_dir, checksum, keep)
        if text is not None:
            _emit(text, out)
            return
    # at an endpoint, a comparison of two versions, or without a resident: in this process
    from ..query.local import run_here

    if not endpoint:
        check_query(query.sparql)
    run_here(project, query, params, fmt, language, endpoint, timeout, progress,
             lambda text: _emit(text, out))


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


QUERY_FILE_LIMIT = 1024 * 1024  # far above any real query (serve takes 64 KB)


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
    """Answer the policy analysts' questions: NAME runs a query of the library.

    The first query after a build starts the build's resident store, a background process
    that keeps the graph parsed for the next queries and leaves after 10 minutes without
    one (PZGRAPH_RESIDENT_IDLE=SECONDS; 0 answers every query in its own process)."""
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
        text = read_plain_text(query_file, QUERY_FILE_LIMIT, "the query file")
        adhoc = parse_query_file(query_file, text) if text.startswith("# title:") \
            else Query("file", query_file, text, query_file.name)
    else:
        adhoc = Query("sparql", Path("-"), sparql or "", "ad-hoc query")
    _run(project, adhoc, {}, fmt, out, iris, lang, endpoint, timeout)
