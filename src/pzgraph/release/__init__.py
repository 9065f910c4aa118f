"""The release: the built graph as linked data for other people's tools.

    formats.py  the dataset rebased, canonical and sorted; one file per RDF format
    jsonld.py   JSON-LD compacted under the project's context, in a fixed order
    void.py     void.ttl: DCAT-AP-NL and VoID description of the release
    bundle.py   the release folder (`pzgraph export`), written whole or not at all
    pages.py    a page per resource (/doc/…, /def) in HTML or RDF; negotiation.py picks which
    static_site.py  those pages as files in the release, with the w3id .htaccess
    serve.py    `pzgraph serve`: the temporary store, then the guarded server
    server.py   the guard: a bounded HTTP server in front of the store processes (workers.py)
    store_worker.py  one store process: the store read-only, answers on its pipes only;
                no_network.py takes its network away (seccomp)
    guard.py    the query checks and the stoppable local run (serve and `pzgraph query`)
"""
