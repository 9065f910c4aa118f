"""The outward links of the release: which datasets outside pzgraph its entities link to,
and a VoID linkset for each (void.ttl). Counted from the data, so a link added to
data/ shows up in the next release, and a target without links gets no linkset.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pyoxigraph as ox

from ..vocab import DCTERMS as DCT
from ..vocab import FOAF, PROV, RDF, RDFS, VOID, XSD

N, L = ox.NamedNode, ox.Literal
@dataclass(frozen=True)
class Target:
    """A dataset outside pzgraph that entities link to, known by its IRI namespaces."""

    key: str
    title: dict[str, str]
    homepage: str
    namespaces: tuple[str, ...]


TARGETS = (
    Target("cbs", {"nl": "Centraal Bureau voor de Statistiek (CBS): gebieden",
                   "en": "Statistics Netherlands (CBS): areas"},
           "https://www.cbs.nl/",
           ("https://betalinkeddata.cbs.nl/", "http://betalinkeddata.cbs.nl/",
            "https://opendata.cbs.nl/", "http://opendata.cbs.nl/", "https://vocabs.cbs.nl/",
            "https://www.cbs.nl/", "https://cbs.nl/")),
    Target("wikidata", {"nl": "Wikidata", "en": "Wikidata"}, "https://www.wikidata.org/",
           ("http://www.wikidata.org/entity/", "https://www.wikidata.org/entity/",
            "https://www.wikidata.org/wiki/")),
    Target("tooi", {"nl": "TOOI: Thesauri en Ontologieën voor Overheidsinformatie",
                    "en": "TOOI: thesauri and ontologies for government information"},
           "https://standaarden.overheid.nl/tooi",
           ("https://identifier.overheid.nl/tooi/id/",)),
)
# Predicates that cite or point to pages, not links between resources; and the qualified form
# of an outward link (its node -> the IRI), whose shortcut (schema:sameAs, skos:exactMatch
# from a concept) is the link itself.
NOT_LINKS = {DCT + "source", PROV + "wasDerivedFrom", FOAF + "homepage", FOAF + "page",
             RDFS + "isDefinedBy", "https://w3id.org/pzgraph/def#linksTo"}


def links(triples: list[ox.Triple], id_base: str) -> Counter:
    """(target key, predicate) -> number of triples linking an entity of ours to the target."""
    found: Counter = Counter()
    for t in triples:
        if (not isinstance(t.object, ox.NamedNode) or not isinstance(t.subject, ox.NamedNode)
                or not t.subject.value.startswith(id_base)
                or t.predicate.value in NOT_LINKS or t.predicate.value.startswith(PROV)):
            continue
        target = next((tg for tg in TARGETS if t.object.value.startswith(tg.namespaces)), None)
        if target is not None:
            found[target.key, t.predicate.value] += 1
    return found


def linksets(dataset: ox.NamedNode, triples: list[ox.Triple], base: str) -> list[ox.Triple]:
    """A void:Linkset per target and link predicate, with its triple count, and the target
    described as a void:Dataset; nothing where the data has no links."""
    out: list[ox.Triple] = []

    def add(subject: ox.NamedNode, predicate: str, *objects: ox.NamedNode | ox.Literal) -> None:
        out.extend(ox.Triple(subject, N(predicate), o) for o in objects)

    found = links(triples, f"{base}/id/")
    by_key = {tg.key: tg for tg in TARGETS}
    for key in sorted({k for k, _ in found}):
        target = by_key[key]
        node = N(f"{base}/id/dataset/{key}")
        add(node, RDF + "type", N(VOID + "Dataset"))
        add(node, DCT + "title", *(L(text, language=lang) for lang, text in target.title.items()))
        add(node, FOAF + "homepage", N(target.homepage))
        predicates = sorted(p for k, p in found if k == key)
        for predicate in predicates:
            suffix = "" if len(predicates) == 1 else "-" + _local_name(predicate)
            linkset = N(f"{dataset.value}/linkset/{key}{suffix}")
            add(dataset, VOID + "subset", linkset)
            add(linkset, RDF + "type", N(VOID + "Linkset"))
            add(linkset, VOID + "subjectsTarget", dataset)
            add(linkset, VOID + "objectsTarget", node)
            add(linkset, VOID + "linkPredicate", N(predicate))
            add(linkset, VOID + "triples", L(str(found[key, predicate]),
                                             datatype=N(XSD + "integer")))
    return out


def _local_name(iri: str) -> str:
    return iri[max(iri.rfind("#"), iri.rfind("/")) + 1:]
