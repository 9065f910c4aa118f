"""The three maps as networkx graphs: the landscape, one network, and coverage.

Every node carries what the page needs and nothing of the page itself:

    label, kind          the Dutch name and one of style.KINDS
    alt                  other names (searchable)
    info                 [(heading, text)] lines for the tooltip
    evidence             [{source, quote | judgement, locator, verification (footing)}]
    networks, roles, sectors   values for the page's filters
    gap                  True for a concept nothing in the map addresses

Every edge carries `relations`: [{label, evidence, info}], one per statement, so two
memberships of the same pair (penvoerder and stuurgroeplid) become one labelled line, and
`roles` for the role filter. The graph carries `title`, `subtitle`, and where needed
`gaps` (the legend counts them) and `facets` (the filters worth offering).
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from ..errors import PzgraphError
from ..query.store import KnowledgeGraph
from .facts import Facts, Membership, short
from .style import KINDS

if TYPE_CHECKING:
    import networkx as nx

ACTORS = {"consortium", "netwerk", "landelijk", "organisatie"}
WORK = {"project", "activiteit"}
CONCEPTS = ["domein", "aanbeveling", "kernthema", "actielijn"]
WORK_RELATIONS = {"runBy": "uitgevoerd door", "lead": "getrokken door", "partner": "partner"}
DESCRIPTION_MAX = 400


class UnknownNetwork(PzgraphError, LookupError):
    def __init__(self, given: str, valid: list[tuple[str, str]]):
        self.given, self.valid = given, valid
        listing = "\n".join(f"  {key.removeprefix('netwerk/')}  ({label})" for key, label in valid)
        super().__init__(f"unknown network '{given}'; the networks in the graph are:\n{listing}")


class MapGraph:
    """A networkx DiGraph filled from the facts, one entity or statement at a time."""

    def __init__(self, facts: Facts, title: str, subtitle: str):
        import networkx as nx  # imported when a map is made

        self.facts = facts
        self.graph = nx.DiGraph(title=title, subtitle=subtitle)

    def node(self, thing: str) -> str:
        if thing in self.graph:
            return thing
        facts, kind = self.facts, self.facts.kinds.get(thing, "organisatie")
        sectors = [facts.label(s) for s in facts.values(thing, "sector")]
        info = [("Soort", KINDS[kind].name), ("Id", thing)]
        if facts.alt_labels.get(thing):
            info.append(("Ook bekend als", "; ".join(facts.alt_labels[thing])))
        if sectors:
            info.append(("Sector", ", ".join(sectors)))
        for name, heading in (("status", "Status"), ("year", "Jaar"), ("notation", "Nummer")):
            if facts.values(thing, name):
                info.append((heading, ", ".join(facts.label(v) for v in facts.values(thing, name))))
        if thing in facts.descriptions:
            text = facts.descriptions[thing]
            info.append(("Beschrijving", text if len(text) <= DESCRIPTION_MAX
                         else text[:DESCRIPTION_MAX - 1] + "…"))
        self.graph.add_node(thing, label=facts.label(thing), kind=kind,
                            alt=list(facts.alt_labels.get(thing, [])), info=info,
                            evidence=facts.evidence.get(thing, []), networks=set(), roles=set(),
                            sectors=set(sectors), gap=False)
        if kind == "netwerk":
            self.graph.nodes[thing]["networks"].add(facts.label(thing))
        return thing

    def link(self, source: str, target: str, label: str, evidence: list | None = None,
             info: list[tuple[str, str]] | None = None, role: str | None = None) -> None:
        self.node(source)
        self.node(target)
        if not self.graph.has_edge(source, target):
            self.graph.add_edge(source, target, relations=[], roles=set())
        data = self.graph.edges[source, target]
        relation = {"label": label, "evidence": evidence or [], "info": info or []}
        if relation not in data["relations"]:
            data["relations"].append(relation)
        if role:
            data["roles"].add(role)
            # Only organisations are filtered by role: hiding a network because it is an
            # ordinary "lid" of its consortium would empty the map.
            if self.graph.nodes[source]["kind"] in {"organisatie", "landelijk"}:
                self.graph.nodes[source]["roles"].add(role)

    def tag(self, thing: str, network: str) -> None:
        """Say that a node belongs with a network, for the page's network filter."""
        if thing in self.graph:
            self.graph.nodes[thing]["networks"].add(self.facts.label(network))

    def membership(self, m: Membership, source: str, target: str) -> None:
        role = _lower_first(self.facts.label(m.role)) if m.role else "lid"
        info = [("Periode", f"{m.since or '…'} – {m.until or '…'}")] if m.since or m.until else []
        if target != m.organization:
            info.append(("Via", self.facts.label(m.organization)))
        self.link(source, target, role, self.facts.evidence.get(m.id, []), info, role)

    def done(self) -> nx.DiGraph:
        for _, data in self.graph.nodes(data=True):
            for name in ("networks", "roles", "sectors"):
                data[name] = sorted(data[name])
        for _, _, data in self.graph.edges(data=True):
            data["roles"] = sorted(data["roles"])
        return self.graph


