"""`query --endpoint` holds a bounded answer (hostile review s8 #15): the values of a SELECT
answer are counted while it is parsed, and blank nodes are relabelled in the bytes, not in a
JSON tree ten times the body's size."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from test_endpoint_client import hostile, ok

from pzgraph.errors import EndpointError
from pzgraph.query import endpoint


def answer(rows: int) -> bytes:
    row = b'{"x":{"type":"bnode","value":"nodeID://b1"},"y":{"value":"nodeID://b2","type":"bnode"}}'
    return b'{"head":{"vars":["x","y"]},"results":{"bindings":[' + b",".join([row] * rows) + b"]}}"


def test_an_answer_past_the_bound_of_values_is_refused(monkeypatch):
    monkeypatch.setattr(endpoint, "MAX_ANSWER_VALUES", 10)
    with hostile(ok(answer(5))) as url:
        assert len(endpoint.select(url, "SELECT * {}")) == 5  # 10 values: the bound itself
    with hostile(ok(answer(6))) as url, pytest.raises(EndpointError) as raised:
        endpoint.select(url, "SELECT * {}")
    assert "more than 10 values (rows × columns)" in str(raised.value)
    assert "add LIMIT" in str(raised.value)


def test_blank_nodes_get_portable_labels_in_either_key_order_and_in_triple_terms():
    body = (b'{"head":{"vars":["x","y","t"]},"results":{"bindings":[{'
            b'"x":{"type":"bnode","value":"nodeID://b1"},'
            b'"y":{"value":"nodeID://b1", "type" : "bnode"},'
            b'"t":{"type":"triple","value":{"subject":{"type":"bnode","value":"nodeID://b2"},'
            b'"predicate":{"type":"uri","value":"http://p"},'
            b'"object":{"type":"literal","value":"\\"type\\":\\"bnode\\",\\"value\\":\\"q\\""}}}'
            b'}]}}')
    (solution,) = ox.parse_query_results(endpoint._portable_blank_nodes(body),
                                         ox.QueryResultsFormat.JSON)
    assert solution["x"] == solution["y"] and isinstance(solution["x"], ox.BlankNode)
    subject = solution["t"].subject
    assert isinstance(subject, ox.BlankNode) and subject != solution["x"]
    assert solution["t"].object.value == '"type":"bnode","value":"q"'  # text stays text
