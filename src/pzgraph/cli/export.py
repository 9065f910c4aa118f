"""`pzgraph export`: the release bundle of the built graph (release/bundle.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click

from ..project import Project
from ..release.bundle import export as run_export
from ..release.formats import FORMATS
from .common import progress


@click.command()
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the release. It is replaced as a whole when the new release is "
                   "complete; a folder holding anything but an earlier release is refused.")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)),
              help="Write only pzgraph.FMT into the folder, leaving its other files alone.")
@click.option("--base", metavar="IRI",
              help="Publish every IRI under https://w3id.org/pzgraph/ under this base instead "
                   "(default: https://w3id.org/pzgraph).")
@click.option("--issued", metavar="YYYY-MM-DD",
              help="Release date in void.ttl (default: the newest git commit of data/ and "
                   "ontology/, so that the same inputs give the same bytes).")
@click.option("--download-url", metavar="URL",
              help="The address of the folder where this release's files will be "
                   "published, with the release's version (publisher.yaml) as one of its "
                   "folders, e.g. https://HOST/pzgraph/release/VERSION/. Only with it does "
                   "void.ttl give download addresses and the release hold w3id/.htaccess, "
                   "the rules that make its IRIs resolve.")
@click.option("--previous", type=click.Path(exists=True, path_type=Path), metavar="RELEASE",
              help="The release before this one (its folder or its void.ttl): this one is "
                   "linked to it (dcat:previousVersion), and refused if it has the same "
                   "version (publisher.yaml) but other files.")
@click.option("--sparql-endpoint", metavar="URL",
              help="A public SPARQL endpoint serving this release, stated in void.ttl "
                   "(default: sparqlEndpoint in publisher.yaml).")
@click.pass_obj
def export(project: Project, out: Path, fmt: str | None, base: str | None, issued: str | None,
           download_url: str | None, previous: Path | None,
           sparql_endpoint: str | None) -> None:
    """Write the release bundle of the built graph into a folder.

    Turtle, sorted N-Triples, JSON-LD (compacted with ontology/context.jsonld), RDF/XML,
    TriG and N-Quads with the named graphs and their provenance; pzgraph-dl.ttl (OWL 2 DL
    profile for reasoners); the ontology, SHACL shapes, vocabularies and context under
    ontology/; void.ttl (DCAT-AP-NL and VoID, with publisher, creator and contact point from
    publisher.yaml) and SHA256SUMS.
    The same inputs give byte-identical files. A failing build writes nothing.
    The release's version is `version:` in publisher.yaml, one per data release: it names
    the dataset and must be a folder of --download-url (docs/publishing.md, "Versions").
    """

    started = time.perf_counter()
    written = run_export(project, out, fmt=fmt, base=base, issued=issued,
                         download_url=download_url, sparql_endpoint=sparql_endpoint,
                         previous=previous, progress=progress)
    seconds = time.perf_counter() - started
    files = sum(len(names) for _, _, names in os.walk(out)) - 1  # not the output marker
    what = written[0] if fmt else f"{out} ({files} files)"
    click.echo(f"exported {what} in {seconds:.1f} s")
    if not fmt and download_url is None:
        click.echo("not yet publishable: without --download-url nobody knows where the files "
                   "will be, so void.ttl gives no download address and there are no redirect "
                   "rules (w3id/.htaccess); the IRIs resolve only through `pzgraph serve`. "
                   "Export again with --download-url URL-OF-THE-PUBLISHED-FOLDER to publish.",
                   err=True)
    elif not fmt and previous is None:
        click.echo("note: without --previous this release names no earlier one, and export "
                   "could not check that its version (publisher.yaml) is new; give the "
                   "release published before it as --previous FOLDER", err=True)
