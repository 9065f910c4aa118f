"""The curator's loop on a draft: accept, edit or reject each proposal, then apply.

Convention (data/README.md): an evidence item with `proposal: true` is an unreviewed
proposal. The curator edits the record as needed and sets `proposal: accept` or
`proposal: reject` on its evidence. `pzgraph draft --review FILE` then drops rejected
records and links, removes `proposal` and `confidence` from accepted evidence (the
voorstel footing goes), and leaves undecided proposals as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DraftError

NESTED = ("memberships", "members", "addresses", "mappings", "results")


@dataclass
class ReviewCount:
    accepted: int = 0
    rejected: int = 0
    open: int = 0
    removed_records: list[str] = field(default_factory=list)


def decision(node: dict[str, Any]) -> str | None:
    """'accept', 'reject', 'open' (a proposal not reviewed) or None (no proposal)."""
    values = [item.get("proposal") for item in node.get("evidence") or []
              if isinstance(item, dict) and "proposal" in item]
    if not values:
        return None
    if "reject" in values:
        return "reject"
    if all(v == "accept" for v in values):
        return "accept"
    return "open"


def _accept(node: dict[str, Any]) -> None:
    for item in node.get("evidence") or []:
        if isinstance(item, dict):
            item.pop("proposal", None)
            item.pop("confidence", None)


def apply_review(document: dict[str, Any]) -> ReviewCount:
    count = ReviewCount()
    kept = []
    for record in document.get("records") or []:
        verdict = decision(record)
        if verdict == "reject":
            count.rejected += 1
            count.removed_records.append(str(record.get("id")))
            continue
        for key in NESTED:
            items = record.get(key)
            if not isinstance(items, list):
                continue
            survivors = []
            for item in items:
                item_verdict = decision(item) if isinstance(item, dict) else None
                if item_verdict == "reject":
                    count.rejected += 1
                    continue
                if item_verdict == "accept":
                    count.accepted += 1
                    _accept(item)
                elif item_verdict == "open":
                    count.open += 1
                survivors.append(item)
            if survivors:
                record[key] = survivors
            else:
                record.pop(key)
        if verdict == "accept":
            count.accepted += 1
            _accept(record)
        elif verdict == "open":
            count.open += 1
        kept.append(record)
    document["records"] = kept
    return count


def review_file(path: Path) -> ReviewCount:
    """Apply the decisions written in a draft file, in place (written atomically)."""
    if not path.is_file():
        raise DraftError(f"{path}: no such file", "give the draft file to review")
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise DraftError(f"{path}: not a readable YAML data file ({str(error).splitlines()[0]})",
                         "correct the YAML (see data/README.md) and run the review again") from None
    if not isinstance(document, dict) or not isinstance(document.get("records"), list):
        raise DraftError(f"{path}: not a data file (no 'records' list)",
                         "give a file written by `pzgraph draft`")
    count = apply_review(document)
    temporary = path.with_name(path.name + ".part")
    temporary.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100),
                         encoding="utf-8")
    temporary.replace(path)
    return count


def count_open(records: list[dict[str, Any]]) -> int:
    """Proposals still unreviewed (for `pzgraph validate`)."""
    total = 0
    for record in records:
        if decision(record) in ("open",) or decision(record) == "accept":
            total += decision(record) == "open"
        for key in NESTED:
            for item in record.get(key) or []:
                if isinstance(item, dict) and decision(item) == "open":
                    total += 1
    return total
