"""Issue 17: a plain `pzgraph query NAME` is answered without click (cli/quick.py), with the
text, the errors and the exit codes of the click command, and without importing what it
does not need; every other command line goes to click. (Its speed is measured in
benchmarks/startup.py, never asserted here.)"""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import pytest
from test_architecture import NOT_FOR_A_PLAIN_QUERY

from pzgraph.cli.quick import answer_plainly, plain_form
from pzgraph.project import Project
from pzgraph.query.library import library, library_query

# The console script's entry, and the click group alone, on the same command line; the entry
# then says which of NOT_FOR_A_PLAIN_QUERY it imported (a last line of stderr)
ENTRY = ("import sys\nfrom pzgraph.cli.entry import main\ntry:\n    code = main()\nfinally:\n"
         f"    print('imported:', sorted(m for m in {NOT_FOR_A_PLAIN_QUERY!r} "
         "if m in sys.modules), file=sys.stderr)\nsys.exit(code)")
CLICK = "import sys; from pzgraph.cli.main import main; sys.exit(main())"
PLAIN = [["members", "-p", "network=noordwest-utrecht", "--format", "csv"],
         ["networks-consortia", "--iris", "--format=json"],
         ["kwaliteitskader-matrix", "--lang", "en", "--param", "zekerheid=citaat"],
         ["hospice-affiliation", "--format", "markdown", "--lang=nl"],
         # errors: an unknown entity, a value no level has, a pair without '=', twice a name
         ["members", "-p", "network=nergens"], ["members", "-p", "zekerheid=zeker"],
         ["members", "-p", "network"],
         ["members", "-p", "network=septet", "-p", "network=utrecht-stad"]]
NOT_PLAIN_FORM = [["members", "--help"], ["--help"], ["members", "--format", "xml"],
                  ["members", "--describe"], ["members", "--timeout", "5"], ["members", "-p"],
                  ["members", "--format", "-p"], ["members", "--iris=yes"],
                  ["members", "-pnetwork=septet"], ["members", "--", "-p"], ["--list"]]
NOT_PLAIN = [*NOT_PLAIN_FORM, ["nergens"]]  # plain in form, but no query of the library


def _pzgraph(code: str, project: Project, args: list[str], idle: str) -> tuple[str, str, int]:
    env = {**os.environ, "PZGRAPH_ROOT": str(project.root),
           "PZGRAPH_SOURCES": str(project.sources_dir), "PZGRAPH_RESIDENT_IDLE": idle}
    done = subprocess.run([sys.executable, "-c", code, "query", *args], env=env,
                          capture_output=True, text=True, timeout=300)
    return done.stdout, done.stderr, done.returncode


def _imported(stderr: str) -> tuple[str, list[str]]:
    """stderr without the entry's last line, and the modules that line names."""
    rest, _, last = stderr.rstrip("\n").rpartition("\n")
    assert last.startswith("imported: "), stderr
    return rest + "\n" if rest else "", ast.literal_eval(last.removeprefix("imported: "))


@pytest.mark.parametrize("idle", ["60", "0"])  # the resident answers; no resident
def test_a_plain_query_answers_as_the_click_command_without_importing_click(
        graph, project, idle):
    for args in PLAIN:
        by_click = _pzgraph(CLICK, project, args, idle)
        out, err, code = _pzgraph(ENTRY, project, args, idle)
        err, imported = _imported(err)
        assert (out, err, code) == by_click, args
        assert "Traceback" not in err
        if idle != "0":  # in-process, the query's own modules are imported, click still not
            assert imported == [], (args, imported)
        assert "click" not in imported, args
    assert sum(_pzgraph(CLICK, project, args, idle)[2] == 0 for args in PLAIN) == 4


def test_every_other_command_line_goes_to_click(graph, project):
    for args in NOT_PLAIN:
        by_click = _pzgraph(CLICK, project, args, "60")
        out, err, code = _pzgraph(ENTRY, project, args, "60")
        err, imported = _imported(err)
        assert (out, err, code) == by_click, args
        assert "click" in imported, args


def test_the_plain_form_is_read_as_click_reads_it():
    plain = plain_form(["query", "members", "-p", "network=septet", "--param=zekerheid=citaat",
                        "--format", "csv", "--lang=en", "--iris", "--format=json"])
    assert plain is not None
    assert (plain.name, plain.pairs, plain.fmt, plain.lang, plain.iris) == (
        "members", ["network=septet", "zekerheid=citaat"], "json", "en", True)  # the last wins
    assert plain_form(["query", "members"]).fmt == "table"
    for args in NOT_PLAIN_FORM:
        assert plain_form(["query", *args]) is None, args
    # another verb, no query, an argument that is not text (bytes that are not UTF-8)
    for argv in (["build"], ["query"], ["map", "members"], ["query", "members", "-p", "a=\udcff"]):
        assert plain_form(argv) is None, argv


def test_a_query_not_in_the_library_is_left_to_click(project, monkeypatch):
    monkeypatch.setenv("PZGRAPH_ROOT", str(project.root))
    assert answer_plainly(["query", "nergens"]) is None
    assert answer_plainly(["query", "..", "--format", "csv"]) is None


def test_one_query_read_by_name_is_the_librarys(project, tmp_path):
    queries = library(project.queries_dir)
    assert len(queries) > 20
    for name, query in queries.items():
        assert library_query(project.queries_dir, name) == query
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / "x.rq").write_text("# title: X\nSELECT * {}\n", encoding="utf-8")
    (tmp_path / "folder.rq").mkdir()
    for name in ("", "nergens", "inner/x", "../queries/members", "folder", "members\0"):
        assert library_query(tmp_path, name) is None, name
