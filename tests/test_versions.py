"""Issue 17: `changes-*` in bounded memory at any scale (query/versions.py). A difference
whose context is too large for memory is compared with both versions whole in an on-disk
store: the same answers as the streamed difference in memory and as the plain comparison.
A build's lines are picked by their subject's text: the same statements as parsing it whole.
(Memory and speed are measured in benchmarks/export_scale.py, never asserted here.)"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from test_fast_paths import _changed_copy

from pzgraph.build.pipeline import build
from pzgraph.query import run, versions
from pzgraph.query.library import library
from pzgraph.query.run import answer

NAMES = ["changes-members", "changes-projects", "changes-coverage"]


@pytest.fixture(scope="module")
def versions_pair(project, tmp_path_factory):
    old = build(project, reasoning=True).dataset
    return old, _changed_copy(project, tmp_path_factory.mktemp("versions") / "changed")


def _answers(project, pairs) -> list:
    queries = library(project.queries_dir)
    return [answer(queries[name], None, {"old": str(a), "new": str(b)}).rows
            for name in NAMES for a, b in pairs]


@pytest.mark.parametrize("limit", ["MEMORY_QUADS", "MEMORY_LINES"])
def test_a_context_too_large_for_memory_is_compared_on_disk(project, versions_pair, limit,
                                                           monkeypatch):
    old, new = versions_pair
    pairs = [(old, new), (new, old), (old, old)]
    in_memory = _answers(project, pairs)
    assert sum(len(rows) for rows in in_memory) >= 3

    stores = []
    whole_on_disk = versions.whole_on_disk

    def noted(*args):
        stores.append(whole_on_disk(*args))
        return stores[-1]

    monkeypatch.setattr(versions, limit, 2)
    monkeypatch.setattr(versions, "whole_on_disk", noted)
    assert _answers(project, pairs) == in_memory
    assert len(stores) == len(NAMES) * 2  # (old, old) has no difference: nothing to hold
    assert len(stores[0]) > 10_000

    def unsorted(*_args):
        raise versions.NotSorted("forced: the plain comparison")

    monkeypatch.setattr(run, "load_difference", unsorted)
    assert _answers(project, pairs) == in_memory


def test_a_builds_lines_picked_by_their_subject_are_those_parsed(versions_pair):
    old, _new = versions_pair
    quads = list(ox.parse(path=str(old), format=ox.RdfFormat.N_QUADS))
    subjects = {q.subject for q in quads[::97]} | {q.subject for q in quads
                                                   if isinstance(q.subject, ox.BlankNode)}
    by_text = list(versions._about(old, subjects, by_text=True))
    parsed = list(versions._about(old, subjects, by_text=False))
    assert by_text == parsed
    assert len(by_text) > len(subjects) > 100


def test_a_version_file_with_a_line_longer_than_any_statement_is_refused(project, versions_pair,
                                                                         tmp_path, monkeypatch):
    """Hostile review S8 #18: a 20 GB .nq file without a line break was read as one line
    until memory ran out. A line over the bound is refused, naming the file and the line."""
    from pzgraph.errors import QueryError

    monkeypatch.setattr(versions.line_diff, "MAX_LINE", 4096)  # 16 MiB: kept small here
    old, _ = versions_pair
    long = tmp_path / "long.nq"
    long.write_bytes(old.read_bytes()[:2000] + b"<https://x.example/" + b"a" * 5000 + b">\n")
    queries = library(project.queries_dir)
    with pytest.raises(QueryError, match=r"long.nq: the line at byte [\d,]+ is longer than"):
        answer(queries["changes-members"], None, {"old": str(long), "new": str(old)})
