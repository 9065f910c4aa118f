"""The concept schemes as the release publishes them: one Turtle file per scheme, whole.

Each file holds the scheme as ontology/vocabularies/ defines it, and adds what a SKOS tool
that does no reasoning needs to use it on its own (SKOS-AP-NL):

- the publication metadata: dct:creator and dct:publisher (from publisher.yaml, described as
  foaf:Agents), dct:license, dct:modified (the release date) and owl:versionInfo;
- the concepts that the data files define in the scheme (the interventions), with their
  labels, definitions, skos:topConceptOf / skos:hasTopConcept, and as dct:source the source
  documents their evidence quotes;
- every dct:source described as a foaf:Document, titled where the graph names it.
"""

from __future__ import annotations

import pyoxigraph as ox

from .. import __version__
from ..vocab import DCTERMS, FOAF, OWL, PZ, RDF, SKOS, XSD
from .formats import turtle
from .publisher import Publisher

N, L = ox.NamedNode, ox.Literal
DCT = DCTERMS
LICENCE = "http://creativecommons.org/licenses/by/4.0/"
TYPE = N(RDF + "type")


def publish(release, publisher: Publisher, issued: str) -> dict[str, bytes]:
    """ontology/vocabularies/NAME.ttl -> Turtle, for every vocabulary of the project."""
    union = release.triples
    files = {}
    for path in release.project.vocabulary_files():
        triples = set(release.graph(f"vocabulaire/{path.stem}"))
        for scheme in sorted({t.subject for t in triples
                              if t.predicate == TYPE and t.object == N(SKOS + "ConceptScheme")},
                             key=str):
            triples |= _metadata(scheme, publisher, issued)
            triples |= _data_concepts(scheme, triples, union)
        triples |= _documents(triples, union)
        ordered = sorted(triples, key=lambda t: (str(t.subject), t.predicate != TYPE,
                                                 str(t.predicate), str(t.object)))
        files[f"ontology/vocabularies/{path.stem}.ttl"] = turtle(ordered,
                                                                 release.prefixes(ordered))
    return files


def _metadata(scheme: ox.NamedNode, publisher: Publisher, issued: str) -> set[ox.Triple]:
    out = {
        ox.Triple(scheme, N(DCT + "publisher"), N(publisher.publisher.iri)),
        ox.Triple(scheme, N(DCT + "creator"), N(publisher.creator.iri)),
        ox.Triple(scheme, N(DCT + "license"), N(LICENCE)),
        ox.Triple(scheme, N(OWL + "versionInfo"), L(__version__)),
    }
    if issued:
        out.add(ox.Triple(scheme, N(DCT + "modified"), L(issued, datatype=N(XSD + "date"))))
    for agent in {a.iri: a for a in (publisher.publisher, publisher.creator)}.values():
        node = N(agent.iri)
        out |= {ox.Triple(node, TYPE, N(FOAF + "Agent")),
                ox.Triple(node, TYPE, N(FOAF + "Organization"))}
        out |= {ox.Triple(node, N(FOAF + "name"), L(name, language=lang))
                for lang, name in agent.name.items()}
    return out


def _data_concepts(scheme: ox.NamedNode, defined: set[ox.Triple], union: list[ox.Triple]
                   ) -> set[ox.Triple]:
    """The SKOS statements about concepts the data files put in `scheme`, and as their
    dct:source the documents their evidence cites."""
    here = {t.subject for t in defined}
    concepts = {t.subject for t in union if t.predicate == N(SKOS + "inScheme")
                and t.object == scheme and t.subject not in here}
    if not concepts:
        return set()
    evidence: dict[ox.NamedNode, set] = {}
    sources: dict[object, set] = {}
    out = set()
    for t in union:
        if t.subject in concepts:
            if t.predicate.value.startswith(SKOS) or (
                    t.predicate == TYPE and t.object == N(SKOS + "Concept")):
                out.add(t)
            elif t.predicate.value == PZ.evidence:
                evidence.setdefault(t.object, set()).add(t.subject)
        if t.predicate == N(DCT + "source") and isinstance(t.object, ox.NamedNode):
            sources.setdefault(t.subject, set()).add(t.object)
    for item, owners in evidence.items():
        for concept in owners:
            out |= {ox.Triple(concept, N(DCT + "source"), s) for s in sources.get(item, ())}
    out |= {ox.Triple(scheme, N(SKOS + "hasTopConcept"), t.subject) for t in out
            if t.predicate == N(SKOS + "topConceptOf") and t.object == scheme}
    return out


def _documents(triples: set[ox.Triple], union: list[ox.Triple]) -> set[ox.Triple]:
    """Every dct:source as a foaf:Document, with the titles the graph gives it (SKOS-AP-NL
    describes a source document by dct:title)."""
    documents = {t.object for t in triples
                 if t.predicate == N(DCT + "source") and isinstance(t.object, ox.NamedNode)}
    out = {ox.Triple(d, TYPE, N(FOAF + "Document")) for d in documents}
    out |= {ox.Triple(t.subject, N(DCT + "title"), t.object) for t in union
            if t.subject in documents and t.predicate == N(SKOS + "prefLabel")}
    return out
