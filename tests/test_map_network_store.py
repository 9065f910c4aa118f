"""`pzgraph map network` reads one network's part from the build's on-disk store (no parse of
the whole graph, issue 17): the page is the one the in-memory store gives, byte for byte."""

from __future__ import annotations

import pytest

from pzgraph.maps import network, render
from pzgraph.query.store import load


@pytest.mark.parametrize("name", ["noordwest-utrecht", "utrecht-zuid", "gooi-en-vechtstreek"])
def test_a_network_map_from_the_disk_store_is_the_one_from_memory(project, graph, name):
    disk = load(project, on_disk=True)
    assert render(network(disk, name)) == render(network(graph, name))
