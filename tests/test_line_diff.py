"""Issue 17: `changes-*` compares two versions in large blocks (query/line_diff.py: a memcmp a
block, lines merged only where the blocks differ) and reads the context of what changed by
subject. Each edit of a build, on the curated and a synthetic graph, gives the same rows as
both versions loaded whole (the plain comparison); with blocks so small that every edit falls
inside a block and across block boundaries, in build and in release order, at the last line
without a line break, and through the on-disk fallback. (Speed: benchmarks/, never here.)"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from pzgraph.build.pipeline import build
from pzgraph.project import Project
from pzgraph.query import line_diff, run, versions
from pzgraph.query.footing import COLUMN as footing_column
from pzgraph.query.library import library
from pzgraph.query.run import answer
from pzgraph.release.external_sort import ExternalSort

NAMES = ["changes-members", "changes-projects", "changes-coverage"]
TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
PROJECT = b"<https://w3id.org/pzgraph/def#Project>"
ROLE = b"<http://www.w3.org/ns/org#role>"

Lines = list[bytes]


@pytest.fixture(scope="module", params=["curated", "synthetic"])
def base(request, project, tmp_path_factory, benchmark_generator) -> tuple[Project, Lines]:
    """A project and the lines of its build (sorted, one statement a line)."""
    if request.param == "curated":
        chosen, reasoning = project, True
    else:
        root = tmp_path_factory.mktemp("synthetic-line-diff")
        benchmark_generator.generate(0.05, root, seed=7, progress=None)
        chosen, reasoning = Project(root, sources=root / "sources"), False
    return chosen, build(chosen, reasoning=reasoning).dataset.read_bytes().splitlines()


def _subject(line: bytes) -> bytes:
    return line[:line.find(b" ")]


def _middle_project(lines: Lines) -> bytes:
    projects = [_subject(line) for line in lines if f" {TYPE.decode()} {PROJECT.decode()} "
                .encode() in line]
    return projects[len(projects) // 2]


def _own(record: bytes, line: bytes) -> bool:
    """Whether a line is about the record or one of its own nodes (evidence, links: IRIs
    under the record's), as a build writes a record."""
    subject = _subject(line)
    return subject == record or subject.startswith(record[:-1] + b"/")


def _record_removed(lines: Lines) -> Lines:
    """A record gone with its own nodes and what pointed at it."""
    gone = _middle_project(lines)
    return [line for line in lines if not _own(gone, line) and f" {gone.decode()} "
            .encode() not in line]


def _record_added(lines: Lines) -> Lines:
    """A copy of a record under another IRI, with copies of its own nodes."""
    copied = _middle_project(lines)
    renamed = copied[:-1] + b"-kopie"
    return lines + [line.replace(copied[:-1] + b">", renamed + b">")
                    .replace(copied[:-1] + b"/", renamed + b"/")
                    for line in lines if _own(copied, line)]


def _record_changed(lines: Lines) -> Lines:
    """A membership's role changed to another role the landscape knows."""
    roles = sorted({line.split(b" ")[2] for line in lines if f" {ROLE.decode()} ".encode()
                    in line})
    at = [n for n, line in enumerate(lines) if f" {ROLE.decode()} ".encode() in line]
    n = at[len(at) // 2]
    parts = lines[n].split(b" ")
    parts[2] = next(role for role in roles if role != parts[2])
    return lines[:n] + [b" ".join(parts)] + lines[n + 1:]


def _record_moved(lines: Lines) -> Lines:
    """Every statement of a record moved to another graph: the same triples."""
    moved = _middle_project(lines)
    graphs = sorted({line_diff.graph_of(line) for line in lines if _subject(line) == moved})
    other = next(g for g in sorted({line_diff.graph_of(line) for line in lines})
                 if g not in graphs and b"/graph/" in g)
    return [line[:line.rfind(b" <")] + b" " + other + b" ." if _subject(line) == moved
            else line for line in lines]


def _last_line_changed(lines: Lines) -> Lines:
    return lines[:-1]


EDITS: dict[str, Callable[[Lines], Lines]] = {
    "no change": list, "a record removed": _record_removed, "a record added": _record_added,
    "a record changed": _record_changed, "a record moved to another graph": _record_moved,
    "the last line gone": _last_line_changed,
}


def _write(path: Path, lines: Lines, order: str, newline_at_end: bool = True) -> Path:
    if order == "build":
        ordered = sorted(set(lines), key=line_diff.build_order)
    else:  # as a release is written: sorted by whole lines on disk, in runs
        runs = ExternalSort(path.parent, unique=True, budget=64 * 1024)
        for line in lines:
            runs.add(line.decode())
        ordered = [line.encode() for line in runs]
    path.write_bytes(b"\n".join(ordered) + (b"\n" if newline_at_end else b""))
    return path


def _rows(project: Project, pairs: list[tuple[Path, Path]]) -> list:
    """The rows of each comparison query, with the footing column `zekerheid` (it weighs
    relations that point at a row's entities: the context carries them too)."""
    queries = library(project.queries_dir)
    answers = [answer(queries[name], None, {"old": str(a), "new": str(b)})
               for name in NAMES for a, b in pairs]
    for result in answers:
        assert result.columns[-1] == footing_column
    return [[list(row) for row in result.rows] for result in answers]


def _plain_rows(project: Project, pairs, monkeypatch) -> list:
    def unsorted(*_args):
        raise versions.NotSorted("forced: both versions loaded whole")

    with monkeypatch.context() as patch:
        patch.setattr(run, "load_difference", unsorted)
        return _rows(project, pairs)


@pytest.mark.parametrize("order", ["build", "release"])
def test_every_edit_gives_the_rows_of_both_versions_loaded_whole(base, order, tmp_path,
                                                                 monkeypatch):
    project, lines = base
    if order == "release" and project.root == Project.default().root:
        pytest.skip("release order: on the synthetic graph (the curated one takes minutes)")
    # blocks of 4 KiB: every edit inside a block, blocks cut through lines, the first
    # comparison after a difference smaller than a line (the default blocks: every other test)
    monkeypatch.setattr(line_diff, "BLOCK", 4096)
    monkeypatch.setattr(line_diff, "PROBE", 64)
    old = _write(tmp_path / "old.nq", lines, order)
    found = 0
    for name, edit in EDITS.items():
        new = _write(tmp_path / f"{name.replace(' ', '-')}.nq", edit(lines), order,
                     newline_at_end=name != "the last line gone")
        pairs = [(old, new), (new, old)]
        fast = _rows(project, pairs)
        assert fast == _plain_rows(project, pairs, monkeypatch), name
        if name in ("no change", "a record moved to another graph"):
            assert not any(fast), name
        found += sum(map(len, fast))
    assert found >= 6  # removed, added (both ways), a role changed (two rows, both ways)


def test_a_large_difference_goes_to_the_on_disk_store_with_the_same_rows(base, tmp_path,
                                                                         monkeypatch):
    project, lines = base
    old = _write(tmp_path / "old.nq", lines, "build")
    random.seed(17)
    new = _write(tmp_path / "new.nq", _record_changed(_record_added(
        [line for line in lines if random.random() > 0.02])), "build")
    pairs = [(old, new), (new, old)]
    in_memory = _rows(project, pairs)
    assert sum(map(len, in_memory)) >= 4
    stores = []
    whole_on_disk = versions.whole_on_disk
    monkeypatch.setattr(versions, "whole_on_disk", lambda *a: stores.append(1) or
                        whole_on_disk(*a))
    monkeypatch.setattr(versions, "MEMORY_QUADS", 1000)
    assert _rows(project, pairs) == in_memory == _plain_rows(project, pairs, monkeypatch)
    assert len(stores) == len(NAMES) * len(pairs)


@pytest.mark.parametrize("order", ["build", "release"])
def test_the_changed_lines_are_the_set_difference_of_the_lines(base, order, tmp_path,
                                                               monkeypatch):
    """Side by side in blocks of 4 KiB: exactly the lines one file has and the other has not,
    for lines dropped and added anywhere (the first, the last, runs of them)."""
    monkeypatch.setattr(line_diff, "BLOCK", 4096)
    monkeypatch.setattr(line_diff, "PROBE", 64)
    _, lines = base
    random.seed(3)
    kept = [line for n, line in enumerate(lines) if n and random.random() > 0.001]
    added = [line.replace(b"> ", b"-nieuw> ", 1) for line in random.sample(lines, 40)]
    old = _write(tmp_path / "old.nq", lines, order)
    new = _write(tmp_path / "new.nq", kept + added, order, newline_at_end=False)
    only_old, only_new = line_diff.changed_lines_any_order(old, new)
    assert set(only_old) == set(lines) - set(kept) and len(only_old) > 10
    assert set(only_new) == set(added)
    assert len(only_old) == len(set(only_old)) and len(only_new) == len(set(only_new))
    assert line_diff.changed_lines_any_order(old, old) == ([], [])


def test_lines_about_subjects_are_those_a_plain_filter_finds(base, tmp_path, monkeypatch):
    """Picked by halving in sorted stretches, or a line at a time: the same lines, in build
    order, in release order and in no order."""
    monkeypatch.setattr(line_diff, "BLOCK", 8192)
    _, lines = base
    random.seed(5)
    subjects = sorted({_subject(line) for line in lines})
    shuffled = random.sample(lines, len(lines))
    for count in (1, 30, len(subjects) // 3):
        wanted = set(random.sample(subjects, count))
        expected = sorted(line for line in lines if _subject(line) in wanted)
        for order, ordered in (("build", sorted(lines, key=line_diff.build_order)),
                               ("release", sorted(lines)), ("none", shuffled)):
            path = tmp_path / f"{order}.nq"
            path.write_bytes(b"\n".join(ordered))
            assert sorted(line_diff.lines_about(path, wanted)) == expected, (order, count)


def test_lines_linked_are_those_a_plain_filter_finds(base, tmp_path, monkeypatch):
    """Lines about some subjects or pointing at some objects, in blocks of 8 KiB (a block
    none of a few wanted texts occurs in passed over): those a plain filter finds."""
    monkeypatch.setattr(line_diff, "BLOCK", 8192)
    _, lines = base
    random.seed(11)
    path = tmp_path / "build.nq"
    path.write_bytes(b"\n".join(sorted(lines, key=line_diff.build_order)))
    objects = sorted({line.split(b" ")[2] for line in lines if line.split(b" ")[2][:1] == b"<"})
    subjects = sorted({_subject(line) for line in lines})
    for count in (1, 5, 200):
        wanted_subjects = set(random.sample(subjects, count))
        wanted_objects = set(random.sample(objects, count))
        expected = sorted(line for line in lines if _subject(line) in wanted_subjects
                          or line.split(b" ")[2] in wanted_objects)
        assert len(expected) > count
        assert sorted(line_diff.lines_linked(path, wanted_subjects, wanted_objects)) == expected
