"""Hostile data files (issue 14): each is refused with a named problem and exit 1, quickly,
without a traceback and without touching the cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pzgraph.cli.main import main
from pzgraph.project import Project

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
        (data / "h.yaml").write_text((data / "a.yaml").read_text().replace(
            "organisatie/x", "organisatie/y").replace("graph: a", "graph: herkomst"),
            encoding="utf-8")
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


@pytest.mark.parametrize("command", ["report", "export"])
def test_no_command_replaces_a_folder_it_did_not_write(tmp_path, command):
    from pzgraph.cli.main import main as cli

    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work", encoding="utf-8")
    result = CliRunner().invoke(cli, [command, "--out", str(out)])
    assert result.exit_code != 0 and "did not write" in result.output, result.output
    assert "Traceback" not in result.output
    assert (out / "thesis.docx").read_text(encoding="utf-8") == "years of work"
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]  # no litter beside it


def test_a_folder_is_replaced_in_one_exchange_and_litter_is_cleared(tmp_path):
    from pzgraph.project import OUTPUT_MARKER, write_folder

    out = tmp_path / "release"
    write_folder(out, lambda folder: (folder / "a.txt").write_text("1", encoding="utf-8"))
    (tmp_path / ".release.new-999999999-k1lled_x").mkdir()  # what a killed run leaves
    (tmp_path / ".release.old-999999999-k1lled_y").mkdir()
    write_folder(out, lambda folder: (folder / "b.txt").write_text("2", encoding="utf-8"))
    assert sorted(p.name for p in out.iterdir()) == [OUTPUT_MARKER, "b.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["release"]

    def fail(folder: Path) -> None:
        (folder / "c.txt").write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_folder(out, fail)
    assert sorted(p.name for p in out.iterdir()) == [OUTPUT_MARKER, "b.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["release"]


def test_a_folder_another_command_is_writing_now_is_not_taken_for_litter(tmp_path):
    """Two commands writing the same folder at once (a query building the on-disk store while
    a build writes it): each clears only what a process no longer running left."""
    import subprocess
    import sys

    from pzgraph.project import write_folder

    writer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        busy = tmp_path / f".store.new-{writer.pid}-abcd1234"  # staging of a running writer
        busy.mkdir()
        (busy / "half.sst").write_text("being written", encoding="utf-8")
        gone = tmp_path / ".store.new-999999999-abcd1234"  # no such process: a killed run's
        gone.mkdir()
        mine = [tmp_path / ".store.new-backup", tmp_path / ".store.old-mine",
                tmp_path / f".store.new-{writer.pid}.new-x"]  # not names pzgraph gives
        for folder in mine:
            folder.mkdir()
        write_folder(tmp_path / "store", lambda f: (f / "a").write_text("1", encoding="utf-8"))
        assert (busy / "half.sst").read_text(encoding="utf-8") == "being written"
        assert not gone.exists()
        assert all(folder.is_dir() for folder in mine)
        for folder in mine:
            folder.rmdir()
    finally:
        writer.kill()
        writer.wait()
    write_folder(tmp_path / "store", lambda f: (f / "a").write_text("2", encoding="utf-8"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # its writer has ended


def test_a_file_a_killed_write_left_is_cleared_and_a_device_is_never_replaced(tmp_path):
    """write_atomic renames a new file over the target: over a device, pipe or link that
    would replace it (as root, `--out /dev/null` replaced /dev/null); and the staging file a
    killed run left is cleared by the next write of the same file."""
    from pzgraph.errors import OutputError
    from pzgraph.project import write_atomic

    target = tmp_path / "answer.csv"
    left = tmp_path / ".answer.csv.tmp-999999999-abcd1234"  # a killed run's
    left.write_text("half", encoding="utf-8")
    write_atomic(target, "a,b\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answer.csv"]
    pipe = tmp_path / "pipe.csv"  # named as an answer, so only its kind of file stops it
    os.mkfifo(pipe)
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    for path in (pipe, link, tmp_path):
        with pytest.raises(OutputError, match="not a file; nothing was written"):
            write_atomic(path, "x")
    assert pipe.is_fifo() and link.is_symlink() and target.read_text(encoding="utf-8") == "a,b\n"
    result = CliRunner().invoke(main, ["query", "funding", "--out", str(pipe)])
    assert result.exit_code != 0 and "not a file" in result.output, result.output
    assert "Traceback" not in result.output and pipe.is_fifo()


def test_a_parameter_given_twice_is_refused_not_half_answered():
    result = CliRunner().invoke(main, ["query", "members", "-p", "network=gooi-en-vechtstreek",
                                       "-p", "network=noordwest-utrecht"])
    assert result.exit_code != 0 and "given twice" in result.output, result.output
    assert "Traceback" not in result.output


def test_a_huge_number_parameter_is_named_not_a_traceback():
    from pzgraph.cli.main import main as cli

    result = CliRunner().invoke(cli, ["query", "results", "-p", "year=" + "9" * 5000])
    assert result.exit_code == 1 and "at most 18 digits" in result.output, result.output
    assert not isinstance(result.exception, ValueError)


def test_an_unwritable_output_is_said_plainly(tmp_path):
    from pzgraph.cli.main import main as cli

    result = CliRunner().invoke(cli, ["export", "--format", "ttl", "--out", "/proc/self/x"])
    assert result.exit_code == 1 and "/proc/self" in result.output, result.output
    assert isinstance(result.exception, SystemExit)


def test_a_full_disk_is_said_plainly(tmp_path, monkeypatch):
    import errno

    from pzgraph.cli.main import main as cli

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "out"))

    monkeypatch.setattr("tempfile.mkstemp", full)
    monkeypatch.setattr("tempfile.mkdtemp", full)
    for args in (["export", "--format", "ttl", "--out", str(tmp_path / "out")],
                 ["report", "--out", str(tmp_path / "report"), "--no-maps"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, result.output
        assert "No space left on device" in result.output and "free disk space" in result.output
        assert isinstance(result.exception, SystemExit)
    assert list(tmp_path.iterdir()) == []


def test_a_text_too_long_for_any_parser_is_named(make_project):
    record = {**GOOD["records"][0], "description": "a" * 200_000}  # the limit is 100,000
    code, output = build(make_project({"a.yaml": {**GOOD, "records": [record]}}))
    assert code == 1 and "'description' holds" in output, output[-500:]


@pytest.mark.parametrize("value", ["2025-01-01", "!!binary aGVsbG8=", "!!set {a, b}"])
def test_a_value_yaml_reads_as_no_json_kind_is_named(make_project, value):
    text = ("source: 000_0f9769a56a83d19c.txt\nrecords:\n  - id: bron/x\n"
            "    type: SourceDocument\n    label: X\n"
            f"    fileName: {value}\n    evidence:\n      - judgement: t\n")
    code, output = build(make_project({"a.yaml": text}))
    assert code == 1 and "'fileName" in output, output[-800:]


@pytest.mark.parametrize("ident", [
    # the id pzgraph makes for organisatie/x's membership of a network, and for evidence
    "organisatie/x/lidmaatschap/netwerk.gooi-en-vechtstreek_rol.lid",
    "consortium/y/lidmaatschap/orgaan.z_rol.lid/bewijs/e2a27e6d80",
    "project/p/dekking/kwaliteitskader.d1"])
def test_a_record_id_of_the_form_of_a_nested_object_is_refused(make_project, ident):
    """Hostile review S7 #6: a record with a nested object's id merged with it silently, or
    the problem was blamed on another file and entity."""
    hijack = {"source": "000_0f9769a56a83d19c.txt", "records": [{
        "id": ident, "type": "Project", "label": "Gekaapt",
        "evidence": [{"judgement": "een test"}]}]}
    code, output = build(make_project({"a.yaml": GOOD, "b.yaml": hijack}))
    assert code == 1
    assert "b.yaml" in output and ident in output and "nested objects" in output


@pytest.mark.parametrize(("ident", "why"), [
    ("organisatie/amaris.ttl", "ends like a page of the release (.ttl)"),
    ("organisatie/nieuw.html", "ends like a page of the release (.html)"),
    ("organisatie/con", "device name on Windows"),
    ("organisatie/com1.zorg", "device name on Windows"),
    ("organisatie/amaris.", "ends in a dot"),
    ("organisatie/" + "a" * 300, "300 characters long")])
def test_an_id_that_cannot_name_the_releases_files_is_refused(make_project, ident, why):
    """Hostile review S8 #11, #13: organisatie/amaris.ttl dereferenced to Amaris's Turtle; a
    300-character id built, then failed every export at its end blaming the disk; con/aux
    cannot be unpacked on Windows."""
    record = {"source": "000_0f9769a56a83d19c.txt", "records": [{
        "id": ident, "type": "Project", "label": "Een project",
        "evidence": [{"judgement": "een test"}]}]}
    code, output = build(make_project({"a.yaml": GOOD, "b.yaml": record}))
    assert code == 1
    assert "b.yaml" in output and "cannot name the release's files" in output and why in output


def test_the_reasoner_limit_is_part_of_the_build_key(project, monkeypatch):
    """Hostile review S7 #7: a build that skipped HermiT (PZGRAPH_REASONER_LIMIT=1) stayed
    "up to date" for a plain build, so an inconsistent graph was exported unchecked."""
    from pzgraph.build.cache import input_hash

    monkeypatch.delenv("PZGRAPH_REASONER_LIMIT", raising=False)
    plain, unreasoned = input_hash(project, True), input_hash(project, False)
    monkeypatch.setenv("PZGRAPH_REASONER_LIMIT", "1")
    assert input_hash(project, True) != plain
    assert input_hash(project, False) == unreasoned  # no reasoner, no limit to tell apart


@pytest.mark.parametrize("name, value", [("PZGRAPH_REASONER_LIMIT", "²"),
                                         ("PZGRAPH_REASONER_LIMIT", "ten"),
                                         ("SOURCE_DATE_EPOCH", "²"),
                                         ("SOURCE_DATE_EPOCH", "999999999999"),
                                         ("PZGRAPH_REASONER_LIMIT", "-5")])
def test_a_number_in_the_environment_that_is_none_is_said_plainly(make_project, name, value):
    project = make_project({"a.yaml": GOOD})
    env = {"PZGRAPH_ROOT": str(project.root), "PZGRAPH_SOURCES": str(project.sources_dir),
           name: value}
    command = ["build"] if name.startswith("PZGRAPH") else ["report", "--out",
                                                           str(project.root / "out")]
    result = CliRunner().invoke(main, command, env=env)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{name}={value!r}" in result.output


@pytest.mark.parametrize("name, content, said", [
    ("zero", None, "not a plain file"),
    ("latin.rq", b'SELECT ?x WHERE { BIND("caf\xe9" AS ?x) }', "not UTF-8 text (byte 28)"),
    ("huge.rq", b"# " + b"x" * (1024 * 1024) + b"\nSELECT * {}", "larger than")])
def test_a_query_file_is_read_bounded_and_plain(project, tmp_path, name, content, said):
    """Hostile review S7 #16: `query --file /dev/zero` read 19 GB before any check; a
    non-UTF-8 file was a traceback."""
    path = tmp_path / name
    if content is None:
        path.symlink_to("/dev/zero")
    else:
        path.write_bytes(content)
    env = {"PZGRAPH_ROOT": str(project.root), "PZGRAPH_SOURCES": str(project.sources_dir)}
    result = CliRunner().invoke(main, ["query", "--file", str(path)], env=env)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert said in result.output and name in result.output


def test_a_publisher_file_that_is_a_device_is_refused(make_project, tmp_path):
    project = make_project({"a.yaml": GOOD})
    (project.root / "publisher.yaml").unlink(missing_ok=True)
    (project.root / "publisher.yaml").symlink_to("/dev/zero")
    env = {"PZGRAPH_ROOT": str(project.root), "PZGRAPH_SOURCES": str(project.sources_dir)}
    result = CliRunner().invoke(main, ["export", "--out", str(tmp_path / "rel")], env=env)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "publisher.yaml" in result.output and "not a plain file" in result.output
    assert not (tmp_path / "rel").exists()


def test_ids_that_differ_only_in_case_are_refused(make_project):
    """Hostile review S7 #13: organisatie/Amaris beside organisatie/amaris made two pages that
    overwrite each other on macOS and Windows."""
    twin = {"source": "000_0f9769a56a83d19c.txt", "records": [{
        "id": "organisatie/X", "type": "Hospice", "label": "X hoofdletter",
        "evidence": [{"judgement": "een test"}]}]}
    code, output = build(make_project({"a.yaml": GOOD, "b.yaml": twin}))
    assert code == 1 and "only in upper and lower case" in output
    assert "organisatie/X" in output and "organisatie/x" in output


def test_a_cycle_of_part_links_is_refused(make_project):
    """Hostile review S7 #14: organisations part of each other, or of themselves, passed."""
    def organisation(ident: str, other: str) -> dict:
        return {"id": ident, "type": "Hospice", "label": ident.split("/")[1],
                "subOrganizationOf": [other], "replacedBy": [other],
                "evidence": [{"judgement": "een test"}]}

    cycle = {"source": "000_0f9769a56a83d19c.txt", "records": [
        organisation("organisatie/kip", "organisatie/ei"),
        organisation("organisatie/ei", "organisatie/kip"),
        organisation("organisatie/zelf", "organisatie/zelf")]}
    project = make_project({"a.yaml": GOOD, "b.yaml": cycle})
    shutil.copy(Project.default().checks_dir / "structure-cycle-violation.rq",
                project.checks_dir)  # the fixture has no checks of its own
    code, output = build(project)
    assert code == 1 and "part of itself" in output
    for ident in ("organisatie/kip", "organisatie/ei", "organisatie/zelf"):
        assert ident in output


