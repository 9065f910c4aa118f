"""Reading the data files: the first stage of the pipeline.

    yaml_reader.py  YAML that refuses a key given twice, with the parser's errors in words
    keys.py         which keys a record and its nested items may have, and their forms
    context.py      the terms of ontology/context.jsonld, sorted by what they allow
    records.py      one file: structure, keys and evidence of every record (values.py: values)
    references.py   across files: ids defined twice, references to unknown ids
    quotes.py       every quote found verbatim in its source document
    read.py         all of the above for a project, in one call
    identity.py     ids of nested objects, minted from what they are (docs/iri-policy.md)
    jsonld.py       a checked file as a JSON-LD document, for the build
    web_address.py  the one check of an address from outside, per use (export and query too)
"""
