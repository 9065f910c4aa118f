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
import os
import re
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from . import __version__
from .project import Project
from .publisher import Publisher

N, L = ox.NamedNode, ox.Literal
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
SPDX = "http://spdx.org/rdf/terms#"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
DCATAP = "http://data.europa.eu/r5r/"
LICENCE = "http://creativecommons.org/licenses/by/4.0/"
AVAILABILITY = EU + "planned-availability/STABLE"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
THEME = N(EU + "data-theme/HEAL")
LANGUAGES = (N(EU + "language/NLD"), N(EU + "language/ENG"))
KEYWORDS = tuple(L(k, language="nl") for k in (
    "palliatieve zorg", "netwerken palliatieve zorg", "kwaliteitskader", "linked data"))
PREFIXES_FOR_SLUGS = {"owl": "http://www.w3.org/2002/07/owl#", "skos": SKOS, "rdfs": RDFS,
                      "schema": "http://schema.org/", "pz": "https://w3id.org/pzgraph/def#"}
CATALOG_TITLE = {"nl": "Catalogus van pzgraph", "en": "Catalogue of pzgraph"}
CATALOG_DESCRIPTION = {
    "nl": "De gepubliceerde kennisgraaf van het Nederlandse landschap van de palliatieve zorg, "
          "met zijn bestanden en SPARQL-dienst.",
    "en": "The published knowledge graph of the Dutch palliative-care landscape, with its "
          "files and SPARQL service."}
SERVICE_TITLE = {"nl": "SPARQL-endpoint van pzgraph", "en": "SPARQL endpoint of pzgraph"}
SERVICE_DESCRIPTION = {
    "nl": "Alleen-lezen SPARQL 1.1-endpoint over de hele graaf, met zijn benoemde grafen.",
    "en": "Read-only SPARQL 1.1 endpoint over the whole graph, with its named graphs."}
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
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def issued_date(project: Project, override: str | None = None,
                progress: Callable[[str], None] = lambda _: None) -> str:
    """--issued, else SOURCE_DATE_EPOCH, else the newest git commit of data/ and ontology/,
    else (with a warning) the newest modification date of an input file."""
    from .export import ExportError

    if override:
        try:
            dt.date.fromisoformat(override)
        except ValueError:
            raise ExportError(f"--issued {override!r} is not a date YYYY-MM-DD") from None
        if not DATE.match(override):
            raise ExportError(f"--issued {override!r} is not a date YYYY-MM-DD")
        return override
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():  # the reproducible-builds convention
        epoch = int(os.environ["SOURCE_DATE_EPOCH"])
        return dt.datetime.fromtimestamp(epoch, dt.UTC).date().isoformat()
    dates = [d for folder in (project.data_dir, project.ontology_dir) if (d := _git_date(folder))]
    if dates:
        return max(dates)
    from .build import input_files

    progress("warning: no git history for data/ or ontology/: the issued date is the newest "
             "file date; pass --issued for a reproducible release")
    times = [p.stat().st_mtime for p in input_files(project) if p.exists()]
    return dt.datetime.fromtimestamp(max(times, default=0), dt.UTC).date().isoformat()


def _git_date(folder) -> str | None:
    try:
        answer = subprocess.run(["git", "-C", str(folder), "log", "-1", "--format=%cs", "--", "."],
                                capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    date = answer.stdout.strip()
    return date if answer.returncode == 0 and DATE.match(date) else None


def _slug(iri: str, prefixes: dict[str, str]) -> str:
    """pz-Hospital, skos-Concept: readable and stable; a hash where no prefix fits."""
    for name, namespace in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        local = iri[len(namespace):]
        if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z0-9_.-]+", local):
            return f"{name}-{local}"
    return hashlib.sha256(iri.encode()).hexdigest()[:16]


def _namespace(iri: str) -> str:
    return iri[:max(iri.rfind("#"), iri.rfind("/")) + 1]


