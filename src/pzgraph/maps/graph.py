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

import re
from typing import TYPE_CHECKING

from ..glossary import NOT_COVERED, NOT_COVERED_TITLE, known_about, relation_group
from ..query.store import KnowledgeGraph
from . import overview
from .facts import Facts, Membership, network_names, network_scope
from .frames import frame_reach
from .networks import find_network

if TYPE_CHECKING:
    import networkx as nx

ACTORS = {"consortium", "netwerk", "landelijk", "organisatie"}
WORK = {"project", "activiteit"}
CONCEPTS = ["domein", "aanbeveling", "kernthema", "actielijn"]
WORK_RELATIONS = {"runBy": "uitgevoerd door", "lead": "getrokken door",
                  "partner": "partner in project"}
DESCRIPTION_MAX = 400
# The links the landscape and the coverage map look up: what they draw (not posts, roles, plans).
LANDSCAPE_LINKS = ["runBy", "lead", "partner", "programme", "publisher", "fundedBy", "consortium",
                   "sector", "unitOf", "status", "year", "notation", "broader", "inScheme"]
COVERAGE_LINKS = ["runBy", "sector", "status", "year", "notation", "broader", "inScheme"]


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
        info = []
        if facts.alt_labels.get(thing):
            info.append(("Ook bekend als", "; ".join(facts.alt_labels[thing])))
        for name, heading in (("status", "Status"), ("year", "Jaar"), ("notation", "Nummer")):
            if facts.values(thing, name):
                info.append((heading, ", ".join(facts.label(v) for v in facts.values(thing, name))))
        if thing in facts.descriptions:
            text = facts.descriptions[thing]
            info.append(("Beschrijving", text if len(text) <= DESCRIPTION_MAX
                         else text[:DESCRIPTION_MAX - 1] + "…"))
        self.graph.add_node(thing, label=facts.label(thing), kind=kind,
                            alt=list(facts.alt_labels.get(thing, [])), info=info,
                            evidence=facts.evidence_of(thing), networks=set(), roles=set(),
                            sectors=set(sectors), concepts=set(), gap=False,
                            broader=[b for b in facts.values(thing, "broader")])
        if kind == "netwerk":
            self.graph.nodes[thing]["networks"].add(thing)
        return thing

    def link(self, source: str, target: str, label: str, evidence: str | None = None,
             info: list[tuple[str, str]] | None = None, role: str | None = None,
             covers: tuple[str, str] | None = None) -> None:
        """A line from source to target; `evidence` names the statement whose evidence it
        shows (a membership, a coverage link), read when the map is done. `covers` names a
        record and one of its links (`work`, "runBy"): the line then shows the evidence items
        of that record that bear on that link alone (pz:covers), with their footing."""
        self.node(source)
        self.node(target)
        if not self.graph.has_edge(source, target):
            self.graph.add_edge(source, target, relations=[], roles=set(), seen=set())
        data = self.graph.edges[source, target]
        key = (label, evidence, tuple(info or []))
        if key not in data["seen"]:
            data["seen"].add(key)
            relation = {"label": label, "group": relation_group(label), "info": info or [],
                        "evidence": self.facts.evidence_of(evidence) if evidence else []}
            if covers and not evidence:
                self.facts.evidence_of(covers[0])  # read with the rest, filtered in done()
                relation["covers"] = covers
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
            self.graph.nodes[thing]["networks"].add(network)

    def membership(self, m: Membership, source: str, target: str) -> None:
        role = _lower_first(self.facts.label(m.role)) if m.role else "lid"
        info = [("Periode", f"{m.since or '…'} – {m.until or '…'}")] if m.since or m.until else []
        if target != m.organization:
            info.append(("Via", self.facts.label(m.organization)))
        self.link(source, target, role, m.id, info, role)

    def concepts(self, thing: str, concepts: set[str]) -> None:
        """Say which domains and recommendations a node works on, for the concept filters."""
        if thing in self.graph:
            self.graph.nodes[thing]["concepts"] |= concepts

    def done(self) -> nx.DiGraph:
        facts, graph = self.facts, self.graph
        for _, data in graph.nodes(data=True):
            for name in ("networks", "roles", "sectors", "concepts"):
                data[name] = sorted(data[name])
        for _, _, data in graph.edges(data=True):
            data["roles"] = sorted(data["roles"])
            del data["seen"]
        facts.read_evidence()
        for _, _, data in graph.edges(data=True):
            for relation in data["relations"]:
                if "covers" in relation:
                    thing, link = relation.pop("covers")
                    relation["evidence"] = [item for item in facts.evidence_of(thing)
                                            if link in item.get("covers", ())]
        tagged = {c for _, data in graph.nodes(data=True) for c in data["concepts"]}
        graph.graph["domains"] = _by_notation(facts, [c for c in facts.of_kind("domein")
                                                      if c in tagged])
        graph.graph["recommendations"] = _by_notation(facts, [c for c in facts.of_kind(
            "aanbeveling") if c in tagged])
        concepts = {n for n, kind in graph.nodes(data="kind") if kind in CONCEPTS}
        named = {n for _, data in graph.nodes(data=True) for n in data["networks"]} | tagged \
            | concepts
        graph.graph["names"] = {n: _name(facts, n) for n in sorted(named)}
        return graph


