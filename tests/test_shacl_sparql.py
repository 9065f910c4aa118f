"""The shapes compiled into SPARQL find exactly what pySHACL finds.

One copy of the curated graph is broken in ~40 ways, one per constraint of
ontology/shapes.ttl (each on its own entity); both engines then validate it. They must
agree finding for finding, and each break must be reported on the entity it was made on.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from pzgraph.checks.origin import entity_name
from pzgraph.checks.shacl_sparql import Unsupported, compile_shapes
from pzgraph.checks.shapes import check_shapes
from pzgraph.project import Project

PREFIXES = """
PREFIX pz: <https://w3id.org/pzgraph/def#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def _delete(predicate: str) -> str:
    pattern = f"GRAPH ?g {{ ?x {predicate} ?o }}"
    return f"DELETE {{ {pattern} }} WHERE {{ {pattern} }}"


def _add(predicate: str, value: str) -> str:
    return (f"INSERT {{ GRAPH ?g {{ ?x {predicate} {value} }} }} "
            "WHERE { { SELECT ?g WHERE { GRAPH ?g { ?x ?p ?o } } LIMIT 1 } }")


def _replace(predicate: str, value: str) -> str:
    return _delete(predicate) + " ; " + _add(predicate, value)


PROVINCE = "<https://w3id.org/pzgraph/id/provincie/utrecht>"
MUNICIPALITY = "<https://w3id.org/pzgraph/id/gemeente/GM0344>"
CONCEPT = "<https://w3id.org/pzgraph/id/sector/vvt>"
LONG_QUOTE = '"' + "lang citaat " * 40 + '"'

# (what breaks, the pattern that picks the entity ?x, the update, the message it must get)
BREAKS = [
    ("no Dutch label", "?x a pz:Hospital", _delete("skos:prefLabel"), "no Dutch name"),
    ("two Dutch labels", "?x a pz:Hospice", _add("skos:prefLabel", '"Tweede"@nl'),
     "more than one name"),
    ("label without language", "?x a pz:HomeCareOrganisation",
     _add("skos:prefLabel", '"Zonder taal"'), "no language tag"),
    ("no evidence", "?x a pz:Project", _delete("pz:evidence"), "has no evidence"),
    ("membership without evidence", "?x a org:Membership", _delete("pz:evidence"),
     "has no evidence"),
    ("evidence without quote or judgement", "?x a pz:Evidence ; pz:quote []",
     _delete("pz:quote") + " ; " + _delete("pz:curatorJudgement"), "neither a quote"),
    ("two sources", "?x a pz:Evidence", _add("dcterms:source", "<https://example.org/b>"),
     "exactly one source"),
    ("source as text", "?x a pz:Evidence", _replace("dcterms:source", '"bron.txt"'),
     "exactly one source"),
    ("quote as a number", "?x a pz:Evidence ; pz:quote []", _add("pz:quote", "5"),
     "not plain text"),
    ("long quote", "?x a pz:Evidence ; pz:quote []", _add("pz:quote", LONG_QUOTE),
     "longer than 400"),
    ("two locators", "?x a pz:Evidence ; pz:locator []", _add("pz:locator", '"p. 99"'),
     "more than one locator"),
    ("verification X", "?x pz:verificationStatus []", _replace("pz:verificationStatus", '"X"'),
     "verification status"),
    ("membership without member", "?x a org:Membership", _delete("org:member"),
     "exactly one member"),
    ("member is a place", "?x a org:Membership", _replace("org:member", MUNICIPALITY),
     "exactly one member"),
    ("two organisations", "?x a org:Membership",
     _add("org:organization", "<https://w3id.org/pzgraph/id/organisatie/pznl>"),
     "exactly one organisation"),
    ("role not a concept", "?x a org:Membership", _replace("org:role", PROVINCE),
     "exactly one role"),
    ("post in nothing", "?x a org:Post", _delete("org:postIn"), "does not name the network"),
    ("post without role", "?x a org:Post", _delete("org:role"), "no role"),
    ("90 hours", "?x pz:hoursPerWeek []", _replace("pz:hoursPerWeek", "90"), "hours per week"),
    ("hours as text", "?x pz:hoursPerWeek []", _replace("pz:hoursPerWeek", '"veel"'),
     "hours per week"),
    ("negative posts", "?x pz:numberOfPosts []", _replace("pz:numberOfPosts", "-1"),
     "number of posts"),
    ("vacant as text", "?x pz:vacant []", _replace("pz:vacant", '"ja"'), "'vacant'"),
    ("link without concept", "?x a pz:CoverageLink", _delete("pz:concept"), "exactly one concept"),
    ("two consortia", "?x pz:consortium []",
     _add("pz:consortium", "<https://w3id.org/pzgraph/id/consortium/ligare>"),
     "more than one consortium"),
    ("consortium is a place", "?x pz:consortium []", _replace("pz:consortium", PROVINCE),
     "more than one consortium"),
    ("area served is a concept", "?x schema:areaServed []", _add("schema:areaServed", CONCEPT),
     "area served"),
    ("bad CBS code", "?x a pz:Municipality", _replace("pz:cbsCode", '"GM12"'), "CBS code"),
    ("no province", "?x a pz:Municipality", _delete("pz:partOf"), "exactly one province"),
    ("negative population", "?x pz:population []", _replace("pz:population", "-5"),
     "population"),
    ("ill-typed population", "?x pz:population []",
     _replace("pz:population", '"veel"^^xsd:integer'), "population"),
    ("part of nothing", "?x a pz:MunicipalityPart", _delete("pz:partOf"), "which municipality"),
    ("year 1980", "?x pz:year []", _add("pz:year", '"1980"^^xsd:gYear'), "between 1990"),
    ("from as text", "?x pz:validFrom []", _replace("pz:validFrom", '"binnenkort"'), "'from'"),
    ("two untils", "?x pz:validUntil []", _add("pz:validUntil", '"2031"^^xsd:gYear'),
     "'until'"),
    ("negative value", "?x a pz:Result", _replace("pz:value", "-3"), "exactly one value"),
    ("no unit", "?x a pz:Result", _delete("pz:unit"), "exactly one unit"),
    ("run by a concept", "?x pz:runBy []", _replace("pz:runBy", CONCEPT), "'runBy'"),
    ("funded by a place", "?x pz:fundedBy []", _replace("pz:fundedBy", PROVINCE), "'fundedBy'"),
    ("two statuses", "?x pz:status []",
     _add("pz:status", "<https://w3id.org/pzgraph/id/status/gepland>"), "'status'"),
    ("concept without definition", "?x a skos:Concept ; skos:definition []",
     _delete("skos:definition"), "no definition"),
    ("concept in no scheme", "?x a skos:Concept", _delete("skos:inScheme"),
     "concept scheme"),
    ("markup in a label", "?x a pz:Network", _add("skos:altLabel", '"<b>vet</b>"@nl'),
     "alternative name"),
    ("web address as label", "?x a pz:Consortium", _add("skos:altLabel", '"WWW.example.nl"@nl'),
     "alternative name"),
]


