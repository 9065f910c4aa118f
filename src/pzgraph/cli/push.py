"""`pzgraph push`: upload the built graph over the SPARQL 1.1 Graph Store Protocol."""

from __future__ import annotations

import click

from ..errors import EndpointError
from ..project import Project
from ..query.endpoint import check_address, graph_store_url, public_url, stored_count, upload
from ..release.formats import FORMATS, Release
from ..release.writers import NEEDS, render
from .common import Seconds, progress


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
@click.option("--timeout", default=300.0, show_default=True, type=Seconds(min=1),
              help="Seconds the upload may take in all, and again the reading back.")
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
    check_address(endpoint)  # before the work of writing the graph out
    key = "nq" if dataset else "nt"
    with Release.open(project, progress=progress, views=NEEDS[key]) as release:
        body = render(release, key)
        count = release.counts[key]
    url = endpoint if dataset else graph_store_url(endpoint, graph_iri)
    what = "quads" if dataset else "triples"
    progress(f"{'replacing' if replace else 'adding to'} {public_url(url)}: {count} {what}, "
              f"{len(body)} bytes")
    answer = upload(url, body, FORMATS[key].media_type, replace, timeout)
    # A 2xx proves little (any web page answers 200): read the target back and count.
    stored = stored_count(url, dataset, timeout)
    if stored < count or (replace and stored != count):
        raise EndpointError(f"{public_url(url)} accepted the upload (HTTP {answer.status}) but "
                            f"holds {stored} {what} afterwards, not {count}"
                            + ("" if replace else " or more")
                            + ": it is not a Graph Store, or it changed the data")
    click.echo(f"pushed {count} {what} to {public_url(url)} (HTTP {answer.status}; "
               f"read back: {stored} {what})")