def describe(release, files: dict[str, bytes], *, issued: str, publisher: Publisher,
             download_url: str | None = None, sparql_endpoint: str | None = None) -> bytes:
    """The Turtle of void.ttl for the bundle `files` (path -> bytes) of `release`."""
    from .export import turtle

    base = release.base
    dataset = N(f"{base}/id/dataset/pzgraph")
    catalog = N(f"{base}/id/catalogus/pzgraph")
    download = (download_url or f"{base}/release/{__version__}/").rstrip("/") + "/"
    endpoint = sparql_endpoint or publisher.sparql_endpoint
    triples: list[ox.Triple] = []

    def add(subject: ox.NamedNode, predicate: str, *objects: ox.NamedNode | ox.Literal) -> None:
        triples.extend(ox.Triple(subject, N(predicate), o) for o in objects)

    def typed(value: object, datatype: str) -> ox.Literal:
        return L(str(value), datatype=N(XSD + datatype))

    def texts(values: dict[str, str]) -> list[ox.Literal]:
        return [L(text, language=lang) for lang, text in values.items()]

    agents = _agents(add, texts, publisher, base)
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
    add(catalog, DCT + "issued", typed(issued, "date"))
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
    add(dataset, DCAT + "version", L(__version__))
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
        service = _sparql_service(add, texts, agents, dataset, catalog, endpoint, base)
    for name, data in sorted(files.items()):
        _distribution(add, typed, dataset, ontology, name, data, download)
    if service is not None:
        _sparql_distribution(add, dataset, ontology, service, endpoint)
    _statistics(add, typed, dataset, release)
    triples.extend(linksets(dataset, release.triples, base))
    return turtle(triples, release.prefixes(triples, per_type=False))


def _agents(add, texts, publisher: Publisher, base: str):
    """Describe publisher, creator and contact point once; return a function that names
    them on a catalogued resource."""
    for agent in {a.iri: a for a in (publisher.publisher, publisher.creator)}.values():
        node = N(agent.iri)
        add(node, RDF + "type", N(FOAF + "Agent"), N(FOAF + "Organization"))
        add(node, FOAF + "name", *texts(agent.name))
        if agent.homepage:
            add(node, FOAF + "homepage", N(agent.homepage))
    contact = publisher.contact
    card = N(f"{base}/id/contactpunt/{_key(contact.url)}")
    add(card, RDF + "type", N(VCARD + "Kind"), N(VCARD + "Organization"))
    add(card, VCARD + "fn", L(contact.name.get("nl") or next(iter(contact.name.values()))))
    add(card, VCARD + "organization-name", *texts(contact.name))
    add(card, VCARD + "hasURL", N(contact.url))
    if contact.email:
        add(card, VCARD + "hasEmail", N(f"mailto:{contact.email}"))

    def name(resource: ox.NamedNode) -> None:
        add(resource, DCT + "publisher", N(publisher.publisher.iri))
        add(resource, DCT + "creator", N(publisher.creator.iri))
        add(resource, DCAT + "contactPoint", card)

    return name


def _key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _sparql_service(add, texts, agents, dataset: ox.NamedNode, catalog: ox.NamedNode,
                    endpoint: str, base: str) -> ox.NamedNode:
    service = N(f"{base}/id/dienst/sparql")
    protocol = N(SPARQL_PROTOCOL)
    add(catalog, DCAT + "service", service)
    add(dataset, VOID + "sparqlEndpoint", N(endpoint))
    add(service, RDF + "type", N(DCAT + "DataService"))
    add(service, DCT + "identifier", L(service.value))
    add(service, DCT + "title", *texts(SERVICE_TITLE))
    add(service, DCT + "description", *texts(SERVICE_DESCRIPTION))
    add(service, DCAT + "endpointURL", N(endpoint))
    add(service, DCAT + "endpointDescription", protocol)
    add(service, DCT + "conformsTo", protocol)
    add(protocol, RDF + "type", N(DCT + "Standard"))
    add(protocol, DCT + "title", L("SPARQL 1.1 Protocol", language="en"))
    add(service, DCAT + "servesDataset", dataset)
    add(service, DCT + "license", N(LICENCE))
    add(service, DCT + "accessRights", N(EU + "access-right/PUBLIC"))
    add(service, DCAT + "theme", THEME)
    add(service, DCAT + "keyword", *KEYWORDS)
    add(service, DCT + "language", *LANGUAGES)
    agents(service)
    return service


def _sparql_distribution(add, dataset: ox.NamedNode, ontology: ox.NamedNode,
                         service: ox.NamedNode, endpoint: str) -> None:
    node = N(f"{dataset.value}/distributie/sparql")
    add(dataset, DCAT + "distribution", node)
    add(node, RDF + "type", N(DCAT + "Distribution"))
    add(node, DCT + "title", L("SPARQL-endpoint", language="nl"),
        L("SPARQL endpoint", language="en"))
    add(node, DCT + "description",
        L("De hele graaf, te bevragen met SPARQL 1.1.", language="nl"),
        L("The whole graph, to be queried with SPARQL 1.1.", language="en"))
    add(node, DCAT + "accessURL", N(endpoint))
    add(node, DCAT + "accessService", service)
    add(node, DCT + "license", N(LICENCE))
    add(node, DCATAP + "availability", N(AVAILABILITY))
    add(node, DCT + "conformsTo", ontology)
    add(node, DCT + "language", *LANGUAGES)


