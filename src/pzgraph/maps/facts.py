"""Read what the maps show from the store, through SPARQL, into plain Python indexes.

A handful of queries (labels, types, memberships, links) run once per map; the map
builders in `graph.py` then only look things up. A scope (a set of ids) limits them to one
network's part of the graph; evidence is read last, for what the map shows only. That
keeps each query simple enough to read and the maps fast on a graph of any size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..query.store import KnowledgeGraph
from ..vocab import ORG, PZ, SKOS, entity_iri
from ..vocab import short_id as short
from .evidence import document_titles, evidence_rows, plain, source_name

PREFIXES = """
PREFIX pz: <https://w3id.org/pzgraph/def#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
LABELS = PREFIXES + "SELECT DISTINCT ?s ?label WHERE { ?s skos:prefLabel ?label }"
ALT_LABELS = PREFIXES + "SELECT DISTINCT ?s ?alt WHERE { ?s skos:altLabel ?alt }"
TYPES = "SELECT DISTINCT ?s ?type WHERE { ?s a ?type FILTER(isIRI(?s)) }"  # + VALUES ?type
DESCRIPTIONS = PREFIXES + """
SELECT DISTINCT ?s ?text WHERE { ?s dcterms:description ?text
  FILTER(LANG(?text) = "nl" || LANG(?text) = "") }"""
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


def links_query(names: Iterable[str] = LINK_PREDICATES) -> str:
    """The links of these names (keys of LINK_PREDICATES), as (?s ?p ?o) rows."""
    return ("SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?p { "
            + " ".join(f"<{LINK_PREDICATES[name]}>" for name in names) + " } ?s ?p ?o }")


SCHEME_KINDS = {"kwaliteitskader": "domein", "pnraad": "aanbeveling", "kernthema": "kernthema",
                "actielijn": "actielijn"}
# The kind of node a class gives on a map, for it and every subclass of it (rdfs:subClassOf
# in the ontology): a new kind of organisation in pzgraph.ttl is drawn as one with no code.
# First match wins: a class that says more (Network) before one that says less.
CLASS_KINDS = [("Consortium", "consortium"), ("Network", "netwerk"), ("Programme", "programma"),
               ("GoverningBody", "orgaan"), ("Post", "functie"), ("Project", "project"),
               ("Activity", "activiteit"), ("Goal", "doel"), ("NationalBody", "landelijk"),
               ("GovernmentBody", "landelijk"), ("Organisation", "organisatie")]
# subClassOf+, not *, which matches every term of the graph (42,000 rows at national scale).
SUPERCLASSES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?class ?super WHERE { ?class rdfs:subClassOf+ ?super FILTER(isIRI(?super)) }"""


def _class_name(iri: str) -> str | None:
    if iri.startswith(PZ):
        return iri[len(PZ):]
    return "Post" if iri == ORG + "Post" else None


NETWORK_NAMES = PREFIXES + """
SELECT DISTINCT ?s ?name ?alt WHERE { ?s a pz:Network .
  { ?s skos:prefLabel ?name } UNION { ?s skos:altLabel ?alt } }"""
# One network's part of the graph, in two steps: its units and what hangs on them directly,
# then the work and posts of those units and the work in its plans.
NEAR_HOME = PREFIXES + """
SELECT DISTINCT ?x ?body WHERE {
  { ?x org:unitOf ?home BIND(true AS ?body) }
  UNION { ?x dcterms:publisher ?home } UNION { ?x pz:runBy ?home }
}"""
NEAR_UNITS = PREFIXES + """
SELECT DISTINCT ?x WHERE {
  { ?x pz:runBy|pz:lead|pz:partner|org:postIn ?unit }
  UNION { ?m org:organization ?unit ; org:member ?x }
  UNION { ?x pz:plan ?plan }
}"""


def network_names(kg: KnowledgeGraph) -> Facts:
    """Just the networks and their names: enough to find the one someone asked for."""
    facts = Facts()
    for subject, name, alt in kg.query(NETWORK_NAMES):
        key = short(subject.value)
        facts.kinds[key] = "netwerk"
        if name is not None and (key not in facts.labels or name.language == "nl"):
            facts.labels[key] = name.value
        if alt is not None:
            facts.alt_labels[key].append(alt.value)
    return facts


def network_scope(kg: KnowledgeGraph, home: str) -> Scope:
    """The things one network's map shows, read with queries bound to that network."""
    home_iri = entity_iri(home)
    things, units, plans = {home_iri}, {home_iri}, set()
    for x, body in kg.query(_scoped(NEAR_HOME, _values("home", {home_iri}))):
        things.add(x.value)
        (units if body is not None else plans).add(x.value)
    near = _values("unit", units) + " " + _values("plan", plans or {home_iri})
    things |= {x.value for (x,) in kg.query(_scoped(NEAR_UNITS, near))}
    return Scope(home_iri, units, things)