def landscape(kg: KnowledgeGraph) -> nx.DiGraph:
    """Consortia, networks, their member organisations, national bodies and programmes."""
    facts = Facts.read(kg)
    view = MapGraph(facts, "Landschap palliatieve zorg",
                    "Consortia, netwerken, hun leden, landelijke organisaties en programma's")
    for thing in facts.of_kind("consortium", "netwerk", "landelijk", "programma"):
        view.node(thing)
    for m in facts.memberships:
        # A seat in a network's stuurgroep is shown as a tie to the network itself.
        target = _unit(facts, m.organization)
        if facts.kinds.get(m.member) in ACTORS and facts.kinds.get(target) in ACTORS:
            view.membership(m, m.member, target)
            for network in (m.member, target):
                if facts.kinds.get(network) == "netwerk":
                    view.tag(m.member, network)
                    view.tag(target, network)
    for network in facts.of_kind("netwerk"):
        for consortium in facts.values(network, "consortium"):
            view.link(network, consortium, "hoort bij consortium")
            view.tag(consortium, network)
    for actor in facts.of_kind("consortium", "netwerk"):
        for programme in _programmes_of(facts, actor):
            view.link(actor, programme, "werkt in programma")
            if facts.kinds[actor] == "netwerk":
                view.tag(programme, actor)
        for funder in facts.values(actor, "fundedBy"):
            if facts.kinds.get(funder) in {"landelijk", "programma"}:
                view.link(actor, funder, "gefinancierd door")
                if facts.kinds[actor] == "netwerk":
                    view.tag(funder, actor)
    return view.done()


def network(kg: KnowledgeGraph, wanted: str) -> nx.DiGraph:
    """One network: members by role and sector, bodies, posts, work, wider ties."""
    # Cyclomatic 16: one flat pass per part of the map, in drawing order; split up, the
    # parts would only hand the same three variables around.
    facts = Facts.read(kg)
    home = find_network(facts, wanted)
    view = MapGraph(facts, facts.label(home),
                    "Leden per rol en sector, besturen en werkgroepen, projecten en activiteiten, "
                    "consortium en landelijke banden")
    view.node(home)
    units = {home, *facts.bodies_of(home)}
    for body in sorted(units - {home}):
        view.link(body, home, "orgaan van")
    for m in facts.memberships:
        if m.organization in units:
            view.membership(m, m.member, m.organization)
        elif m.member == home:
            view.membership(m, home, m.organization)
    for consortium in facts.values(home, "consortium"):
        view.link(home, consortium, "hoort bij consortium")
    for funder in facts.values(home, "fundedBy"):
        view.link(home, funder, "gefinancierd door")
    for programme in _programmes_of(facts, home):
        view.link(home, programme, "werkt in programma")
    for post in facts.of_kind("functie"):
        for unit in sorted(units & set(facts.values(post, "postIn"))):
            view.link(post, unit, "functie in")
            for employer in facts.values(post, "employer"):
                view.link(post, employer, "in dienst van")
    for work in _work_of(facts, units, home):
        for name, relation in WORK_RELATIONS.items():
            for party in facts.values(work, name):
                view.link(work, party, relation)
        for programme in facts.values(work, "programme"):
            view.link(work, programme, "programma")
        for funder in facts.values(work, "fundedBy"):
            view.link(work, funder, "gefinancierd door")
    view.graph.graph["facets"] = ["roles", "sectors"]  # one network: no network filter
    return view.done()


