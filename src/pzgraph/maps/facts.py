"""Read what the maps show from the store, through SPARQL, into plain Python indexes.

A handful of whole-graph queries (labels, types, evidence, memberships, links) run once
per map; the map builders in `graph.py` then only look things up. That keeps each query
simple enough to read and the maps fast on a graph of any size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..query.store import KnowledgeGraph
from ..vocab import ORG, PZ, SKOS
from ..vocab import short_id as short

PREFIXES = """
PREFIX pz: <https://w3id.org/pzgraph/def#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
LABELS = PREFIXES + "SELECT DISTINCT ?s ?label WHERE { ?s skos:prefLabel ?label }"
ALT_LABELS = PREFIXES + "SELECT DISTINCT ?s ?alt WHERE { ?s skos:altLabel ?alt }"
TYPES = "SELECT DISTINCT ?s ?type WHERE { ?s a ?type FILTER(isIRI(?s)) }"
DESCRIPTIONS = PREFIXES + """
SELECT DISTINCT ?s ?text WHERE { ?s dcterms:description ?text
  FILTER(LANG(?text) = "nl" || LANG(?text) = "") }"""
EVIDENCE = PREFIXES + """
SELECT DISTINCT ?thing ?e ?source ?quote ?judgement ?locator ?verification WHERE {
  ?thing pz:evidence ?e .
  OPTIONAL { ?e dcterms:source ?source }
  OPTIONAL { ?e pz:quote ?quote }
  OPTIONAL { ?e pz:curatorJudgement ?judgement }
  OPTIONAL { ?e pz:locator ?locator }
  OPTIONAL { ?e pz:zekerheid ?footing . ?footing skos:prefLabel ?verification
             FILTER(LANG(?verification) = "nl") }
}"""
MEMBERSHIPS = PREFIXES + """
SELECT DISTINCT ?m ?member ?organization ?role ?from ?until WHERE {
  ?m org:member ?member ; org:organization ?organization .
  OPTIONAL { ?m org:role ?role }
  OPTIONAL { ?m pz:validFrom ?from }
  OPTIONAL { ?m pz:validUntil ?until }
}"""
# Qualified links to concepts (coverage) and between concepts (mappings): the link node
# carries the evidence. pz:addresses is the rule-derived shortcut of the first.
CONCEPT_LINKS = PREFIXES + """
SELECT DISTINCT ?thing ?via ?link ?concept WHERE {
  VALUES ?via { pz:coverage pz:mapping }
  ?thing ?via ?link . ?link pz:concept ?concept .
}"""
LINK_PREDICATES = {
    "runBy": PZ.runBy, "lead": PZ.lead, "partner": PZ.partner,
    "programme": PZ.programme, "fundedBy": PZ.fundedBy, "status": PZ.status,
    "year": PZ.year, "plan": PZ.plan, "consortium": PZ.consortium,
    "sector": PZ.sector, "employer": PZ.employer, "unitOf": ORG + "unitOf",
    "postIn": ORG + "postIn", "role": ORG + "role",
    "publisher": "http://purl.org/dc/terms/publisher",
    "broader": SKOS + "broader", "inScheme": SKOS + "inScheme", "notation": SKOS + "notation",
}
LINKS = ("SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?p { "
         + " ".join(f"<{iri}>" for iri in LINK_PREDICATES.values()) + " } ?s ?p ?o }")

SCHEME_KINDS = {"kwaliteitskader": "domein", "pnraad": "aanbeveling", "kernthema": "kernthema",
                "actielijn": "actielijn"}
# The kind of node a class gives on a map, for it and every subclass of it (rdfs:subClassOf
# in the ontology): a new kind of organisation in pzgraph.ttl is drawn as one with no code.
# First match wins: a class that says more (Network) before one that says less.
CLASS_KINDS = [("Consortium", "consortium"), ("Network", "netwerk"), ("Programme", "programma"),
               ("GoverningBody", "orgaan"), ("Post", "functie"), ("Project", "project"),
               ("Activity", "activiteit"), ("Goal", "doel"), ("NationalBody", "landelijk"),
               ("GovernmentBody", "landelijk"), ("Organisation", "organisatie")]
