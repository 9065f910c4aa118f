"""The cache is a pure function of every input and is verified before it is trusted
(issue 14): source documents in the key, an emptied or swapped cache rebuilt, a manifest that
does not describe the cache ignored, an empty data folder an error that keeps the cache."""

from __future__ import annotations

import json
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


def test_file_hashes_are_remembered_and_never_trusted_after_a_change(tmp_path, monkeypatch):
    """Issue 17: each input's sha256 is remembered by size, times and inode (file_hashes.py);
    an unchanged file is not read again, an edited one always is: also when the edit keeps
    size and modification time, when it falls in the memo's clock tick (racy), or when the
    memo is damaged."""
    import hashlib
    import os
    import time

    from pzgraph.build import file_hashes
    from pzgraph.build.file_hashes import FileHashes

    reads: list[str] = []
    real = hashlib.file_digest

    def counting(stream, name):
        reads.append(str(stream.name))
        return real(stream, name)

    def sha(text: str) -> bytes:
        return hashlib.sha256(text.encode()).digest()

    monkeypatch.setattr(file_hashes.hashlib, "file_digest", counting)
    data, memo = tmp_path / "a.yaml", tmp_path / "build" / "file-hashes.json"
    data.write_text("alpha\n", encoding="utf-8")
    first = FileHashes(memo)
    assert first.sha256(data) == sha("alpha\n") and reads == [os.path.abspath(data)]
    first.remember()
    # racy: the file was written within the memo's tick (2 s): it is read again
    reads.clear()
    assert FileHashes(memo).sha256(data) == sha("alpha\n") and reads == [os.path.abspath(data)]
    # once the memo is clearly younger than the file, the record is trusted: not read
    later = time.time_ns() + 10 * file_hashes.RACY_NS
    os.utime(memo, ns=(later, later))
    reads.clear()
    assert FileHashes(memo).sha256(data) == sha("alpha\n") and reads == []
    # an edit that keeps the size and puts the modification time back: the change time
    # (which no program can set back) moved, so the file is read again
    stat = data.stat()
    data.write_text("omega\n", encoding="utf-8")
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert data.stat().st_size == stat.st_size
    assert FileHashes(memo).sha256(data) == sha("omega\n") and reads == [os.path.abspath(data)]
    # a damaged memo is no memo
    memo.write_text("{ not json", encoding="utf-8")
    os.utime(memo, ns=(later, later))
    reads.clear()
    assert FileHashes(memo).sha256(data) == sha("omega\n") and reads == [os.path.abspath(data)]
    # a damaged record is no record
    memo.write_text(json.dumps({str(data.resolve()): [[1, 2], "zz"]}), encoding="utf-8")
    os.utime(memo, ns=(later, later))
    reads.clear()
    assert FileHashes(memo).sha256(data) == sha("omega\n") and reads == [os.path.abspath(data)]


def test_an_input_edited_without_a_size_or_time_change_rebuilds(make_project, project, tmp_path):
    """The build with its memo of file hashes: an edit that keeps the size and restores the
    modification time is still seen (size, times and inode, and racy records rehashed)."""
    import os

    built = _project(make_project, project, tmp_path, project.sources_dir)
    build(built, reasoning=False)
    assert build(built, reasoning=False).cached
    data = next(built.data_dir.glob("*.yaml"))
    stat = data.stat()
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("Gooi", "Xooi", 1) if "Gooi" in text else text[:-1] + "#",
                    encoding="utf-8")
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert data.stat().st_size == stat.st_size
    assert not build(built, reasoning=False).cached


def test_the_key_covers_every_module_the_build_runs_and_no_reading_command():
    """The cache key hashes the code that makes the dataset (build/cache.BUILD_CODE): every
    pzgraph module the build imports, so a change to any of them rebuilds; the modules of the
    reading commands are left out, so a change to a query or a map does not."""
    import subprocess
    import sys

    from pzgraph.build import cache

    code = ("import sys, pzgraph.build.pipeline, pzgraph.build.reasoner, pzgraph.build.reasoning;"
            "print('\\n'.join(m.__file__ for n, m in sorted(sys.modules.items())"
            " if n.startswith('pzgraph') and getattr(m, '__file__', None)))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()
    hashed = {str(path) for path in cache._code_files()}
    assert len(loaded) > 20
    assert not [path for path in loaded if path not in hashed]
    package = Path(cache.__file__).resolve().parents[1]
    for reading in ("query/run.py", "query/resident.py", "maps/render.py", "cli/query.py",
                    "release/bundle.py", "report/sections.py"):
        assert str(package / reading) not in hashed, reading


def test_a_file_too_large_to_be_an_input_is_not_hashed(tmp_path, monkeypatch):
    """Hostile review S8 #18: a 20 GB file in data/ was hashed whole (minutes) before the
    reader refused it by its size. Its stat names it instead; the reader still refuses it."""
    import hashlib

    from pzgraph.build.file_hashes import MAX_HASHED, FileHashes

    big = tmp_path / "009_big.yaml"
    with big.open("wb") as stream:
        stream.truncate(MAX_HASHED + 1)  # sparse: no disk used

    def no_reading(*_args, **_kwargs):
        raise AssertionError("the large file was read to be hashed")

    monkeypatch.setattr(hashlib, "file_digest", no_reading)
    first = FileHashes(None).sha256(big)
    assert first is not None and len(first) == 32
    with big.open("r+b") as stream:
        stream.truncate(MAX_HASHED + 2)  # another size: another key
    assert FileHashes(None).sha256(big) != first
