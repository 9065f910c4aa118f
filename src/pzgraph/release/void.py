"""void.ttl: the release described for catalogues (DCAT-AP-NL 3.0) and linked-data tools (VoID).

A dcat:Catalog holding one dcat:Dataset that is also a void:Dataset: titles and descriptions
in Dutch and English; publisher, creator and contact point from publisher.yaml; licence
CC-BY-4.0, version, issued date; one dcat:Distribution per file with its description, media
type, format, licence, availability, size and SHA-256 checksum; with a SPARQL endpoint, a
dcat:DataService serving the dataset and void:sparqlEndpoint. VoID counts with class and
property partitions, the vocabularies used, a void:Linkset per outward target (CBS, Wikidata,
TOOI) that the data links to, and the source documents the dataset is prov:wasDerivedFrom.
Every node has an IRI (no blank nodes), so the file is byte-stable. The issued date comes
from the inputs, never from the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from ..errors import ExportError
from ..project import Progress, Project, data_date, quiet
from ..vocab import DCAT, FOAF, PROV, RDF, SKOS, SPDX, VOID, XSD
from ..vocab import DCTERMS as DCT
from . import dcat
from .dcat import EU, KEYWORDS, LANGUAGES, LICENCE, THEME
from .external_sort import ExternalSort
from .formats import turtle
from .linksets import linksets
from .publisher import Publisher

N, L = ox.NamedNode, ox.Literal
CATALOG_TITLE = {"nl": "Catalogus van pzgraph", "en": "Catalogue of pzgraph"}
CATALOG_DESCRIPTION = {
    "nl": "De gepubliceerde kennisgraaf van het Nederlandse landschap van de palliatieve zorg, "
          "met zijn bestanden en SPARQL-dienst.",
    "en": "The published knowledge graph of the Dutch palliative-care landscape, with its "
          "files and SPARQL service."}
TITLE = {"nl": "Kennisgraaf van het Nederlandse landschap van de palliatieve zorg",
         "en": "Knowledge graph of the Dutch palliative-care landscape"}
DESCRIPTION = {
    "nl": "Netwerken Palliatieve Zorg, consortia, organisaties, gemeenten en landelijke "
          "partijen; hun plannen, projecten en activiteiten en hoe die aansluiten op het "
          "Kwaliteitskader palliatieve zorg, de aanbevelingen van de PatiëntenNaastenraad, de "
          "kernthema's en actielijnen. Elk feit draagt zijn bron en een letterlijk citaat. "
          "Zonder persoonsnamen.",
    "en": "Palliative-care networks, consortia, organisations, municipalities and national "
          "bodies in the Netherlands; their plans, projects and activities and how they map onto "
          "the Kwaliteitskader palliatieve zorg, the PN-raad recommendations, the kernthema's "
          "and actielijnen. Every fact carries its source and a verbatim quote. No personal "
          "names.",
}
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


EARLIEST_ISSUED = "2017-01-01"  # the Kwaliteitskader: no release states an earlier date


def issued_date(project: Project, override: str | None = None,
                progress: Progress = quiet) -> str:
    """--issued, else the date the data stands at (`project.data_date`: SOURCE_DATE_EPOCH,
    else git), with a warning when only file dates give it."""
    if override:
        try:
            dt.date.fromisoformat(override)
        except ValueError:
            raise ExportError(f"--issued {override!r} is not a date YYYY-MM-DD") from None
        if not DATE.fullmatch(override):
            raise ExportError(f"--issued {override!r} is not a date YYYY-MM-DD")
        if not EARLIEST_ISSUED <= override <= str(dt.date.today() + dt.timedelta(days=366)):
            raise ExportError(f"--issued {override!r} is before {EARLIEST_ISSUED} (before "
                              "any of the data) or more than a year ahead; give the date the "
                              "release is published")
        return override
    date, basis = data_date(project)
    if basis == "files":
        progress("warning: no git history for data/ or ontology/: the issued date is the newest "
                 "file date; pass --issued for a reproducible release")
    return date


def _slug(iri: str, prefixes: dict[str, str]) -> str:
    """pz-Hospital, skos-Concept: readable and stable; a hash where no prefix fits."""
    for name, namespace in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        local = iri[len(namespace):]
        if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z0-9_.-]+", local):
            return f"{name}-{local}"
    return hashlib.sha256(iri.encode()).hexdigest()[:16]


def _namespace(iri: str) -> str:
    return iri[:max(iri.rfind("#"), iri.rfind("/")) + 1]


def dataset_iris(base: str, version: str) -> tuple[str, str]:
    """(the dataset over all releases, the dataset of release `version`): each release is a
    version of its own (DCAT 3 §11), so its distributions, with their checksums, are never
    the next release's."""
    return f"{base}/id/dataset/pzgraph", f"{base}/id/dataset/pzgraph/{version}"


