"""The report's header: data version, the date the data stands at, and the sources.

The date is deterministic (the same inputs give the same page): the date the data stands at
(`project.data_date`, the rule the release's issued date follows too), never the wall clock
unless the user passes one.
"""

from __future__ import annotations

import datetime as dt

from ..project import Project, data_date
from ..query.store import KnowledgeGraph
from .model import Meta, Source

DATE_BASIS = {
    "epoch": "SOURCE_DATE_EPOCH",
    "git": "laatste git-commit van de databestanden",
    "edited": "wijzigingsdatum van de databestanden (nog niet gecommit)",
    "files": "wijzigingsdatum van de databestanden",
}
SOURCES = """
PREFIX pz: <https://w3id.org/pzgraph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?file ?title (SAMPLE(?k) AS ?kind)
       (GROUP_CONCAT(DISTINCT STR(?publisherLabel); separator = ", ") AS ?publishers) WHERE {
  ?doc a pz:SourceDocument ; pz:fileName ?file ; skos:prefLabel ?title .
  FILTER(LANG(?title) = "nl")
  OPTIONAL { ?doc pz:documentKind ?k }
  OPTIONAL { ?doc dcterms:publisher/skos:prefLabel ?publisherLabel
             FILTER(LANG(?publisherLabel) = "nl") }
} GROUP BY ?file ?title ORDER BY ?file
"""


def read_meta(graph: KnowledgeGraph, project: Project, date: str | None = None) -> Meta:
    manifest = graph.manifest
    if date:
        when, basis = dt.date.fromisoformat(date).isoformat(), "opgegeven met --date"
    else:
        when, kind = data_date(project)
        basis = DATE_BASIS[kind]
    return Meta(
        version=str(manifest.get("version", "")),
        input_hash=str(manifest.get("input_hash", "")),
        date=when, date_basis=basis, sources=read_sources(graph),
        data_files=list(manifest.get("data_files", [])),
    )


def read_sources(graph: KnowledgeGraph) -> list[Source]:
    """The documents the data is curated from (those with a file name), with their titles."""
    # A document without a kind or a publisher (the synthetic national landscape's) leaves
    # them unbound: blank, not a report that fails at its last step.
    return [Source(row["file"].value, row["title"].value,
                   row["kind"].value if row["kind"] else "",
                   row["publishers"].value if row["publishers"] else "")
            for row in graph.query(SOURCES)]


FOOTINGS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label ?definition WHERE {
  ?level skos:inScheme <https://w3id.org/pzgraph/id/zekerheid> ; skos:notation ?rank ;
         skos:prefLabel ?label ; skos:definition ?definition .
  FILTER(LANG(?label) = "nl" && LANG(?definition) = "nl")
} ORDER BY ?rank
"""


def read_footings(graph: KnowledgeGraph) -> list[tuple[str, str]]:
    """The levels of the column `zekerheid`, strongest first, each with its definition: the
    graph's own words (ontology/vocabularies/zekerheid.ttl), so the legend cannot drift."""
    return [(row["label"].value, row["definition"].value) for row in graph.query(FOOTINGS)]
