"""`pzgraph query`: the query library, one subcommand per file in queries/.

    pzgraph query --list
    pzgraph query members --param network=noordwest-utrecht --format csv
    pzgraph query members --describe
    pzgraph query --sparql 'SELECT ...'     pzgraph query --file my.rq
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import OutputError
from ..plain_input import read_plain_text
from ..project import check_output_file, write_atomic
from ..query.library import QUERY_FILE_LIMIT, Query, library, library_query, parse_query_file
from ..query.output import FORMATS, render
from ..query.parameters import parse_params
from .ask import ask
from .common import Seconds, project_of

OUTPUT_OPTIONS = [
    click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                 help="Output format. A table and Markdown have headers in words (Dutch with "
                      "--lang nl); CSV and JSON keep the query's column names."),
    click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
                 help="Write to this file instead of the terminal."),
    click.option("--iris", is_flag=True, help="Show ids instead of Dutch labels."),
    click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
                 help="Language of the labels."),
    click.option("--endpoint", metavar="URL",
                 help="Run against this SPARQL 1.1 endpoint instead of the local graph."),
    click.option("--timeout", type=Seconds(min=0.1), default=60.0, show_default=True,
                 help="Seconds a query may run before it is stopped (with --endpoint: each "
                      "exchange with the endpoint)."),
]


def output_options(command):
    for option in reversed(OUTPUT_OPTIONS):
        command = option(command)
    return command


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        if sys.stdout is None:  # closed (`>&-`): click would drop the answer and exit 0
            raise OutputError("standard output is closed, so the answer has nowhere to go: "
                              "give --out FILE, or send the output to a file or a pipe")
        click.echo(text, nl=False)
        return
    check_output_file(out, (".csv", ".json", ".md", ".txt", ".tsv", ".markdown"))
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


class QueryGroup(click.Group):
    """Lists the query files as subcommands, built from their headers on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(library(project_of(ctx).queries_dir))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        # the one file asked for is read, not the whole library
        query = library_query(project_of(ctx).queries_dir, name)
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
        out = options["out"]
        ask(project_of(ctx), query, parse_params(pairs), options["fmt"],
            lambda text: _emit(text, out), options["iris"], options["lang"],
            options["endpoint"], options["timeout"])

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
    ask(project, adhoc, {}, fmt, lambda text: _emit(text, out), iris, lang, endpoint, timeout)
