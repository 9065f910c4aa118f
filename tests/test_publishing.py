"""Issue 15 (items 4, 5, 9): the release as a publisher puts it online.

- void.ttl against the official DCAT-AP-NL 3.0 shapes (pySHACL, ../shared/standards/):
  mandatory shapes and class ranges give no result at all; the code-list class ranges only
  where the value is a term of an EU controlled vocabulary (offline, so untyped here); the
  recommended shapes only for the reasons docs/publishing.md gives.
- The published concept schemes against SKOS-AP-NL: no violation.
- publisher.yaml is what names publisher, creator and contact point.
- A void:Linkset per outward target, counted from the data.
- pzgraph-dl.ttl loads in HermiT (no datatype outside the OWL 2 map) and is consistent.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import yaml
from click.testing import CliRunner
from pyshacl import validate

from pzgraph.cli.main import main
from pzgraph.release import dl, linksets
from pzgraph.release.bundle import export

STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"
DCAT_AP_NL = STANDARDS / "dcat-ap-nl-3.0"
SKOS_AP_NL = STANDARDS / "skos-ap-nl" / "skos-ap-nl.ttl"
EU = "http://publications.europa.eu/resource/authority/"
ENDPOINT = "https://sparql.example.org/pzgraph/query"  # stated in void.ttl, never contacted
PREFIXES = """
PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX vcard: <http://www.w3.org/2006/vcard/ns#> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcatap: <http://data.europa.eu/r5r/> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
SH = "http://www.w3.org/ns/shacl#"
RELEASE_VERSION = yaml.safe_load(Path(__file__).parents[1].joinpath("publisher.yaml").read_text(
    encoding="utf-8"))["version"]


