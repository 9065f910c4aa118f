"""The store and the questions asked of it: the fourth stage, besides maps/, report/, release/.

    store.py             the cached dataset loaded into Oxigraph (`pzgraph.load()`)
    library.py           queries/*.rq and their headers: title, questions, parameters, view
    parameters.py        a parameter's value as an RDF term: entities by id, name or notation
    sparql_values.py     bindings as a VALUES block, also inside sub-SELECTs that take it
    results.py           run a SELECT; rows as labels or ids
    run.py               one library query answered, locally or at an endpoint, as asked
    network_analysis.py  networkx steps over the rows (betweenness, connecting path)
    output.py            rows as a table, CSV, JSON or Markdown; pivots
    endpoint.py          any SPARQL 1.1 server: query and Graph Store upload
    stats.py             what the graph holds and how well it is evidenced
"""
