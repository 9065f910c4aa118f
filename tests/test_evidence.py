"""Every quote in data/ occurs in its source document (whitespace and hyphenation aside)."""

from __future__ import annotations

import os

import pytest

from pzgraph.ingest.quotes import normalise
from pzgraph.ingest.read import read_and_check


def test_normalise_joins_pdf_hyphenation_and_whitespace():
    assert normalise("Kwali-\nteitskader  palliatieve\n zorg") == "Kwaliteitskader palliatieve zorg"
    assert normalise("‘Ik wil’") == "'Ik wil'"


def test_every_quote_is_found_in_its_source(project):
    if not project.sources_dir.is_dir():
        message = (f"The source documents are missing: {project.sources_dir} does not exist, "
                   "so no quote can be verified. Put them there or set PZGRAPH_SOURCES.")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    _, _, findings, counts = read_and_check(project)
    evidence = [f for f in findings if f.check == "evidence"]
    assert counts["quotes_checked"] > 100
    assert not evidence, "\n".join(map(str, evidence))
    assert counts["quotes_found"] == counts["quotes_checked"]


def test_the_data_has_no_findings(project):
    _, _, findings, _ = read_and_check(project)
    errors = [f for f in findings if f.severity == "error"]
    assert not errors, "\n".join(map(str, errors))