SUPERCLASSES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?class ?super WHERE { ?class rdfs:subClassOf* ?super FILTER(isIRI(?super)) }"""


def _class_name(iri: str) -> str | None:
    if iri.startswith(PZ):
        return iri[len(PZ):]
    return "Post" if iri == ORG + "Post" else None


@dataclass(frozen=True)
class Membership:
    id: str
    member: str
    organization: str
    role: str | None
    since: str | None
    until: str | None


@dataclass
class Facts:
    """Everything the maps need, keyed by short id."""

    labels: dict[str, str] = field(default_factory=dict)
    alt_labels: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    kinds: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, list[dict[str, str]]] = field(default_factory=lambda: defaultdict(list))
    memberships: list[Membership] = field(default_factory=list)
    # (thing, "coverage" | "mapping", link id, concept)
    concept_links: list[tuple[str, str, str, str]] = field(default_factory=list)
    links: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(dict))

    @classmethod
    def read(cls, kg: KnowledgeGraph) -> Facts:
        facts = cls()
        facts._read_labels(kg)
        names = {iri: name for name, iri in LINK_PREDICATES.items()}
        for row in kg.query(LINKS):
            name = names[row["p"].value]
            facts.links[short(row["s"].value)].setdefault(name, []).append(short(row["o"].value))
        for values in facts.links.values():
            for name in values:
                values[name].sort()
        facts._read_kinds(kg)
        for row in kg.query(DESCRIPTIONS):
            facts.descriptions.setdefault(short(row["s"].value), row["text"].value)
        facts._read_evidence(kg)
        for row in kg.query(MEMBERSHIPS):
            value = {k: short(row[k].value) if row[k] is not None else None
                     for k in ("m", "member", "organization", "role", "from", "until")}
            facts.memberships.append(Membership(value["m"], value["member"], value["organization"],
                                                value["role"], value["from"], value["until"]))
        facts.memberships.sort(key=lambda m: (m.organization, m.member, m.role or "", m.id))
        facts.concept_links = sorted(
            (short(r["thing"].value), r["via"].value.rsplit("#", 1)[-1], short(r["link"].value),
             short(r["concept"].value)) for r in kg.query(CONCEPT_LINKS))
        return facts

    def _read_labels(self, kg: KnowledgeGraph) -> None:
        # Dutch first; a label without language next; English only when nothing else exists.
        rank = {"nl": 0, "": 1}
        best: dict[str, tuple[int, str]] = {}
        for row in kg.query(LABELS):
            key, literal = short(row["s"].value), row["label"]
            score = (rank.get(literal.language or "", 2), literal.value)
            if key not in best or score < best[key]:
                best[key] = score
        self.labels = {key: value for key, (_, value) in best.items()}
        for row in kg.query(ALT_LABELS):
            self.alt_labels[short(row["s"].value)].append(row["alt"].value)
        for values in self.alt_labels.values():
            values.sort()

    def _read_kinds(self, kg: KnowledgeGraph) -> None:
        supers: dict[str, set[str]] = defaultdict(set)  # a class → it and its superclasses
        for row in kg.query(SUPERCLASSES):
            name, super_name = _class_name(row["class"].value), _class_name(row["super"].value)
            if name and super_name:
                supers[name].add(super_name)
        classes: dict[str, set[str]] = defaultdict(set)
        for row in kg.query(TYPES):
            name = _class_name(row["type"].value)
            if name:
                classes[short(row["s"].value)] |= supers.get(name, {name})
        for thing, names in classes.items():
            kind = next((k for root, k in CLASS_KINDS if root in names), None)
            if kind == "organisatie" and "sector/landelijk" in self.values(thing, "sector"):
                kind = "landelijk"
            if kind:
                self.kinds[thing] = kind
        for thing, values in self.links.items():
            scheme = SCHEME_KINDS.get(next(iter(values.get("inScheme", [])), ""))
            if scheme and thing not in self.kinds:
                self.kinds[thing] = scheme

    def _read_evidence(self, kg: KnowledgeGraph) -> None:
        for row in kg.query(EVIDENCE):
            item = {k: row[k].value for k in ("source", "quote", "judgement", "locator",
                                              "verification", "e") if row[k] is not None}
            if "source" in item:
                item["source"] = source_name(item["source"])
            self.evidence[short(row["thing"].value)].append(item)
        for items in self.evidence.values():
            # Quotes before judgements, then a stable order: same graph, same page.
            items.sort(key=lambda i: ("quote" not in i, i.get("source", ""), i.get("quote", ""),
                                      i.get("judgement", ""), i["e"]))
            for item in items:
                del item["e"]

    def values(self, thing: str, name: str) -> list[str]:
        return self.links.get(thing, {}).get(name, [])

    def label(self, thing: str) -> str:
        return self.labels.get(thing) or thing.rsplit("/", 1)[-1]

    def of_kind(self, *kinds: str) -> list[str]:
        return sorted(thing for thing, kind in self.kinds.items() if kind in kinds)

    def bodies_of(self, unit: str) -> list[str]:
        """Governing bodies (stuurgroep, DB, werkgroep, ...) of a network or consortium."""
        return sorted(b for b in self.of_kind("orgaan") if unit in self.values(b, "unitOf"))


def source_name(source: str) -> str:
    """A seed document is cited by its file name; a web source by its address."""
    tail = short(source)
    return tail.removeprefix("bron/") + ".txt" if tail.startswith("bron/") else source
