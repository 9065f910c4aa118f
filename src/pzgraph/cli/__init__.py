"""The `pzgraph` command line: main.py registers one module per verb.

Each verb module defines one click command (or group) and imports what it needs at the top;
rdflib, owlready2, pyshacl, pyvis and networkx are imported only where they are used, so a
query answers in well under a second. Commands never import main.py: errors go up to it.
"""