@pytest.fixture(scope="module")
def published(graph, project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("published") / "release"
    export(project, out, sparql_endpoint=ENDPOINT, issued="2026-12-01",
           download_url=f"https://downloads.example.org/pzgraph/release/{RELEASE_VERSION}/")
    return out


def results(data: rdflib.Graph, *shape_files: Path) -> list[dict[str, str]]:
    shapes = rdflib.Graph()
    for path in shape_files:
        shapes.parse(path, format="turtle")
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    rows = report.query(f"""PREFIX sh: <{SH}>
        SELECT ?severity ?focus ?path ?value WHERE {{ ?r a sh:ValidationResult ;
          sh:resultSeverity ?severity ; sh:focusNode ?focus .
          OPTIONAL {{ ?r sh:resultPath ?path }} OPTIONAL {{ ?r sh:value ?value }} }}""")
    return [{k: str(row[k]) if row[k] is not None else "" for k in
             ("severity", "focus", "path", "value")} for row in rows]


def void_graph(folder: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(folder / "void.ttl", format="turtle")


def select(graph: rdflib.Graph, query: str) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in graph.query(PREFIXES + query)]


# --- DCAT-AP-NL 3.0 ------------------------------------------------------------------------

def test_void_meets_the_mandatory_shapes_and_class_ranges(published):
    found = results(void_graph(published), DCAT_AP_NL / "dcat-ap-nl-SHACL.ttl",
                    DCAT_AP_NL / "dcat-ap-nl-SHACL-klassebereik.ttl")
    assert found == []


def test_code_list_ranges_fail_only_for_offline_eu_vocabularies(published):
    """The values of dct:language and dcat:theme are terms of EU vocabularies, which would
    type them (dct:LinguisticSystem, skos:Concept); offline they are untyped. Everything
    else must pass: the publisher is a foaf:Agent."""
    found = results(void_graph(published),
                    DCAT_AP_NL / "dcat-ap-nl-SHACL-klassebereik-codelijsten.ttl")
    assert found, "the service states a language and a theme: the shapes should see them"
    assert all(r["value"].startswith(EU) for r in found), found


def test_recommended_shapes_flag_only_what_docs_explain(published):
    found = results(void_graph(published), DCAT_AP_NL / "dcat-ap-nl-SHACL-aanbevolen.ttl")
    reasons = Counter((r["path"].rsplit("#", 1)[-1].rsplit("/", 1)[-1], r["focus"].endswith(
        "/distributie/sparql")) for r in found)
    # files are downloads, not served by the SPARQL service; the SPARQL endpoint has no
    # download; landing page and documentation are stated once publisher.yaml names them
    assert set(reasons) <= {("accessService", False), ("downloadURL", True),
                            ("landingPage", False), ("page", False)}, reasons
    assert reasons[("accessService", False)] == len(select(void_graph(published), """
        SELECT ?d WHERE { ?d a dcat:Distribution ; dcat:downloadURL ?u }"""))


def test_catalogue_dataset_service_and_distributions(published, graph):
    g = void_graph(published)
    (dataset,) = select(g, "SELECT ?d WHERE { ?c a dcat:Catalog ; dcat:dataset ?d }")
    assert select(g, f"""SELECT ?e WHERE {{ ?s a dcat:DataService ;
        dcat:servesDataset <{dataset[0]}> ; dcat:endpointURL ?e .
        <{dataset[0]}> void:sparqlEndpoint ?e }}""") == [(ENDPOINT,)]
    incomplete = select(g, """SELECT ?dist WHERE { ?d dcat:distribution ?dist .
        FILTER NOT EXISTS { ?dist dct:description ?nl , ?en ; dct:license ?l ;
          dcatap:availability ?a ; dcat:accessURL ?u .
          FILTER(lang(?nl) = "nl" && lang(?en) = "en") }
        FILTER NOT EXISTS { ?dist dcat:accessService ?s }
        FILTER NOT EXISTS { ?dist dct:format ?f ; dcat:mediaType ?m ; dcat:downloadURL ?w } }""")
    assert incomplete == []
    # the source documents: documents the dataset is derived from, not dct:source datasets
    assert select(g, f"SELECT ?s WHERE {{ <{dataset[0]}> dct:source ?s }}") == []
    documents = select(g, f"""SELECT ?doc ?title WHERE {{ <{dataset[0]}> prov:wasDerivedFrom ?doc .
        ?doc a foaf:Document ; dct:title ?title }}""")
    assert len({d for d, _ in documents}) == len(list(graph.query(
        "SELECT ?d WHERE { ?d a <https://w3id.org/pzgraph/def#SourceDocument> }")))
    contact = select(g, f"""SELECT ?url WHERE {{ <{dataset[0]}> dcat:contactPoint ?c .
        ?c a vcard:Kind ; vcard:hasURL ?url }}""")
    assert contact == [("https://palliaweb.nl/pznl",)]


# --- publisher.yaml ------------------------------------------------------------------------

OTHER_PUBLISHER = {
    "version": "1.0",
    "publisher": {"id": "https://www.example.org/id/stichting-voorbeeld",
                  "name": {"nl": "Stichting Voorbeeld", "en": "Example Foundation"},
                  "homepage": "https://www.example.org/"},
    "creator": {"id": "organisatie/pznl", "name": {"nl": "PZNL"}},
    "contactPoint": {"id": "servicedesk", "name": {"nl": "Servicedesk Stichting Voorbeeld"},
                     "url": "https://www.example.org/contact", "email": "data@example.org"},
    "landingPage": "https://www.example.org/pzgraph",
    "documentation": "https://www.example.org/pzgraph/docs",
}


def test_the_publisher_file_names_the_agents(make_project, tmp_path):
    project = make_project(copy_data=True)
    (project.root / "publisher.yaml").write_text(yaml.safe_dump(OTHER_PUBLISHER),
                                                 encoding="utf-8")
    out = tmp_path / "release"
    env = {"PZGRAPH_ROOT": str(project.root), "PZGRAPH_SOURCES": str(project.sources_dir)}
    result = CliRunner().invoke(main, ["export", "--out", str(out), "--issued", "2026-12-01"],
                                env=env)
    assert result.exit_code == 0, result.output
    assert "not yet publishable" in result.stderr and "--download-url" in result.stderr
    g = void_graph(out)
    assert select(g, """SELECT ?p ?c ?url ?mail WHERE { ?d a dcat:Dataset ; dct:publisher ?p ;
        dct:creator ?c ; dcat:contactPoint [ vcard:hasURL ?url ; vcard:hasEmail ?mail ] }""") == [(
        "https://www.example.org/id/stichting-voorbeeld", "https://w3id.org/pzgraph/id/organisatie/pznl",
        "https://www.example.org/contact", "mailto:data@example.org")]
    assert ("Example Foundation",) in select(
        g, "SELECT ?n WHERE { <https://www.example.org/id/stichting-voorbeeld> foaf:name ?n }")
    # no endpoint named: no data service; a landing page and documentation: no warning left
    assert select(g, "SELECT ?s WHERE { ?s a dcat:DataService }") == []
    # no --download-url: no address where nothing is, no redirect rules; access through the
    # landing page (linked-data review S7 #1)
    assert select(g, "SELECT ?u WHERE { { ?d dcat:downloadURL ?u } UNION { ?d void:dataDump ?u } }"
                  ) == []
    assert {u for (u,) in select(g, "SELECT DISTINCT ?u WHERE { ?d dcat:accessURL ?u }")} == {
        OTHER_PUBLISHER["landingPage"]}
    assert not (out / "w3id").exists()
    left = {r["path"] for r in results(g, DCAT_AP_NL / "dcat-ap-nl-SHACL-aanbevolen.ttl")}
    assert left == {"http://www.w3.org/ns/dcat#accessService",  # and, until it is published:
                    "http://www.w3.org/ns/dcat#downloadURL"}
    assert results(g, DCAT_AP_NL / "dcat-ap-nl-SHACL.ttl") == []
    scheme = rdflib.Graph().parse(out / "ontology" / "vocabularies" / "rol.ttl")
    assert select(scheme, "SELECT ?p WHERE { ?s a skos:ConceptScheme ; dct:publisher ?p }") == [
        ("https://www.example.org/id/stichting-voorbeeld",)]


@pytest.mark.parametrize(("change", "said"), [
    ({"contactPoint": {"id": "x", "name": {"nl": "X"}, "url": "not a url"}}, "contactPoint.url"),
    ({"contactPoint": {"name": {"nl": "X"}, "url": "https://x.org"}}, "contactPoint.id"),
    ({"contactPoint": {"id": "X Y", "name": {"nl": "X"}, "url": "https://x.org"}},
     "contactPoint.id"),
    ({"publisher": {"id": "Stichting X", "name": {"nl": "X"}}}, "publisher.id"),
    ({"contactPoint": {"id": "x", "name": {"nl": "X"}, "url": "https://x.org", "email": "nope"}},
     "contactPoint.email"),
    (None, "publisher.yaml is missing"),
    # the release's version is the publisher's, and text (1.10 would be read as 1.1)
    ({"version": None}, "version: missing"),
    ({"version": 1.1}, "version: 1.1 is not text"),
    ({"version": "2026/1"}, "version: '2026/1' holds characters"),
])
def test_a_bad_publisher_file_is_refused_plainly(make_project, tmp_path, monkeypatch, change,
                                                 said):
    project = make_project()
    path = project.root / "publisher.yaml"
    if change is None:
        path.unlink()
    else:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump({**document, **change}), encoding="utf-8")
    monkeypatch.setenv("PZGRAPH_ROOT", str(project.root))
    monkeypatch.setenv("PZGRAPH_SOURCES", str(project.sources_dir))
    result = CliRunner().invoke(main, ["export", "--out", str(tmp_path / "r")])
    assert result.exit_code == 1
    assert said in result.output and "Traceback" not in result.output
    assert not (tmp_path / "r").exists()