def coverage(kg: KnowledgeGraph, wanted: str | None = None) -> nx.DiGraph:
    """Projects and activities ↔ Kwaliteitskader domains ↔ PN-raad recommendations (and
    kernthema's and actielijnen); what nothing addresses is marked as a gap."""
    facts = Facts.read(kg)
    home = find_network(facts, wanted) if wanted else None
    title = "Dekking: Kwaliteitskader en PN-raad"
    view = MapGraph(facts, f"{title} — {facts.label(home)}" if home else title,
                    "Projecten en activiteiten, de Kwaliteitskader-domeinen, de aanbevelingen van "
                    "de PN-raad, kernthema's en actielijnen die ze adresseren; gaten gemarkeerd")
    view.graph.graph["gaps"] = True  # the legend counts them
    concepts = facts.of_kind(*CONCEPTS)
    for concept in concepts:
        view.node(concept)
    for concept in concepts:
        for broader in facts.values(concept, "broader"):
            if broader in view.graph:
                view.link(concept, broader, "onderdeel van")
    units = {home, *facts.bodies_of(home)} if home else None
    work = set(_work_of(facts, units, home)) if home else set(facts.of_kind(*WORK))
    addressed: set[str] = set()
    for thing, via, link, concept in facts.concept_links:
        if concept not in view.graph:
            continue
        if via == "coverage" and thing in work:
            view.link(thing, concept, "adresseert", facts.evidence.get(link, []))
            addressed.add(concept)
            for network in _networks_of(facts, thing):
                view.tag(thing, network)
        elif via == "mapping" and thing in view.graph:
            view.link(thing, concept, "gekoppeld aan", facts.evidence.get(link, []))
    # A domain counts as addressed when one of its sub-domains is.
    addressed |= {b for c in addressed for b in facts.values(c, "broader")}
    for concept in concepts:
        if concept not in addressed:
            view.graph.nodes[concept]["gap"] = True
            view.graph.nodes[concept]["info"].append(
                ("Gat", "niets in deze kaart adresseert dit (geen project of activiteit)"))
    return view.done()


def find_network(facts: Facts, wanted: str) -> str:
    """A network by id (`noordwest-utrecht`, `netwerk/noordwest-utrecht`), name or other name."""
    networks = facts.of_kind("netwerk")
    key = _fold(short(wanted.strip()))
    for network in networks:
        names = [network, network.removeprefix("netwerk/"), facts.label(network),
                 *facts.alt_labels.get(network, [])]
        if key in {_fold(name) for name in names}:
            return network
    raise UnknownNetwork(wanted, [(n, facts.label(n)) for n in networks])


def _lower_first(text: str) -> str:
    """Role names read as relations on a line: "Stuurgroeplid" → "stuurgroeplid"."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _fold(text: str) -> str:
    """Case, accents and spacing do not matter when someone types a name."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def _unit(facts: Facts, thing: str) -> str:
    """The network or consortium a governing body belongs to; anything else is itself."""
    if facts.kinds.get(thing) == "orgaan":
        units = facts.values(thing, "unitOf")
        return units[0] if units else thing
    return thing


def _programmes_of(facts: Facts, actor: str) -> list[str]:
    """Programmes an actor works in: through the plans it publishes and the work it runs."""
    found = set()
    for values in facts.links.values():
        if actor in values.get("publisher", []) or actor in values.get("runBy", []):
            found.update(p for p in values.get("programme", [])
                         if facts.kinds.get(p) == "programma")
    return sorted(found)


def _work_of(facts: Facts, units: set[str], home: str) -> list[str]:
    """Projects and activities a network (or one of its bodies) runs, leads or partners in,
    or that stand in a plan the network published."""
    plans = {thing for thing, values in facts.links.items() if home in values.get("publisher", [])}
    found = []
    for work in facts.of_kind(*WORK):
        parties = {p for name in WORK_RELATIONS for p in facts.values(work, name)}
        if parties & units or set(facts.values(work, "plan")) & plans:
            found.append(work)
    return found


def _networks_of(facts: Facts, work: str) -> list[str]:
    parties = {_unit(facts, p) for name in WORK_RELATIONS for p in facts.values(work, name)}
    return sorted(p for p in parties if facts.kinds.get(p) == "netwerk")
