"""Writing a Draft as a data file in the usual format, every evidence item a proposal.

A proposal's evidence item carries `proposal: true` and `confidence` (0-1) beside its
verbatim quote: the footing "voorstel" until a curator accepts it (review.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..ingest.identity import wording_key
from ..project import write_atomic
from ..terminal import printable
from .model import CoverageProposal, Draft, Quote, ResultProposal


def evidence(quote: Quote) -> dict[str, Any]:
    return {"quote": quote.text, "proposal": True, "confidence": round(quote.confidence, 2)}


def records(draft: Draft) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if draft.title:  # the document itself, which every quote cites
        out.append({"id": "bron/" + draft.source.removesuffix(".txt"), "type": "SourceDocument",
                    "label": _label(draft.title.text), "fileName": draft.source,
                    "publisher": [draft.network], "evidence": [evidence(draft.title)]})
    memberships: dict[str, list[dict[str, Any]]] = {}
    for m in draft.memberships:
        items = memberships.setdefault(m.member, [])
        same = [i for i in items if (i["organization"], i["role"]) == (m.organization, m.role)]
        if same:  # one membership per organisation and role (its identity), quotes added
            if all(e["quote"] != m.quote.text for e in same[0]["evidence"]):
                same[0]["evidence"].append(evidence(m.quote))
            continue
        items.append({"organization": m.organization, "role": m.role,
                      "evidence": [evidence(m.quote)]})
    if draft.area and draft.network not in draft.entities:
        draft.entity(draft.network)
    for entity in draft.entities.values():
        record: dict[str, Any] = {"id": entity.id}
        if entity.id == draft.network and draft.area:
            record["areaServed"] = draft.area
        if entity.new:
            record["type"] = entity.types[0] if len(entity.types) == 1 else entity.types
            record["label"] = entity.label
            if entity.similar_to:
                record["description"] = (
                    f"Nieuwe organisatie; lijkt op {entity.similar_to} maar is niet "
                    "samengevoegd: controleer of het dezelfde is.")
        if entity.id in memberships:
            record["memberships"] = memberships.pop(entity.id)
        record["evidence"] = [evidence(q) for q in entity.quotes]
        if entity.id == draft.network:
            record["evidence"] += [evidence(q) for q in draft.area_quotes]
        out.append(record)
    for member, items in memberships.items():  # members not otherwise quoted (the network)
        out.append({"id": member, "memberships": items,
                    "evidence": items[0]["evidence"]})
    for activity in draft.activities:
        record = {"id": activity.id, "type": "Activity", "label": activity.label,
                  "runBy": [draft.network]}
        if activity.years:
            record["year"] = activity.years
        if activity.status:
            record["status"] = activity.status
        if activity.lead_roles:
            record["leadRole"] = activity.lead_roles
        if activity.partners:
            record["partner"] = activity.partners
        if activity.funded_by:
            record["fundedBy"] = activity.funded_by
        if activity.interventions:
            record["intervention"] = sorted({link.concept for link in activity.interventions})
        if activity.addresses:
            record["addresses"] = _links(activity.addresses)
        if activity.results:
            record["results"] = list({_identity(r): _result(r) for r in activity.results}.values())
        extra = activity.evidence + [link.quote for link in activity.interventions]
        record["evidence"] = [evidence(activity.quote)] + [
            evidence(q) for q in dict.fromkeys(extra) if q.text != activity.quote.text]
        out.append(record)
    return out


def _label(text: str) -> str:
    return text if len(text) <= 120 else text[:120].rsplit(" ", 1)[0] + " …"


def _links(links: list[CoverageProposal]) -> list[dict[str, Any]]:
    """One coverage link per concept (its identity), with every sentence that names it."""
    out: dict[str, dict[str, Any]] = {}
    for link in links:
        item = out.setdefault(link.concept, {"concept": link.concept, "evidence": []})
        if all(e["quote"] != link.quote.text for e in item["evidence"]):
            item["evidence"].append(evidence(link.quote))
    return list(out.values())


def _identity(result: ResultProposal) -> tuple[float, str, int | None]:
    return (result.value, result.unit, result.year)


def _result(result: ResultProposal) -> dict[str, Any]:
    value = int(result.value) if result.value == int(result.value) else result.value
    # the label tells figures of one unit and year apart (label, unit and year identify it)
    label = f"{value} {result.unit}"
    # its key names it (and mints its IRI): proposed from the label, kept when wording changes
    item: dict[str, Any] = {"key": wording_key({"label": label}, "results"), "label": label,
                            "value": value, "unit": result.unit}
    if result.year:
        item["year"] = result.year
    item["evidence"] = [evidence(result.quote)]
    return item


def dump(draft: Draft) -> str:
    # names shown escaped: a raw control character would make the comment unreadable YAML
    header = (f"# Draft of {printable(draft.source)} for {printable(draft.network)}, made by "
              "`pzgraph draft`.\n"
              "# Every evidence item marked 'proposal: true' is a proposal (footing: voorstel).\n"
              "# Review: set 'proposal: accept' or 'proposal: reject' (or edit the record),\n"
              "# then run `pzgraph draft --review THIS-FILE`. See data/README.md.\n")
    # 'graph' names the file's named graph once (data/README.md): proposed after the source
    graph = draft.source.removesuffix(".txt")
    body = yaml.safe_dump({"graph": graph, "source": draft.source, "records": records(draft)},
                          allow_unicode=True, sort_keys=False, width=100)
    return header + body


def write(draft: Draft, path: Path) -> None:
    """Write atomically: a half-written draft never replaces anything, and nothing is written
    through a link planted at a temporary name (project.write_atomic)."""
    write_atomic(path, dump(draft))