# --- VoID linksets -------------------------------------------------------------------------

def test_links_are_counted_per_target_and_predicate():
    base = "https://w3id.org/pzgraph/id/"
    n = ox.NamedNode

    def t(s, p, o):
        return ox.Triple(n(base + s), n(p), n(o))

    same, exact = "http://www.w3.org/2002/07/owl#sameAs", \
        "http://www.w3.org/2004/02/skos/core#exactMatch"
    triples = [
        t("gemeente/utrecht", same, "http://www.wikidata.org/entity/Q803"),
        t("organisatie/umc-utrecht", same, "http://www.wikidata.org/entity/Q2467617"),
        t("gemeente/utrecht", exact, "https://betalinkeddata.cbs.nl/regios/2016/id/gemeente-GM0344"),
        # a citation of a Wikidata page and a link from outside our id space are not links
        t("x/bewijs/1", "http://purl.org/dc/terms/source", "https://www.wikidata.org/wiki/Q803"),
        ox.Triple(n("https://example.org/a"), n(same), n("http://www.wikidata.org/entity/Q1")),
    ]
    assert linksets.links(triples, base) == {("wikidata", same): 2, ("cbs", exact): 1}
    assert linksets.links(triples[3:], base) == {}
    dataset = n(base + "dataset/pzgraph")
    g = rdflib.Graph()
    for triple in linksets.linksets(dataset, triples, base.removesuffix("/id/")):
        g.add(tuple(rdflib.URIRef(x.value) if isinstance(x, ox.NamedNode) else
                    rdflib.Literal(x.value, lang=x.language) if x.language else
                    rdflib.Literal(x.value, datatype=x.datatype.value) for x in triple))
    assert sorted(select(g, """SELECT DISTINCT ?target ?p ?n WHERE { ?d void:subset ?l .
        ?l a void:Linkset ; void:subjectsTarget ?d ; void:objectsTarget ?target ;
        void:linkPredicate ?p ; void:triples ?n . ?target a void:Dataset ; dct:title ?t }""")) == [
        (base + "dataset/cbs", exact, "1"), (base + "dataset/wikidata", same, "2")]
    assert linksets.linksets(dataset, triples[3:], base.removesuffix("/id/")) == []


