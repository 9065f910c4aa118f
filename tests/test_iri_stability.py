"""IRIs are minted from identity (docs/iri-policy.md): editing the wording, the locators, the
end dates, the descriptions, units, labels and stated values of the curated data moves no IRI
but the edited evidence's."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from pzgraph.ingest.identity import nested_id
from pzgraph.ingest.keys import NESTED

DATA = Path(__file__).resolve().parents[1] / "data"


def _ids(node: dict, node_id: str, out: set[str]) -> None:
    for key, value in node.items():
        if key in NESTED and isinstance(value, list):
            for item in value:
                child = nested_id(item, node_id, key)
                out.add(child)
                _ids(item, child, out)


def _all_ids(files: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    for document in files.values():
        for record in document["records"]:
            out.add(record["id"])
            _ids(record, record["id"], out)
    return out


def _edit(node: Any) -> int:
    """Shorten every quote by its last word, rewrite locators, descriptions and end dates."""
    edits = 0
    if isinstance(node, list):
        return sum(_edit(item) for item in node)
    if not isinstance(node, dict):
        return 0
    for key, value in list(node.items()):
        if key == "quote" and isinstance(value, str) and " " in value.strip():
            node[key] = value.strip().rsplit(" ", 1)[0]
            edits += 1
        elif key in ("locator", "description", "judgement", "unit", "stated") \
                and isinstance(value, str | int):
            node[key] = f"{value} (bewerkt)"
            edits += 1
        elif key == "label" and "value" in node:  # a result's label (a record's is no identity)
            node[key] = value + " (bewerkt)"
            edits += 1
        elif key == "until":
            node[key] = dt.date(2031, 12, 31)
            edits += 1
        else:
            edits += _edit(value)
    return edits


def test_edits_of_wording_and_dates_move_no_iri_but_the_edited_evidence() -> None:
    files = {path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
             for path in sorted(DATA.glob("*.yaml"))}
    before = _all_ids(files)
    edited = copy.deepcopy(files)
    assert _edit(edited) > 1000  # the edit reaches the whole curated data
    after = _all_ids(edited)
    kept = {iri for iri in before if "/bewijs/" not in iri}
    assert kept <= after, sorted(kept - after)[:5]
    assert {iri for iri in after if "/bewijs/" not in iri} == kept
    # the evidence whose quote changed is other evidence, with an IRI of its own
    evidence_before = {iri for iri in before if "/bewijs/" in iri}
    assert evidence_before != {iri for iri in after if "/bewijs/" in iri}


def test_a_membership_has_one_iri_from_either_side() -> None:
    from_member = nested_id({"organization": "netwerk/x", "role": "rol/lid",
                             "from": dt.date(2025, 9, 1)}, "organisatie/y", "memberships")
    from_network = nested_id({"member": "organisatie/y", "role": "rol/lid",
                              "from": dt.date(2025, 9, 1)}, "netwerk/x", "members")
    assert from_member == from_network == "organisatie/y/lidmaatschap/netwerk.x_rol.lid_2025-09-01"


def test_two_items_with_one_identity_are_named(make_project) -> None:
    from pzgraph.ingest.context import Context
    from pzgraph.ingest.records import read_data_file

    record = {"id": "organisatie/y", "type": "Hospice", "label": "Y",
              "evidence": [{"judgement": "test"}],
              "memberships": [
                  {"organization": "netwerk/x", "role": "rol/lid",
                   "evidence": [{"judgement": "een"}]},
                  {"organization": "netwerk/x", "role": "rol/lid", "until": 2026,
                   "evidence": [{"judgement": "twee"}]}]}
    project = make_project({"a.yaml": {"records": [record]}})
    data = read_data_file(project.data_dir / "a.yaml", Context.load(project), project)
    problems = [f for f in data.findings if "the same memberships item as item 1" in str(f)]
    assert problems, data.findings


def test_a_result_is_named_by_its_key_not_its_wording() -> None:
    """The reviewer's case (linkeddata-s7, finding 5): a curator rewording a result's unit."""
    result = {"key": "evaluatiecijfer-per-deskundigheidsbevordering-streefcijfer", "value": 7,
              "unit": "evaluatiecijfer per deskundigheidsbevordering (streefcijfer)",
              "year": 2025, "target": True}
    reworded = {**result, "unit": "evaluatiecijfer per scholing (streefcijfer)"}
    assert nested_id(result, "activiteit/a", "results") == nested_id(
        reworded, "activiteit/a", "results") == ("activiteit/a/resultaat/evaluatiecijfer-per-"
                                                 "deskundigheidsbevordering-streefcijfer_2025_"
                                                 "streefwaarde")


def test_a_result_without_key_is_refused_with_the_key_that_keeps_its_iri(make_project) -> None:
    from pzgraph.ingest.context import Context
    from pzgraph.ingest.records import read_data_file

    record = {"id": "activiteit/a", "type": "Activity", "label": "A",
              "evidence": [{"judgement": "test"}],
              "results": [{"value": 3, "unit": "Bijeenkomsten (gepland)", "year": 2025,
                           "evidence": [{"judgement": "een"}]},
                          {"key": "Twee Woorden", "value": 4, "unit": "x",
                           "evidence": [{"judgement": "twee"}]}]}
    project = make_project({"a.yaml": {"records": [record]}})
    data = read_data_file(project.data_dir / "a.yaml", Context.load(project), project)
    problems = {f.entity: f for f in data.findings}
    missing = problems["activiteit/a (results 1)"]
    assert "has no 'key'" in missing.problem
    assert "key: bijeenkomsten-gepland" in missing.fix
    assert "not lower-case words" in problems["activiteit/a (results 2)"].problem


def test_every_nested_kind_but_evidence_is_identified_by_what_it_is() -> None:
    from pzgraph.ingest.keys import IDENTITY_KEYS

    assert set(IDENTITY_KEYS) == set(NESTED) - {"evidence"}
