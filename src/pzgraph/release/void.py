"""void.ttl: the release described for catalogues (DCAT-AP-NL) and linked-data tools (VoID).

One dcat:Dataset that is also a void:Dataset: titles and descriptions in Dutch and English,
publisher, licence CC-BY-4.0, version, issued date; one dcat:Distribution per file with its
media type, size and SHA-256 checksum; VoID counts with class and property partitions, the
vocabularies used and the source documents. Every node has an IRI (no blank nodes), so the
file is byte-stable. The issued date comes from the inputs, never from the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter

import pyoxigraph as ox

from .. import __version__
from ..errors import ExportError
from ..project import Progress, Project, data_date, quiet
from ..vocab import DCAT, DCTERMS, FOAF, PROV, RDF, SPDX, VOID, XSD
from .formats import FORMATS, turtle

N, L = ox.NamedNode, ox.Literal
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
LICENCE = "http://creativecommons.org/licenses/by/4.0/"
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
                progress: Progress = quiet) -> str:
    """--issued, else the date the data stands at (`project.data_date`: SOURCE_DATE_EPOCH,
    else git), with a warning when only file dates give it."""
    if override:
        try:
            dt.date.fromisoformat(override)
        except ValueError:
            raise ExportError(f"--issued {override!r} is not a date YYYY-MM-DD") from None
        if not DATE.match(override):
            raise ExportError(f"--issued {override!r} is not a date YYYY-MM-DD")
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


def describe(release, files: dict[str, bytes], *, issued: str, download_url: str | None = None,
             sparql_endpoint: str | None = None) -> bytes:
    """The Turtle of void.ttl for the bundle `files` (path -> bytes) of `release`."""
    base = release.base
    dataset = N(f"{base}/id/dataset/pzgraph")
    download = (download_url or f"{base}/release/{__version__}/").rstrip("/") + "/"
    triples: list[ox.Triple] = []

    def add(subject: ox.NamedNode, predicate: str, *objects: ox.NamedNode | ox.Literal) -> None:
        triples.extend(ox.Triple(subject, N(predicate), o) for o in objects)

    def typed(value: object, datatype: str) -> ox.Literal:
        return L(str(value), datatype=N(XSD + datatype))

    add(dataset, RDF + "type", N(DCAT + "Dataset"), N(VOID + "Dataset"))
    add(dataset, DCTERMS + "identifier", L(dataset.value))
    add(dataset, DCTERMS + "title", *(L(text, language=lang) for lang, text in TITLE.items()))
    add(dataset, DCTERMS + "description",
        *(L(text, language=lang) for lang, text in DESCRIPTION.items()))
    publisher = N(f"{base}/id/uitgever/pzgraph")
    add(dataset, DCTERMS + "publisher", publisher)
    add(publisher, RDF + "type", N(FOAF + "Agent"))
    add(publisher, FOAF + "name", L("pzgraph", language="nl"), L("pzgraph", language="en"))
    add(dataset, DCTERMS + "license", N(LICENCE))
    add(dataset, DCTERMS + "accessRights", N(EU + "access-right/PUBLIC"))
    add(dataset, DCAT + "theme", N(EU + "data-theme/HEAL"))
    add(dataset, DCTERMS + "language", N(EU + "language/NLD"), N(EU + "language/ENG"))
    add(dataset, DCTERMS + "spatial", N(EU + "country/NLD"))
    add(dataset, DCAT + "keyword", *(L(k, language="nl") for k in (
        "palliatieve zorg", "netwerken palliatieve zorg", "kwaliteitskader", "linked data")))
    add(dataset, DCAT + "version", L(__version__))
    add(dataset, DCTERMS + "issued", typed(issued, "date"))
    add(dataset, DCTERMS + "modified", typed(issued, "date"))
    if sparql_endpoint:
        add(dataset, VOID + "sparqlEndpoint", N(sparql_endpoint))
    for name, data in sorted(files.items()):
        _distribution(add, typed, dataset, name, data, download)
    _statistics(add, typed, dataset, release)
    return turtle(triples, release.prefixes(triples, per_type=False))


def _distribution(add, typed, dataset: ox.NamedNode, name: str, data: bytes, download: str
                  ) -> None:
    fmt = next(f for f in FORMATS.values() if f.file.rsplit(".", 1)[-1] == name.rsplit(".", 1)[-1])
    media_type, file_type = fmt.media_type, fmt.eu_file_type
    node = N(f"{dataset.value}/distributie/{name}")
    checksum = N(f"{node.value}#sha256")
    add(dataset, DCAT + "distribution", node)
    add(node, RDF + "type", N(DCAT + "Distribution"))
    add(node, DCTERMS + "title", L(name, language="nl"), L(name, language="en"))
    add(node, DCAT + "accessURL", N(download + name))
    add(node, DCAT + "downloadURL", N(download + name))
    add(node, DCAT + "mediaType", N(IANA + media_type))
    add(node, DCTERMS + "format", N(EU + "file-type/" + file_type))
    add(node, DCTERMS + "license", N(LICENCE))
    add(node, DCAT + "byteSize", typed(len(data), "nonNegativeInteger"))
    add(node, SPDX + "checksum", checksum)
    add(checksum, RDF + "type", N(SPDX + "Checksum"))
    add(checksum, SPDX + "algorithm", N(SPDX + "checksumAlgorithm_sha256"))
    add(checksum, SPDX + "checksumValue", typed(hashlib.sha256(data).hexdigest(), "hexBinary"))
    if name.startswith("pzgraph."):
        add(dataset, VOID + "dataDump", N(download + name))


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
    add(dataset, DCTERMS + "source", *(N(iri) for iri in sorted(_sources(triples, release.base))))


def _sources(triples: list[ox.Triple], base: str) -> set[str]:
    """The source documents: pz:SourceDocument records and what graphs were derived from."""
    document = N(f"{base}/def#SourceDocument")
    found = {t.subject for t in triples
             if t.predicate.value == RDF + "type" and t.object == document}
    found |= {t.object for t in triples if t.predicate.value == PROV + "wasDerivedFrom"
              and isinstance(t.object, ox.NamedNode)
              and t.object.value.startswith(f"{base}/id/bron/")}
    return {node.value for node in found if isinstance(node, ox.NamedNode)}
