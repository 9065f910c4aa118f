"""Across data files: ids defined twice, records that extend nothing, unknown references."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from ..errors import Finding
from .context import Context
from .keys import NESTED, REF_PATTERN
from .records import DataFile, record_name
from .values import suggest


def iter_references(record: dict, context: Context) -> Iterator[tuple[str, str]]:
    """(key, id) for every reference a record makes, nested objects included."""
    for key, value in record.items():
        if key in NESTED and isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    yield from ((k, v) for k, v in iter_references(item, context) if k != "source")
        elif key in context.rules and context.rules[key].kind == "reference" and key != "source":
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and REF_PATTERN.match(item):
                    yield key, item


def check_across_files(files: list[DataFile], context: Context,
                       known_ids: Iterable[str]) -> list[Finding]:
    """Ids defined twice, records that extend nothing, references to unknown ids."""
    findings: list[Finding] = []
    defined: dict[str, str] = {}
    for data in files:
        seen_in_file: set[str] = set()
        for record in data.records:
            rid = record.get("id")
            if not isinstance(rid, str):
                continue
            if rid in seen_in_file:
                findings.append(Finding(data.name, rid,
                                        "the id is used by two records in this file",
                                        "merge the two records into one", "duplicate"))
            seen_in_file.add(rid)
            if "type" in record or "label" in record:
                if rid in defined:
                    findings.append(Finding(
                        data.name, rid,
                        f"the id is defined (type or label) here and in {defined[rid]}",
                        "define an entity once; elsewhere add only other keys (altLabel, ...) "
                        "with evidence", "duplicate"))
                else:
                    defined[rid] = data.name
    findings += _case_twins(defined)
    findings += _shared_names(files)
    valid = set(defined) | set(known_ids)
    close_to = _CloseIds(valid)
    for data in files:
        for index, record in enumerate(data.records):
            rid = record_name(record, index)
            if isinstance(record.get("id"), str) and record["id"] not in valid:
                findings.append(Finding(data.name, rid,
                                        "the record adds to an id that no file defines",
                                        "give the record a 'type' and 'label', or correct the id"
                                        f"{suggest(close_to(rid))}",
                                        "reference"))
            for key, target in iter_references(record, context):
                if target not in valid:
                    close = close_to(target)
                    findings.append(Finding(data.name, rid,
                                            f"'{key}: {target}' refers to an unknown id",
                                            f"correct the id{suggest(close)}, or define it",
                                            "reference"))
    return findings


def _shared_names(files: list[DataFile]) -> list[Finding]:
    """Two data files with one graph name, or two source documents with one file: each must be
    one of its kind, since the graph's IRI and the document's id are looked up by them."""
    findings = []
    graphs: dict[str, str] = {}
    documents: dict[str, tuple[str, str]] = {}
    for data in files:
        if data.graph is not None:
            first = graphs.setdefault(data.graph, data.name)
            if first != data.name:
                findings.append(Finding(data.name, "", f"'graph: {data.graph}' is also the graph "
                                        f"of {first}", "give each data file a graph name of its "
                                        "own (two files in one graph would mix their provenance)",
                                        "duplicate"))
        for record in data.records:
            name, rid = record.get("fileName"), record.get("id")
            if not isinstance(name, str) or not isinstance(rid, str):
                continue
            first_doc = documents.setdefault(name, (rid, data.name))
            if first_doc[0] != rid:
                findings.append(Finding(data.name, rid, f"'fileName: {name}' is also the file of "
                                        f"{first_doc[0]} (in {first_doc[1]})", "describe a "
                                        "source file in one SourceDocument record: evidence that "
                                        "cites the file is linked to that record", "duplicate"))
    return findings


def _case_twins(defined: dict[str, str]) -> list[Finding]:
    """Ids that differ only in case: a release's pages doc/organisatie/amaris.html and
    Amaris.html overwrite each other on a file system that ignores case (macOS, Windows)."""
    first: dict[str, str] = {}
    findings = []
    for rid, file in sorted(defined.items()):
        twin = first.setdefault(rid.casefold(), rid)
        if twin != rid:
            findings.append(Finding(file, rid, f"the id differs from '{twin}' (in "
                                    f"{defined[twin]}) only in upper and lower case",
                                    "give ids that differ in more than case; use lower case",
                                    "duplicate"))
    return findings


def check_vocabulary_terms(files: list[DataFile], vocabulary_ids: set[str],
                           vocabulary_keys: set[str]) -> list[Finding]:
    """A data file may add evidence and links to a term of a vocabulary, never redefine it:
    no 'type', and none of the keys the vocabulary itself states (label, definition, ...)."""
    findings: list[Finding] = []
    for data in files:
        for record in data.records:
            rid = record.get("id")
            if not isinstance(rid, str) or rid not in vocabulary_ids:
                continue
            redefined = sorted(key for key in record if key == "type" or key in vocabulary_keys)
            if redefined:
                findings.append(Finding(
                    data.name, rid,
                    f"the record redefines a term of the vocabulary '{rid.split('/')[0]}' "
                    f"({', '.join(redefined)})",
                    f"remove {', '.join(redefined)}: a vocabulary term is defined only in "
                    "ontology/vocabularies/; a data file may add evidence and links to it",
                    "reference"))
    return findings


class _CloseIds:
    """Did-you-mean for ids: candidates of the same kind first, each answer computed once."""

    def __init__(self, valid: set[str]):
        self.by_kind: dict[str, list[str]] = {}
        for identifier in sorted(valid):
            self.by_kind.setdefault(identifier.split("/", 1)[0], []).append(identifier)
        self.everything = sorted(valid)
        self.cache: dict[str, list[str]] = {}

    def __call__(self, wrong: str) -> list[str]:
        if wrong not in self.cache:
            same_kind = self.by_kind.get(wrong.split("/", 1)[0])
            candidates = same_kind if same_kind else self.everything
            self.cache[wrong] = difflib.get_close_matches(wrong, candidates, 3)
        return self.cache[wrong]
