"""A file in queries/ or checks/ is read as the query file of --file is (hostile review s9 #4):
a plain UTF-8 file up to a bound. A pipe there hung `pzgraph query --list` (and the query of
that name) forever, a link to /dev/zero (git keeps links: a cloned project can hold one) took
all memory, a byte that is not UTF-8 ended in a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pzgraph.checks.qc import load_checks
from pzgraph.errors import PzgraphError
from pzgraph.query.library import library, library_query


def _plant(folder: Path, kind: str, name: str) -> None:
    folder.mkdir(exist_ok=True)
    path = folder / name
    if kind == "pipe":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.write_bytes(b"# title: x\n# fix: y\n\xff SELECT * {}\n")


KINDS = ["pipe", "device", "not utf-8"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_library_file_that_is_no_plain_text_is_refused_plainly(tmp_path, kind):
    _plant(tmp_path, kind, "hostile.rq")
    for read in (lambda: library_query(tmp_path, "hostile"), lambda: library(tmp_path)):
        with pytest.raises(PzgraphError, match="hostile.rq: the query file is not"):
            read()


def test_a_missing_library_query_is_none(tmp_path):
    assert library_query(tmp_path, "absent") is None


@pytest.mark.parametrize("kind", KINDS)
def test_a_check_file_that_is_no_plain_text_is_a_finding(make_project, kind):
    project = make_project()
    _plant(project.root / "checks", kind, "hostile-violation.rq")
    checks, findings = load_checks(project)
    assert not checks
    assert [f.file for f in findings] == ["checks/hostile-violation.rq"]
