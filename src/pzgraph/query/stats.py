"""Counts that show what the graph holds and how well it is evidenced."""

from __future__ import annotations

from ..vocab import data_graph_filter, local_name
from .store import KnowledgeGraph

PREFIXES = """
PREFIX pz: <https://w3id.org/pzgraph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
# Entities are what the data files describe: typed subjects in the data graphs, not the
# evidence, links and memberships nested in them (those are counted as facts).
ENTITIES_PER_CLASS = PREFIXES + """
SELECT ?class (COUNT(DISTINCT ?entity) AS ?n) WHERE {
  GRAPH ?g { ?entity rdf:type ?class }
  FILTER(""" + data_graph_filter("?g") + """)
} GROUP BY ?class ORDER BY DESC(?n) ?class
"""
CONCEPTS_PER_SCHEME = PREFIXES + """
SELECT ?scheme (SAMPLE(?label) AS ?name) (COUNT(DISTINCT ?concept) AS ?n) WHERE {
  ?concept skos:inScheme ?scheme .
  OPTIONAL { ?scheme skos:prefLabel ?label FILTER(LANG(?label) = "nl") }
} GROUP BY ?scheme ORDER BY ?scheme
"""
EVIDENCE = PREFIXES + """
SELECT
  (COUNT(DISTINCT ?record) AS ?records)
  (COUNT(DISTINCT ?evidenced) AS ?withEvidence)
WHERE {
  GRAPH ?g { ?record rdf:type ?class }
  FILTER(""" + data_graph_filter("?g") + """)
  FILTER(?class != pz:Evidence)
  OPTIONAL { ?record pz:evidence ?e . BIND(?record AS ?evidenced) }
}
"""
JUDGEMENTS = PREFIXES + """
SELECT (COUNT(DISTINCT ?e) AS ?judgements) (COUNT(DISTINCT ?u) AS ?unverified) WHERE {
  { ?e pz:curatorJudgement ?why }
  UNION { [] pz:evidence ?u . ?u pz:zekerheid <https://w3id.org/pzgraph/id/zekerheid/onbevestigd> }
}
"""
# Statements are the evidenced nodes (records and nested relations); their footing is derived
# by ontology/rules/zekerheid-*.rq. Every footing of the scheme is listed, also at zero.
FOOTING = PREFIXES + """
SELECT ?footing ?rank (COUNT(DISTINCT ?statement) AS ?n) WHERE {
  ?footing skos:inScheme <https://w3id.org/pzgraph/id/zekerheid> ; skos:notation ?rank .
  OPTIONAL { ?statement pz:evidence ?item ; pz:zekerheid ?footing }
} GROUP BY ?footing ?rank ORDER BY ?rank
"""


def compute(graph: KnowledgeGraph) -> dict:
    per_class = {local_name(r["class"].value): int(r["n"].value)
                 for r in graph.query(ENTITIES_PER_CLASS)}
    schemes = {local_name(r["scheme"].value): int(r["n"].value)
               for r in graph.query(CONCEPTS_PER_SCHEME)}
    evidence = next(iter(graph.query(EVIDENCE)))
    judgements = next(iter(graph.query(JUDGEMENTS)))
    records, with_evidence = int(evidence["records"].value), int(evidence["withEvidence"].value)
    footing = {local_name(r["footing"].value): int(r["n"].value) for r in graph.query(FOOTING)}
    statements = sum(footing.values())
    counts = graph.manifest.get("evidence", {})
    checked, found = counts.get("quotes_checked", 0), counts.get("quotes_found", 0)
    return {
        "triples": len(graph),
        "entities_per_class": per_class,
        "concepts_per_scheme": schemes,
        "records": records,
        "records_with_evidence": with_evidence,
        "records_with_evidence_pct": round(100 * with_evidence / records, 1) if records else 0.0,
        "quotes_checked": checked,
        "quotes_verified": found,
        "quotes_verified_pct": round(100 * found / checked, 1) if checked else 0.0,
        "curator_judgements": int(judgements["judgements"].value),
        "unverified_reference_facts": int(judgements["unverified"].value),
        "statements": statements,
        "statements_per_footing": footing,
        "statements_per_footing_pct": {
            name: round(100 * n / statements, 1) if statements else 0.0
            for name, n in footing.items()},
    }


def render(stats: dict) -> str:
    lines = [f"triples                      {stats['triples']:>7}", "", "entities per class"]
    lines += [f"  {name:<28}{n:>7}" for name, n in stats["entities_per_class"].items()]
    lines += ["", "concepts per scheme"]
    lines += [f"  {name:<28}{n:>7}" for name, n in stats["concepts_per_scheme"].items()]
    lines += [
        "",
        f"records with evidence        {stats['records_with_evidence']:>7} of {stats['records']}"
        f" ({stats['records_with_evidence_pct']} %)",
        f"quotes verified in source    {stats['quotes_verified']:>7} of {stats['quotes_checked']}"
        f" ({stats['quotes_verified_pct']} %)",
        f"curator judgements           {stats['curator_judgements']:>7}",
        f"unverified reference facts   {stats['unverified_reference_facts']:>7}",
        "",
        f"statements per footing (zekerheid), of {stats['statements']}",
    ]
    lines += [f"  {name:<28}{n:>7}  ({stats['statements_per_footing_pct'][name]} %)"
              for name, n in stats["statements_per_footing"].items()]
    return "\n".join(lines)