def describe(release, files: dict[str, tuple[int, str]], *, issued: str, publisher: Publisher,
             download_url: str | None = None, sparql_endpoint: str | None = None,
             previous: str | None = None, first_issued: str | None = None) -> bytes:
    """The Turtle of void.ttl for the bundle `files` (path -> size, SHA-256) of `release`;
    `previous` the dataset IRI of the release before it and `first_issued` the date its
    catalogue was first issued, if known."""
    base = release.base
    every_release, this_release = dataset_iris(base, publisher.version)
    dataset = N(this_release)
    catalog = N(f"{base}/id/catalogus/pzgraph")
    # where the files can be fetched: only where the publisher said (none before that)
    download = download_url.rstrip("/") + "/" if download_url else None
    endpoint = sparql_endpoint or publisher.sparql_endpoint
    triples: list[ox.Triple] = []

    def add(subject: ox.NamedNode, predicate: str, *objects: ox.NamedNode | ox.Literal) -> None:
        triples.extend(ox.Triple(subject, N(predicate), o) for o in objects)

    def typed(value: object, datatype: str) -> ox.Literal:
        return L(str(value), datatype=N(XSD + datatype))

    def texts(values: dict[str, str]) -> list[ox.Literal]:
        return [L(text, language=lang) for lang, text in values.items()]

    agents = dcat.agents(add, texts, publisher, base)
    ontology = N(f"{base}/def")
    add(ontology, RDF + "type", N(DCT + "Standard"))
    add(ontology, DCT + "title", L("pzgraph-ontologie", language="nl"),
        L("pzgraph ontology", language="en"))

    # Types of the external terms used, where they are not in an EU vocabulary
    add(N(LICENCE), RDF + "type", N(DCT + "LicenseDocument"))
    add(N(SPDX + "checksumAlgorithm_sha256"), RDF + "type", N(SPDX + "ChecksumAlgorithm"))
    add(catalog, RDF + "type", N(DCAT + "Catalog"))
    add(catalog, DCT + "title", *texts(CATALOG_TITLE))
    add(catalog, DCT + "description", *texts(CATALOG_DESCRIPTION))
    add(catalog, DCT + "language", *LANGUAGES)
    add(catalog, DCT + "license", N(LICENCE))
    # the catalogue stays the one first issued then; this release modifies it
    add(catalog, DCT + "issued", typed(first_issued or issued, "date"))
    add(catalog, DCT + "modified", typed(issued, "date"))
    add(catalog, DCAT + "dataset", dataset)
    agents(catalog)
    if publisher.publisher.homepage:
        add(catalog, FOAF + "homepage", N(publisher.publisher.homepage))
        add(N(publisher.publisher.homepage), RDF + "type", N(FOAF + "Document"))

    add(dataset, RDF + "type", N(DCAT + "Dataset"), N(VOID + "Dataset"))
    add(dataset, DCT + "identifier", L(dataset.value))
    add(dataset, DCT + "title", *texts(TITLE))
    add(dataset, DCT + "description", *texts(DESCRIPTION))
    agents(dataset)
    add(dataset, DCT + "license", N(LICENCE))
    add(dataset, DCT + "accessRights", N(EU + "access-right/PUBLIC"))
    add(dataset, DCAT + "theme", THEME)
    add(dataset, DCT + "language", *LANGUAGES)
    add(dataset, DCT + "spatial", N(EU + "country/NLD"))
    add(dataset, DCT + "conformsTo", ontology)
    add(dataset, DCAT + "keyword", *KEYWORDS)
    add(dataset, DCAT + "version", L(publisher.version))
    add(dataset, DCT + "isVersionOf", N(every_release))
    add(N(every_release), DCAT + "hasCurrentVersion", dataset)
    if previous:
        add(dataset, DCAT + "previousVersion", N(previous))
    add(dataset, DCT + "issued", typed(issued, "date"))
    add(dataset, DCT + "modified", typed(issued, "date"))
    if publisher.landing_page:
        add(dataset, DCAT + "landingPage", N(publisher.landing_page))
        add(N(publisher.landing_page), RDF + "type", N(FOAF + "Document"))
    if publisher.documentation:
        add(dataset, FOAF + "page", N(publisher.documentation))
        add(N(publisher.documentation), RDF + "type", N(FOAF + "Document"))
    service = None
    if endpoint:
        service = dcat.sparql_service(add, texts, agents, dataset, catalog, endpoint, base)
    for name, (size, checksum) in sorted(files.items()):
        dcat.distribution(add, typed, dataset, ontology, name, size, checksum, download,
                          publisher.landing_page)
    if service is not None:
        dcat.sparql_distribution(add, dataset, ontology, service, endpoint)
    _statistics(add, typed, dataset, release)
    triples.extend(linksets(dataset, release.triples(), base))
    return turtle(triples, release.prefixes(triples, per_type=False))


