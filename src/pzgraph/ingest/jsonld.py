"""A checked data file as a JSON-LD document: context added, defaults and nested ids filled in.

The mapping to RDF is the JSON-LD context's, not ours; this only fills in what the format
leaves implicit: the default evidence source, stable ids and types of nested objects, and
the datatypes of dates.

Nested ids are minted from what the object is (docs/iri-policy.md), never from its wording or
its place in the file: a membership from member, organisation, role and start; a coverage link
or mapping from its work and its concept; a result from its work, its curator-chosen key and
when.
Only evidence is identified by its content, since a changed quote is other evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..vocab import ID_BASE
from .context import Context
from .identity import nested_id
from .keys import NESTED, URL_PATTERN
from .records import DataFile
from .rules import KeyRule


def to_jsonld(data: DataFile, context: Context,
              documents: dict[str, str] | None = None) -> dict[str, Any]:
    """The file as a JSON-LD document: context added, defaults and nested ids filled in;
    `documents` maps a source file name to the id of the record that describes it
    (`source_documents`)."""
    documents = documents or {}
    graph = [_expand_node(record, record.get("id", ""), data.source, None, context.rules,
                          documents)
             for record in data.records]
    return {"@context": context.with_base(ID_BASE)["@context"], "@graph": graph}


def _expand_node(node: dict, node_id: str, source: str | None, nested_key: str | None,
                 rules: dict[str, KeyRule], documents: dict[str, str]) -> dict:
    out: dict[str, Any] = {}
    if nested_key:
        cls, _segment = NESTED[nested_key]
        out["id"] = nested_id(node, node_id, nested_key)
        out["type"] = cls
        if nested_key == "evidence":
            node = {"source": source, **node} if "source" not in node and source else node
            node = _in_language(node)
    for key, value in node.items():
        if key in NESTED:
            parent = out.get("id", node_id)
            out[key] = [_expand_node(item, parent, source, key, rules, documents)
                        for item in value]
        elif key == "source":
            out[key] = source_id(value, documents)
        elif key == "key":  # dcterms:identifier, text even when it reads as a number (2023)
            out[key] = str(value)
        elif key in rules and rules[key].kind == "date":
            out[key] = _typed_date(value)
        elif key in rules and rules[key].kind == "year":
            out[key] = [str(v) for v in (value if isinstance(value, list) else [value])]
        else:
            out[key] = value
    return out


def _in_language(item: dict) -> dict:
    """A quote that is not Dutch: its 'quoteLanguage' tags the quote and basis instead of the
    context's default (nl), as JSON-LD value objects (and stays as the item's dcterms:language)."""
    language = item.get("quoteLanguage")
    if language is None:
        return item
    out = dict(item)
    for key in ("quote", "basis"):
        if key in out:
            values = out[key] if isinstance(out[key], list) else [out[key]]
            tagged = [{"@value": v, "@language": language} for v in values]
            out[key] = tagged if isinstance(out[key], list) else tagged[0]
    return out


def source_documents(files: list[DataFile]) -> dict[str, str]:
    """Each source file name with the id of the record that describes it (its `fileName`):
    the id is the curator's, so renaming or renumbering the file moves no IRI."""
    return {record["fileName"]: record["id"] for data in files for record in data.records
            if isinstance(record.get("fileName"), str) and isinstance(record.get("id"), str)}


def source_id(source: str, documents: dict[str, str]) -> str:
    """A source file becomes the id of the SourceDocument record that names it in `fileName`;
    a URL stays itself. A file no record describes gets `bron/{file name}`, which the check
    checks/evidence-source-missing-violation.rq reports (a record is missing)."""
    if URL_PATTERN.match(source):
        return source
    return documents.get(source) or "bron/" + source.removesuffix(".txt")


def _typed_date(value: Any) -> dict[str, str]:
    if isinstance(value, dt.date):
        return {"@value": value.isoformat(), "@type": "xsd:date"}
    text = str(value)
    kind = "xsd:gYear" if re.fullmatch(r"[0-9]{4}", text) else "xsd:date"
    return {"@value": text, "@type": kind}
