"""pzgraph: a knowledge graph of the Dutch palliative-care landscape.

    >>> import pzgraph
    >>> graph = pzgraph.load()            # builds on first use, then loads from the cache
    >>> rows = graph.query("SELECT ...")  # SPARQL over the union of all named graphs
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .query.store import KnowledgeGraph


def load(project=None, **options) -> KnowledgeGraph:
    """The compiled graph of `project` (a folder path or a Project; default the one the
    environment names); see `pzgraph.query.store.load`."""
    # Imported when called: `import pzgraph` (and so every command) stays fast.
    from .query.store import load as _load

    return _load(project, **options)


__all__ = ["__version__", "load"]
