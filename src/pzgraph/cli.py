"""The `pzgraph` command line.

Each command imports what it needs inside its function: rdflib, owlready2, pyvis and
pyshacl are slow to import, and a query must answer in well under a second.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click

from . import __version__
from .errors import InputError
from .project import Project


def progress(message: str) -> None:
    """Progress of long work goes to stderr, so stdout stays clean for data."""
    click.echo(f"… {message}", err=True)


def reports_input_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Bad input ends a command with its findings and exit code 1, never a traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .queries import QueryError
        from .reasoner import ReasonerUnavailable

        try:
            return command(*args, **kwargs)
        except InputError as error:
            click.echo(f"pzgraph: {len(error.findings)} problem(s) in the input; nothing was "
                       "written.", err=True)
            for finding in error.findings:
                click.echo(f"  {finding}", err=True)
            sys.exit(1)
        except QueryError as error:
            click.echo(f"pzgraph: {error}", err=True)
            sys.exit(1)
        except ReasonerUnavailable as error:
            click.echo(f"pzgraph: {error}", err=True)
            sys.exit(2)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pzgraph")
@click.pass_context
def main(ctx: click.Context) -> None:
    """pzgraph: the Dutch palliative-care landscape as a linked, evidenced knowledge graph.

    Build the graph from ontology/ and data/, then query it, map it, export it
    (`export --base IRI` publishes it under another base IRI).
    """
    ctx.obj = Project.default()


@main.command()
@click.option("--no-reason", is_flag=True,
              help="Skip the OWL consistency check (HermiT, needs Java).")
@click.option("--force", is_flag=True, help="Build even when the cache is up to date.")
@click.pass_obj
@reports_input_errors
def build(project: Project, no_reason: bool, force: bool) -> None:
    """Compile ontology, vocabularies and data into the cached dataset."""
    from .build import build as run_build

    result = run_build(project, reasoning=not no_reason, force=force, progress=progress)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    manifest = result.manifest
    state = "up to date" if result.cached else f"built in {manifest['seconds']} s"
    reasoner = manifest.get("reasoner", {})
    consistency = ("not checked" if reasoner.get("skipped") else
                   f"consistent (HermiT, {reasoner.get('seconds')} s, "
                   f"{reasoner.get('inferred')} inferred triples)")
    click.echo(f"{result.dataset} — {manifest['triples']} triples, {state}; {consistency}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.pass_obj
@reports_input_errors
def stats(project: Project, fmt: str) -> None:
    """Triples, entities per class, concepts per scheme, and evidence coverage."""
    from . import stats as stats_module
    from .store import load

    numbers = stats_module.compute(load(project, progress=progress))
    click.echo(json.dumps(numbers, indent=2) if fmt == "json" else stats_module.render(numbers))


def _register_optional_commands() -> None:
    """Commands that live in modules of their own."""
    import importlib

    for module_name, attribute in [
        ("pzgraph.query_cli", "query"),
        ("pzgraph.map_cli", "map_command"),
        ("pzgraph.export_cli", "export"),
        ("pzgraph.export_cli", "serve"),
        ("pzgraph.export_cli", "push"),
        ("pzgraph.validate_cli", "validate"),
        ("pzgraph.report_cli", "report"),
        ("pzgraph.draft_cli", "draft"),
    ]:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        main.add_command(getattr(module, attribute))


_register_optional_commands()
