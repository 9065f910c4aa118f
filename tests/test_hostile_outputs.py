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


# Hostile review S7 #10: a typo in a single-file --out replaced publisher.yaml, pyproject.toml,
# a module of the CLI or .git/config with a table or a map.
@pytest.mark.parametrize("target", ["pyproject.toml", "src/pzgraph/cli/main.py", ".git/config",
                                    "publisher.yaml", "notes.yaml"])
def test_a_single_file_output_never_replaces_a_file_of_another_kind(project, target):
    from pzgraph.project import check_output_file

    path = project.root / target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="nothing was written"):
        check_output_file(path, (".csv", ".json", ".md", ".txt"), project)
    with pytest.raises(OutputError, match="nothing was written"):
        _emit("id,label\n", path)
    assert path.read_text(encoding="utf-8") == "mine"


def test_a_single_file_output_replaces_an_earlier_one_of_its_kind(project):
    path = project.root / "out" / "answer.csv"
    _emit("id\n1\n", path)
    _emit("id\n2\n", path)
    assert path.read_text(encoding="utf-8") == "id\n2\n"


# Hostile review S8 #3: a report replaced a release whole (the marker did not say which
# command wrote the folder), and a marker of an older pzgraph, without a list, was trusted
# whole: files added to it were deleted.
def test_a_folder_one_command_wrote_is_not_replaced_by_another(project):
    out = project.root / "out" / "release"
    write_folder(out, fill, project, kind="export")
    with pytest.raises(OutputError, match="`pzgraph export` wrote, not `pzgraph report`"):
        write_folder(out, lambda f: (f / "report.md").write_text("r"), project, kind="report")
    assert (out / "index.html").is_file()
    write_folder(out, fill, project, kind="export")  # its own command replaces it


@pytest.mark.parametrize("marker", [
    "This folder was written by pzgraph, which may replace it whole.\n",  # before session 7
    "This folder was written by pzgraph, which may replace it whole while it holds only the "
    "entries listed here (size, modification time in ns, path).\nlisted:\n",  # no command
])
def test_an_older_marker_vouches_only_for_the_names_the_command_writes(project, marker):
    out = project.root / "out" / "old-release"
    out.mkdir(parents=True)

    def mark() -> None:
        index = (out / "index.html").stat()
        listed = f"{index.st_size} {index.st_mtime_ns}\tindex.html\n"  # session 7's list
        (out / ".pzgraph-output").write_text(marker + (listed if "listed:" in marker else ""),
                                             encoding="utf-8")

    (out / "index.html").write_text("old", encoding="utf-8")
    mark()
    write_folder(out, fill, project, kind="report")  # the same names: replaced
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>report</p>"
    mark()
    (out / "notes").mkdir()
    (out / "notes" / "todo.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="notes.*(not written by|this command does not)"):
        write_folder(out, fill, project, kind="report")
    assert (out / "notes" / "todo.txt").read_text(encoding="utf-8") == "mine"


# S8 #2: the folder was checked before the work and deleted after it, minutes later: a file
# added meanwhile (a CNAME, a certificate tool's challenge) was deleted.
def test_a_file_added_while_the_command_writes_is_kept(project):
    out = project.root / "out" / "release"
    write_folder(out, fill, project, kind="export")

    def slow_fill(folder: Path) -> None:
        (out / "CNAME").write_text("pzgraph.example", encoding="utf-8")  # meanwhile
        fill(folder)

    with pytest.raises(OutputError, match=r"is written, but while pzgraph wrote it .*CNAME"
                                          r".* is kept at"):
        write_folder(out, slow_fill, project, kind="export")
    kept = [p for p in out.parent.iterdir() if p.name.startswith("release.kept-")]
    assert len(kept) == 1 and (kept[0] / "CNAME").read_text(encoding="utf-8") == "pzgraph.example"
    assert (out / "index.html").is_file() and not (out / "CNAME").exists()


def test_the_marker_is_never_written_through_a_link(project, tmp_path):
    from pzgraph.output_marker import add_to_marker

    out = project.root / "out" / "formats"
    out.mkdir(parents=True)
    chosen = tmp_path / "someone-elses-path"
    (out / ".pzgraph-output").symlink_to(chosen)  # dangling
    (out / "pzgraph.nt").write_text("", encoding="utf-8")
    add_to_marker(out, out / "pzgraph.nt", "export")
    assert not chosen.exists()


# S8 #10: `query --out README.md` or `--out docs/security.md` replaced the project's own
# documents with a table (only the suffix was compared).
def test_a_single_file_output_never_replaces_a_file_git_keeps(tmp_path):
    import subprocess

    from pzgraph.project import check_output_file

    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    for name in ("README.md", "docs/security.md"):
        (repo / name).write_text("# mine\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(repo), "add", "README.md", "docs/security.md"], check=True)
    (repo / "answer.md").write_text("an earlier answer\n", encoding="utf-8")  # not kept by git
    for name in ("README.md", "docs/security.md"):
        with pytest.raises(OutputError, match="under version control"):
            check_output_file(repo / name, (".md",))
    check_output_file(repo / "answer.md", (".md",))
    check_output_file(repo / "new.md", (".md",))
