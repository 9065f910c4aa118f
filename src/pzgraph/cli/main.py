"""`pzgraph`: the group every verb is registered in, and the one place errors are reported.

A command raises a PzgraphError (errors.py) for anything a person must fix; it ends here as
one message on stderr, `pzgraph VERB: ...`, with the error's exit code, never a traceback.
What the system refuses (a full disk, an unwritable path, no memory) is said the same way.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from .. import __version__
from ..project import Project
from .console import ENDINGS, end_on_signals, failure, failure_line

# Each verb's module, imported when the verb is asked for (click's lazy-loading pattern):
# `pzgraph query` then loads the query's modules only, not the build's checks, the release,
# the maps or the draft tool (0.3 s of imports of the 0.35 s a light query took at start).
VERBS = {"build": "build:build", "stats": "stats:stats", "query": "query:query",
         "map": "map:map_command", "export": "export:export", "serve": "serve:serve",
         "push": "push:push", "validate": "validate:validate", "report": "report:report",
         "draft": "draft:draft"}


class PzgraphGroup(click.Group):
    """A group that reports every PzgraphError of its commands in one way, and imports a
    verb's module only when that verb is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*self.commands, *VERBS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in VERBS and name not in self.commands:
            module, attribute = VERBS[name].split(":")
            command = getattr(importlib.import_module(f"{__package__}.{module}"), attribute)
            self.add_command(command, name)
        return self.commands.get(name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ENDINGS as error:
            _fail(ctx, *failure(error))


def _fail(ctx: click.Context, message: str, code: int) -> None:
    click.echo(failure_line(ctx.invoked_subcommand, message), err=True)
    sys.exit(code)


@click.group(cls=PzgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pzgraph")
@click.pass_context
def main(ctx: click.Context) -> None:
    """pzgraph: the Dutch palliative-care landscape as a linked, evidenced knowledge graph.

    Build the graph from ontology/ and data/, then query it, map it, export it
    (`export --base IRI` publishes it under another base IRI). The project folder is
    $PZGRAPH_ROOT, else the nearest folder at or above this one that has a data/ folder.
    """
    _check_arguments(ctx)
    ctx.obj = Project.default()
    end_on_signals()  # SIGTERM and SIGHUP as Ctrl-C


def _check_arguments(ctx: click.Context) -> None:
    """Arguments are text: bytes that are not UTF-8 (Python keeps them as lone surrogates)
    would fail deep in a parser or writer; they are refused here, named."""
    for position, argument in enumerate(sys.argv[1:], start=1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            shown = argument.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
            _fail(ctx, f"argument {position} ({shown[:80]!r}) is not UTF-8 text; give names, "
                  "queries and paths in UTF-8", 2)
