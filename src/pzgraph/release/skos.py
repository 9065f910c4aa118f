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

from ..vocab import DCTERMS, FOAF, OWL, PZ, RDF, SKOS, XSD
from .formats import turtle
from .publisher import Publisher

N, L = ox.NamedNode, ox.Literal
DCT = DCTERMS
LICENCE = "http://creativecommons.org/licenses/by/4.0/"
TYPE = N(RDF + "type")


def publish(release, publisher: Publisher, issued: str) -> dict[str, bytes]:
    """ontology/vocabularies/NAME.ttl -> Turtle, for every vocabulary of the project. The
    union is read as a stream a few times (`release.triples()`), never held."""
    names = [path.stem for path in release.project.vocabulary_files()]
    graphs = {name: set(release.graph(f"vocabulaire/{name}")) for name in names}
    schemes = {name: sorted({t.subject for t in triples if t.predicate == TYPE
                             and t.object == N(SKOS + "ConceptScheme")}, key=str)
               for name, triples in graphs.items()}
    data = _DataConcepts(release, {s for found in schemes.values() for s in found})
    files, vocabularies = {}, {}
    for name in names:
        triples = graphs[name]
        for scheme in schemes[name]:
            triples |= _metadata(scheme, publisher, issued)
            triples |= data.statements(scheme, {t.subject for t in triples})
        vocabularies[name] = triples
    titles = _titles(release, {t.object for triples in vocabularies.values() for t in triples
                               if t.predicate == N(DCT + "source")
                               and isinstance(t.object, ox.NamedNode)})
    for name, triples in vocabularies.items():
        triples |= _documents(triples, titles)
        ordered = sorted(triples, key=lambda t: (str(t.subject), t.predicate != TYPE,
                                                 str(t.predicate), str(t.object)))
        files[f"ontology/vocabularies/{name}.ttl"] = turtle(ordered, release.prefixes(ordered))
    return files


def _metadata(scheme: ox.NamedNode, publisher: Publisher, issued: str) -> set[ox.Triple]:
    out = {
        ox.Triple(scheme, N(DCT + "publisher"), N(publisher.publisher.iri)),
        ox.Triple(scheme, N(DCT + "creator"), N(publisher.creator.iri)),
        ox.Triple(scheme, N(DCT + "license"), N(LICENCE)),
        ox.Triple(scheme, N(OWL + "versionInfo"), L(publisher.version)),
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


class _DataConcepts:
    """The SKOS statements about concepts the data files put in a scheme, and as their
    dct:source the documents their evidence cites: gathered from the union in at most three
    passes for all schemes at once (the concepts, their statements, their evidence's sources)."""

    def __init__(self, release, schemes: set) -> None:
        in_scheme = N(SKOS + "inScheme")
        self.members = {(t.subject, t.object) for t in release.triples()
                        if t.predicate == in_scheme and t.object in schemes}
        concepts = {subject for subject, _ in self.members}
        self.own: dict[object, set[ox.Triple]] = {}
        evidence: dict[object, set] = {}
        if concepts:
            for t in release.triples():
                if t.subject not in concepts:
                    continue
                if t.predicate.value.startswith(SKOS) or (
                        t.predicate == TYPE and t.object == N(SKOS + "Concept")):
                    self.own.setdefault(t.subject, set()).add(t)
                elif t.predicate.value == PZ.evidence:
                    evidence.setdefault(t.subject, set()).add(t.object)
        items = {item for found in evidence.values() for item in found}
        sources: dict[object, set] = {}
        if items:
            for t in release.triples():
                if (t.subject in items and t.predicate == N(DCT + "source")
                        and isinstance(t.object, ox.NamedNode)):
                    sources.setdefault(t.subject, set()).add(t.object)
        self.sources = {concept: {s for item in found for s in sources.get(item, ())}
                        for concept, found in evidence.items()}

    def statements(self, scheme: ox.NamedNode, here: set) -> set[ox.Triple]:
        """For the concepts in `scheme` not described `here` (by the vocabulary itself)."""
        concepts = {s for s, found in self.members if found == scheme and s not in here}
        out = set()
        for concept in concepts:
            out |= self.own.get(concept, set())
            out |= {ox.Triple(concept, N(DCT + "source"), s)
                    for s in self.sources.get(concept, ())}
        out |= {ox.Triple(scheme, N(SKOS + "hasTopConcept"), t.subject) for t in out
                if t.predicate == N(SKOS + "topConceptOf") and t.object == scheme}
        return out


def _titles(release, documents: set) -> dict[object, list[ox.Literal]]:
    """The skos:prefLabels the graph gives `documents`, in the union's order."""
    found: dict[object, list[ox.Literal]] = {}
    if documents:
        for t in release.triples():
            if t.subject in documents and t.predicate == N(SKOS + "prefLabel"):
                found.setdefault(t.subject, []).append(t.object)
    return found


def _documents(triples: set[ox.Triple], titles: dict) -> set[ox.Triple]:
    """Every dct:source as a foaf:Document, with the titles the graph gives it (SKOS-AP-NL
    describes a source document by dct:title)."""
    documents = {t.object for t in triples
                 if t.predicate == N(DCT + "source") and isinstance(t.object, ox.NamedNode)}
    out = {ox.Triple(d, TYPE, N(FOAF + "Document")) for d in documents}
    out |= {ox.Triple(d, N(DCT + "title"), title) for d in documents for title in titles.get(d, ())}
    return out
