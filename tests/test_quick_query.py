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
# then says on a last line of stderr which of NOT_FOR_A_PLAIN_QUERY it imported, and whether
# it ended at once (os._exit, cli/entry.py) or through Python's own exit
ENTRY = f"""import os, sys
from pzgraph.cli.entry import main
def said(how):
    imported = sorted(m for m in {NOT_FOR_A_PLAIN_QUERY!r} if m in sys.modules)
    print("imported:", how, imported, file=sys.stderr, flush=True)
real_exit, ours = os._exit, os.getpid()
def at_once(code):
    if os.getpid() == ours:  # not a child forked to time a store (query/plan.py)
        said("at-once")
    real_exit(code)
os._exit = at_once
try:
    code = main()
finally:
    said("python")
sys.exit(code)
"""
CLICK = "import sys; from pzgraph.cli.main import main; sys.exit(main())"
PLAIN = [["members", "-p", "network=noordwest-utrecht", "--format", "csv"],
         ["networks-consortia", "--iris", "--format=json"],
         ["kwaliteitskader-matrix", "--lang", "en", "--param", "zekerheid=citaat"],
         ["hospice-affiliation", "--format", "markdown", "--lang=nl"],
         ["kwaliteitskader-gaps", "--format", "csv"],  # more than a pipe's buffer
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


def _imported(stderr: str) -> tuple[str, str, list[str]]:
    """stderr without the entry's last line; how the process ended, and the modules named."""
    rest, _, last = stderr.rstrip("\n").rpartition("\n")
    assert last.startswith("imported: "), stderr
    _, how, modules = last.split(" ", 2)
    return rest + "\n" if rest else "", how, ast.literal_eval(modules)


@pytest.mark.parametrize("idle", ["60", "0"])  # the resident answers; no resident
def test_a_plain_query_answers_as_the_click_command_without_importing_click(
        graph, project, idle):
    for args in PLAIN:
        by_click = _pzgraph(CLICK, project, args, idle)
        out, err, code = _pzgraph(ENTRY, project, args, idle)
        err, how, imported = _imported(err)
        assert (out, err, code) == by_click, args  # all of the answer, also at once
        assert "Traceback" not in err
        if idle != "0":  # the resident answered: nothing is left to tear down
            assert (how, imported) == ("at-once", []), args
        elif code == 0:  # answered in-process: the query's own modules are imported
            assert "pzgraph.query.local" in imported, args
        if "pzgraph.query.local" in imported:  # Python's exit cleans up after them
            assert how == "python", args
        assert "click" not in imported, args
    assert sum(_pzgraph(CLICK, project, args, idle)[2] == 0 for args in PLAIN) == 5


def test_every_other_command_line_goes_to_click(graph, project):
    for args in NOT_PLAIN:
        by_click = _pzgraph(CLICK, project, args, "60")
        out, err, code = _pzgraph(ENTRY, project, args, "60")
        err, how, imported = _imported(err)
        assert (out, err, code) == by_click, args
        assert "click" in imported and how == "python", args


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


def test_the_plain_form_takes_the_choices_of_the_click_command():
    from pzgraph.cli.query import query
    from pzgraph.cli.quick import LANGUAGES
    from pzgraph.query.output import FORMATS

    choices = {p.name: list(p.type.choices) for p in query.params if hasattr(p.type, "choices")}
    assert choices == {"fmt": list(FORMATS), "lang": list(LANGUAGES)}


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
