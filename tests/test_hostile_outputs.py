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
