"""The curator's loop on a draft: accept, edit or reject each proposal.

A proposal is an evidence item with `proposal: true` (footing `zekerheid/voorstel`, see
data/README.md). Accepting removes `proposal` and `confidence` from the evidence of the
record or nested item (membership, coverage link, result), so it counts as quoted fact;
rejecting removes the record or the item; editing opens it in the curator's editor first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..ingest.records import MAX_FILE_BYTES
from ..ingest.yaml_reader import TooLarge, load_bounded
from ..plain_input import read_plain_text
from ..project import write_atomic
from ..terminal import printable
from .errors import DraftError

# A YAML comment: '#' at a line's start or after a space, outside a quoted scalar
COMMENT = re.compile(r"(^|\s)#")
QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"")

NESTED = ("memberships", "members", "addresses", "mappings", "results")
Decide = Callable[["Proposal"], str]  # returns accept, reject, skip or quit (edit is done inside)


@dataclass
class Proposal:
    """One open proposal: a record, or a nested item of a record."""

    record: dict[str, Any]
    key: str | None = None  # the nested key, when the proposal is a nested item
    item: dict[str, Any] | None = None

    @property
    def node(self) -> dict[str, Any]:
        return self.item if self.item is not None else self.record

    def describe(self) -> str:
        node = self.node
        head = f"{self.record.get('id')}"
        if self.key:
            what = {k: v for k, v in node.items() if k != "evidence"}
            head += f" — {self.key}: {what}"
        else:
            what = {k: v for k, v in node.items() if k not in ("evidence", *NESTED)}
            head += f" — {what}"
        quotes = [f"    “{e.get('quote')}” (confidence {e.get('confidence', '?')})"
                  for e in node.get("evidence") or [] if isinstance(e, dict) and e.get("proposal")]
        return printable("\n".join([head, *quotes]))  # quotes come from outside documents


@dataclass
class ReviewCount:
    accepted: int = 0
    rejected: int = 0
    open: int = 0
    decided: list[str] = field(default_factory=list)


def is_open(node: dict[str, Any]) -> bool:
    return any(isinstance(item, dict) and item.get("proposal") is True
               for item in node.get("evidence") or [])


def open_proposals(records: list[dict[str, Any]]) -> Iterator[Proposal]:
    for record in records:
        if not isinstance(record, dict):
            continue
        if is_open(record):
            yield Proposal(record)
        for key in NESTED:
            for item in record.get(key) or []:
                if isinstance(item, dict) and is_open(item):
                    yield Proposal(record, key, item)


def count_open(records: list[dict[str, Any]]) -> int:
    """Proposals still unreviewed (for `pzgraph validate`)."""
    return sum(1 for _ in open_proposals(records))


def accept(proposal: Proposal) -> None:
    for item in proposal.node.get("evidence") or []:
        if isinstance(item, dict):
            item.pop("proposal", None)
            item.pop("confidence", None)


def reject(proposal: Proposal, records: list[dict[str, Any]]) -> None:
    if proposal.key is None:
        records.remove(proposal.record)
        return
    items = proposal.record[proposal.key]
    items.remove(proposal.item)
    if not items:
        del proposal.record[proposal.key]


def _still_there(proposal: Proposal, records: list[dict[str, Any]]) -> bool:
    if not any(record is proposal.record for record in records):
        return False
    return proposal.key is None or any(
        item is proposal.item for item in proposal.record.get(proposal.key) or [])


def read_draft(path: Path) -> tuple[dict[str, Any], str]:
    """The draft and its leading comment lines (the header `pzgraph draft` writes), read with
    the build's bounded reader: an alias bomb is refused before anything expands it."""
    if not path.is_file():
        raise DraftError(f"{path}: no such file", "give the draft file to review")
    # a draft is a data file: the build's bound, before anything is read
    text = read_plain_text(path, MAX_FILE_BYTES, "the draft")
    try:
        document = load_bounded(text)
    except TooLarge as error:
        raise DraftError(f"{path}: {error}", "a draft holds plain records; write it out "
                         "without YAML aliases") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise DraftError(f"{path}: not a readable YAML data file ({str(error).splitlines()[0]})",
                         "correct the YAML (see data/README.md) and review again") from None
    if not isinstance(document, dict) or not isinstance(document.get("records"), list):
        raise DraftError(f"{path}: not a data file (no 'records' list)",
                         "give a file written by `pzgraph draft`")
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    # the review writes the file anew: a comment further down would be lost without a word
    for number, line in enumerate(lines[start:], start + 1):
        if COMMENT.search(QUOTED.sub("", line)):
            raise DraftError(f"{path}, line {number}: a comment ({line.strip()[:60]!r}); the "
                             "review writes the file anew and would drop it. Nothing was changed",
                             "decide in the file itself (data/README.md, 'Drafting a file'), "
                             "or move the comment into a record's description")
    return document, "".join(lines[:start])


def write_draft(document: dict[str, Any], path: Path, header: str = "") -> None:
    """The safe writer of every output (a unique temporary, never through a link)."""
    write_atomic(path, header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False,
                                               width=100))


def review_file(path: Path, decide: Decide) -> ReviewCount:
    """Ask `decide` about every open proposal; the file is written after each decision."""
    document, header = read_draft(path)
    seen = _version(path)
    records = document["records"]
    count = ReviewCount()
    pending = list(open_proposals(records))
    for index, proposal in enumerate(pending):
        if not _still_there(proposal, records):
            continue  # its record was rejected a moment ago
        answer = decide(proposal)
        if answer == "quit":
            count.open += len(pending) - index
            break
        if answer == "accept":
            accept(proposal)
            count.accepted += 1
        elif answer == "reject":
            reject(proposal, records)
            count.rejected += 1
        else:
            count.open += 1
            continue
        count.decided.append(f"{answer}: {proposal.record.get('id')}"
                             + (f" ({proposal.key})" if proposal.key else ""))
        if _version(path) != seen:  # saved in an editor meanwhile: that must not be lost
            raise DraftError(f"{path} changed while it was reviewed; this decision "
                             f"({count.decided.pop()}) was not written, the earlier ones were",
                             "run the review again: it starts from the file as it is now")
        write_draft(document, path, header)
        seen = _version(path)
    return count


def _version(path: Path) -> tuple[int, int, int]:
    status = path.stat()
    return status.st_ino, status.st_size, status.st_mtime_ns
