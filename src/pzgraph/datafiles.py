"""Read the curated YAML data files, check them, and turn them into JSON-LD documents.

A data file is JSON-LD written as YAML under the shared context `ontology/context.jsonld`.
This module only checks what a curator wrote (every finding names file, record and fix)
and fills in what the format leaves implicit: the context, the default evidence source,
stable ids and types of nested objects, and datatypes of dates. The mapping to RDF is the
JSON-LD context's, not ours.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import math
import re
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Finding
from .evidence import quote_in_source
from .project import Project

# Keys under which a list of nested objects stands: their class and id segment.
NESTED = {
    "evidence": ("Evidence", "bewijs"),
    "memberships": ("Membership", "lidmaatschap"),
    "members": ("Membership", "lidmaatschap"),
    "addresses": ("CoverageLink", "dekking"),
    "mappings": ("ConceptMapping", "koppeling"),
    "results": ("Result", "resultaat"),
}
NESTED_KEYS = {
    "evidence": {"source", "quote", "locator", "judgement", "verification", "proposal",
                 "confidence"},
    "memberships": {"organization", "role", "from", "until", "description", "evidence"},
    "members": {"member", "role", "from", "until", "description", "evidence"},
    "addresses": {"concept", "description", "evidence"},
    "mappings": {"concept", "description", "evidence"},
    "results": {"value", "unit", "year", "target", "label", "description", "evidence"},
}
REQUIRED_NESTED = {
    "memberships": ("organization", "role"),
    "members": ("member", "role"),
    "addresses": ("concept",),
    "mappings": ("concept",),
    "results": ("value", "unit"),
}
# Keys that only make sense inside a nested object.
NESTED_ONLY = {"quote", "locator", "judgement", "verification", "member", "organization",
               "concept", "source", "value", "unit", "target", "proposal", "confidence"}
TEXT_KEYS = {"label", "labelEn", "altLabel", "description", "definition", "judgement", "unit",
             "documentKind", "quote", "locator", "notation", "fileName"}
LABEL_KEYS = {"label", "labelEn", "altLabel"}
DATE_KEYS = {"from", "until"}
MIN_YEAR, MAX_YEAR = 1950, 2050

# \Z, not $: "$" also matches before a final line break, which would let "a/b\n" through.
ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)+\Z")
# A reference may also name a concept scheme, whose id is one word (inScheme: interventie).
REF_PATTERN = re.compile(r"^[a-z][a-z0-9-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*\Z")
URL_PATTERN = re.compile(r"^https?://[^\s<>\"{}|\\^`]+\Z")  # characters an IRI may hold
CBS_PATTERN = re.compile(r"^GM[0-9]{4}\Z")
MARKUP = re.compile(r"[<>]")
SOURCE_FILE = re.compile(r"^[\w.-]+\.txt\Z")
# Control characters and lone surrogates (from YAML escapes) cannot be written as RDF text.
BAD_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A YAML loader that refuses a key given twice in one mapping (PyYAML keeps the last).

    Built on libyaml's parser when PyYAML has it: five times faster on the curated data.
    """


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a word, not a list or mapping", key_node.start_mark)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{key}' is given twice in {_mapping_name(node)}",
                key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


def _mapping_name(node: yaml.MappingNode) -> str:
    """'the record organisatie/x' when the mapping has an id, else 'one record or item'."""
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) == "id" and isinstance(value_node, yaml.ScalarNode):
            return f"the record {value_node.value}"
    return "one record or item"


