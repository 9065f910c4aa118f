"""Checks over the compiled dataset, as findings a curator can act on: the third stage.

    shapes.py           ontology/shapes.ttl, as findings that name file, record and fix
    shacl_sparql.py     SHACL Core compiled into SPARQL, run in Oxigraph
    pyshacl_fallback.py the same with pySHACL, for shapes the compiler does not translate
    qc.py               checks/*-violation.rq: every row a violation
    graph_checks.py     shapes and QC together, on all cores (parallel.py)
    origin.py           a node traced back to the data file and record it came from
    validate.py         every check of every stage in one pass (`pzgraph validate`)
"""
