"""The footing (zekerheid) of every statement, derived from its evidence, and its share in stats."""

from __future__ import annotations

import pytest

from pzgraph.build.pipeline import build
from pzgraph.errors import InputError
from pzgraph.query import stats
from pzgraph.query.store import load

ID = "https://w3id.org/pzgraph/id/"
PZ = "https://w3id.org/pzgraph/def#"
SEED = "000_0f9769a56a83d19c.txt"
QUOTE = "In de netwerken Noordwest Utrecht en Utrecht-Zuid vervult ZorgSpectrum deze rol"
URL = "https://www.example.org/pagina"


def organisation(key: str, evidence: list[dict], **more) -> dict:
    return {"id": f"organisatie/{key}", "type": "Organisation", "label": f"Organisatie {key}",
            "sector": ["sector/overig"], "evidence": evidence, **more}


# One record per kind of evidence, and a membership whose footing differs from its record's.
FIXTURE = {
    "source": SEED,
    "records": [
        organisation("geciteerd", [{"quote": QUOTE}]),
        organisation("beoordeeld", [{"judgement": "fixture: een lezing van de curator"}]),
        organisation("met-grondslag", [{"judgement": "fixture: de rij noemt de cel niet",
                                        "basis": QUOTE}]),
        organisation("rust-op-passage", [{"basis": QUOTE}, {"judgement": "fixture: afgeleid"}]),
    organisation("voorgesteld", [{"quote": QUOTE, "proposal": True}]),
        organisation("nagekeken", [{"source": URL, "quote": "Een cel", "verification": "V"}]),
        organisation("aangenomen", [{"source": URL, "quote": "Een cel", "verification": "B",
                                     "judgement": "fixture: niet nagekeken"}]),
        organisation("uit-een-seed", [{"quote": QUOTE, "verification": "S"}]),
        organisation("beide", [{"judgement": "fixture: oordeel"}, {"quote": QUOTE}],
                     memberships=[{"organization": "organisatie/geciteerd", "role": "rol/lid",
                                   "evidence": [{"judgement": "fixture: lid naar ons oordeel"}]}]),
        organisation("deels-beoordeeld", [{"quote": QUOTE},
                                          {"judgement": "fixture: onderdeel naar ons oordeel",
                                           "covers": ["partOf"]}],
                     partOf="organisatie/geciteerd"),
    ],
}
EXPECTED = {
    "organisatie/geciteerd": "citaat",
    "organisatie/beoordeeld": "oordeel",
    "organisatie/met-grondslag": "oordeel",
    "organisatie/rust-op-passage": "oordeel",
    "organisatie/voorgesteld": "voorstel",
    "organisatie/nagekeken": "bevestigd",
    "organisatie/aangenomen": "onbevestigd",
    "organisatie/uit-een-seed": "citaat",
    "organisatie/beide": "oordeel",  # the weakest item decides: the judgement qualifies the quote
    "organisatie/deels-beoordeeld": "citaat",  # its judgement covers one link only
}


def footing_of(graph, iri: str) -> list[str]:
    rows = graph.query(f"SELECT ?f WHERE {{ <{iri}> <{PZ}zekerheid> ?f }}")
    return sorted(row["f"].value.removeprefix(f"{ID}zekerheid/") for row in rows)


@pytest.fixture
def footing_project(make_project):
    return make_project({"fixture.yaml": FIXTURE})


def test_each_kind_of_evidence_gets_its_footing(footing_project):
    graph = load(footing_project, reasoning=False)
    for record, footing in EXPECTED.items():
        assert footing_of(graph, ID + record) == [footing], record
    membership = next(iter(graph.query(f"""SELECT ?m WHERE {{
        ?m <http://www.w3.org/ns/org#member> <{ID}organisatie/beide> }}""")))["m"].value
    assert footing_of(graph, membership) == ["oordeel"]
    # Every evidence item has exactly one footing of its own.
    items = graph.query(f"""SELECT ?e (COUNT(?f) AS ?n) WHERE {{
        [] <{PZ}evidence> ?e . OPTIONAL {{ ?e <{PZ}zekerheid> ?f }} }} GROUP BY ?e""")
    assert {int(row["n"].value) for row in items} == {1}