def _distribution(add, typed, dataset: ox.NamedNode, ontology: ox.NamedNode, name: str,
                  data: bytes, download: str) -> None:
    from .export import FORMATS

    fmt = next(f for f in FORMATS.values() if f.file.rsplit(".", 1)[-1] == name.rsplit(".", 1)[-1])
    media_type, file_type = fmt.media_type, fmt.eu_file_type
    node = N(f"{dataset.value}/distributie/{name}")
    checksum = N(f"{node.value}#sha256")
    add(dataset, DCAT + "distribution", node)
    add(node, RDF + "type", N(DCAT + "Distribution"))
    add(node, DCT + "title", L(name, language="nl"), L(name, language="en"))
    add(node, DCT + "description", *(L(text, language=lang)
                                     for lang, text in file_description(name, fmt).items()))
    add(node, DCAT + "accessURL", N(download + name))
    add(node, DCAT + "downloadURL", N(download + name))
    add(node, DCAT + "mediaType", N(IANA + media_type))
    add(node, DCT + "format", N(EU + "file-type/" + file_type))
    add(node, DCT + "license", N(LICENCE))
    add(node, DCATAP + "availability", N(AVAILABILITY))
    schema = N(SCHEMAS[name]) if name in SCHEMAS else ontology
    add(node, DCT + "conformsTo", schema)
    if schema != ontology:
        add(schema, RDF + "type", N(DCT + "Standard"))
    add(node, DCT + "language", *LANGUAGES)
    add(node, DCAT + "byteSize", typed(len(data), "nonNegativeInteger"))
    add(node, SPDX + "checksum", checksum)
    add(checksum, RDF + "type", N(SPDX + "Checksum"))
    add(checksum, SPDX + "algorithm", N(SPDX + "checksumAlgorithm_sha256"))
    add(checksum, SPDX + "checksumValue", typed(hashlib.sha256(data).hexdigest(), "hexBinary"))
    if name.startswith("pzgraph."):
        add(dataset, VOID + "dataDump", N(download + name))


# What a file that is not data conforms to (the data files conform to the ontology)
SCHEMAS = {"ontology/pzgraph.ttl": "https://www.w3.org/TR/owl2-syntax/",
           "ontology/shapes.ttl": "https://www.w3.org/TR/shacl/",
           "ontology/context.jsonld": "https://www.w3.org/TR/json-ld/"}
FORMAT_NAMES = {"RDF_TURTLE": "Turtle", "RDF_N_TRIPLES": "N-Triples", "JSON_LD": "JSON-LD",
                "RDF_XML": "RDF/XML", "RDF_TRIG": "TriG", "RDF_N_QUADS": "N-Quads"}


def file_description(name: str, fmt) -> dict[str, str]:
    """What a file of the bundle holds, in Dutch and English."""
    syntax = FORMAT_NAMES.get(fmt.eu_file_type, fmt.eu_file_type)
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if name == "pzgraph-dl.ttl":
        return {"nl": "Het OWL 2 DL-profiel van de hele graaf (ontologie en gegevens) in Turtle: "
                      "datums als xsd:dateTime, jaren als xsd:integer (zie docs/owl2-dl.md).",
                "en": "The OWL 2 DL profile of the whole graph (ontology and data) in Turtle: "
                      "dates as xsd:dateTime, years as xsd:integer (see docs/owl2-dl.md)."}
    if name.startswith("pzgraph."):
        if fmt.dataset:
            return {"nl": f"De dataset met elke benoemde graaf en de herkomst ervan, in {syntax}.",
                    "en": f"The dataset with every named graph and its provenance, in {syntax}."}
        return {"nl": f"De hele graaf (alle benoemde grafen samen) in {syntax}.",
                "en": f"The whole graph (all named graphs together) in {syntax}."}
    if name == "ontology/pzgraph.ttl":
        return {"nl": "De ontologie (OWL 2) in Turtle.", "en": "The ontology (OWL 2) in Turtle."}
    if name == "ontology/shapes.ttl":
        return {"nl": "De SHACL-shapes waaraan de gegevens voldoen, in Turtle.",
                "en": "The SHACL shapes the data conforms to, in Turtle."}
    if name == "ontology/context.jsonld":
        return {"nl": "De JSON-LD-context van de databestanden en van pzgraph.jsonld.",
                "en": "The JSON-LD context of the data files and of pzgraph.jsonld."}
    if name.startswith("ontology/vocabularies/"):
        return {"nl": f"Het SKOS-begrippenkader '{stem}' met zijn begrippen, in Turtle.",
                "en": f"The SKOS concept scheme '{stem}' with its concepts, in Turtle."}
    return {"nl": f"{name}, in {syntax}.", "en": f"{name}, in {syntax}."}


