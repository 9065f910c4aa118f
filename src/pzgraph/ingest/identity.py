"""Ids of nested objects, minted from what the object is (docs/iri-policy.md).

A membership is identified by member, organisation, role and start, wherever it is declared;
a coverage link or mapping by its work and its concept; a result by its work, the curator's
`key` for what it measures, and when; a stated value by its property and the curator's `key`.
Editing a quote, a locator, an end date, a description, a unit or a label moves no id. Only
evidence is identified by its content, since a changed quote is other evidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from typing import Any

from .keys import IDENTITY_KEYS, KEYED_NESTED, NESTED


def nested_id(node: dict, parent_id: str, nested_key: str) -> str:
    """The id of a nested object, from the keys that say what it is (IDENTITY_KEYS)."""
    segment = NESTED[nested_key][1]
    if nested_key == "members":  # the same membership, declared from the network's side
        node = {"organization": parent_id, **node}
        parent_id = str(node.get("member", ""))
    keys = IDENTITY_KEYS.get(nested_key)
    if keys is None:
        return f"{parent_id}/{segment}/{_content_hash(node)}"
    # A result that is a target says so in its id, as a word rather than 'true'.
    values = ["streefwaarde" if key == "target" else node[key] for key in keys
              if node.get(key) not in (None, "", [], False)]
    name = "_".join(_slug(value) for value in values)
    return f"{parent_id}/{segment}/{name}"


def wording_key(node: dict, nested_key: str) -> str:
    """The key that keeps the IRI a result or stated value had before keys, when its id was
    minted from its wording (label, else unit; the stated value): offered when a key is missing."""
    wording = next((node[k] for k in KEYED_NESTED[nested_key] if node.get(k) not in (None, "")),
                   "")
    return _slug(wording).replace(".", "-")


def _slug(value: Any) -> str:
    """A readable, IRI-safe rendering of an identity value: ids keep their words, '/' -> '.'."""
    if isinstance(value, list):
        return "-".join(_slug(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9.]+", "-", text.replace("/", ".")).strip("-").lower()
    return text or "x"


def _content_hash(node: dict) -> str:
    canonical = json.dumps(node, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:10]