@pytest.fixture(scope="module")
def broken(graph) -> tuple[ox.Store, dict[str, tuple[str, str]]]:  # noqa: ANN001
    """A copy of the curated graph with every break applied, each to its own entity."""
    store = ox.Store()
    store.extend(graph.store)
    used: set[str] = set()
    targets = {}
    for what, pattern, update, message in BREAKS:
        candidates = [row["x"] for row in store.query(
            f"{PREFIXES} SELECT DISTINCT ?x WHERE {{ {pattern} FILTER(isIRI(?x)) }} ORDER BY ?x",
            use_default_graph_as_union=True)]
        entity = next((c for c in candidates if c.value not in used), None)
        assert entity is not None, f"the curated graph has no entity for '{what}'"
        used.add(entity.value)
        store.update(f"{PREFIXES} {update.replace('?x', str(entity))}")
        targets[what] = (entity_name(entity), message)
    return store, targets


def test_both_engines_report_the_same_findings(broken, project: Project) -> None:  # noqa: ANN001
    store, _ = broken
    compiled = set(check_shapes(store, project, engine="sparql"))
    reference = set(check_shapes(store, project, engine="pyshacl"))
    assert compiled - reference == set(), "found by the compiled shapes only"
    assert reference - compiled == set(), "found by pySHACL only"


@pytest.mark.parametrize("what", [what for what, *_ in BREAKS])
def test_each_break_is_reported_on_its_entity(what: str, broken, project: Project) -> None:  # noqa: ANN001
    store, targets = broken
    entity, message = targets[what]
    findings = check_shapes(store, project, engine="sparql")
    assert any(f.entity == entity and message in f.problem for f in findings), \
        f"{what}: nothing about {entity} says '{message}'"


def test_the_curated_graph_passes_both_engines(graph, project: Project) -> None:  # noqa: ANN001
    assert check_shapes(graph.store, project, engine="sparql") == []
    assert check_shapes(graph.store, project, engine="pyshacl") == []


def test_a_shape_the_compiler_does_not_know_goes_to_pyshacl(make_project, graph) -> None:  # noqa: ANN001
    project = make_project()
    shapes = project.ontology_dir / "shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + """
pzsh:InverseShape a sh:NodeShape ;
    sh:targetClass pz:Province ;
    sh:property [ sh:path [ sh:inversePath pz:partOf ] ; sh:maxCount 0 ;
                  sh:message "test: a province with municipalities"@en ] .
""", encoding="utf-8")
    store = ox.Store()
    store.load(path=str(shapes), format=ox.RdfFormat.TURTLE)
    with pytest.raises(Unsupported, match="sh:path"):
        compile_shapes(store)
    findings = check_shapes(graph.store, project)  # engine "auto": pySHACL for all
    assert any(f.problem == "test: a province with municipalities" for f in findings)


def test_the_shapes_file_compiles(project: Project) -> None:
    store = ox.Store()
    store.load(path=str(Path(project.ontology_dir, "shapes.ttl")), format=ox.RdfFormat.TURTLE)
    assert len(compile_shapes(store)) > 50
