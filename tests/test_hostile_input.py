"""Hostile data files (issue 14): each is refused with a named problem and exit 1, quickly,
without a traceback and without touching the cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from pzgraph.cli.main import main

GOOD = {"source": "000_0f9769a56a83d19c.txt", "records": [{
    "id": "organisatie/x", "type": "Hospice", "label": "X",
    "evidence": [{"judgement": "een test"}]}]}
BOMB = "\n".join(["source: 000_0f9769a56a83d19c.txt", 'a: &a ["lol","lol","lol","lol","lol"]']
                 + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
                    f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
                    f"*{chr(97 + i)},*{chr(97 + i)}]" for i in range(9)]
                 + ["records: []"])


def build(project) -> tuple[int, str]:
    env = {"PZGRAPH_ROOT": str(project.root), "PZGRAPH_SOURCES": str(project.sources_dir)}
    result = CliRunner().invoke(main, ["build", "--no-reason"], env=env)
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_an_alias_bomb_is_refused_before_it_expands(make_project):
    code, output = build(make_project({"a.yaml": GOOD, "bomb.yaml": BOMB}))
    assert code == 1 and "bomb.yaml" in output and "aliases" in output


def test_a_self_referring_alias_is_refused(make_project):
    code, output = build(make_project({"a.yaml": GOOD, "loop.yaml": "a: &a [*a]\nrecords: []\n"}))
    assert code == 1 and "loop.yaml" in output


@pytest.mark.parametrize("kind", ["folder", "fifo", "broken link", "space in name", "reserved"])
def test_only_regular_files_with_safe_names_are_read(make_project, kind):
    project = make_project({"a.yaml": GOOD})
    data = project.data_dir
    if kind == "folder":
        (data / "b.yaml").mkdir()
    elif kind == "fifo":
        os.mkfifo(data / "b.yaml")  # reading it would hang
    elif kind == "broken link":
        (data / "b.yaml").symlink_to(data / "nowhere.yaml")
    elif kind == "space in name":
        (data / "b c.yaml").write_text((data / "a.yaml").read_text().replace(
            "organisatie/x", "organisatie/y"), encoding="utf-8")
    else:
        (data / "herkomst.yaml").write_text((data / "a.yaml").read_text().replace(
            "organisatie/x", "organisatie/y"), encoding="utf-8")
    code, output = build(project)
    assert code == 1, output
    assert not (project.build_dir / "pzgraph.nq").exists()


def test_a_nested_item_cannot_name_its_own_id_or_type(make_project):
    record = dict(GOOD["records"][0])
    record["evidence"] = [{"judgement": "x", "id": "../def#Network", "type": "Network"}]
    code, output = build(make_project({"a.yaml": {**GOOD, "records": [record]}}))
    assert code == 1
    assert "cannot have its own 'id'" in output and "cannot have its own 'type'" in output


def test_the_bounds_leave_the_curated_data_alone(project):
    from pzgraph.ingest.yaml_reader import load_bounded

    for path in project.data_files():
        assert load_bounded(Path(path).read_text(encoding="utf-8"))["records"]
