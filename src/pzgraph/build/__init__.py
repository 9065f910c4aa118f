"""Compiling and caching: the second stage of the pipeline.

    pipeline.py   data files → one dataset of named graphs (ontology, vocabularies, one graph
                  per data file, derived, inferred, provenance), checked, then cached
    provenance.py graph/herkomst: where each graph comes from (file, source, rules, HermiT)
    cache.py      the cache under build/: keyed by a hash of every input, sorted N-Quads
    reasoning.py  when and on what HermiT runs, and what an inconsistency means
    reasoner.py   HermiT itself, through owlready2 (Java)
    reasoner_limit.py  how many individuals HermiT gets at most (part of the cache key)
"""
