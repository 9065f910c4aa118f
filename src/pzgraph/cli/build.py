"""`pzgraph build`: compile ontology, vocabularies and data into the cached dataset."""

from __future__ import annotations

import click

from ..build.pipeline import build as run_build
from ..project import Project
from .common import no_reason_option, progress


@click.command()
@no_reason_option
@click.option("--force", is_flag=True, help="Build even when the cache is up to date.")
@click.pass_obj
def build(project: Project, no_reason: bool, force: bool) -> None:
    """Compile ontology, vocabularies and data into the cached dataset."""
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
