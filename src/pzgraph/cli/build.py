"""`pzgraph build`: compile ontology, vocabularies and data into the cached dataset."""

from __future__ import annotations

import click

from ..build.pipeline import build as run_build
from ..checks.summary import summarise
from ..project import Project
from ..query.computed import keep_with_build
from ..terminal import printable
from .common import no_reason_option, progress


@click.command()
@no_reason_option
@click.option("--force", is_flag=True, help="Build even when the cache is up to date.")
@click.option("--verbose", "-v", is_flag=True,
              help="List every warning, not only how many of each check.")
@click.pass_obj
def build(project: Project, no_reason: bool, force: bool, verbose: bool) -> None:
    """Compile ontology, vocabularies and data into the cached dataset.

    Warnings are summed up per check (the full list: --verbose, or pzgraph validate).
    """
    result = run_build(project, reasoning=not no_reason, force=force, progress=progress)
    keep_with_build(project, progress, reasoning=not no_reason)
    if verbose:
        for warning in result.warnings:
            click.echo(printable(f"warning: {warning}"), err=True)  # may quote a data file
    else:
        for line in summarise(result.warnings, "pzgraph validate, or build --force --verbose"):
            click.echo(printable(line), err=True)
    manifest = result.manifest
    state = "up to date" if result.cached else f"built in {manifest['seconds']} s"
    reasoner = manifest.get("reasoner", {})
    consistency = ("not checked" if reasoner.get("skipped") else
                   f"consistent (HermiT, {reasoner.get('seconds')} s, "
                   f"{reasoner.get('inferred')} inferred triples)")
    click.echo(f"{result.dataset} — {manifest['triples']} triples, {state}; {consistency}")