def test_stats_give_the_share_of_statements_per_footing(footing_project):
    numbers = stats.compute(load(footing_project, reasoning=False))
    per_footing = numbers["statements_per_footing"]
    # Ten records and one membership.
    assert per_footing == {"citaat": 3, "genoemd": 0, "bevestigd": 1, "oordeel": 5,
                           "onbevestigd": 1, "voorstel": 1}
    assert numbers["statements"] == 11
    # one decimal
    assert numbers["statements_per_footing_pct"]["oordeel"] == pytest.approx(500 / 11, abs=0.05)
    text = stats.render(numbers)
    assert "statements per footing" in text and "voorstel" in text


def test_the_curated_graph_has_a_footing_for_every_statement(graph):
    missing = graph.query(f"""SELECT ?s WHERE {{ ?s <{PZ}evidence> ?e
        FILTER NOT EXISTS {{ ?s <{PZ}zekerheid> ?f }} }} LIMIT 5""")
    assert not list(missing)
    per_footing = stats.compute(graph)["statements_per_footing"]
    assert per_footing["oordeel"] > 0
    assert per_footing["citaat"] > per_footing["oordeel"]


def test_reference_letters_are_footing_concepts(graph):
    """'verification: B' in reference.yaml is the concept onbevestigd, not a letter."""
    rows = graph.query(f"""SELECT DISTINCT ?f WHERE {{
        [] <{PZ}evidence> ?e . ?e <http://purl.org/dc/terms/source> ?src ; <{PZ}zekerheid> ?f
        FILTER(STRSTARTS(STR(?src), "http") && !CONTAINS(STR(?src), "/id/bron/")) }}""")
    assert {row["f"].value.removeprefix(f"{ID}zekerheid/") for row in rows} == {
        "bevestigd", "onbevestigd"}


@pytest.mark.parametrize(("item", "message"), [
    ({"basis": QUOTE}, "the evidence has no 'judgement'"),
    ({"quote": QUOTE, "basis": QUOTE, "judgement": "x"}, "both a 'quote' and a 'basis'"),
    ({"judgement": "x", "basis": "Dit staat nergens in de bron"}, "the basis is not in"),
    ({"quote": QUOTE, "proposal": "ja"}, "not true"),
    ({"source": URL, "quote": "Een cel"}, "has no 'verification'"),
    ({"judgement": "x", "covers": ["sector"]}, "nothing carries the record itself"),
    ({"judgement": "x", "covers": ["label"]}, "names no link of this record"),
    ({"judgement": "x", "covers": ["partOf"]}, "names no link of this record"),
])
def test_bad_evidence_is_refused(make_project, item, message):
    project = make_project({"bad.yaml": {"source": SEED,
                                         "records": [organisation("fout", [item])]}})
    with pytest.raises(InputError, match=message):
        build(project, reasoning=False)


def test_an_item_that_covers_one_link_shows_only_where_the_link_does(footing_project):
    """A judged link does not weaken its record, but an answer showing both ends carries it."""
    from pzgraph.query.footing import with_footing
    from pzgraph.query.results import Result
    from pzgraph.query.store import load as load_store

    store = load_store(footing_project, reasoning=False).store
    judged = ID + "organisatie/deels-beoordeeld"
    both = store.query(f"""SELECT ?o ?whole WHERE {{ BIND(<{judged}> AS ?o)
        <{judged}> <{PZ}partOf> ?whole }}""", use_default_graph_as_union=True)
    result = Result(["o", "whole"], [[row["o"], row["whole"]] for row in both])
    alone = Result(["o"], [[row[0]] for row in result.rows])
    def footings(rows: Result) -> list[str]:
        return [row[-1].value.rsplit("/", 1)[-1] for row in with_footing(rows, store).rows]

    assert footings(result) == ["oordeel"]
    assert footings(alone) == ["citaat"]


def test_the_readme_shows_the_shares_stats_gives(graph, project):
    """The README's block of footing shares is what `pzgraph stats` says of the curated data."""
    readme = (project.root / "README.md").read_text(encoding="utf-8")
    start = readme.index("statements per footing (zekerheid)")
    block = readme[start:readme.index("```", start)].strip().splitlines()
    rendered = [line.strip() for line in stats.render(stats.compute(graph)).splitlines()]
    assert [line.strip() for line in block] == rendered[rendered.index(block[0].strip()):][
        :len(block)]