def landscape(kg: KnowledgeGraph) -> nx.DiGraph:
    """Consortia, networks, their member organisations, national bodies and programmes."""
    facts = Facts.read(kg, links=LANDSCAPE_LINKS)
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
            view.link(network, consortium, "hoort bij consortium",
                      covers=(network, "consortium"))
            view.tag(consortium, network)
    for actor in facts.of_kind("consortium", "netwerk"):
        for programme in _programmes_of(facts, actor):
            view.link(actor, programme, "werkt in programma")
            if facts.kinds[actor] == "netwerk":
                view.tag(programme, actor)
        for funder in facts.values(actor, "fundedBy"):
            if facts.kinds.get(funder) in {"landelijk", "programma"}:
                view.link(actor, funder, "gefinancierd door", covers=(actor, "fundedBy"))
                if facts.kinds[actor] == "netwerk":
                    view.tag(funder, actor)
    addressed = facts.addressed_by()
    for work, concepts in addressed.items():
        for runner in facts.values(work, "runBy"):
            view.concepts(runner, concepts)
    _landscape_work(view, facts, addressed)
    graph = view.done()
    # The page opens on an overview: hubs named, organisations gathered under them.
    overview.gather(graph)
    graph.graph["overview"] = overview.outline(graph)
    return graph


def _landscape_work(view: MapGraph, facts: Facts, addressed: dict[str, set[str]]) -> None:
    """Projects and activities, gathered under the network that runs them (overview.py), with
    a line to it and to the organisation that leads them (one the landscape shows already);
    partners are named in the details."""
    shown = set(view.graph)
    for work in facts.of_kind(*WORK):
        view.node(work)
        partners = "; ".join(sorted(facts.label(p) for p in facts.values(work, "partner")))
        if partners:
            view.graph.nodes[work]["info"].append(("Partners", partners))
        for name in ("runBy", "lead"):
            for party in facts.values(work, name):
                if facts.kinds.get(party) in ACTORS and (name == "runBy" or party in shown):
                    view.link(work, party, WORK_RELATIONS[name], covers=(work, name))
                    if facts.kinds[party] == "netwerk":
                        view.tag(work, party)
        view.concepts(work, addressed.get(work, set()))


def network(kg: KnowledgeGraph, wanted: str) -> nx.DiGraph:
    """One network: members by role and sector, bodies, posts, work, wider ties. Only that
    network's part of the graph is read (queries bound to it), whatever the graph's size."""
    home = find_network(network_names(kg), wanted)
    return network_view(Facts.read(kg, network_scope(kg, home)), home)


def network_view(facts: Facts, home: str) -> nx.DiGraph:
    """One network's map from facts that hold at least its part of the graph."""
    # Cyclomatic 16: one flat pass per part of the map, in drawing order; split up, the
    # parts would only hand the same three variables around.
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
        view.link(home, consortium, "hoort bij consortium", covers=(home, "consortium"))
    for funder in facts.values(home, "fundedBy"):
        view.link(home, funder, "gefinancierd door", covers=(home, "fundedBy"))
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
                view.link(work, party, relation, covers=(work, name))
        for programme in facts.values(work, "programme"):
            view.link(work, programme, "programma", covers=(work, "programme"))
        for funder in facts.values(work, "fundedBy"):
            view.link(work, funder, "gefinancierd door", covers=(work, "fundedBy"))
    addressed = facts.addressed_by()
    for work in _work_of(facts, units, home):
        view.concepts(work, addressed.get(work, set()))
    # One network: no network filter.
    view.graph.graph["facets"] = ["domains", "recommendations", "roles", "sectors"]
    view.graph.graph["little"] = _little(view.graph, units)
    view.graph.graph.update(layout="list", home=home)
    return view.done()


