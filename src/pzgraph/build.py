"""Compile ontology, vocabularies and data files into one dataset, and cache it.

The dataset keeps every input in a named graph of its own, so a fact can always be traced
to the file (and through it the source document) it came from:

- graph/ontologie            the OWL ontology
- graph/vocabulaire/{name}   each SKOS concept scheme
- graph/{data file}          each data file (one per source document)
- graph/afgeleid             what the rules in ontology/rules/ derive (fast, always)
- graph/inferentie           what HermiT infers (when reasoning is on)
- graph/herkomst             provenance of the graphs above

The result is written as sorted N-Quads under build/, keyed by a hash of every input, so
later commands load it in a fraction of a second instead of compiling again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .datafiles import (
    Context,
    DataFile,
    check_across_files,
    check_quotes,
    read_data_file,
    to_jsonld,
)
from .errors import Finding, InputError
from .project import DEFAULT_BASE, Project

PZ = "https://w3id.org/pzgraph/def#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
CACHE_FILE = "pzgraph.nq"
MANIFEST_FILE = "manifest.json"

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


@dataclass
class BuildResult:
    dataset: Path
    manifest: dict
    cached: bool
    warnings: list[Finding] = field(default_factory=list)


def graph_iri(project: Project | None, name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{DEFAULT_BASE}/graph/{name}")


def input_files(project: Project) -> list[Path]:
    """Every file whose content determines the build."""
    onto = project.ontology_dir
    return sorted([onto / "pzgraph.ttl", onto / "context.jsonld", onto / "shapes.ttl",
                   *project.vocabulary_files(),
                   *sorted((onto / "rules").glob("*.rq")), *project.data_files(),
                   *sorted(project.checks_dir.glob("*-violation.rq"))])


def input_hash(project: Project, reasoning: bool) -> str:
    digest = hashlib.sha256(f"{__version__}|{reasoning}".encode())
    for path in input_files(project):
        digest.update(str(path.relative_to(project.root) if path.is_relative_to(project.root)
                          else path.name).encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()


def read_and_check(project: Project) -> tuple[list[DataFile], Context, list[Finding], dict]:
    """Read every data file and check it on its own and against the others.

    Returns the files, the context, all findings, and evidence counts for `stats`.
    """
    try:
        context = Context.load(project)
    except (OSError, ValueError, KeyError, AttributeError) as error:
        raise InputError([Finding("ontology/context.jsonld", "", f"the JSON-LD context cannot "
                                  f"be read: {error}", "restore ontology/context.jsonld",
                                  "syntax")]) from None
    files = read_data_files(project.data_files(), context, project)
    findings = [f for data in files for f in data.findings]
    try:
        across = check_across_files(files, context, vocabulary_ids(project))
    except SyntaxError as error:  # a vocabulary file is broken: every reference would fail
        across = [f for f in check_across_files(files, context, set()) if f.check != "reference"]
        across.append(unreadable_model(error, project))
    findings += across
    quote_findings, checked, found = check_quotes(files, project)
    findings += quote_findings
    return files, context, findings, {"quotes_checked": checked, "quotes_found": found}


# Above this many bytes of YAML the files are read in a process pool, one per core: PyYAML
# builds every object in Python (2.7 s for the 66 files of the national scale, 1.7 s in two).
PARALLEL_READ_BYTES = 4_000_000


def read_data_files(paths: list[Path], context: Context, project: Project) -> list[DataFile]:
    """Each file parsed and checked on its own, in order; on all cores for large inputs."""
    cores = os.cpu_count() or 1
    if cores < 2 or len(paths) < 2 or sum(p.stat().st_size for p in paths) < PARALLEL_READ_BYTES:
        return [read_data_file(path, context, project) for path in paths]
    # Imported here: every read command imports this module, and only large builds need them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from itertools import repeat

    methods = multiprocessing.get_all_start_methods()
    context_of_pool = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(min(cores, len(paths)), mp_context=context_of_pool) as pool:
        return list(pool.map(read_data_file, paths, repeat(context), repeat(project),
                             chunksize=max(1, len(paths) // (4 * cores))))


def vocabulary_ids(project: Project) -> set[str]:
    """The ids (relative to the id base) of everything the vocabularies define."""
    prefix = f"{DEFAULT_BASE}/id/"
    ids = set()
    for path in project.vocabulary_files():
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            subject = quad.subject
            if isinstance(subject, ox.NamedNode) and subject.value.startswith(prefix):
                ids.add(subject.value[len(prefix):])
    return ids


def compile_dataset(project: Project, files: list[DataFile], context: Context,
                    progress: Progress = _quiet) -> ox.Store:
    """Load every input into a fresh in-memory store, each in its named graph."""
    store = ox.Store()
    progress("loading ontology and vocabularies")
    store.load(path=str(project.ontology_dir / "pzgraph.ttl"), format=ox.RdfFormat.TURTLE,
               to_graph=graph_iri(project, "ontologie"))
    for path in project.vocabulary_files():
        store.load(path=str(path), format=ox.RdfFormat.TURTLE,
                   to_graph=graph_iri(project, f"vocabulaire/{path.stem}"))
    progress(f"loading {len(files)} data files")
    for data in files:
        load_jsonld(store, json.dumps(to_jsonld(data, context, project)),
                    graph_iri(project, data.path.stem))
    _add_provenance(store, project, files)
    progress("applying derivation rules")
    apply_rules(store, project)
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


def _add_provenance(store: ox.Store, project: Project, files: list[DataFile]) -> None:
    herkomst = graph_iri(project, "herkomst")
    for data in files:
        graph = graph_iri(project, data.path.stem)
        quads = [
            (RDF_TYPE, ox.NamedNode(PROV + "Entity")),
            (ox.NamedNode(DCTERMS + "source"), ox.Literal(f"data/{data.name}")),
            (ox.NamedNode(PZ + "sha256"),
             ox.Literal(hashlib.sha256(data.path.read_bytes()).hexdigest())),
        ]
        if data.source:
            source = data.source.removesuffix(".txt")
            quads.append((ox.NamedNode(PROV + "wasDerivedFrom"),
                          ox.NamedNode(f"{DEFAULT_BASE}/id/bron/{source}")))
        for predicate, obj in quads:
            store.add(ox.Quad(graph, predicate, obj, herkomst))


def apply_rules(store: ox.Store, project: Project) -> None:
    """Run each CONSTRUCT rule over the union of all graphs, into graph/afgeleid."""
    target = graph_iri(project, "afgeleid")
    for rule in sorted((project.ontology_dir / "rules").glob("*.rq")):
        triples = list(store.query(rule.read_text(encoding="utf-8"),
                                   use_default_graph_as_union=True))
        store.extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in triples)


# HermiT's time grows with the individuals it is given: ~2.5 s at 2,300, ~5 s at 6,600,
# ~10 s at 20,000 (the national scale), ~32 s and 1.3 GB of Java heap at 60,000
# (benchmarks/results/scale.md); owlready2 gives Java 2 GB. Above the limit `build` skips it
# and says so (HermiT alone would take the whole 5 s a build may take); the SHACL shapes and
# QC queries still run, and `pzgraph validate` still reasons. PZGRAPH_REASONER_LIMIT=0 (or any
# other limit) overrides it.
MAX_REASONER_INDIVIDUALS = 10_000
REASONER_LIMIT_ENV = "PZGRAPH_REASONER_LIMIT"


def reasoner_limit() -> int | None:
    """The most individuals HermiT is run on; None when there is no limit."""
    value = os.environ.get(REASONER_LIMIT_ENV, "").strip()
    limit = int(value) if value.lstrip("-").isdigit() else MAX_REASONER_INDIVIDUALS
    return limit if limit > 0 else None


def count_individuals(store: ox.Store) -> int:
    """The typed individuals of the data graphs that HermiT would get (evidence aside)."""
    evidence = ox.NamedNode(PZ + "Evidence")
    model = (graph_iri(None, "ontologie").value, f"{DEFAULT_BASE}/graph/vocabulaire/",
             *(graph_iri(None, name).value for name in ("afgeleid", "inferentie", "herkomst")))
    individuals, skipped = set(), set()
    for quad in store.quads_for_pattern(None, RDF_TYPE, None):
        if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value.startswith(model):
            continue
        (skipped if quad.object == evidence else individuals).add(quad.subject)
    return len(individuals - skipped)


def too_large_to_reason(store: ox.Store) -> tuple[dict, Finding] | None:
    """(manifest entry, warning) when the graph has more individuals than the limit."""
    limit = reasoner_limit()
    if limit is None:
        return None
    individuals = count_individuals(store)
    if individuals <= limit:
        return None
    finding = Finding(
        "", "", f"HermiT was not run: the graph has {individuals:,} individuals, more than the "
        f"{limit:,} it reasons over in reasonable time; OWL consistency is not checked (the "
        "SHACL shapes and QC queries did run)",
        f"run pzgraph validate (it reasons at any size), or build with reasoning anyway: "
        f"{REASONER_LIMIT_ENV}=0 pzgraph build --force (about 0.5 s per 1,000 individuals)",
        "owl", "warning")
    return {"skipped": True, "reason": "too many individuals", "individuals": individuals,
            "limit": limit}, finding


def add_inferences(store: ox.Store, project: Project, progress: Progress = _quiet) -> dict:
    """Run HermiT; raise InputError when the graph is inconsistent."""
    from .reasoner import reason

    progress("reasoning with HermiT (owlready2)")
    result = reason(reasoner_input(store))
    if not result.consistent:
        raise InputError(explain_inconsistency(store) or [Finding(
            "", "", "HermiT finds the ontology and data inconsistent",
            "look for an entity typed with two classes declared disjoint, or a value "
            "outside a property's range; `pzgraph validate` lists the checks", "owl")])
    target = graph_iri(project, "inferentie")
    for s, p, o in result.inferred:
        store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o), target))
    return {"consistent": True, "seconds": round(result.seconds, 2),
            "inferred": len(result.inferred)}


def reasoner_input(store: ox.Store) -> str:
    """What HermiT needs to judge consistency and infer types, as N-Triples.

    The model and the vocabularies whole; of the data, every typed entity and relation but
    not the evidence nodes and literal values (a third of the triples, and HermiT's time
    grows fast with individuals). The loader and SHACL check literal values instead.
    """
    evidence_class = ox.NamedNode(PZ + "Evidence")
    evidence = {q.subject for q in store.quads_for_pattern(None, RDF_TYPE, evidence_class)}
    skip_graphs = {graph_iri(None, name).value for name in ("afgeleid", "inferentie", "herkomst")}
    model = (graph_iri(None, "ontologie").value, f"{DEFAULT_BASE}/graph/vocabulaire/")
    lines = set()
    for quad in store:
        graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        if graph in skip_graphs:
            continue
        if not graph.startswith(model) and (
                isinstance(quad.object, ox.Literal) or quad.subject in evidence
                or quad.predicate.value == PZ + "evidence"):
            continue
        lines.add(f"{quad.subject} {quad.predicate} {quad.object} .")
    return "\n".join(sorted(lines)) + "\n"


DISJOINT_QUERY = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?entity ?a ?b WHERE {
  ?entity rdf:type ?ta , ?tb .
  ?ta rdfs:subClassOf* ?a .
  ?tb rdfs:subClassOf* ?b .
  { ?a owl:disjointWith ?b }
  UNION
  { ?all a owl:AllDisjointClasses ; owl:members ?list .
    ?list rdf:rest*/rdf:first ?a . ?list rdf:rest*/rdf:first ?b . FILTER(?a != ?b) }
}
ORDER BY ?entity ?a ?b
"""


