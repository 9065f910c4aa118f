"""The release: the built graph as linked data for other people's tools.

    formats.py  the dataset rebased, canonical and sorted; one file per RDF format
    jsonld.py   JSON-LD compacted under the project's context, in a fixed order
    void.py     void.ttl: DCAT-AP-NL and VoID description of the release
    bundle.py   the release folder (`pzgraph export`), written whole or not at all
    serve.py    a read-only SPARQL endpoint (`pzgraph serve`), the Oxigraph server
"""