def coverage(kg: KnowledgeGraph, wanted: str | None = None) -> nx.DiGraph:
    """Projects and activities ↔ Kwaliteitskader domains ↔ PN-raad recommendations (and
    kernthema's and actielijnen); what nothing addresses is marked as a gap."""
    facts = Facts.read(kg, links=COVERAGE_LINKS)
    home = find_network(facts, wanted) if wanted else None
    title = "Dekking: Kwaliteitskader en PN-raad"
    view = MapGraph(facts, f"{title} — {facts.label(home)}" if home else title,
                    "Welke Kwaliteitskader-domeinen, aanbevelingen van de PN-raad, kernthema's en "
                    "actielijnen de projecten en activiteiten behandelen; wat "
                    f"{NOT_COVERED} is, is rood omlijnd")
    view.graph.graph["gaps"] = True  # the legend counts them
    view.graph.graph["layout"] = "columns"
    if home:
        view.graph.graph["scope"] = facts.label(home)
    view.graph.graph["facets"] = ["networks", "domains", "recommendations"]
    concepts = facts.of_kind(*CONCEPTS)
    for concept in concepts:
        view.node(concept)
        view.graph.nodes[concept]["sort"] = _notation_key(facts, concept)[0]
    for concept in concepts:
        for broader in facts.values(concept, "broader"):
            if broader in view.graph:
                view.link(concept, broader, "onderdeel van")
    # Work counts for the network that runs it (pz:runBy), as in the report's matrices.
    work = set(facts.of_kind(*WORK))
    if home:
        work = {w for w in work if home in facts.values(w, "runBy")}
    addressed: set[str] = set()
    concepts_of = facts.addressed_by()
    for thing, via, link, concept in facts.concept_links:
        if concept not in view.graph:
            continue
        if via == "coverage" and thing in work:
            view.link(thing, concept, "werkt aan", link)
            addressed.add(concept)
            view.concepts(thing, concepts_of[thing])
            for runner in facts.values(thing, "runBy"):
                if facts.kinds.get(runner) in {"netwerk", "consortium"}:
                    view.tag(thing, runner)
        elif via == "mapping" and thing in view.graph:
            view.link(thing, concept, "gekoppeld aan", link)
    for concept in concepts:
        view.concepts(concept, {concept, *facts.ancestors(concept)})
    # A frame of one consortium (the PN-raad's: Septet) is no gap for a network outside it: the
    # page leaves such a concept out of a chosen network's gaps, as the report's matrices do.
    for concept, reach in frame_reach(kg).items():
        if concept in view.graph:
            view.graph.nodes[concept]["reach"] = sorted(reach)
    # A domain counts as addressed when one of its sub-domains is.
    addressed |= {b for c in addressed for b in facts.values(c, "broader")}
    for concept in concepts:
        if concept not in addressed:
            view.graph.nodes[concept]["gap"] = True
            view.graph.nodes[concept]["info"].append(
                (NOT_COVERED_TITLE, "geen project of activiteit in deze kaart werkt hieraan"))
    graph = view.done()
    # Every network and consortium can be chosen, one without recorded work too: the report
    # links each network's section here, and the page then says that nothing is known of it
    # (no gap), where it would otherwise show the national gaps.
    units = facts.of_kind("netwerk", "consortium")
    graph.graph["choices"] = {"networks": units}
    graph.graph["names"].update({u: _name(facts, u) for u in units})
    return graph


def _lower_first(text: str) -> str:
    """Role names read as relations on a line: "Stuurgroeplid" → "stuurgroeplid"."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _unit(facts: Facts, thing: str) -> str:
    """The network or consortium a governing body belongs to; anything else is itself."""
    if facts.kinds.get(thing) == "orgaan":
        units = facts.values(thing, "unitOf")
        return units[0] if units else thing
    return thing


def _programmes_of(facts: Facts, actor: str) -> list[str]:
    """Programmes an actor works in: through the plans it publishes and the work it runs."""
    return sorted(facts.index("programmes", _programme_index).get(actor, ()))


def _programme_index(facts: Facts) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for values in facts.links.values():
        programmes = [p for p in values.get("programme", []) if facts.kinds.get(p) == "programma"]
        if programmes:
            for actor in values.get("publisher", []) + values.get("runBy", []):
                found.setdefault(actor, set()).update(programmes)
    return found


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


def _notation_key(facts: Facts, concept: str) -> tuple:
    notation = next(iter(facts.values(concept, "notation")), "")
    # "2.10" after "2.9", "K4" after "K1": letters first, then the numbers as numbers.
    numbers = tuple(int(n) for n in re.findall(r"\d+", notation))
    return ((re.sub(r"[\d.]+", "", notation), numbers), concept)


def _by_notation(facts: Facts, concepts: list[str]) -> list[str]:
    return sorted(concepts, key=lambda c: _notation_key(facts, c))


def _name(facts: Facts, thing: str) -> str:
    """A concept with its number (“2.3 Samenwerking”); anything else by its name."""
    notation = next(iter(facts.values(thing, "notation")), "")
    label = facts.label(thing)
    return f"{notation} {label}" if notation and not label.startswith(notation) else label


def _little(graph: nx.DiGraph, units: set[str]) -> str:
    """What the map says about how much the graph holds (glossary.known_about: the report's
    rule too); empty when it holds enough to read."""
    members = len({n for unit in units for n in graph.predecessors(unit)
                   if graph.nodes[n]["kind"] in {"organisatie", "landelijk"}})
    work = sum(graph.nodes[n]["kind"] in WORK for n in graph)
    return known_about(members, work, bodies=len(units) - 1)
