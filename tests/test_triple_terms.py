"""A triple term (RDF 1.2, RDF-star) in an answer (hostile review s8 #7): every output format
shows it in its N-Triples form, from the local store, the resident store and an endpoint,
where a traceback stood before."""

from __future__ import annotations

import subprocess

import pyoxigraph as ox
import pytest
from test_endpoint_client import hostile, ok
from test_endpoint_hostile import environment, pzgraph  # noqa: I001

from pzgraph.query.output import FORMATS
from pzgraph.query.results import Result, display

SHOWN = '<<( <http://x/s> <http://x/p> <<( <http://x/s> <http://x/p> "o" )>> )>>'
LOCAL = f"SELECT ?t {{ BIND({SHOWN} AS ?t) }}"
# a nested triple term whose literal holds an escape sequence, as a hostile endpoint sends it
REMOTE = (b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"triple","value":{'
          b'"subject":{"type":"uri","value":"http://a"},"predicate":{"type":"uri","value":"http://b"},'
          b'"object":{"type":"triple","value":{"subject":{"type":"uri","value":"http://a"},'
          b'"predicate":{"type":"uri","value":"http://b"},'
          b'"object":{"type":"literal","value":"\\u001b[2J"}}}}}}]}}')


def test_display_writes_a_triple_term_out():
    term = ox.Triple(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("o"))
    assert display(Result(["t"], [[term]]), {}) == [['<<( <http://x/s> <http://x/p> "o" )>>']]


@pytest.mark.parametrize("resident", ["600", "0"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_local_answer_shows_a_triple_term(graph, project, fmt, resident):
    result = subprocess.run([pzgraph(), "query", "--sparql", LOCAL, "--format", fmt],
                            env=environment(project, PZGRAPH_RESIDENT_IDLE=resident),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    # as each format writes text: JSON and CSV quote, Markdown escapes, a table cuts at 60
    unquoted = (result.stdout.replace('\\"', '"').replace('""', '"')
                .replace("\\<", "<").replace("\\>", ">"))
    assert (SHOWN[:59] if fmt == "table" else SHOWN) in unquoted, result.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_endpoint_answer_shows_a_triple_term(project, fmt):
    with hostile(ok(REMOTE)) as url:
        result = subprocess.run([pzgraph(), "query", "--sparql", "SELECT ?x {?x ?y ?z}",
                                 "--endpoint", url, "--format", fmt],
                                env=environment(project), capture_output=True, text=True,
                                timeout=120)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    unquoted = result.stdout.replace("\\<", "<").replace("\\>", ">")
    assert "<<( <http://a> <http://b> <<( <http://a> <http://b>" in unquoted, result.stdout
    assert "\x1b" not in result.stdout