def explain_inconsistency(store: ox.Store) -> list[Finding]:
    """Name the entities typed with two disjoint classes: the usual cause of inconsistency."""
    findings = []
    for row in store.query(DISJOINT_QUERY, use_default_graph_as_union=True):
        entity = row["entity"].value.removeprefix(f"{DEFAULT_BASE}/id/")
        a, b = (row[k].value.rsplit("#", 1)[-1] for k in ("a", "b"))
        findings.append(Finding(
            file_of(store, row["entity"]), entity,
            f"the entity is both a {a} and a {b}, which the ontology declares disjoint "
            "(HermiT: inconsistent)", f"give it one of the two types; {a} and {b} exclude "
            "each other", "owl"))
    return findings


def file_of(store: ox.Store, entity: ox.NamedNode) -> str:
    for quad in store.quads_for_pattern(entity, RDF_TYPE, None, None):
        if isinstance(quad.graph_name, ox.NamedNode):
            name = quad.graph_name.value.rsplit("/graph/", 1)[-1]
            return f"{name}.yaml" if "/" not in name else name
    return ""


def sorted_nquads(store: ox.Store) -> Iterator[str]:
    """The dataset as N-Quads, graph by graph in IRI order, each graph's lines sorted: the
    same inputs give the same bytes, and only one graph's lines are in memory at a time
    (sorting the whole dataset at once needs ~5x its size: 25 GB at 100x national scale)."""
    graphs = [ox.DefaultGraph(), *sorted(store.named_graphs(), key=str)]
    for graph in graphs:
        lines = sorted({str(q) + " ." for q in store.quads_for_pattern(None, None, None, graph)})
        if lines:
            yield "\n".join(lines) + "\n"


