"""Outputs never land in the project's inputs (hostile review after issue 14): `report --out
ontology` made an ontology/ folder that every later command took for the project's own, and
`query --out data/x.yaml` wrote a file the next build read as data."""

from __future__ import annotations

from pathlib import Path

import pytest

from pzgraph.cli.query import _emit
from pzgraph.errors import OutputError
from pzgraph.project import Project, write_folder


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Project:
    root = tmp_path / "p"
    (root / "data").mkdir(parents=True)
    (root / "data" / "a.yaml").write_text("records: []\n", encoding="utf-8")
    sources = tmp_path / "seeds"
    sources.mkdir()
    monkeypatch.setenv("PZGRAPH_ROOT", str(root))
    monkeypatch.setenv("PZGRAPH_SOURCES", str(sources))
    for name in ("PZGRAPH_DATA", "PZGRAPH_BUILD"):
        monkeypatch.delenv(name, raising=False)
    return Project(root)


def fill(folder: Path) -> None:
    (folder / "index.html").write_text("<p>report</p>", encoding="utf-8")


@pytest.mark.parametrize("where", ["data", "data/sub", "ontology", "queries", "checks",
                                   "build", ".", "../seeds", "link-to-data/x"])
def test_a_folder_output_is_never_written_into_the_inputs(project, where):
    (project.root / "link-to-data").symlink_to(project.root / "data")
    before = sorted(p.relative_to(project.root) for p in project.root.rglob("*"))
    with pytest.raises(OutputError, match="nothing was written"):
        write_folder(project.root / where, fill, project)
    assert sorted(p.relative_to(project.root) for p in project.root.rglob("*")) == before


def test_a_folder_output_elsewhere_is_written(project):
    write_folder(project.root / "out" / "report", fill, project)
    assert (project.root / "out" / "report" / "index.html").is_file()


def test_query_out_refuses_a_file_in_data(project):
    with pytest.raises(OutputError):
        _emit("id,label\n", project.root / "data" / "x.yaml")
    assert not (project.root / "data" / "x.yaml").exists()


@pytest.mark.parametrize("where", ["data", "ontology", "../seeds"])
def test_the_build_cache_never_lands_among_the_inputs(project, monkeypatch, where):
    from pzgraph.build.pipeline import build

    monkeypatch.setenv("PZGRAPH_BUILD", str(project.root / where))
    with pytest.raises(OutputError, match="PZGRAPH_BUILD"):
        build(Project(project.root), reasoning=False)
    assert not (project.root / where / "pzgraph.nq").exists()
    assert not (project.root / where / "manifest.json").exists()


# Hostile review S7 #1: a folder pzgraph wrote was replaced whole, deleting what a person had
# put beside the output since (a CNAME or README beside a published release).
@pytest.mark.parametrize("added", ["CNAME", "doc/own/keep.txt", "empty-folder/", ".nojekyll"])
def test_a_file_added_to_an_output_folder_is_never_deleted(project, added):
    out = project.root / "out" / "report"
    write_folder(out, fill, project)
    path = out / added
    path.parent.mkdir(parents=True, exist_ok=True)
    if added.endswith("/"):
        path.mkdir(exist_ok=True)
    else:
        path.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="was not written by pzgraph.*nothing was changed"):
        write_folder(out, fill, project)
    assert path.exists() and (out / "index.html").is_file()


def test_a_file_edited_in_an_output_folder_is_never_lost(project):
    out = project.root / "out" / "report"
    write_folder(out, fill, project)
    (out / "index.html").write_text("<p>my own edit, longer</p>", encoding="utf-8")
    with pytest.raises(OutputError, match="changed since pzgraph wrote it"):
        write_folder(out, fill, project)
    assert "my own edit" in (out / "index.html").read_text(encoding="utf-8")


def test_an_output_folder_holding_only_pzgraphs_files_is_replaced(project):
    out = project.root / "out" / "report"
    write_folder(out, lambda f: ((f / "sub").mkdir(), (f / "sub" / "old.txt").write_text("1")),
                 project)
    write_folder(out, fill, project)
    assert sorted(p.name for p in out.rglob("*")) == [".pzgraph-output", "index.html"]


# S7 #1b: --out naming a link to an earlier output replaced the link by a folder and left
# the old link behind under a staging name.
def test_an_output_link_is_followed_and_kept(project):
    real = project.root / "out" / "real"
    write_folder(real, lambda f: (f / "old.txt").write_text("1"), project)
    link = project.root / "out" / "current"
    link.symlink_to(real)
    write_folder(link, fill, project)
    assert link.is_symlink() and (real / "index.html").is_file() and not (real / "old.txt").exists()
    assert sorted(p.name for p in link.parent.iterdir()) == ["current", "real"]