@dataclass(frozen=True)
class Scope:
    """One network's part of the graph: its home, its units (home and bodies) and every
    thing the network's map shows (members, bodies, posts, work, plans, ...), as full IRIs."""

    home: str
    units: set[str]
    things: set[str]


def _values(variable: str, iris: set[str]) -> str:
    return f"VALUES ?{variable} {{ " + " ".join(f"<{i}>" for i in sorted(iris)) + " }"


def _scoped(query: str, values: str) -> str:
    """The query with a VALUES block (or any pattern) at the start of its WHERE clause."""
    if not values:
        return query
    head, _, rest = query.partition("WHERE {")
    return f"{head}WHERE {{ {values}\n{rest}"


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
    kg: KnowledgeGraph | None = None
    _pending: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    _indexes: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def read(cls, kg: KnowledgeGraph, scope: Scope | None = None,
             links: Iterable[str] = LINK_PREDICATES) -> Facts:
        """The facts of the whole graph, or of `scope` only: its things (`things`), the
        memberships of its units (`units`) and of its home, and its work's concept links;
        of `links`, the names of LINK_PREDICATES the view looks up."""
        facts = cls()
        facts.kg = kg
        subjects = _values("s", scope.things) if scope else ""
        names = {iri: name for name, iri in LINK_PREDICATES.items()}
        objects: set[str] = set()  # the IRIs the links point to, for the second step
        links_of = links_query(links)

        def read_links(query: str) -> None:
            for s_, p_, o_ in kg.query(query):
                facts.links[short(s_.value)].setdefault(names[p_.value], []).append(
                    short(o_.value))
                if isinstance(o_, ox.NamedNode):
                    objects.add(o_.value)

        read_links(_scoped(links_of, subjects))
        for values in facts.links.values():
            for name in values:
                values[name].sort()
        memberships = MEMBERSHIPS
        if scope:
            memberships = _scoped(MEMBERSHIPS, "{ " + _values("organization", scope.units)
                                  + " } UNION { " + _values("member", {scope.home}) + " }")
        for row in kg.query(memberships):  # ?m ?member ?organization ?role ?from ?until
            facts.memberships.append(Membership(*(None if term is None else short(term.value)
                                                  for term in row)))
        facts.memberships.sort(key=lambda m: (m.organization, m.member, m.role or "", m.id))
        links = _scoped(CONCEPT_LINKS, _values("thing", scope.things)) if scope else CONCEPT_LINKS
        facts.concept_links = sorted(
            (short(r["thing"].value), r["via"].value.rsplit("#", 1)[-1], short(r["link"].value),
             short(r["concept"].value)) for r in kg.query(links))
        # Names and kinds: of the scope and of everything its links and memberships name.
        named = ""
        if scope:
            # One hop further: the sectors of partners, the employers of posts, and so on.
            near = set(objects)
            near |= {entity_iri(x) for m in facts.memberships for x in (m.member, m.organization)}
            near |= {entity_iri(c) for _, _, _, c in facts.concept_links}
            read_links(_scoped(links_of, _values("s", near - scope.things)))
            # Concepts up to their top (work on 2.3 is work on domain 2).
            done = scope.things | near
            while True:
                broader = {entity_iri(b) for c in near for b in facts.values(short(c), "broader")}
                if not broader - done:
                    break
                read_links(_scoped(links_of, _values("s", broader - done)))
                done |= broader
                near |= broader
            for values in facts.links.values():
                for name in values:
                    values[name].sort()
            named = _values("s", scope.things | near | objects
                            | {entity_iri(m.role) for m in facts.memberships if m.role}
                            | {entity_iri(c) for _, _, _, c in facts.concept_links})
        facts._read_labels(kg, named)
        facts._read_kinds(kg, named)
        for row in kg.query(_scoped(DESCRIPTIONS, named)):
            # of two descriptions (two documents describe it) the longest, whatever order the
            # store answers in: the same map from the disk store and from memory
            key, text = short(row["s"].value), row["text"].value
            known = facts.descriptions.get(key)
            if known is None or (len(text), text) > (len(known), known):
                facts.descriptions[key] = text
        for key, text in facts.descriptions.items():  # a reader's words (evidence.plain)
            facts.descriptions[key] = plain(text, facts.documents)
        return facts

    def documents(self) -> dict[str, str]:
        return self.index("documents", lambda facts: document_titles(facts.kg))

    def evidence_of(self, thing: str) -> list[dict[str, str]]:
        """A list that `read_evidence` fills: the map asks for what it shows, then reads it all
        in one query."""
        return self._pending.setdefault(thing, [])

    def read_evidence(self) -> None:
        """Fill every list `evidence_of` handed out, reading the evidence of those things only."""
        wanted = {t for t in self._pending if t not in self.evidence}
        if wanted:
            self._read_evidence(self.kg, wanted)
        for thing, items in self._pending.items():
            items[:] = self.evidence.get(thing, [])

    def _read_labels(self, kg: KnowledgeGraph, scope: str = "") -> None:
        # Dutch first; a label without language next; English only when nothing else exists.
        rank = {"nl": 0, "": 1}
        best: dict[str, tuple[int, str]] = {}
        for subject, literal in kg.query(_scoped(LABELS, scope)):
            key = short(subject.value)
            score = (rank.get(literal.language or "", 2), literal.value)
            if key not in best or score < best[key]:
                best[key] = score
        self.labels.update({key: value for key, (_, value) in best.items()})
        for subject, alt in kg.query(_scoped(ALT_LABELS, scope)):
            self.alt_labels[short(subject.value)].append(alt.value)
        for values in self.alt_labels.values():
            values.sort()

    def _read_kinds(self, kg: KnowledgeGraph, scope: str = "") -> None:
        # A class → it and its superclasses (a root class of CLASS_KINDS may have none).
        supers: dict[str, set[str]] = defaultdict(set, {root: {root} for root, _ in CLASS_KINDS})
        for row in kg.query(SUPERCLASSES):
            name, super_name = _class_name(row["class"].value), _class_name(row["super"].value)
            if name and super_name:
                supers[name] |= {name, super_name}
        # Only the classes the maps tell apart: a smaller answer than every type of every node.
        roots = {root for root, _ in CLASS_KINDS}
        drawn = sorted(name for name, ups in supers.items() if ups & roots and name != "Post")
        type_values = ("VALUES ?type { " + " ".join(f"<{PZ}{name}>" for name in drawn)
                       + f" <{ORG}Post> }}")
        classes: dict[str, set[str]] = defaultdict(set)
        for subject, type_ in kg.query(_scoped(TYPES, scope + type_values)):
            name = _class_name(type_.value)
            if name:
                classes[short(subject.value)] |= supers.get(name, {name})
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

    def _read_evidence(self, kg: KnowledgeGraph, wanted: set[str]) -> None:
        rows = evidence_rows(kg.store, wanted)
        footings, names = {r["verification"] for r in rows if "verification" in r}, Facts()
        if footings:
            names._read_labels(kg, _values("s", footings))
        for item in rows:  # a footing without a Dutch name is left out
            if name := names.labels.get(short(item.pop("verification", ""))):
                item["verification"] = name
        # The documents' titles, which the graph knows; a file name only as a last resort.
        sources = {r["source"] for r in rows if "source" in r and short(r["source"])
                   not in self.labels}
        if sources:
            self._read_labels(kg, _values("s", sources))
        for item in rows:
            thing = item.pop("thing")
            if "judgement" in item:
                item["judgement"] = plain(item["judgement"], self.documents)
            if "source" in item:
                key = short(item.pop("source"))
                item["title"] = self.labels.get(key) or source_name(key)
            self.evidence[thing].append(item)
        for items in self.evidence.values():
            # Quotes before judgements, then a stable order: same graph, same page.
            items.sort(key=lambda i: ("quote" not in i, i.get("title", ""), i.get("quote", ""),
                                      i.get("judgement", ""), i["e"]))
            for item in items:
                item.pop("e", None)

    def index(self, name: str, build: Callable[[Facts], dict]) -> dict:
        """An index over the facts, built once (the maps look things up many times)."""
        if name not in self._indexes:
            self._indexes[name] = build(self)
        return self._indexes[name]

    def values(self, thing: str, name: str) -> list[str]:
        return self.links.get(thing, {}).get(name, [])

    def label(self, thing: str) -> str:
        return self.labels.get(thing) or thing.rsplit("/", 1)[-1]

    def of_kind(self, *kinds: str) -> list[str]:
        return sorted(thing for thing, kind in self.kinds.items() if kind in kinds)

    def addressed_by(self) -> dict[str, set[str]]:
        """Per project or activity, the concepts it works on, with their broader concepts
        (work on subdomain 2.3 is work on domain 2, as in the report's matrices)."""
        found: dict[str, set[str]] = defaultdict(set)
        for thing, via, _, concept in self.concept_links:
            if via == "coverage":
                found[thing] |= {concept, *self.ancestors(concept)}
        return found

    def ancestors(self, concept: str) -> list[str]:
        seen: list[str] = []
        todo = list(self.values(concept, "broader"))
        while todo:
            broader = todo.pop()
            if broader not in seen:
                seen.append(broader)
                todo += self.values(broader, "broader")
        return seen

    def bodies_of(self, unit: str) -> list[str]:
        """Governing bodies (stuurgroep, DB, werkgroep, ...) of a network or consortium."""
        return sorted(b for b in self.of_kind("orgaan") if unit in self.values(b, "unitOf"))
