"""The cache is a pure function of every input and is verified before it is trusted
(issue 14): source documents in the key, an emptied or swapped cache rebuilt, a manifest that
does not describe the cache ignored, an empty data folder an error that keeps the cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pzgraph.build.cache import CACHE_FILE, MANIFEST_FILE
from pzgraph.build.pipeline import build
from pzgraph.errors import PzgraphError
from pzgraph.project import Project


def _project(make_project, project: Project, tmp_path: Path, sources: Path) -> Project:
    """A copy of the project (model and curated data) whose sources folder is `sources`."""
    return Project(make_project(copy_data=True).root, sources=sources)


def test_the_source_documents_are_part_of_the_key(make_project, project, tmp_path):
    sources = tmp_path / "seeds"
    built = _project(make_project, project, tmp_path, sources)  # sources folder missing
    first = build(built, reasoning=False)
    assert not first.cached
    shutil.copytree(project.sources_dir, sources)  # the sources arrive
    again = build(built, reasoning=False)
    assert not again.cached, "a build without the sources was trusted once they arrived"
    assert build(built, reasoning=False).cached


@pytest.mark.parametrize("damage", ["empty", "truncated", "swapped", "manifest"])
def test_a_damaged_cache_is_rebuilt_not_trusted(make_project, project, tmp_path, damage):
    built = _project(make_project, project, tmp_path, project.sources_dir)
    good = build(built, reasoning=False)
    cache = built.build_dir / CACHE_FILE
    text = cache.read_text(encoding="utf-8")
    if damage == "empty":
        cache.write_text("", encoding="utf-8")
    elif damage == "truncated":
        cache.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "swapped":  # same size, other content: only the checksum tells
        cache.write_text(text.replace("Gooi", "Xooi"), encoding="utf-8")
    else:
        (built.build_dir / MANIFEST_FILE).write_text("{ not json", encoding="utf-8")
    result = build(built, reasoning=False)
    assert not result.cached
    assert result.manifest["triples"] == good.manifest["triples"]
    rebuilt = cache.read_text(encoding="utf-8")
    assert rebuilt.count("\n") == text.count("\n") and "Xooi" not in rebuilt


def test_an_empty_data_folder_is_an_error_and_keeps_the_cache(make_project, project, tmp_path):
    built = _project(make_project, project, tmp_path, project.sources_dir)
    build(built, reasoning=False)
    cache = built.build_dir / CACHE_FILE
    before = cache.read_bytes()
    for path in built.data_dir.glob("*.yaml"):
        path.unlink()
    with pytest.raises(PzgraphError, match="no data files"):
        build(built, reasoning=False)
    assert cache.read_bytes() == before