def _construct_timestamp(loader: _StrictLoader, node: yaml.ScalarNode) -> Any:
    """A date that does not exist (2025-02-30) stays text, so the record check can name it."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@dataclass(frozen=True)
class Context:
    """The terms of the JSON-LD context, sorted by what a curator may do with them."""

    document: dict[str, Any]
    classes: frozenset[str]
    properties: frozenset[str]
    iri_valued: frozenset[str]
    multi_valued: frozenset[str]

    @classmethod
    def load(cls, project: Project) -> Context:
        document = json.loads((project.ontology_dir / "context.jsonld").read_text(encoding="utf-8"))
        terms = document["@context"]
        classes, properties, iri_valued, multi = set(), set(), set(), set()
        for term, definition in terms.items():
            if term.startswith("@") or term in {"id", "type"}:
                continue
            if isinstance(definition, str):
                if term[:1].isupper():
                    classes.add(term)
                continue  # a prefix
            properties.add(term)
            if definition.get("@type") == "@id":
                iri_valued.add(term)
            if definition.get("@container") == "@set":
                multi.add(term)
        return cls(document, frozenset(classes), frozenset(properties), frozenset(iri_valued),
                   frozenset(multi))

    def with_base(self, id_base: str) -> dict[str, Any]:
        document = json.loads(json.dumps(self.document))
        document["@context"]["@base"] = id_base
        return document


@dataclass
class DataFile:
    """One data file as read, with its records; `findings` holds what is wrong with it."""

    path: Path
    source: str | None = None
    records: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    def problem(self, entity: str, problem: str, fix: str, check: str = "data") -> None:
        self.findings.append(Finding(self.name, entity, problem, fix, check))


def read_data_file(path: Path, context: Context, project: Project) -> DataFile:
    """Parse and check one file on its own (references across files are checked later)."""
    data = DataFile(path)
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except UnicodeDecodeError:
        data.problem("", "the file is not UTF-8 text", "save the file as UTF-8")
        return data
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(error, "problem", None) or str(error).splitlines()[0]
        what += next((hint for words, hint in _YAML_HINTS.items() if words in what), "")
        data.problem("", f"YAML syntax error{where}: {what}",
                     "correct the indentation or punctuation there (a quote containing ': ' "
                     "must be put between double quotes)", "syntax")
        return data
    except (ValueError, OverflowError) as error:  # e.g. PyYAML reading 2025-13-45 as a date
        data.problem("", f"a value cannot be read: {error}",
                     "correct the date or number (a date is written 2025-09-01)", "syntax")
        return data
    except RecursionError:
        data.problem("", "the file is nested too deeply to be read",
                     "write records as a flat list under 'records' (see data/README.md)", "syntax")
        return data
    if not isinstance(document, dict) or not isinstance(document.get("records"), list):
        data.problem("", "the file must be a mapping with a list under 'records'",
                     "start the file with 'source: <file>.txt' and 'records:' followed by "
                     "'- id: ...' items (see data/README.md)", "structure")
        return data
    unknown = set(document) - {"source", "records"}
    if unknown:
        data.problem("", f"unknown top-level key(s): {', '.join(sorted(map(str, unknown)))}",
                     "only 'source' and 'records' may stand at the top of a data file", "structure")
    source = document.get("source")
    if source is not None and not _valid_source(source, project):
        data.problem("", f"'source: {source}' names no file in the sources folder",
                     f"give the file name of a document in {project.sources_dir}", "reference")
    else:
        data.source = source
    if not document["records"]:
        data.findings.append(Finding(data.name, "", "the file has no records",
                                     "add records under 'records:' or remove the file",
                                     "structure", "warning"))
    for index, record in enumerate(document["records"]):
        if not isinstance(record, dict):
            data.problem(f"record {index + 1}", "a record must be a mapping of keys to values",
                         "write the record as '- id: ...' with its keys indented below",
                         "structure")
            continue
        _check_record(record, index, data, context, project)
        data.records.append(record)
    return data


# The parser's words for the usual slips, and what they mean to a curator.
_YAML_HINTS = {
    "cannot start any token": " (often a tab: indent with spaces only; or a value that starts "
                              "with @ or `: put it between quotes)",
    "did not find expected": " (probably a line that is not indented like its neighbours)",
    "mapping values are not allowed": " (probably a ': ' inside a value that is not quoted)",
    "could not find expected ':'": " (probably a line that is not indented like its neighbours)",
    "found undefined alias": " (a '*' at the start of a value: put the value between quotes)",
}


def _valid_source(source: Any, project: Project) -> bool:
    if not isinstance(source, str):
        return False
    if URL_PATTERN.match(source):
        return True
    if not SOURCE_FILE.match(source):
        return False
    # Without the sources folder nothing can be checked here; the evidence check says so.
    return not project.sources_dir.is_dir() or (project.sources_dir / source).is_file()


def record_name(record: dict[str, Any], index: int) -> str:
    value = record.get("id")
    return value if isinstance(value, str) and value else f"record {index + 1}"


def _check_record(record: dict, index: int, data: DataFile, context: Context,
                  project: Project) -> None:
    entity = record_name(record, index)
    if "id" not in record:
        data.problem(entity, "the record has no 'id'",
                     "give it an id of the form type/reference, e.g. organisatie/zorgspectrum",
                     "structure")
    elif not isinstance(record["id"], str) or not ID_PATTERN.match(record["id"]):
        data.problem(entity, f"the id '{record['id']}' is not of the form type/reference",
                     "use lower-case words joined by hyphens, e.g. organisatie/st-jansdal",
                     "structure")
    types = record.get("type")
    if types is not None:
        for value in types if isinstance(types, list) else [types]:
            if not isinstance(value, str) or value not in context.classes:
                close = difflib.get_close_matches(str(value), sorted(context.classes), 3)
                data.problem(entity, f"unknown type '{value}'",
                             f"use one of the types in data/README.md{_suggest(close)}", "type")
    allowed = context.properties - NESTED_ONLY
    _check_keys(record, allowed | {"id", "type"}, entity, data, context, project, "record")
    if not record.get("evidence"):
        data.problem(entity, "the record has no evidence",
                     "add 'evidence:' with a verbatim 'quote' from the source (or a 'judgement')",
                     "evidence")


def _check_keys(node: dict, allowed: set[str], entity: str, data: DataFile, context: Context,
                project: Project, where: str) -> None:
    for key, value in node.items():
        if key in {"id", "type"}:
            continue
        if key not in allowed:
            close = difflib.get_close_matches(str(key), sorted(allowed), 3)
            data.problem(entity, f"unknown key '{key}' in a {where}",
                         f"use a key listed in data/README.md{_suggest(close)}", "structure")
            continue
        if key in NESTED:
            _check_nested(key, value, entity, data, context, project)
        elif key == "source":
            continue  # an evidence item's source: checked by _check_evidence_item
        else:
            _check_value(key, value, entity, data, context, project)


def _check_nested(key: str, value: Any, entity: str, data: DataFile, context: Context,
                  project: Project) -> None:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        data.problem(entity, f"'{key}' must be a list of items, each with its own keys",
                     f"write '{key}:' followed by '- ...' items", "structure")
        return
    for position, item in enumerate(value, 1):
        label = f"{entity} ({key} {position})"
        for required in REQUIRED_NESTED.get(key, ()):
            if item.get(required) in (None, ""):
                data.problem(label, f"a {key} item has no '{required}'",
                             f"add '{required}:' to this item", "structure")
        _check_keys(item, NESTED_KEYS[key], label, data, context, project, f"'{key}' item")
        if key == "evidence":
            _check_evidence_item(item, label, data, project)
        elif not item.get("evidence"):
            data.problem(label, f"a {key} item has no evidence",
                         "add 'evidence:' with a quote or a judgement to this item", "evidence")


def _check_evidence_item(item: dict, label: str, data: DataFile, project: Project) -> None:
    if not item.get("quote") and not item.get("judgement"):
        data.problem(label, "an evidence item has neither a quote nor a judgement",
                     "add a verbatim 'quote' from the source, or a 'judgement' explaining the link",
                     "evidence")
    source = item.get("source", data.source)
    if source is None:
        data.problem(label, "an evidence item names no source and the file has no 'source'",
                     "add 'source: <file>.txt' (or the URL) to the item or to the file", "evidence")
    elif "source" in item and not _valid_source(source, project):
        data.problem(label, f"the evidence source '{source}' is neither a source file nor a URL",
                     f"give a file name in {project.sources_dir} or an http(s) address",
                     "reference")
    proposal = item.get("proposal")
    if "proposal" in item and proposal not in (True, "accept", "reject"):
        data.problem(label, f"proposal '{proposal}' is not true, accept or reject",
                     "leave 'proposal: true' (unreviewed) or write accept or reject, then run "
                     "pzgraph draft --review", "type")
    confidence = item.get("confidence")
    if confidence is not None and (isinstance(confidence, bool) or
                                   not isinstance(confidence, int | float) or
                                   not 0 <= confidence <= 1):
        data.problem(label, f"confidence '{confidence}' is not a number from 0 to 1",
                     "write the confidence as a number such as 0.8", "type")
    verification = item.get("verification")
    if verification is not None and verification not in ("V", "B", "S"):
        data.problem(label, f"verification '{verification}' is not V, B or S",
                     "use V (verified), B (believed, unverified) or S (from a seed document)",
                     "type")


def _check_value(key: str, value: Any, entity: str, data: DataFile, context: Context,
                 project: Project) -> None:
    values = value if isinstance(value, list) else [value]
    if isinstance(value, list) and key not in context.multi_valued:
        data.problem(entity, f"'{key}' takes one value, not a list", f"keep one value for '{key}'",
                     "type")
    for item in values:
        problem = _value_problem(key, item, context)
        if problem:
            data.problem(entity, problem[0], problem[1], "type")


def _value_problem(key: str, value: Any, context: Context) -> tuple[str, str] | None:
    if value is None or value == "":
        return f"'{key}' is empty", f"give '{key}' a value or leave the key out"
    if key in context.iri_valued:
        if key == "website":
            ok = isinstance(value, str) and URL_PATTERN.match(value)
            return None if ok else (f"'{key}: {value}' is not a web address",
                                    "write the full address starting with https://")
        if not isinstance(value, str) or not REF_PATTERN.match(value):
            return (f"'{key}: {value}' is not an id of the form type/reference",
                    "refer to another record by its id, e.g. netwerk/noordwest-utrecht")
        return None
    if isinstance(value, str) and BAD_CHARACTERS.search(value):
        return (f"'{key}' contains an invisible control character: {value[:60]!r}",
                "retype the text; copy it from the source again without special characters")
    if key in TEXT_KEYS:
        if not isinstance(value, str):
            return f"'{key}' must be text, not {_kind(value)}", "put the text between quotes"
        if key in LABEL_KEYS and MARKUP.search(value):
            return (f"'{key}' contains markup characters (< or >): {value!r}",
                    "a name is plain text: remove the tag or angle brackets")
        if key in LABEL_KEYS and value.strip().lower().startswith(("http:", "https:", "www.")):
            return (f"'{key}' looks like a web address, not a name: {value!r}",
                    "give the name people use; put an address under 'website'")
        if not value.strip():
            return f"'{key}' is blank", f"give '{key}' a value or leave the key out"
        return None
    if key == "year":
        return _year_problem(value)
    if key in DATE_KEYS:
        return _date_problem(key, value)
    if key in {"population", "numberOfPosts"}:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return None if ok else (f"'{key}: {value}' is not a whole number ≥ 0",
                                f"write '{key}' as a number without quotes")
    if key in {"hoursPerWeek", "value"}:
        ok = (isinstance(value, int | float) and not isinstance(value, bool)
              and math.isfinite(value) and value >= 0)
        return None if ok else (f"'{key}: {value}' is not a number ≥ 0",
                                f"write '{key}' as a number without quotes, e.g. 16 or 2.5")
    if key in ("vacant", "target"):
        return None if isinstance(value, bool) else (
            f"'{key}: {value}' is not true or false", f"write {key}: true or {key}: false")
    if key == "cbsCode":
        ok = isinstance(value, str) and CBS_PATTERN.match(value)
        return None if ok else (f"the CBS code '{value}' is not of the form GMdddd",
                                "write the municipality code as GM followed by four digits, "
                                "e.g. GM0632")
    return None


def _year_problem(value: Any) -> tuple[str, str] | None:
    try:
        plausible = not isinstance(value, bool) and re.fullmatch(r"\d{4}", str(value))
        year = int(value) if plausible else None
    except ValueError:
        year = None
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        return (f"'{value}' is not a possible year",
                f"write a year between {MIN_YEAR} and {MAX_YEAR}, e.g. 2025")
    return None


def _date_problem(key: str, value: Any) -> tuple[str, str] | None:
    if isinstance(value, dt.datetime):
        return (f"'{key}: {value}' has a time of day",
                f"write '{key}' as a date only, e.g. 2025-09-01")
    if isinstance(value, dt.date):
        return _year_problem(value.year)
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return _year_problem(text)
    try:
        parsed = dt.date.fromisoformat(text)
    except ValueError:
        return (f"'{key}: {value}' is neither a date nor a year",
                f"write '{key}' as 2025-09-01 or as 2025")
    return _year_problem(parsed.year)


def _kind(value: Any) -> str:
    """The kind of a YAML value in a curator's words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of keys"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__