def test_two_items_that_mint_one_id_are_told_apart_from_duplicates(make_project):
    """Hostile review S7 #11c: two results whose ids read the same. Since results are named by
    a key (lower-case words and hyphens), two keys cannot differ in characters an id leaves out:
    two items with one key, year and target are one item, and the loader says so."""
    record = {**GOOD["records"][0], "id": "project/telling", "type": "Project",
              "label": "Telling", "results": [
                  {"key": "bijeenkomsten-totaal", "value": 3, "unit": "bijeenkomsten (totaal)",
                   "evidence": [{"judgement": "een"}]},
                  {"key": "bijeenkomsten-totaal", "value": 4, "unit": "bijeenkomsten totaal",
                   "evidence": [{"judgement": "twee"}]}]}
    code, output = build(make_project({"a.yaml": GOOD, "b.yaml": {**GOOD, "records": [record]}}))
    assert code == 1
    assert "the same results item as item 1" in output and "key, year, target" in output


@pytest.mark.parametrize("name", ["PZNL </script><script>alert('pub')</script>",
                                  "PZNL\nRewriteRule ^ http://evil.example/ [R=302,L]",
                                  "PZNL \x1b]0;PWNED\x07"])
def test_a_publisher_name_follows_the_rules_of_a_label(make_project, tmp_path, name):
    """Hostile review S7 #22: publisher.yaml's names went into the catalogue (void.ttl) with
    markup, line breaks and terminal escapes, which data labels refuse."""
    import yaml

    project = make_project({"a.yaml": GOOD})
    publisher = yaml.safe_load((project.root / "publisher.yaml").read_text(encoding="utf-8"))
    publisher["publisher"]["name"] = {"nl": name, "en": "PZNL"}
    (project.root / "publisher.yaml").write_text(yaml.safe_dump(publisher), encoding="utf-8")
    env = {"PZGRAPH_ROOT": str(project.root), "PZGRAPH_SOURCES": str(project.sources_dir)}
    result = CliRunner().invoke(main, ["export", "--out", str(tmp_path / "rel")], env=env)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "publisher.name.nl" in result.output and "\x1b" not in result.output
    assert not (tmp_path / "rel").exists()
