"""The SKOS concept schemes: complete, labelled, defined, and valid under the SHACL shapes."""

from __future__ import annotations

import pytest
import rdflib
from pyshacl import validate

ID = "https://w3id.org/pzgraph/id/"
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")


@pytest.fixture(scope="module")
def vocabularies(project) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in project.vocabulary_files():
        graph.parse(path, format="turtle")
    return graph


@pytest.mark.parametrize(("scheme", "count"), [
    ("kwaliteitskader", 20), ("pnraad", 8), ("septet-ambitie", 3), ("kernthema", 4),
    ("actielijn", 6), ("wens", 7),
])
def test_the_frames_are_complete(vocabularies, scheme, count):
    concepts = set(vocabularies.subjects(SKOS.inScheme, rdflib.URIRef(ID + scheme)))
    assert len(concepts) == count


def test_every_concept_conforms_to_the_shapes(project, vocabularies):
    """Every SKOS concept has one nl prefLabel, a definition and a scheme (via SHACL)."""
    shapes = rdflib.Graph().parse(project.ontology_dir / "shapes.ttl", format="turtle")
    conforms, _, report = validate(vocabularies, shacl_graph=shapes, inference="none",
                                   allow_warnings=True)
    assert conforms, report


def test_the_shapes_would_catch_a_concept_without_definition(project, vocabularies):
    broken = rdflib.Graph()
    for triple in vocabularies:
        if not (triple[0] == rdflib.URIRef(ID + "pnraad/5") and triple[1] == SKOS.definition):
            broken.add(triple)
    shapes = rdflib.Graph().parse(project.ontology_dir / "shapes.ttl", format="turtle")
    conforms, _, report = validate(broken, shacl_graph=shapes, inference="none")
    assert not conforms
    assert "pnraad/5" in report


def test_unverified_names_are_marked(vocabularies):
    """Domains whose names the reference sheet could not verify carry an editorial note."""
    for notation in ("3", "5", "7", "8", "9", "10"):
        concept = rdflib.URIRef(f"{ID}kwaliteitskader/{notation}")
        assert list(vocabularies.objects(concept, SKOS.editorialNote)), notation
    verified = rdflib.URIRef(f"{ID}kwaliteitskader/1")
    assert (verified, SKOS.prefLabel, rdflib.Literal("Kernwaarden en principes", lang="nl")) \
        in vocabularies


def test_abbreviations_are_alt_labels(vocabularies):
    pzp = rdflib.URIRef(f"{ID}kernthema/proactieve-zorgplanning")
    assert {"PZP", "ACP"} <= {str(label) for label in vocabularies.objects(pzp, SKOS.altLabel)}
    warm = rdflib.URIRef(f"{ID}pnraad/5")
    assert "Warme overdracht" in {str(x) for x in vocabularies.objects(warm, SKOS.altLabel)}


def test_no_fact_cites_a_proxy_mirror_or_scraper_copy():
    """Provenance points at the original page, never at a copy of it (issue 15, item 8)."""
    from pathlib import Path

    copies = ("vdocuments", "gtool.pro", "hiragana.jp", "wikiwand", "translate.goog",
              "archive.ph", "webcache.googleusercontent")
    root = Path(__file__).resolve().parents[1]
    for path in [*root.glob("data/*.yaml"), *root.glob("ontology/**/*.ttl")]:
        text = path.read_text(encoding="utf-8")
        assert not [c for c in copies if c in text], path.name
