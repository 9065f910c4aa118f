"""Interactive HTML maps of the graph, for network coordinators.

    facts.py    SPARQL on the store → plain Python indexes
    graph.py    those indexes → a networkx graph per view (landscape, network, coverage)
    networks.py a network found by what someone typed, or a Dutch message naming the closest
    evidence.py the evidence of what is shown, read from the store; its footing and sources
    layout.py   positions with networkx, computed once, reproducible
    listing.py  one network's map as lists: members, the network with its bodies, its work
    overview.py the landscape's outline: hubs in groups, organisations gathered under them
    frames.py   which networks a frame of concepts (PN-raad of Septet) applies to
    render.py   networkx → pyvis nodes and edges → HTML
    assets.py   the self-contained page (vis-network inlined, our JS and CSS)
    collector.py  Python's cyclic garbage collector held off while a map is made
"""

from __future__ import annotations

from . import graph
from . import render as page
from .collector import collector_held
from .networks import UnknownNetwork

# The maps as the command line and the Python API make them, with the collector held off.
landscape = collector_held(graph.landscape)
coverage = collector_held(graph.coverage)
network = collector_held(graph.network)
render = collector_held(page.render)

__all__ = ["UnknownNetwork", "coverage", "landscape", "map_file_name", "network", "render"]


def map_file_name(kind: str, network: str) -> str:
    """The default file of a network's map, `netwerk-noordwest-utrecht.html`, from what
    someone typed (an id or a name): no folders, no odd characters."""
    name = network.strip().lower().removeprefix("netwerk/")
    return f"{kind}-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in name) + ".html"
