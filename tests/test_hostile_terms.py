"""A data file never redefines a term of a vocabulary (hostile review after issue 14): it may
add evidence and links to a SKOS concept, but not give it a type or a label of its own."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pzgraph.cli.main import main

SOURCE = "000_0f9769a56a83d19c.txt"


def build(project) -> tuple[int, str]:
    env = {"PZGRAPH_ROOT": str(project.root), "PZGRAPH_SOURCES": str(project.sources_dir)}
    result = CliRunner().invoke(main, ["build", "--no-reason"], env=env)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def term_record(**keys) -> dict:
    return {"source": SOURCE, "records": [{
        "id": "actielijn/afspraken", **keys,
        "evidence": [{"judgement": "een test"}]}]}


@pytest.mark.parametrize("keys", [{"type": "Plan"}, {"altLabel": ["Overgenomen"]}])
def test_a_record_cannot_redefine_a_vocabulary_term(make_project, keys):
    project = make_project({"b.yaml": term_record(**keys)})
    code, output = build(project)
    assert code == 1
    assert "b.yaml, actielijn/afspraken: the record redefines a term of the vocabulary" in output
    assert not (project.build_dir / "pzgraph.nq").exists()


def test_a_record_may_add_evidence_to_a_vocabulary_term(make_project):
    code, output = build(make_project({"b.yaml": term_record()}))
    assert "redefines" not in output


def test_a_record_cannot_take_an_id_the_release_mints(make_project):
    project = make_project({"b.yaml": {"source": SOURCE, "records": [{
        "id": "dataset/pzgraph", "type": "Plan", "label": "Overgenomen",
        "evidence": [{"judgement": "een test"}]}]}})
    code, output = build(project)
    assert code == 1 and "b.yaml, dataset/pzgraph: ids of the kind 'dataset/'" in output


def test_every_kind_of_id_the_release_mints_is_reserved():
    import re
    from pathlib import Path

    import pzgraph.release
    from pzgraph.vocab import RELEASE_ID_KINDS

    minted = {kind for path in Path(pzgraph.release.__file__).parent.glob("*.py")
              for kind in re.findall(r'base\}/id/([a-z-]+)/', path.read_text(encoding="utf-8"))}
    assert minted - {"bron"} <= RELEASE_ID_KINDS  # bron/: the source documents of data/