def counts(triples: Iterable[ox.Triple], id_base: str) -> dict:
    """The VoID numbers of the union graph (each triple once): what void.ttl states and the
    tests recompute. Distinct subjects and objects are counted by sorting their terms
    (external_sort.py), so memory stays bounded at any size."""
    with tempfile.TemporaryDirectory(prefix="pzgraph-void-") as folder:
        subjects, objects = ExternalSort(Path(folder)), ExternalSort(Path(folder))
        classes: Counter = Counter()
        properties: Counter = Counter()
        total = 0
        for t in triples:
            total += 1
            subjects.add(str(t.subject))
            objects.add(str(t.object))
            properties[t.predicate.value] += 1
            if t.predicate.value == RDF + "type" and isinstance(t.object, ox.NamedNode):
                classes[t.object.value] += 1
        entity = f"<{id_base}"
        distinct_subjects = entities = 0
        for subject in subjects:
            distinct_subjects += 1
            entities += subject.startswith(entity)
        return {"triples": total, "entities": entities, "distinctSubjects": distinct_subjects,
                "distinctObjects": sum(1 for _ in objects), "classes": dict(classes),
                "properties": dict(properties)}


class _Sources:
    """The source documents and their titles, gathered in one pass over the union: the
    pz:SourceDocument records, what graphs were derived from under /id/bron/, and the
    skos:prefLabel of every subject that could be one of those (see `_sources`)."""

    def __init__(self, base: str) -> None:
        self.document = N(f"{base}/def#SourceDocument")
        self.bron = f"{base}/id/bron/"
        self.found: set[str] = set()
        self.titles: dict[str, list[ox.Literal]] = {}

    def add(self, t: ox.Triple) -> None:
        if t.predicate.value == RDF + "type" and t.object == self.document:
            if isinstance(t.subject, ox.NamedNode):
                self.found.add(t.subject.value)
        elif (t.predicate.value == PROV + "wasDerivedFrom" and isinstance(t.object, ox.NamedNode)
              and t.object.value.startswith(self.bron)):
            self.found.add(t.object.value)
        elif (t.predicate.value == SKOS + "prefLabel" and isinstance(t.subject, ox.NamedNode)
              and isinstance(t.object, ox.Literal)
              and (t.subject.value.startswith(self.bron) or t.subject.value in self.found)):
            # in the union's order a subject's rdf:type comes before its other statements
            self.titles.setdefault(t.subject.value, []).append(t.object)

    def documents(self) -> list[tuple[str, list[ox.Literal]]]:
        return [(iri, self.titles.get(iri, [])) for iri in sorted(self.found)]


def _statistics(add, typed, dataset: ox.NamedNode, release) -> None:
    sources = _Sources(release.base)
    used: set[str] = set()

    def noted(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
        for t in triples:
            used.add(t.predicate.value)
            sources.add(t)
            yield t

    numbers = counts(noted(release.triples()), f"{release.base}/id/")
    prefixes = release.union_prefixes(per_type=False)
    add(dataset, VOID + "uriSpace", L(f"{release.base}/id/"))
    for key in ("triples", "entities", "distinctSubjects", "distinctObjects"):
        add(dataset, VOID + key, typed(numbers[key], "integer"))
    add(dataset, VOID + "classes", typed(len(numbers["classes"]), "integer"))
    add(dataset, VOID + "properties", typed(len(numbers["properties"]), "integer"))
    for iri, n in sorted(numbers["classes"].items()):
        part = N(f"{dataset.value}/klasse/{_slug(iri, prefixes)}")
        add(dataset, VOID + "classPartition", part)
        add(part, VOID + "class", N(iri))
        add(part, VOID + "entities", typed(n, "integer"))
    for iri, n in sorted(numbers["properties"].items()):
        part = N(f"{dataset.value}/eigenschap/{_slug(iri, prefixes)}")
        add(dataset, VOID + "propertyPartition", part)
        add(part, VOID + "property", N(iri))
        add(part, VOID + "triples", typed(n, "integer"))
    namespaces = {_namespace(p) for p in used} | {_namespace(iri) for iri in numbers["classes"]}
    add(dataset, VOID + "vocabulary", *(N(ns) for ns in sorted(namespaces) if ns))
    # Source documents are documents, not dcat:Datasets (the range DCAT-AP gives dct:source):
    # the dataset is prov:wasDerivedFrom each, and each is typed and titled as a document.
    for iri, titles in sources.documents():
        document = N(iri)
        add(dataset, PROV + "wasDerivedFrom", document)
        add(document, RDF + "type", N(FOAF + "Document"), N(DCAT + "Resource"))
        add(document, DCT + "title", *titles)
