"""Which networks a frame of concepts applies to: a frame with a reach (dcterms:coverage of
its scheme, such as the PN-raad of Septet) is no measure for a network outside it."""

from __future__ import annotations

from ..query.store import KnowledgeGraph
from ..vocab import short_id as short

REACH = """PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX pz: <https://w3id.org/pzgraph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?concept ?network WHERE {
  ?concept skos:inScheme ?scheme . ?scheme dcterms:coverage ?scope .
  ?network pz:consortium? ?scope .
}"""


def frame_reach(kg: KnowledgeGraph) -> dict[str, set[str]]:
    """The networks (and consortium) each concept of a frame with a reach (dcterms:coverage of
    its scheme) applies to; a concept of a national frame is not in it."""
    reach: dict[str, set[str]] = {}
    for concept, network in kg.query(REACH):
        reach.setdefault(short(concept.value), set()).add(short(network.value))
    return reach