# --- citaat only where a quote is (linked-data review S7 #6) --------------------------------

CITAAT_CHECK = "citaat-without-quote-violation.rq"


def test_the_scheme_ranks_genoemd_between_citaat_and_bevestigd(graph):
    rows = graph.query("""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?f ?rank ?nl ?en ?dnl ?den WHERE {
          ?f skos:inScheme <https://w3id.org/pzgraph/id/zekerheid> ; skos:notation ?rank ;
             skos:prefLabel ?nl , ?en ; skos:definition ?dnl , ?den .
          FILTER(LANG(?nl) = "nl" && LANG(?en) = "en" && LANG(?dnl) = "nl" && LANG(?den) = "en")
        } ORDER BY xsd:integer(?rank)""")
    found = [(row["f"].value.removeprefix(f"{ID}zekerheid/"), int(row["rank"].value))
             for row in rows]
    assert found == [("citaat", 1), ("genoemd", 2), ("bevestigd", 3), ("oordeel", 4),
                     ("onbevestigd", 5), ("voorstel", 6)]


def test_a_concept_from_a_source_without_a_quote_is_genoemd_not_citaat(graph):
    """The letter S on a concept says 'from a source document'; without an evidence item with
    a quote nothing of it is quoted, so its footing is genoemd (rol/netwerkcoordinator was
    citaat with no quote anywhere). A concept with quoted evidence keeps its quote's footing."""
    assert footing_of(graph, ID + "rol/netwerkcoordinator") == ["genoemd"]
    per_footing = {row["f"].value.removeprefix(f"{ID}zekerheid/"): int(row["n"].value)
                   for row in graph.query(f"""SELECT ?f (COUNT(?c) AS ?n) WHERE {{
        ?c a <http://www.w3.org/2004/02/skos/core#Concept> ;
           <{PZ}verificationStatus> "S" ; <{PZ}zekerheid> ?f }} GROUP BY ?f""")}
    assert per_footing.get("genoemd", 0) >= 50
    unquoted = graph.query(f"""SELECT ?c WHERE {{
        ?c <{PZ}zekerheid> <{ID}zekerheid/citaat> .
        FILTER NOT EXISTS {{ ?c <{PZ}quote> ?q }}
        FILTER NOT EXISTS {{ ?c <{PZ}evidence> ?i . ?i <{PZ}quote> ?q }} }}""")
    assert list(unquoted) == []


def test_the_curated_graph_passes_the_citaat_check(graph, project):
    rows = graph.query((project.checks_dir / CITAAT_CHECK).read_text(encoding="utf-8"))
    assert [row["entity"].value for row in rows] == []


@pytest.mark.parametrize("planted", ["concept", "evidence"])
def test_citaat_without_a_quote_is_refused(make_project, project, planted):
    """The check refuses a citaat that no quote carries: a concept given the footing by hand
    (as the letter S once gave it), and reference evidence marked S that quotes nothing."""
    import shutil

    if planted == "evidence":
        fixture = make_project({"fixture.yaml": {"source": SEED, "records": [organisation(
            "zonder-citaat", [{"judgement": "fixture: staat er niet", "verification": "S"}])]}})
        culprit = "organisatie/zonder-citaat"
    else:
        fixture = make_project({"fixture.yaml": FIXTURE})
        vocabulary = fixture.ontology_dir / "vocabularies" / "rol.ttl"
        vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + f"""
<{ID}rol/geplant> a <http://www.w3.org/2004/02/skos/core#Concept> ;
    <http://www.w3.org/2004/02/skos/core#inScheme> <{ID}rol> ;
    <http://www.w3.org/2004/02/skos/core#prefLabel> "Geplant"@nl ;
    <{PZ}zekerheid> <{ID}zekerheid/citaat> .
""", encoding="utf-8")
        culprit = "rol/geplant"
    shutil.copy(project.checks_dir / CITAAT_CHECK, fixture.checks_dir / CITAAT_CHECK)
    with pytest.raises(InputError, match="citaat") as refused:
        build(fixture, reasoning=False)
    assert culprit in str(refused.value)
    assert "organisatie/geciteerd" not in str(refused.value)  # a quote is a quote
