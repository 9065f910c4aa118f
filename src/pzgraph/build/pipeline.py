"""Compile ontology, vocabularies and data files into one dataset, check it, and cache it.

The dataset keeps every input in a named graph of its own (vocab.py names them), so a fact
can always be traced to the file (and through it the source document) it came from:

- graph/ontologie            the OWL ontology
- graph/vocabulaire/{name}   each SKOS concept scheme
- graph/{data file}          each data file (one per source document)
- graph/afgeleid             what the rules in ontology/rules/ derive (fast, always)
- graph/inferentie           what HermiT infers (when reasoning is on)
- graph/herkomst             provenance of the graphs above (provenance.py)

The result is written as sorted N-Quads under build/ (cache.py), and loaded once more into
an on-disk store that one-shot commands open read-only (disk_store.py).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import __version__
from ..checks.graph_checks import graph_checks
from ..errors import Finding, InputError, OutputError, PzgraphError
from ..ingest.context import Context
from ..ingest.jsonld import source_documents, to_jsonld
from ..ingest.read import read_and_check, unreadable_model
from ..ingest.records import DataFile
from ..project import Progress, Project, check_replaceable, quiet, write_atomic
from ..vocab import (
    DERIVED_GRAPH,
    ONTOLOGY_GRAPH,
    VOCABULARY_GRAPH,
    graph_iri,
)
from .cache import (
    CACHE_FILE,
    MANIFEST_FILE,
    check_build_folder,
    file_fingerprint,
    file_hashes_of,
    input_hash,
    sorted_nquads,
    verified_manifest,
)
from .disk_store import STORE_DIR, write_store
from .file_hashes import FileHashes
from .lock import build_lock
from .provenance import (
    add_data_provenance,
    add_reasoner_provenance,
    add_rules_provenance,
    input_graphs,
)
from .reasoning import add_inferences, too_large_to_reason


@dataclass
class BuildResult:
    dataset: Path
    manifest: dict
    cached: bool
    warnings: list[Finding] = field(default_factory=list)


def compile_dataset(project: Project, files: list[DataFile], context: Context,
                    progress: Progress = quiet) -> ox.Store:
    """Load every input into a fresh in-memory store, each in its named graph."""
    store = ox.Store()
    progress("loading ontology and vocabularies")
    store.load(path=str(project.ontology_dir / "pzgraph.ttl"), format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode(graph_iri(ONTOLOGY_GRAPH)))
    for path in project.vocabulary_files():
        store.load(path=str(path), format=ox.RdfFormat.TURTLE,
                   to_graph=ox.NamedNode(graph_iri(VOCABULARY_GRAPH + path.stem)))
    progress(f"loading {len(files)} data files")
    documents = source_documents(files)
    for data in files:
        load_jsonld(store, json.dumps(to_jsonld(data, context, documents)),
                    ox.NamedNode(graph_iri(str(data.graph))))
    add_data_provenance(store, files, documents)
    inputs = input_graphs(store)
    progress("applying derivation rules")
    add_rules_provenance(store, apply_rules(store, project), inputs)
    return store


def load_jsonld(store: ox.Store, document: str, graph: ox.NamedNode) -> None:
    """Load a JSON-LD document into one named graph.

    Oxigraph's JSON-LD parser first: on the curated data and on the synthetic national
    landscape (benchmarks/generate.py) it gives exactly the triples rdflib's processor gives,
    @reverse, @container, @base and @language included, ten times faster. The load is one
    transaction, so a document Oxigraph refuses leaves the store as it was and goes through
    rdflib's processor instead.
    """
    try:
        store.load(document.encode("utf-8"), format=ox.RdfFormat.JSON_LD, to_graph=graph)
    except (SyntaxError, ValueError):
        import rdflib

        parsed = rdflib.Graph()
        parsed.parse(data=document, format="json-ld")
        store.load(parsed.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
                   to_graph=graph)


def apply_rules(store: ox.Store, project: Project) -> list[Path]:
    """Run each CONSTRUCT rule over the union of all graphs, into graph/afgeleid; the rules,
    in the order they ran."""
    target = ox.NamedNode(graph_iri(DERIVED_GRAPH))
    rules = sorted((project.ontology_dir / "rules").glob("*.rq"))
    for rule in rules:
        try:
            triples = list(store.query(rule.read_text(encoding="utf-8"),
                                       use_default_graph_as_union=True))
        except (UnicodeDecodeError, SyntaxError) as error:  # was a traceback (s9 #6)
            raise InputError([Finding(f"ontology/rules/{rule.name}", "", f"the rule cannot be "
                                      f"read as a SPARQL CONSTRUCT query: {error}",
                                      "save it as UTF-8 text and correct the query",
                                      "input")]) from None
        store.extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in triples)
    return rules


def build(project: Project | None = None, *, reasoning: bool = True, force: bool = False,
          progress: Progress = quiet) -> BuildResult:
    """Build the dataset unless the cache already holds this exact input."""
    project = project or Project.default()
    check_build_folder(project)
    found = _current(project, reasoning, force)
    if isinstance(found, BuildResult):
        return found
    with build_lock(project.build_dir, progress):
        # looked at again: another command may have built it while this one waited
        found = _current(project, reasoning, force)
        if isinstance(found, BuildResult):
            return found
        return _compile(project, *found, reasoning, progress)


def _current(project: Project, reasoning: bool, force: bool
             ) -> BuildResult | tuple[str, FileHashes]:
    """The cached build when it holds this exact input (and not `force`); else the input's
    digest and checksums, for the build."""
    hashes = file_hashes_of(project)
    digest = input_hash(project, reasoning, hashes)
    verified = None if force else verified_manifest(project, digest)
    if verified is None:
        return digest, hashes
    hashes.remember()
    return BuildResult(project.build_dir / CACHE_FILE, verified, cached=True)


def _compile(project: Project, digest: str, hashes: FileHashes, reasoning: bool,
             progress: Progress) -> BuildResult:
    """The build itself, in a build folder this command holds (lock.py)."""
    cache, manifest_path = project.build_dir / CACHE_FILE, project.build_dir / MANIFEST_FILE
    _check_writable(project)  # before the work, and before the cache file is replaced
    if not project.data_files():
        raise PzgraphError(
            f"{project.data_dir}: no data files (*.yaml) to build from; the cache is left as it "
            "was. Run pzgraph in the project folder, or name the data folder with PZGRAPH_DATA.")
    started = time.perf_counter()
    progress("reading and checking data files")
    files, context, findings, evidence_counts = read_and_check(project)
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity != "error"]
    if errors:
        raise InputError(errors)
    try:
        store = compile_dataset(project, files, context, progress)
    except SyntaxError as error:  # Oxigraph on a broken ontology or vocabulary file
        raise InputError([unreadable_model(error, project)]) from None
    progress("checking SHACL shapes and QC queries")
    graph_findings = graph_checks(store, project)
    if any(f.severity == "error" for f in graph_findings):
        raise InputError([f for f in graph_findings if f.severity == "error"])
    warnings += graph_findings
    skip = too_large_to_reason(store) if reasoning else None
    if not reasoning:
        reasoner = {"skipped": True}
    elif skip is not None:
        reasoner, finding = skip
        progress(finding.problem)
        warnings.append(finding)
    else:
        used = input_graphs(store)  # before HermiT adds graph/inferentie
        reasoner = add_inferences(store, progress)
        add_reasoner_provenance(store, used)
    progress("writing the dataset")
    manifest = {
        "version": __version__,
        "input_hash": digest,
        "triples": len(store),
        "data_files": [data.name for data in files],
        "reasoner": reasoner,
        "evidence": evidence_counts,
        "seconds": round(time.perf_counter() - started, 2),
    }
    write_atomic(cache, sorted_nquads(store))
    del store  # the in-memory dataset is no longer needed: free it before the on-disk copy
    manifest["cache"] = file_fingerprint(cache)
    progress("writing the on-disk store")
    write_store(project.build_dir, cache, str(manifest["cache"]["sha256"]))
    # The manifest goes last: a kill before it leaves a manifest that does not describe the
    # new cache file, so the next command rebuilds instead of trusting either.
    write_atomic(manifest_path, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    hashes.remember()
    return BuildResult(cache, manifest, cached=False, warnings=warnings)


def _check_writable(project: Project) -> None:
    """The build folder takes new files, and its store/ is one pzgraph wrote (or none)."""
    import tempfile

    check_replaceable(project.build_dir / STORE_DIR, project, "store")
    try:
        with tempfile.TemporaryFile(dir=project.build_dir):
            pass
    except OSError as error:
        raise OutputError(f"the build folder {project.build_dir} cannot be written "
                          f"({error.strerror}); nothing was changed. Name a folder you can "
                          "write with PZGRAPH_BUILD.") from None