def test_void_has_a_linkset_for_each_target_the_data_links_to(published):
    data = [q.triple for q in ox.parse(path=str(published / "pzgraph.nt"),
                                       format=ox.RdfFormat.N_TRIPLES)]
    expected = {(key, predicate): n for (key, predicate), n in
                linksets.links(data, "https://w3id.org/pzgraph/id/").items()}
    stated = {(target.rsplit("/", 1)[-1], predicate): int(n) for target, predicate, n in select(
        void_graph(published), """SELECT ?target ?p ?n WHERE { ?d a dcat:Dataset ;
        void:subset ?l . ?l a void:Linkset ; void:subjectsTarget ?d ; void:objectsTarget ?target ;
        void:linkPredicate ?p ; void:triples ?n }""")}
    assert stated == expected


def test_the_release_has_the_wikidata_linkset_of_the_data(published):
    """The data's outward links reach the release: one schema:sameAs linkset to Wikidata (a
    municipality is no skos:Concept) with as many triples as the data has links; the qualified
    form (pz:linksTo) is no linkset."""
    data = [q.triple for q in ox.parse(path=str(published / "pzgraph.nt"),
                                       format=ox.RdfFormat.N_TRIPLES)]
    exact = "https://schema.org/sameAs"
    links = sum(1 for t in data if t.predicate.value == exact
                and t.object.value.startswith("http://www.wikidata.org/entity/"))
    assert links >= 1
    stated = select(void_graph(published), """SELECT ?target ?p ?n WHERE { ?d a dcat:Dataset ;
        void:subset ?l . ?l a void:Linkset ; void:objectsTarget ?target ;
        void:linkPredicate ?p ; void:triples ?n }""")
    assert ("https://w3id.org/pzgraph/id/dataset/wikidata", exact, str(links)) in stated
    assert all(not p.endswith("#linksTo") for _, p, _ in stated)


