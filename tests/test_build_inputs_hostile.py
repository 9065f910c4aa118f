"""An input of the build that is no plain file, or a rule that is no query, is refused with
file and fix (hostile review s9 #6). A pipe in ontology/vocabularies/ made `pzgraph build`
(and every query that checks its build) wait for ever, deaf to Ctrl-C and SIGTERM (the wait
is inside Oxigraph's reader); a link to /dev/zero named as a data file would be read until
the memory is gone; a rule with a byte that is not UTF-8, or with a syntax error, ended the
build in a traceback."""

from __future__ import annotations

import os

import pytest

from pzgraph.build.pipeline import build
from pzgraph.errors import InputError

ORGANISATION = {"source": "000_0f9769a56a83d19c.txt",
                "records": [{"id": "organisatie/a", "type": "Hospice", "label": "A",
                             "evidence": [{"judgement": "een test"}]}]}


@pytest.mark.parametrize("where, plant", [
    ("ontology/vocabularies/x.ttl", "pipe"),
    ("data/zz.yaml", "device"),
    ("ontology/rules/zz.rq", "pipe"),
])
def test_an_input_that_is_no_plain_file_is_refused_before_it_is_read(make_project, where,
                                                                      plant):
    project = make_project({"001_a.yaml": ORGANISATION})
    path = project.root / where
    if plant == "pipe":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="is not a plain file") as refused:
        build(project, reasoning=False)
    assert where in str(refused.value)
    assert not (project.root / "build" / "pzgraph.nq").exists()


@pytest.mark.parametrize("content", [b"CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o \xff }",
                                     b"CONSTRUCT { ?s ?p } WHERE { ?s ?p ?o }"])
def test_a_rule_that_is_no_query_is_refused_with_its_file(make_project, content):
    project = make_project({"001_a.yaml": ORGANISATION})
    (project.root / "ontology" / "rules" / "zz-bad.rq").write_bytes(content)
    with pytest.raises(InputError, match="cannot be read as a SPARQL CONSTRUCT") as refused:
        build(project, reasoning=False)
    assert "ontology/rules/zz-bad.rq" in str(refused.value)
