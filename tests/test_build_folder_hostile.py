"""The build replaces only its own files (hostile review s9 #8). A project whose build/ is a
link (git keeps links: a cloned project can carry `build -> ~/somewhere`) made the first
query write pzgraph.nq and manifest.json over the files of that name in the link's target."""

from __future__ import annotations

import pytest

from pzgraph.build.pipeline import build
from pzgraph.errors import OutputError

ORGANISATION = {"source": "000_0f9769a56a83d19c.txt",
                "records": [{"id": "organisatie/a", "type": "Hospice", "label": "A",
                             "evidence": [{"judgement": "een test"}]}]}


def test_a_manifest_of_another_program_is_not_replaced(make_project, tmp_path):
    project = make_project({"001_a.yaml": ORGANISATION})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "manifest.json").write_text('{"mine": 1}', encoding="utf-8")
    (elsewhere / "pzgraph.nq").write_text("my notes\n", encoding="utf-8")
    (project.root / "build").symlink_to(elsewhere)
    with pytest.raises(OutputError, match="was not written by pzgraph"):
        build(project, reasoning=False)
    assert (elsewhere / "pzgraph.nq").read_text(encoding="utf-8") == "my notes\n"
    assert (elsewhere / "manifest.json").read_text(encoding="utf-8") == '{"mine": 1}'


def test_a_link_to_a_folder_of_other_files_is_refused(make_project, tmp_path):
    project = make_project({"001_a.yaml": ORGANISATION})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("mine\n", encoding="utf-8")
    (project.root / "build").symlink_to(elsewhere)
    with pytest.raises(OutputError, match="holds no pzgraph build but other files"):
        build(project, reasoning=False)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["notes.txt"]


def test_a_link_to_an_empty_folder_or_to_a_build_is_fine(make_project, tmp_path):
    project = make_project({"001_a.yaml": ORGANISATION})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project.root / "build").symlink_to(elsewhere)
    build(project, reasoning=False)
    assert (elsewhere / "manifest.json").is_file()
    build(project, reasoning=False, force=True)  # its own build, replaced
