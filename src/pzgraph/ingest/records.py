"""One data file read and checked on its own: structure, keys, values and evidence.

Every finding names the file, the record and the fix. References to other records are
checked across files afterwards (references.py), quotes against their sources (quotes.py).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Finding
from ..project import Project
from ..vocab import BUILD_GRAPHS, ONTOLOGY_GRAPH, RELEASE_ID_KINDS
from .context import Context
from .identity import nested_id, wording_key
from .keys import (
    ID_PATTERN,
    IDENTITY_KEYS,
    KEY_PATTERN,
    KEYED_NESTED,
    NESTED,
    NESTED_KEYS,
    NESTED_ONLY,
    REQUIRED_NESTED,
    SOURCE_FILE,
    URL_PATTERN,
    id_file_problem,
)
from .values import suggest, value_problem
from .yaml_reader import YAML_HINTS, TooLarge, load_bounded

# the words of the ids pzgraph makes for nested objects (identity.nested_id)
MINTED_SEGMENTS = frozenset(segment for _, segment in NESTED.values())


@dataclass
class DataFile:
    """One data file as read, with its records; `findings` holds what is wrong with it."""

    path: Path
    source: str | None = None
    graph: str | None = None  # the name of its named graph (graph/{name}), from 'graph:'
    records: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    def problem(self, entity: str, problem: str, fix: str, check: str = "data") -> None:
        self.findings.append(Finding(self.name, entity, problem, fix, check))


# A data file's name is published (pz:dataFile) and named in findings: characters any system
# writes plainly. Its graph is named by 'graph:', never by the file name (docs/iri-policy.md).
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.yaml\Z")
GRAPH_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z")
MAX_FILE_BYTES = 256 * 2**20
RESERVED_GRAPHS = {ONTOLOGY_GRAPH, *BUILD_GRAPHS}
# One text value: far above any description, far below the 16 MiB a parser token may hold.
MAX_TEXT_CHARACTERS = 100_000


def read_data_file(path: Path, context: Context, project: Project) -> DataFile:
    """Parse and check one file on its own (references across files are checked later)."""
    data = DataFile(path)
    unreadable = file_problem(path)
    if unreadable:
        data.problem("", *unreadable, "structure")
        return data
    try:
        document = load_bounded(path.read_text(encoding="utf-8"))
    except TooLarge as error:
        data.problem("", f"the file cannot be read safely: {error}",
                     "write each value out instead of repeating it through aliases, and keep "
                     "records flat under 'records' (see data/README.md)", "syntax")
        return data
    except UnicodeDecodeError:
        data.problem("", "the file is not UTF-8 text", "save the file as UTF-8")
        return data
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(error, "problem", None) or str(error).splitlines()[0]
        what += next((hint for words, hint in YAML_HINTS.items() if words in what), "")
        fix = ("remove one of the two (or rename it), keeping the value you mean"
               if "is given twice" in what else
               "correct the indentation or punctuation there (a quote containing ': ' must "
               "be put between double quotes)")
        data.problem("", f"YAML syntax error{where}: {what}", fix, "syntax")
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
    unknown = set(document) - {"graph", "source", "records"}
    if unknown:
        data.problem("", f"unknown top-level key(s): {', '.join(sorted(map(str, unknown)))}",
                     "only 'graph', 'source' and 'records' may stand at the top of a data file",
                     "structure")
    data.graph = _check_graph(document.get("graph"), data)
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


def file_problem(path: Path) -> tuple[str, str] | None:
    """Why a data file cannot be read as one, before it is opened: only regular files (not a
    folder, a fifo, a device or a broken link), of a sane size, named like an id (the name
    becomes the IRI of the file's graph)."""
    if not path.is_file():
        what = ("a broken link" if path.is_symlink() and not path.exists()
                else "a folder" if path.is_dir() else "not a regular file")
        return (f"{path.name} is {what}", "data/ holds only .yaml files; move it elsewhere")
    if not FILE_NAME.match(path.name):
        return (f"the file name '{path.name}' has characters an IRI cannot hold",
                "rename the file with letters, digits, '.', '_' and '-' only")
    if path.stat().st_size > MAX_FILE_BYTES:
        return (f"the file is larger than {MAX_FILE_BYTES // 2**20} MiB",
                "split it into several files, one per source document")
    return None


def _check_graph(graph: Any, data: DataFile) -> str | None:
    """The name of the file's named graph, `graph/{name}`: chosen once and kept when the file
    is renamed or renumbered, so that queries and stores that name the graph keep working."""
    if graph in (None, ""):
        data.problem("", "the file has no 'graph:', the stable name of its named graph",
                     f"add 'graph: {data.path.stem}' at the top of the file, above 'records:' "
                     "(its graph is https://w3id.org/pzgraph/graph/ + that name); choose it "
                     "once and keep it when the file is renamed (data/README.md)", "structure")
        return None
    if not isinstance(graph, str) or not GRAPH_NAME.match(graph):
        data.problem("", f"'graph: {graph}' is not a name an IRI can hold",
                     "write the graph's name with letters, digits, '.', '_' and '-' only, "
                     "e.g. 'graph: 005_amsterdam-jaarplan-2025'", "structure")
        return None
    if graph in RESERVED_GRAPHS:
        return data.problem("", f"'graph: {graph}' is the name of the build's own graph",
                            "choose another name, e.g. after the source document", "structure")
    return graph


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
    elif file_problem := id_file_problem(record["id"]):
        data.problem(entity, f"the id '{record['id']}' cannot name the release's files: "
                     f"{file_problem}", "choose a shorter id of lower-case words joined by "
                     "hyphens, e.g. organisatie/st-jansdal", "structure")
    elif minted := sorted(set(record["id"].split("/")[1:]) & MINTED_SEGMENTS):
        # parent/lidmaatschap/..., parent/bewijs/...: the id of a nested object, which this
        # record would silently merge with (or take the blame for)
        data.problem(entity, f"the id '{record['id']}' holds '{minted[0]}', a word pzgraph "
                     "uses in the ids it makes for nested objects (memberships, evidence, "
                     "coverage links, ...)", "choose an id without the words "
                     f"{', '.join(sorted(MINTED_SEGMENTS))}", "structure")
    elif record["id"].split("/", 1)[0] in RELEASE_ID_KINDS:
        data.problem(entity, f"ids of the kind '{record['id'].split('/', 1)[0]}/' are the "
                     "release's own (its catalogue, dataset, service and contact point)",
                     "choose another kind for the id, e.g. organisatie/ or plan/", "structure")
    types = record.get("type")
    if types is not None:
        for value in types if isinstance(types, list) else [types]:
            if not isinstance(value, str) or value not in context.classes:
                close = difflib.get_close_matches(str(value), sorted(context.classes), 3)
                data.problem(entity, f"unknown type '{value}'",
                             f"use one of the types in data/README.md{suggest(close)}", "type")
    allowed = context.properties - NESTED_ONLY
    _check_keys(record, allowed | {"id", "type"}, entity, data, context, project, "record")
    if not record.get("evidence"):
        data.problem(entity, "the record has no evidence",
                     "add 'evidence:' with a verbatim 'quote' from the source (or a 'judgement')",
                     "evidence")


def _check_keys(node: dict, allowed: set[str], entity: str, data: DataFile, context: Context,
                project: Project, where: str) -> None:
    for key, value in node.items():
        if key in {"id", "type"}:  # a record's are checked by _check_record
            if key not in allowed:
                data.problem(entity, f"a {where} cannot have its own '{key}'",
                             f"remove '{key}:': a nested item's id and type follow from where "
                             "it stands (docs/iri-policy.md)", "structure")
            continue
        if key not in allowed:
            close = difflib.get_close_matches(str(key), sorted(allowed), 3)
            data.problem(entity, f"unknown key '{key}' in a {where}",
                         f"use a key listed in data/README.md{suggest(close)}", "structure")
            continue
        if key in NESTED:
            _check_nested(key, value, entity, data, context, project)
            if key == "evidence" and isinstance(value, list):
                _check_covers(node, value, entity, data, context)
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
    seen: dict[str, tuple[int, dict]] = {}
    for position, item in enumerate(value, 1):
        label = f"{entity} ({key} {position})"
        keyed = key not in KEYED_NESTED or _check_item_key(item, key, label, data)
        if key in IDENTITY_KEYS and keyed:
            identity = nested_id(item, "", key)
            if identity in seen:
                first, earlier = seen[identity]
                keys = IDENTITY_KEYS[key]
                if all(earlier.get(k) == item.get(k) for k in keys):
                    data.problem(label, f"the same {key} item as item {first}: "
                                 f"{', '.join(keys)} are what tell items apart",
                                 "merge the two items (evidence of both in one), or make them "
                                 f"differ in {' or '.join(keys)}", "structure")
                else:  # different values that read as the same words in the id
                    data.problem(label, f"this {key} item and item {first} differ, but only "
                                 "in characters an id leaves out (case, accents, '/', "
                                 f"punctuation): both would be '…{identity}'",
                                 f"make {' or '.join(keys)} differ in letters or digits, or "
                                 "merge the two items", "structure")
            seen.setdefault(identity, (position, item))
        for required in REQUIRED_NESTED.get(key, ()):
            if item.get(required) in (None, ""):
                data.problem(label, f"a {key} item has no '{required}'",
                             f"add '{required}:' to this item", "structure")
        _check_keys(item, NESTED_KEYS[key], label, data, context, project, f"'{key}' item")
        stated_property = item.get("property")
        if key == "statedValues" and (not isinstance(stated_property, str)
                                      or stated_property not in context.properties):
            data.problem(label, f"'property: {item.get('property')}' is no key of the data format",
                         "name the key whose value the sources give differently (from, until, "
                         "year, population, ...)", "type")
        if key == "evidence":
            _check_evidence_item(item, label, data, project)
            if item.get("basis") and not any(other.get("judgement") for other in value):
                data.problem(label, "an evidence item has a 'basis' but the evidence has no "
                             "'judgement'", "a basis is a passage a judgement rests on: add the "
                             "'judgement' (in this item or another), or make the basis a "
                             "'quote' if it states the fact itself", "evidence")
        elif not item.get("evidence"):
            data.problem(label, f"a {key} item has no evidence",
                         "add 'evidence:' with a quote or a judgement to this item", "evidence")


def _check_item_key(item: dict, key: str, label: str, data: DataFile) -> bool:
    """A result or stated value is named by the curator's `key` (its IRI is minted from it),
    never by its wording: True when the item has a well-formed key."""
    value = item.get("key")
    if value in (None, ""):
        data.problem(label, f"a {key} item has no 'key', the name its IRI is minted from",
                     f"add 'key: {wording_key(item, key)}' (the key that keeps the IRI earlier "
                     "releases gave this item); choose it once and keep it when the wording "
                     "changes (docs/iri-policy.md)", "structure")
        return False
    if isinstance(value, bool) or not isinstance(value, str | int) \
            or not KEY_PATTERN.match(str(value)):
        data.problem(label, f"the key '{value}' of a {key} item is not lower-case words or "
                     "numbers joined by hyphens", "write the key like 'deelnemers-scholing' "
                     "(letters a-z, digits, '-'): it becomes part of the item's IRI",
                     "structure")
        return False
    return True


def _check_covers(node: dict, items: list, entity: str, data: DataFile,
                  context: Context) -> None:
    """'covers' names the links of this record that an item alone bears on (data/README.md,
    Footing): links the record has, to other records, and at least one item for the rest."""
    covering = [item for item in items if isinstance(item, dict) and "covers" in item]
    for position, item in enumerate(items, 1):
        if not isinstance(item, dict) or "covers" not in item:
            continue
        keys = item["covers"] if isinstance(item["covers"], list) else [item["covers"]]
        for key in keys:
            if key not in context.iri_valued or key in NESTED or key not in node:
                data.problem(f"{entity} (evidence {position})",
                             f"'covers: {key}' names no link of this record to another record",
                             "name a key of this record whose value is another record (partOf, "
                             "runBy, partner, ...); a judged text or number is the record's own "
                             "evidence, so leave out 'covers'", "evidence")
    if covering and len(covering) == len(items):
        data.problem(entity, "every evidence item has 'covers', so nothing carries the record "
                     "itself", "add an item (a quote) for the record, without 'covers'",
                     "evidence")


def _check_evidence_item(item: dict, label: str, data: DataFile, project: Project) -> None:
    if not item.get("quote") and not item.get("judgement") and not item.get("basis"):
        data.problem(label, "an evidence item has neither a quote nor a judgement",
                     "add a verbatim 'quote' from the source, or a 'judgement' explaining the link",
                     "evidence")
    if item.get("quote") and item.get("basis"):
        data.problem(label, "an evidence item has both a 'quote' and a 'basis'",
                     "keep 'quote' if the passage states the fact, 'basis' if a judgement rests "
                     "on it; not both", "evidence")
    source = item.get("source", data.source)
    if source is None:
        data.problem(label, "an evidence item names no source and the file has no 'source'",
                     "add 'source: <file>.txt' (or the URL) to the item or to the file", "evidence")
    elif "source" in item and not _valid_source(source, project):
        data.problem(label, f"the evidence source '{source}' is neither a source file nor a URL",
                     f"give a file name in {project.sources_dir} or an http(s) address",
                     "reference")
    confidence = item.get("confidence")
    if confidence is not None and (isinstance(confidence, bool) or
                                   not isinstance(confidence, int | float) or
                                   not 0 <= confidence <= 1):
        data.problem(label, f"confidence '{confidence}' is not a number from 0 to 1",
                     "write the confidence as a number such as 0.8", "type")
    verification = item.get("verification")
    if (verification is None and item.get("quote") and isinstance(source, str)
            and URL_PATTERN.match(source)):
        data.problem(label, "a quote from an address has no 'verification'",
                     "add 'verification: V' if the quote was checked at the address, "
                     "'verification: B' if not", "evidence")
    # verification's V, B or S: the shapes' sh:in (rules.py), checked with the other values
    if "proposal" in item and item["proposal"] is not True:
        data.problem(label, f"'proposal' is {item['proposal']!r}, not true",
                     "write 'proposal: true' on a machine proposal; remove the key once a "
                     "curator has accepted it", "type")


def _check_value(key: str, value: Any, entity: str, data: DataFile, context: Context,
                 project: Project) -> None:
    values = value if isinstance(value, list) else [value]
    if isinstance(value, list) and key not in context.multi_valued:
        data.problem(entity, f"'{key}' takes one value, not a list", f"keep one value for '{key}'",
                     "type")
    for item in values:
        if isinstance(item, str) and len(item) > MAX_TEXT_CHARACTERS:
            data.problem(entity, f"'{key}' holds {len(item):,} characters, more than any text "
                         f"of the data format may ({MAX_TEXT_CHARACTERS:,})",
                         "shorten it: a quote is a sentence, a description a paragraph", "type")
            continue
        problem = value_problem(key, item, context.rules[key])
        if problem:
            data.problem(entity, problem[0], problem[1], "type")
