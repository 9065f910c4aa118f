"""The DCAT-AP-NL 3.0 parts of void.ttl: agents and contact point, distributions, the SPARQL
data service. Each function adds triples through `add(subject, predicate, *objects)`.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..vocab import DCAT, FOAF, RDF, SPDX, VOID
from ..vocab import DCTERMS as DCT
from .formats import FORMATS
from .publisher import Publisher

N, L = ox.NamedNode, ox.Literal
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
DCATAP = "http://data.europa.eu/r5r/"
LICENCE = "http://creativecommons.org/licenses/by/4.0/"
AVAILABILITY = EU + "planned-availability/STABLE"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
THEME = N(EU + "data-theme/HEAL")
LANGUAGES = (N(EU + "language/NLD"), N(EU + "language/ENG"))
KEYWORDS = tuple(L(k, language="nl") for k in (
    "palliatieve zorg", "netwerken palliatieve zorg", "kwaliteitskader", "linked data"))
SERVICE_TITLE = {"nl": "SPARQL-endpoint van pzgraph", "en": "SPARQL endpoint of pzgraph"}
SERVICE_DESCRIPTION = {
    "nl": "Alleen-lezen SPARQL 1.1-endpoint over de hele graaf, met zijn benoemde grafen.",
    "en": "Read-only SPARQL 1.1 endpoint over the whole graph, with its named graphs."}

def agents(add, texts, publisher: Publisher, base: str):
    """Describe publisher, creator and contact point once; return a function that names
    them on a catalogued resource."""
    for agent in {a.iri: a for a in (publisher.publisher, publisher.creator)}.values():
        node = N(agent.iri)
        add(node, RDF + "type", N(FOAF + "Agent"), N(FOAF + "Organization"))
        add(node, FOAF + "name", *texts(agent.name))
        if agent.homepage:
            add(node, FOAF + "homepage", N(agent.homepage))
    contact = publisher.contact
    card = N(f"{base}/id/contactpunt/{contact.key}")  # publisher.yaml names it
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



def sparql_service(add, texts, agents, dataset: ox.NamedNode, catalog: ox.NamedNode,
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


def sparql_distribution(add, dataset: ox.NamedNode, ontology: ox.NamedNode,
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


def distribution(add, typed, dataset: ox.NamedNode, ontology: ox.NamedNode, name: str,
                  size: int, sha256: str, download: str | None,
                  landing_page: str | None = None) -> None:
    """A file of the release. Its download address only where the release is published
    (`download`, export --download-url); before that its access is the landing page, if
    publisher.yaml names one, and else none: never an address where nothing can be."""
    fmt = next(f for f in FORMATS.values() if f.file.rsplit(".", 1)[-1] == name.rsplit(".", 1)[-1])
    media_type, file_type = fmt.media_type, fmt.eu_file_type
    node = N(f"{dataset.value}/distributie/{name}")
    checksum = N(f"{node.value}#sha256")
    add(dataset, DCAT + "distribution", node)
    add(node, RDF + "type", N(DCAT + "Distribution"))
    add(node, DCT + "title", L(name, language="nl"), L(name, language="en"))
    add(node, DCT + "description", *(L(text, language=lang)
                                     for lang, text in file_description(name, fmt).items()))
    if download is not None:
        add(node, DCAT + "accessURL", N(download + name))
        add(node, DCAT + "downloadURL", N(download + name))
    elif landing_page:
        add(node, DCAT + "accessURL", N(landing_page))
    add(node, DCAT + "mediaType", N(IANA + media_type))
    add(node, DCT + "format", N(EU + "file-type/" + file_type))
    add(node, DCT + "license", N(LICENCE))
    add(node, DCATAP + "availability", N(AVAILABILITY))
    schema = N(SCHEMAS[name]) if name in SCHEMAS else ontology
    add(node, DCT + "conformsTo", schema)
    if schema != ontology:
        add(schema, RDF + "type", N(DCT + "Standard"))
    add(node, DCT + "language", *LANGUAGES)
    add(node, DCAT + "byteSize", typed(size, "nonNegativeInteger"))
    add(node, SPDX + "checksum", checksum)
    add(checksum, RDF + "type", N(SPDX + "Checksum"))
    add(checksum, SPDX + "algorithm", N(SPDX + "checksumAlgorithm_sha256"))
    add(checksum, SPDX + "checksumValue", typed(sha256, "hexBinary"))
    if name.startswith("pzgraph.") and download is not None:
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
