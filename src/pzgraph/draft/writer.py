"""Writing a Draft as a data file in the usual format, every evidence item a proposal.

A proposal's evidence item carries `proposal: true` and `confidence` (0-1) beside its
verbatim quote: the footing "voorstel" until a curator accepts it (review.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .model import Draft, Quote


def evidence(quote: Quote) -> dict[str, Any]:
    return {"quote": quote.text, "proposal": True, "confidence": round(quote.confidence, 2)}


def records(draft: Draft) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    memberships: dict[str, list[dict[str, Any]]] = {}
    for m in draft.memberships:
        memberships.setdefault(m.member, []).append(
            {"organization": m.organization, "role": m.role, "evidence": [evidence(m.quote)]})
    for entity in draft.entities.values():
        record: dict[str, Any] = {"id": entity.id}
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
            record["addresses"] = [{"concept": link.concept, "evidence": [evidence(link.quote)]}
                                   for link in activity.addresses]
        if activity.results:
            record["results"] = [_result(r) for r in activity.results]
        extra = activity.evidence + [link.quote for link in activity.interventions]
        record["evidence"] = [evidence(activity.quote)] + [
            evidence(q) for q in dict.fromkeys(extra) if q.text != activity.quote.text]
        out.append(record)
    return out


def _result(result) -> dict[str, Any]:  # noqa: ANN001 - a ResultProposal
    value = int(result.value) if result.value == int(result.value) else result.value
    item: dict[str, Any] = {"value": value, "unit": result.unit}
    if result.year:
        item["year"] = result.year
    item["evidence"] = [evidence(result.quote)]
    return item


def dump(draft: Draft) -> str:
    header = (f"# Draft of {draft.source} for {draft.network}, made by `pzgraph draft`.\n"
              "# Every evidence item marked 'proposal: true' is a proposal (footing: voorstel).\n"
              "# Review: set 'proposal: accept' or 'proposal: reject' (or edit the record),\n"
              "# then run `pzgraph draft --review THIS-FILE`. See data/README.md.\n")
    body = yaml.safe_dump({"source": draft.source, "records": records(draft)},
                          allow_unicode=True, sort_keys=False, width=100)
    return header + body


def write(draft: Draft, path: Path) -> None:
    """Write atomically: a half-written draft never replaces anything."""
    temporary = path.with_name(path.name + ".part")
    temporary.write_text(dump(draft), encoding="utf-8")
    temporary.replace(path)
