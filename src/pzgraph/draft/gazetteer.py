"""The names the graph already knows: every label and altLabel of its entities and concepts.

Built from the curated data files (all but the ones left out, for the leave-one-out
benchmark) and the SKOS vocabularies; the draft recognises these names in a plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from ..project import Project
from ..vocab import ID_BASE
from .fold import fold

# Kinds of id a draft proposes as entities, and the schemes it links coverage to.
ENTITY_KINDS = ("organisatie", "netwerk", "consortium", "gemeente", "gemeentedeel", "programma",
                "provincie", "interventie")
COVERAGE_SCHEMES = ("kwaliteitskader", "pnraad", "kernthema", "actielijn", "interventie",
                    "septet-ambitie", "wens")
_TTL_CONCEPT = re.compile(r"<" + re.escape(ID_BASE) + r"([^>]+)> a skos:Concept\s*;"
                          r"(.*?)\s\.\s*\n",
                          re.S)
_TTL_LABEL = re.compile(r"skos:(prefLabel|altLabel|notation|definition)\s+"
                        r"((?:\"[^\"]*\"(?:@\w+)?\s*,?\s*)+)")
_TTL_STRING = re.compile(r"\"([^\"]*)\"(?:@(\w+))?")


@dataclass
class Entry:
    id: str
    label: str
    types: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # label, altLabels (as written)
    notation: str | None = None

    @property
    def kind(self) -> str:
        return self.id.split("/", 1)[0]


@dataclass
class Gazetteer:
    entries: dict[str, Entry]

    def names(self) -> dict[str, set[str]]:
        """Folded name → ids it may stand for."""
        out: dict[str, set[str]] = {}
        network_names = [fold(name) for entry in self.entries.values()
                         if entry.kind in ("netwerk", "consortium") for name in entry.names]
        for entry in self.entries.values():
            for name in entry.names:
                key = fold(name)
                if len(key) < 3:
                    continue
                if entry.kind in COVERAGE_SCHEMES and entry.kind != "interventie" and any(
                        key in network for network in network_names):
                    continue  # "Netwerk palliatieve zorg" (domain 2.8) in every network's name
                out.setdefault(key, set()).add(entry.id)
        # A network is often named by its region alone ("Noordwest-Veluwe"), when that name
        # means nothing else the graph knows.
        for entry in self.entries.values():
            if entry.kind != "netwerk":
                continue
            for name in entry.names:
                region = re.sub(r"^(netwerk palliatieve zorg|npz)\s+", "", fold(name))
                if region != fold(name) and len(region) >= 5 and region not in out:
                    out[region] = {entry.id}
        return out


def build_gazetteer(project: Project, leave_out: set[str] | None = None) -> Gazetteer:
    """Labels of entities in data/ (without the files named in leave_out) and of concepts."""
    leave_out = leave_out or set()
    entries: dict[str, Entry] = {}
    for path in project.data_files():
        if path.name in leave_out:
            continue
        document = yaml.load(path.read_text(encoding="utf-8"),
                             Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        for record in (document or {}).get("records", []) or []:
            _add_record(entries, record)
    for path in project.vocabulary_files():
        _add_vocabulary(entries, path.read_text(encoding="utf-8"))
    return Gazetteer(entries)


def _add_record(entries: dict[str, Entry], record: dict) -> None:
    rid = record.get("id")
    if not isinstance(rid, str) or rid.split("/", 1)[0] not in ENTITY_KINDS:
        return
    entry = entries.setdefault(rid, Entry(rid, ""))
    if isinstance(record.get("label"), str):
        entry.label = record["label"]
        entry.names.add(record["label"])
    types = record.get("type")
    if types:
        entry.types = types if isinstance(types, list) else [types]
    for alt in record.get("altLabel") or []:
        if isinstance(alt, str):
            entry.names.add(alt)


def _add_vocabulary(entries: dict[str, Entry], turtle: str) -> None:
    for match in _TTL_CONCEPT.finditer(turtle):
        cid, body = match.group(1), match.group(2)
        if cid.split("/", 1)[0] not in COVERAGE_SCHEMES:
            continue
        entry = entries.setdefault(cid, Entry(cid, ""))
        for prop, values in _TTL_LABEL.findall(body):
            for text, lang in _TTL_STRING.findall(values):
                if prop == "notation":
                    entry.notation = text
                elif prop == "definition":
                    # a wish is quoted by its 'Ik wil ...' sentence, its definition
                    if cid.startswith("wens/") and lang == "nl" and text.startswith("Ik wil"):
                        entry.names.add(text)
                elif lang in ("nl", ""):
                    entry.names.add(text)
                    if prop == "prefLabel":
                        entry.label = text
