"""A wrong parameter value gets a message of a few lines (hostile review after issue 14): it
listed every valid value, 182 organisations on one line here, thousands at national scale."""

from __future__ import annotations

import pyoxigraph as ox

from pzgraph.query.parameters import MAX_LISTED, valid_values
from pzgraph.vocab import ID_BASE


def rows(count: int) -> list[dict]:
    return [{"entity": ox.NamedNode(f"{ID_BASE}organisatie/org-{i}"),
             "label": ox.Literal(f"Organisatie {i}")} for i in range(count)]


def test_many_valid_values_are_counted_and_the_closest_named():
    message = valid_values("org-17x", rows(2000))
    assert "2000 values are valid" in message and "organisatie/org-17 (Organisatie 17)" in message
    assert message.count("organisatie/") <= MAX_LISTED and len(message) < 1000


def test_few_valid_values_are_all_listed():
    message = valid_values("x", rows(3))
    assert message.startswith("Valid values: ") and message.count("organisatie/") == 3