# --- SKOS-AP-NL ----------------------------------------------------------------------------

def test_published_schemes_meet_skos_ap_nl(published):
    data = rdflib.Graph()
    for path in sorted((published / "ontology" / "vocabularies").glob("*.ttl")):
        data.parse(path, format="turtle")
    found = results(data, SKOS_AP_NL)
    assert [r for r in found if r["severity"] == SH + "Violation"] == []
    # what is left: web pages cited as sources whose title the graph does not know
    assert all(r["path"] in {"http://purl.org/dc/terms/title", "http://purl.org/dc/terms/source"}
               for r in found), found
    incomplete = select(data, """SELECT ?s WHERE { ?s a skos:ConceptScheme .
        FILTER NOT EXISTS { ?s dct:title ?t ; dct:creator ?c ; dct:publisher ?p ;
          dct:license ?l ; dct:modified ?m ; owl:versionInfo ?v } }""")
    assert incomplete == []
    assert select(data, "SELECT ?c WHERE { ?c dct:source ?s FILTER(isLiteral(?s)) }") == []


def test_the_whole_graph_meets_skos_ap_nl_in_jena(published):
    """SKOS-AP-NL on pzgraph.ttl, all of it, in Apache Jena's SHACL engine: a semantic
    relation runs from concept to concept only (an outward link from a municipality was
    skos:exactMatch and broke it; linked-data review S7). Only the documented warnings are
    left: cited web pages without a title."""
    jena = Path(__file__).resolve().parents[1] / "scripts" / "jena.sh"
    done = subprocess.run(["bash", str(jena), "shacl.shacl", "validate", "--shapes",
                           str(SKOS_AP_NL), "--data", str(published / "pzgraph.ttl")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = rdflib.Graph().parse(data=done.stdout, format="turtle")
    found = Counter((str(severity), str(path)) for severity, path in report.query(
        f"""PREFIX sh: <{SH}> SELECT ?severity ?path WHERE {{ ?r a sh:ValidationResult ;
            sh:resultSeverity ?severity . OPTIONAL {{ ?r sh:resultPath ?path }} }}"""))
    assert [key for key in found if key[0] == SH + "Violation"] == [], found
    assert {path for _, path in found} <= {"http://purl.org/dc/terms/title",
                                           "http://purl.org/dc/terms/source"}, found


def test_one_licence_iri_an_agent_as_creator_and_quotes_as_prov_values(published):
    """Linked-data review S7: the ontology named the licence with https and the rest with http
    (a harvester sees two licences), its creator was the literal "pzgraph", and a PROV-O-only
    client could not read a quote."""
    ontology = rdflib.Graph().parse(published / "ontology" / "pzgraph.ttl")
    void = void_graph(published)
    licences = {o for g in (ontology, void) for o in g.objects(None, rdflib.DCTERMS.license)}
    assert licences == {rdflib.URIRef("http://creativecommons.org/licenses/by/4.0/")}
    creators = set(ontology.objects(rdflib.URIRef("https://w3id.org/pzgraph/def"),
                                    rdflib.DCTERMS.creator))
    assert creators and all(isinstance(c, rdflib.URIRef) for c in creators), creators
    assert (rdflib.URIRef("https://w3id.org/pzgraph/def#quote"), rdflib.RDFS.subPropertyOf,
            rdflib.URIRef("http://www.w3.org/ns/prov#value")) in ontology


def test_the_intervention_scheme_lists_its_concepts(published, graph):
    scheme = rdflib.Graph().parse(published / "ontology" / "vocabularies" / "interventie.ttl")
    interventions = {str(r["i"].value) for r in graph.query(
        "SELECT ?i WHERE { ?i a <https://w3id.org/pzgraph/def#Intervention> }")}
    listed = {c for (c,) in select(scheme, """SELECT ?c WHERE { ?c a skos:Concept ;
        skos:inScheme ?s ; skos:topConceptOf ?s ; skos:definition ?d ; skos:prefLabel ?nl , ?en .
        ?s skos:hasTopConcept ?c FILTER(lang(?nl) = "nl" && lang(?en) = "en") }""")}
    assert len(interventions) >= 25 and listed == interventions
    # explicit in the graph itself, not only by inference from pz:Intervention
    typed = {str(r["i"].value) for r in graph.query(
        "SELECT ?i WHERE { GRAPH ?g { ?i a <http://www.w3.org/2004/02/skos/core#Concept> } }")}
    assert interventions <= typed
    tops = {str(r["c"].value) for r in graph.query(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?c WHERE { <https://w3id.org/pzgraph/id/interventie> skos:hasTopConcept ?c }")}
    assert tops == interventions


# --- OWL 2 DL ------------------------------------------------------------------------------

def test_the_dl_profile_uses_only_the_owl2_datatype_map(published):
    full = [q.triple for q in ox.parse(path=str(published / "pzgraph.nt"),
                                       format=ox.RdfFormat.N_TRIPLES)]
    profile = [q.triple for q in ox.parse(path=str(published / dl.FILE),
                                          format=ox.RdfFormat.TURTLE)]
    assert any("gYear" in p for p in dl.problems(full)), "the test data should need the profile"
    assert dl.problems(profile) == []
    assert len(profile) == len(full)
    until = ox.NamedNode("https://w3id.org/pzgraph/def#validUntil")
    assert dl.literal(until.value, ox.Literal(
        "2026", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))).value == \
        "2026-12-31T23:59:59"


def test_hermit_finds_the_dl_profile_consistent(published, tmp_path):
    if shutil.which("java") is None:
        pytest.fail("Java is needed for HermiT: install openjdk-17-jre-headless")
    from owlready2 import World, sync_reasoner

    quads = ox.parse(path=str(published / dl.FILE), format=ox.RdfFormat.TURTLE)
    path = tmp_path / "dl.nt"
    path.write_bytes(ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES))
    world = World()
    world.get_ontology(path.as_uri()).load()
    # no ignore_unsupported_datatypes: HermiT refuses any datatype outside the OWL 2 map,
    # and raises OwlReadyInconsistentOntologyError on an inconsistency
    sync_reasoner(world, infer_property_values=False, debug=0)
    # and it saw the data too: the instances of the ontology's classes
    network = world["https://w3id.org/pzgraph/def#Network"]
    assert network is not None and len(network.instances()) > 10


def test_the_owl_api_finds_no_dl_profile_violation(published, tmp_path):
    """The OWL API's OWL 2 DL profile checker (the jar owlready2 ships) over the whole DL
    profile: no structural violation (undeclared or mixed entities, ...). This OWL API
    (3.4) does not check literals against the datatype map; HermiT above does."""
    import owlready2

    jars = sorted((Path(owlready2.__file__).parent / "pellet").glob("owlapi-distribution-*.jar"))
    assert jars, "owlready2 no longer ships the OWL API jar"
    quads = ox.parse(path=str(published / dl.FILE), format=ox.RdfFormat.TURTLE)
    document = tmp_path / "dl.rdf"
    document.write_bytes(ox.serialize([q.triple for q in quads], format=ox.RdfFormat.RDF_XML))
    checker = Path(__file__).with_name("java") / "OWL2DLProfileCheck.java"
    done = subprocess.run(["java", "-cp", str(jars[0]), str(checker), str(document)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert int(lines[-2].split()[1]) > 10000, "the checker did not see the data"
    assert lines[-1] == "VIOLATIONS 0", "\n".join(lines[:20])