def _suggest(close: list[str]) -> str:
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


# --- across files ---------------------------------------------------------------------------


def iter_references(record: dict, context: Context) -> Iterator[tuple[str, str]]:
    """(key, id) for every reference a record makes, nested objects included."""
    for key, value in record.items():
        if key in NESTED and isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    yield from ((k, v) for k, v in iter_references(item, context) if k != "source")
        elif key in context.iri_valued and key not in {"website", "source"}:
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
    valid = set(defined) | set(known_ids)
    close_to = _CloseIds(valid)
    for data in files:
        for index, record in enumerate(data.records):
            rid = record_name(record, index)
            if isinstance(record.get("id"), str) and record["id"] not in valid:
                findings.append(Finding(data.name, rid,
                                        "the record adds to an id that no file defines",
                                        "give the record a 'type' and 'label', or correct the id"
                                        f"{_suggest(close_to(rid))}",
                                        "reference"))
            for key, target in iter_references(record, context):
                if target not in valid:
                    close = close_to(target)
                    findings.append(Finding(data.name, rid,
                                            f"'{key}: {target}' refers to an unknown id",
                                            f"correct the id{_suggest(close)}, or define it",
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


def check_quotes(files: list[DataFile], project: Project) -> tuple[list[Finding], int, int]:
    """Every quote found in its source file. Returns findings, quotes checked, quotes found."""
    findings: list[Finding] = []
    checked = found = 0
    if not project.sources_dir.is_dir():
        return ([Finding("", "", f"the sources folder {project.sources_dir} is missing: "
                         "quotes cannot be verified",
                         "put the source documents there or set PZGRAPH_SOURCES", "evidence",
                         severity="warning")], 0, 0)
    for data in files:
        for index, record in enumerate(data.records):
            for item in _evidence_items(record):
                source = item.get("source", data.source)
                quote = item.get("quote")
                if (not isinstance(quote, str) or not isinstance(source, str)
                        or URL_PATTERN.match(source)):
                    continue
                path = project.sources_dir / source
                if not path.is_file():
                    continue  # reported as an unknown source already
                checked += 1
                if quote_in_source(quote, path):
                    found += 1
                else:
                    findings.append(Finding(
                        data.name, record_name(record, index),
                        f"the quote is not in {source}: {quote[:120]!r}",
                        "copy the quote verbatim from the source (line breaks and end-of-line "
                        "hyphens may differ, nothing else)", "evidence"))
    return findings, checked, found


def _evidence_items(node: dict) -> Iterator[dict]:
    for key, value in node.items():
        if key in NESTED and isinstance(value, list):
            for item in value:
                if not isinstance(item, dict):
                    continue
                if key == "evidence":
                    yield item
                else:
                    yield from _evidence_items(item)


# --- to JSON-LD ----------------------------------------------------------------------------


def to_jsonld(data: DataFile, context: Context, project: Project) -> dict[str, Any]:
    """The file as a JSON-LD document: context added, defaults and nested ids filled in."""
    graph = [_expand_node(record, record.get("id", ""), data.source, None)
             for record in data.records]
    return {"@context": context.with_base(project.id_base)["@context"], "@graph": graph}


def _expand_node(node: dict, node_id: str, source: str | None, nested_key: str | None) -> dict:
    out: dict[str, Any] = {}
    if nested_key:
        cls, segment = NESTED[nested_key]
        out["id"] = f"{node_id}/{segment}/{_content_hash(node)}"
        out["type"] = cls
        if nested_key == "evidence":
            node = {"source": source, **node} if "source" not in node and source else node
    for key, value in node.items():
        if key in NESTED:
            parent = out.get("id", node_id)
            out[key] = [_expand_node(item, parent, source, key) for item in value]
        elif key == "source":
            out[key] = source_id(value)
        elif key in DATE_KEYS:
            out[key] = _typed_date(value)
        elif key == "year":
            out[key] = [str(v) for v in (value if isinstance(value, list) else [value])]
        else:
            out[key] = value
    return out


def source_id(source: str) -> str:
    """A source file name becomes the id of its SourceDocument record; a URL stays itself."""
    if URL_PATTERN.match(source):
        return source
    return "bron/" + source.removesuffix(".txt")


def _typed_date(value: Any) -> dict[str, str]:
    if isinstance(value, dt.date):
        return {"@value": value.isoformat(), "@type": "xsd:date"}
    text = str(value)
    kind = "xsd:gYear" if re.fullmatch(r"\d{4}", text) else "xsd:date"
    return {"@value": text, "@type": kind}


def _content_hash(node: dict) -> str:
    canonical = json.dumps(node, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:10]