def unreadable_model(error: SyntaxError, project: Project) -> Finding:
    """A finding for an ontology or vocabulary file that Oxigraph cannot parse."""
    path = Path(error.filename) if error.filename else project.ontology_dir
    where = str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)
    return Finding(where, "", f"the file cannot be read: {error.msg}"
                   + (f" (line {error.lineno})" if error.lineno else ""),
                   "correct the Turtle syntax at the place named", "syntax")


def write_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write next to the target and rename, so no reader ever sees half a file. `text` may
    come in pieces, so that a large file need not be held in memory whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.writelines([text] if isinstance(text, str) else text)
        # mkstemp makes the file private (0600); outputs are meant to be shared.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build(project: Project | None = None, *, reasoning: bool = True, force: bool = False,
          progress: Progress = _quiet) -> BuildResult:
    """Build the dataset unless the cache already holds this exact input."""
    project = project or Project.default()
    digest = input_hash(project, reasoning)
    cache, manifest_path = project.build_dir / CACHE_FILE, project.build_dir / MANIFEST_FILE
    if not force and cache.exists() and manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("input_hash") == digest:
            return BuildResult(cache, manifest, cached=True)
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
    from .validate import graph_checks

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
        reasoner = add_inferences(store, project, progress)
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
    write_atomic(manifest_path, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return BuildResult(cache, manifest, cached=False, warnings=warnings)
