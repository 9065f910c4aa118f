"""The JSON-LD context (ontology/context.jsonld): the terms a data file may use, and the
rule of each (rules.py: its kind from the context, its range and form from the shapes)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..project import Project
from .rules import KeyRule, key_rules


@dataclass(frozen=True)
class Context:
    """The terms of the JSON-LD context, sorted by what a curator may do with them."""

    document: dict[str, Any]
    classes: frozenset[str]
    properties: frozenset[str]
    iri_valued: frozenset[str]
    multi_valued: frozenset[str]
    rules: dict[str, KeyRule]  # what each key's value must be (rules.py)

    @classmethod
    def load(cls, project: Project) -> Context:
        document = json.loads((project.ontology_dir / "context.jsonld").read_text(encoding="utf-8"))
        terms = document["@context"]
        classes, properties, iri_valued, multi = set(), set(), set(), set()
        for term, definition in terms.items():
            if term.startswith("@") or term in {"id", "type"}:
                continue
            if isinstance(definition, str):
                # A class maps to a compact IRI (pz:Hospital); V, B and S map to full IRIs:
                # they are values (the footing of reference evidence), not classes.
                if term[:1].isupper() and not definition.startswith("http"):
                    classes.add(term)
                continue  # a prefix
            properties.add(term)
            if definition.get("@type") == "@id":
                iri_valued.add(term)
            if definition.get("@container") == "@set":
                multi.add(term)
        rules = key_rules(terms, project.ontology_dir / "shapes.ttl")
        return cls(document, frozenset(classes), frozenset(properties), frozenset(iri_valued),
                   frozenset(multi), rules)

    def with_base(self, id_base: str) -> dict[str, Any]:
        document = json.loads(json.dumps(self.document))
        document["@context"]["@base"] = id_base
        return document
