"""Interactive HTML maps of the graph, for network coordinators.

    facts.py    SPARQL on the store → plain Python indexes
    graph.py    those indexes → a networkx graph per view (landscape, network, coverage)
    layout.py   positions with networkx, computed once, reproducible
    render.py   networkx → pyvis nodes and edges → HTML
    assets.py   the self-contained page (vis-network inlined, our JS and CSS)
"""

from __future__ import annotations

from .graph import UnknownNetwork, coverage, landscape, network
from .render import render

__all__ = ["UnknownNetwork", "coverage", "landscape", "network", "render"]
