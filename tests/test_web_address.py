"""One check of an address from outside, per kind of use (hostile review s8 #8, #9, #12, #14):
a bracketed host, a port past 65535, a user name, a query or fragment where files are
appended, characters no IRI holds, a mailto: that is no IRI. Each is refused where it is
given, before any work, with the option or file, the value escaped and what to do."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner
from test_hostile_input import GOOD

from pzgraph.cli.main import main
from pzgraph.ingest.web_address import ENDPOINT, FOLDER, PAGE, address_problem, email_problem

BAD_EVERYWHERE = ["https://[::1/pz", "https://[/", "https://[v1.x]/pz", "https://x.example:99999/a",
                  "https://x.example:0/a", "https://x.example/%zz", "https://x.example/a{b}",
                  "https://x.example/a\x1b]0;x\x07", "https://x.example/a\u202eb",
                  "https://x.example/a\u200bb", "https://x.example/a b", "ftp://x.example/",
                  "HTTPS://x.example/", "https:///a", "https://x..y/"]


@pytest.mark.parametrize("use", [FOLDER, ENDPOINT, PAGE])
@pytest.mark.parametrize("value", BAD_EVERYWHERE)
def test_an_address_no_use_can_take_is_refused(value, use):
    assert address_problem(value, use) is not None


@pytest.mark.parametrize(("value", "refused_for"), [
    ("https://x.example/rel?v=", {FOLDER}),
    ("https://x.example/rel#top", {FOLDER, ENDPOINT}),
    ("https://x.example/a/../b/", {FOLDER}),
    ("https://x.example//a/", {FOLDER}),
    ("https://user:pw@x.example/q", {FOLDER, PAGE}),
    ("https://x.example/sparql?default-graph-uri=a", {FOLDER}),
    ("https://x.example/rel/", set()),
    ("http://[::1]:7878/query", set()),
    ("https://www.zorg-één.nl/over_ons/(a)", set()),
])
def test_each_use_has_its_own_rules(value, refused_for):
    assert {use for use in (FOLDER, ENDPOINT, PAGE) if address_problem(value, use)} == refused_for


@pytest.mark.parametrize("value", ["x{y}@a.b", "x\x1b]0;PWN\x07@a.b", "x`y@a.b", "x\\y@a.b",
                                   "x%zz@a.b", "x@a.b?subject=hi&body=x", "x@a", "x@[a.b"])
def test_an_email_address_that_is_no_mailto_iri_is_refused(value):
    assert email_problem(value) is not None
    assert email_problem("info@palliatief.example.nl") is None


@pytest.mark.parametrize("option", [["--base", "https://[::1/pz"],
                                    ["--base", "https://user:pw@example.org/pz"],
                                    ["--download-url", "https://[::1/x/"],
                                    ["--download-url", "https://x.example/rel?v="],
                                    ["--download-url", "https://x.example/rel#v"],
                                    ["--sparql-endpoint", "https://[::1/q"],
                                    ["--sparql-endpoint", "https://x.example/q#f"]])
def test_export_refuses_a_bad_address_before_any_work(project, tmp_path, monkeypatch, option):
    monkeypatch.setenv("PZGRAPH_ROOT", str(project.root))
    result = CliRunner().invoke(main, ["export", "--out", str(tmp_path / "r"), *option])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert option[0] in result.output and repr(option[1]) in result.output
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("command", [["push"], ["query", "--sparql", "ASK {}"]])
def test_an_endpoint_with_a_broken_host_is_one_clear_line(project, monkeypatch, command):
    monkeypatch.setenv("PZGRAPH_ROOT", str(project.root))
    result = CliRunner().invoke(main, [*command, "--endpoint", "http://[::1/store"])
    assert result.exit_code == 1 and result.exception is None or \
        isinstance(result.exception, SystemExit), result.output
    assert "'http://[::1/store' holds a host or port that is not valid" in result.output


@pytest.mark.parametrize(("where", "value", "said"), [
    ("contactPoint.email", "x{y}@a.b", "contactPoint.email: 'x{y}@a.b' holds the character '{'"),
    ("contactPoint.email", "x\x1b]0;PWN\x07@a.b", "contactPoint.email: 'x\\x1b]0;PWN\\x07@a.b'"),
    ("landingPage", "https://x.example/%zz", "landingPage: 'https://x.example/%zz' holds a %"),
    ("publisher.homepage", "https://[x/", "publisher.homepage: 'https://[x/' holds a host"),
])
def test_publisher_addresses_are_checked_when_the_file_is_read(make_project, tmp_path, where,
                                                               value, said):
    project = make_project({"a.yaml": GOOD})
    path = project.root / "publisher.yaml"
    publisher = yaml.safe_load(path.read_text(encoding="utf-8"))
    *parents, key = where.split(".")
    node = publisher
    for parent in parents:
        node = node[parent]
    node[key] = value
    path.write_text(yaml.safe_dump(publisher), encoding="utf-8")
    env = {"PZGRAPH_ROOT": str(project.root), "PZGRAPH_SOURCES": str(project.sources_dir)}
    result = CliRunner().invoke(main, ["export", "--out", str(tmp_path / "rel")], env=env)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert said in result.output and "\x1b" not in result.output
    assert not (tmp_path / "rel").exists()