def counts(triples: list[ox.Triple], id_base: str) -> dict:
    """The VoID numbers of the union graph: what void.ttl states and the tests recompute."""
    classes: dict[str, set] = {}
    for t in triples:
        if t.predicate.value == RDF + "type" and isinstance(t.object, ox.NamedNode):
            classes.setdefault(t.object.value, set()).add(t.subject)
    return {
        "triples": len(triples),
        "entities": len({t.subject for t in triples if isinstance(t.subject, ox.NamedNode)
                         and t.subject.value.startswith(id_base)}),
        "distinctSubjects": len({t.subject for t in triples}),
        "distinctObjects": len({t.object for t in triples}),
        "classes": {iri: len(members) for iri, members in classes.items()},
        "properties": dict(Counter(t.predicate.value for t in triples)),
    }


def _statistics(add, typed, dataset: ox.NamedNode, release) -> None:
    triples = release.triples
    numbers = counts(triples, f"{release.base}/id/")
    prefixes = release.prefixes(triples, per_type=False)
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
    used = {_namespace(t.predicate.value) for t in triples}
    used |= {_namespace(iri) for iri in numbers["classes"]}
    add(dataset, VOID + "vocabulary", *(N(ns) for ns in sorted(used) if ns))
    # Source documents are documents, not dcat:Datasets (the range DCAT-AP gives dct:source):
    # the dataset is prov:wasDerivedFrom each, and each is typed and titled as a document.
    titles = _titles(triples)
    for iri in sorted(_sources(triples, release.base)):
        document = N(iri)
        add(dataset, PROV + "wasDerivedFrom", document)
        add(document, RDF + "type", N(FOAF + "Document"), N(DCAT + "Resource"))
        add(document, DCT + "title", *titles.get(iri, []))


def _titles(triples: list[ox.Triple]) -> dict[str, list[ox.Literal]]:
    found: dict[str, list[ox.Literal]] = {}
    for t in triples:
        if (t.predicate.value == SKOS + "prefLabel" and isinstance(t.subject, ox.NamedNode)
                and isinstance(t.object, ox.Literal)):
            found.setdefault(t.subject.value, []).append(t.object)
    return found


def _sources(triples: list[ox.Triple], base: str) -> set[str]:
    """The source documents: pz:SourceDocument records and what graphs were derived from."""
    document = N(f"{base}/def#SourceDocument")
    found = {t.subject for t in triples
             if t.predicate.value == RDF + "type" and t.object == document}
    found |= {t.object for t in triples if t.predicate.value == PROV + "wasDerivedFrom"
              and isinstance(t.object, ox.NamedNode)
              and t.object.value.startswith(f"{base}/id/bron/")}
    return {node.value for node in found if isinstance(node, ox.NamedNode)}


# --- links to other datasets ------------------------------------------------------------

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
# Predicates that cite or point to pages, not links between resources.
NOT_LINKS = {DCT + "source", PROV + "wasDerivedFrom", FOAF + "homepage", FOAF + "page",
             RDFS + "isDefinedBy"}


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
            suffix = "" if len(predicates) == 1 else "-" + _slug(predicate, PREFIXES_FOR_SLUGS)
            linkset = N(f"{dataset.value}/linkset/{key}{suffix}")
            add(dataset, VOID + "subset", linkset)
            add(linkset, RDF + "type", N(VOID + "Linkset"))
            add(linkset, VOID + "subjectsTarget", dataset)
            add(linkset, VOID + "objectsTarget", node)
            add(linkset, VOID + "linkPredicate", N(predicate))
            add(linkset, VOID + "triples", L(str(found[key, predicate]),
                                             datatype=N(XSD + "integer")))
    return out
