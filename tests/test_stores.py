"""Issue 15: the release in the triple stores others run, installed from Debian.

- Virtuoso 7.2 (virtuoso-opensource-7), started and stopped here on loopback ports: loads the
  Turtle, TriG and N-Quads exactly; answers every library query as `pzgraph query` does, row
  for row and in the same order; and `pzgraph query --endpoint` at it answers as locally.
- Apache Jena 4.5 (libapache-jena-java, through scripts/jena.sh): riot validates every file;
  RIOT reads every file as pyoxigraph does; TDB2 answers every library query as pzgraph does,
  once with the dataset and the union default graph, once with the Turtle in the default graph.
- `pzgraph query NAME --endpoint` against `pzgraph serve` prints what `pzgraph query NAME` does.

The comparison queries (changes-*) read two versions: the release without one data file's graph
and the release without another's, in the graphs urn:pzgraph:version:old and :new.
Select these tests with `-m stores`; they are part of `make test`.
"""

from __future__ import annotations

import json
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from pzgraph.cli.main import main
from pzgraph.query.endpoint import RemoteStore, select
from pzgraph.query.library import Query, library
from pzgraph.query.parameters import bind_parameters
from pzgraph.query.results import Result
from pzgraph.query.run import answer, finish
from pzgraph.query.sparql_values import with_values
from pzgraph.release.bundle import export
from pzgraph.release.formats import FORMATS
from pzgraph.vocab import BASE

pytestmark = pytest.mark.stores

ROOT = Path(__file__).resolve().parents[1]
JENA = ROOT / "scripts" / "jena.sh"
JENA_RUN = Path(__file__).with_name("jena") / "JenaRun.java"
OLD, NEW = "urn:pzgraph:version:old", "urn:pzgraph:version:new"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# the parameters a query needs (the others run with their defaults, which is all)
PARAMS = {"connection-path": {"from": "Careyn", "to": "Stichting palliatieve zorg Veluwe"}}
# entity and concept parameters resolved by the endpoint itself, not locally
AT_THE_ENDPOINT = [("members", {"network": "noordwest-utrecht"}),
                   ("kwaliteitskader-gaps", {"domain": "Verlies en rouw"}),
                   ("planning-status", {"year": "2025", "status": "gepland"})]
RDF_SUFFIXES = {".ttl", ".nt", ".rdf", ".trig", ".nq", ".jsonld"}


# --- what pzgraph answers --------------------------------------------------------------------

@pytest.fixture(scope="module")
def release(graph, project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("stores") / "release"
    export(project, out, issued="2025-01-01")
    return out


@pytest.fixture(scope="module")
def quads(release) -> list[ox.Quad]:
    return list(ox.parse(path=str(release / "pzgraph.nq"), format=ox.RdfFormat.N_QUADS))


@pytest.fixture(scope="module")
def versions(release, quads) -> dict[str, Path]:
    """Two versions of the graph, as files for pzgraph and as one N-Quads file with the two
    version graphs for the stores: each leaves out one data file's graph (memberships) and
    everything about five projects or activities (the derived coverage links too)."""
    data_graphs = sorted({q.graph_name.value for q in quads
                          if re.search(r"/graph/\d{3}_", q.graph_name.value)})
    kinds = {ox.NamedNode(f"{BASE}/def#Project"), ox.NamedNode(f"{BASE}/def#Activity")}
    works = sorted({q.subject.value for q in quads
                    if q.predicate.value == RDF_TYPE and q.object in kinds})
    left_out = {"old": (data_graphs[0], tuple(works[:5])),
                "new": (data_graphs[1], tuple(works[-5:]))}

    def kept(version: str) -> list[ox.Quad]:
        graph_name, about = left_out[version]
        return [q for q in quads if q.graph_name.value != graph_name and not any(
            isinstance(term, ox.NamedNode) and term.value.startswith(about)
            for term in (q.subject, q.object))]

    folder = release.parent
    files = {"stores": folder / "versions.nq"}
    with open(files["stores"], "wb") as both:
        for name, graph_name in (("old", OLD), ("new", NEW)):
            version = kept(name)
            files[name] = folder / f"{name}.nq"
            ox.serialize(version, str(files[name]), ox.RdfFormat.N_QUADS)
            both.write(ox.serialize([ox.Quad(q.subject, q.predicate, q.object,
                                             ox.NamedNode(graph_name)) for q in version],
                                    format=ox.RdfFormat.N_QUADS))
    return files


@pytest.fixture(scope="module")
def queries(project) -> dict[str, Query]:
    return library(project.queries_dir)


def params_of(query: Query, versions: dict[str, Path]) -> dict[str, str]:
    if query.compare:
        return {"old": str(versions["old"]), "new": str(versions["new"])}
    return PARAMS.get(query.name, {})


@dataclass
class Case:
    """One library query as the stores get it, and pzgraph's own answer."""

    query: Query
    params: dict[str, str]
    bindings: dict
    sparql: str  # with the parameters as a VALUES block, as `pzgraph query --endpoint` sends it
    expected: Result


@pytest.fixture(scope="module")
def cases(queries, graph, versions) -> dict[str, Case]:
    found = {}
    for name, query in queries.items():
        params = params_of(query, versions)
        expected = answer(query, graph.store, params, language=None, as_matrix=False,
                          current_version=graph.path).result
        # the stores answer the query; the footing column is pzgraph's step after it (unless
        # the query gives it itself, as evidence does)
        if "zekerheid" not in raw_columns(query):
            assert expected.columns[-1] == "zekerheid"
            expected = Result(expected.columns[:-1], [row[:-1] for row in expected.rows])
        bindings = bind_parameters(query, graph.store, params)
        found[name] = Case(query, params, bindings, with_values(query.sparql, bindings),
                           expected)
    assert len(found) >= 25
    empty = [name for name, case in found.items() if not case.expected.rows]
    assert empty == [], f"queries without rows prove nothing here: {empty}"
    return found


def raw_columns(query: Query) -> list[str]:
    return [v.value for v in ox.Store().query(query.sparql).variables]  # type: ignore[union-attr]


def from_solutions(case: Case, solutions: list[dict]) -> Result:
    columns = raw_columns(case.query)
    raw = Result(columns, [[row.get(c) for c in columns] for row in solutions])
    return finish(case.query, raw, case.bindings)


def differences(case: Case, actual: Result) -> str:
    """'' when the store's answer is pzgraph's, row for row; else what differs."""
    expected = case.expected
    if actual.columns != expected.columns:
        return f"columns {actual.columns} != {expected.columns}"
    if actual.rows == expected.rows:
        return ""
    extra = [r for r in actual.rows if r not in expected.rows]
    missing = [r for r in expected.rows if r not in actual.rows]
    if not extra and not missing:
        at = next(i for i, (a, e) in enumerate(zip(actual.rows, expected.rows, strict=False))
                  if a != e)
        return f"same rows, other order from row {at}: {actual.rows[at]} vs {expected.rows[at]}"
    return (f"{len(actual.rows)} rows for {len(expected.rows)}; extra {extra[:2]}; "
            f"missing {missing[:2]}")


def canonical(quads) -> set[ox.Quad]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def in_default_graph(quads) -> list[ox.Quad]:
    return [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- Virtuoso --------------------------------------------------------------------------------

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 4
CheckpointInterval = 0
DirsAllowed = ., {data}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 4
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


@dataclass
class Virtuoso:
    folder: Path
    sql_port: int
    http_port: int

    @property
    def sparql(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def isql(self, *statements: str) -> str:
        script = "".join(f"{s};\n" for s in statements)
        done = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba"],
                              input=script, capture_output=True, text=True, timeout=120)
        output = done.stdout + done.stderr
        assert done.returncode == 0 and "*** Error" not in output, output[-2000:]
        return output

    def load(self, path: Path, graph: str) -> None:
        """Virtuoso's bulk loader, as its documentation has it: ld_dir, rdf_loader_run."""
        self.isql("DELETE FROM DB.DBA.LOAD_LIST",
                  f"ld_dir('{path.parent}', '{path.name}', '{graph}')", "rdf_loader_run()",
                  "checkpoint")
        failed = self.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST "
                           "WHERE ll_state <> 2 OR ll_error IS NOT NULL")
        assert "0 Rows." in failed, failed

    def ours(self, graphs: str) -> set[ox.Quad]:
        """Every quad of the graphs whose name starts with `graphs`."""
        rows = select(self.sparql, "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                      f'FILTER(STRSTARTS(STR(?g), "{graphs}")) }}', timeout=120)
        return canonical(ox.Quad(r["s"], r["p"], _boolean(r["o"]), r["g"]) for r in rows)


XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")


def _boolean(term):
    """Virtuoso gives xsd:boolean as 1 and 0: lexical forms XML Schema allows, the same values
    as true and false. The one difference in lexical form between the stores; none else is
    taken for equal."""
    if isinstance(term, ox.Literal) and term.datatype == XSD_BOOLEAN and term.value in "01":
        return ox.Literal("true" if term.value == "1" else "false", datatype=XSD_BOOLEAN)
    return term


@contextmanager
def virtuoso_server(folder: Path, data: Path) -> Iterator[Virtuoso]:
    for program in ("virtuoso-t", "isql-vt"):
        if shutil.which(program) is None:
            pytest.fail(f"{program} is missing: run scripts/install-system-packages.sh "
                        "(Debian package virtuoso-opensource-7)")
    folder.mkdir(parents=True)
    server = Virtuoso(folder, free_port(), free_port())
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(folder=folder, data=data, sql_port=server.sql_port,
                                       http_port=server.http_port), encoding="utf-8")
    log = open(folder / "console.log", "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(["virtuoso-t", "+configfile", str(ini), "+foreground"],
                               cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while "Server online" not in _read(folder / "virtuoso.log"):
            assert process.poll() is None, _read(folder / "virtuoso.log")[-2000:]
            assert time.monotonic() < deadline, "Virtuoso did not come online in 90 s"
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


@pytest.fixture(scope="module")
def virtuoso(release, tmp_path_factory) -> Iterator[Virtuoso]:
    """Virtuoso holding the release's N-Quads."""
    started = time.perf_counter()
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso") / "db", release) as server:
        server.load(release / "pzgraph.nq", "urn:pzgraph:unused")
        print(f"Virtuoso started and loaded in {time.perf_counter() - started:.1f} s")
        yield server


@pytest.fixture(scope="module")
def virtuoso_versions(versions, tmp_path_factory) -> Iterator[Virtuoso]:
    """Another Virtuoso with only the two versions, as pzgraph compares them. Not beside the
    release: a query without FROM reads every graph in Virtuoso, a triple once per graph that
    holds it, and with the release three times over patient-wishes ran past two minutes."""
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso-versions") / "db",
                         versions["stores"].parent) as server:
        server.load(versions["stores"], "urn:pzgraph:unused")
        yield server


def test_virtuoso_loads_turtle_trig_and_nquads_exactly(release, quads, tmp_path):
    """Each file into a fresh database, compared quad for quad (blank nodes up to renaming).
    Before issue 15 the TriG and Turtle lost 2/3 of their IRIs to escaped slashes."""
    expected = {"pzgraph.ttl": canonical(in_default_graph(quads)),
                "pzgraph.trig": canonical(quads), "pzgraph.nq": canonical(quads)}
    for name, wanted in expected.items():
        turtle = name.endswith(".ttl")
        graphs = "urn:pzgraph:test:turtle" if turtle else f"{BASE}/graph/"
        with virtuoso_server(tmp_path / name, release) as server:
            server.load(release / name, graphs if turtle else "urn:pzgraph:unused")
            loaded = server.ours(graphs)
        assert (canonical(in_default_graph(loaded)) if turtle else loaded) == wanted, name


def test_virtuoso_answers_every_query_as_pzgraph(virtuoso, virtuoso_versions, cases):
    started, wrong = time.perf_counter(), {}
    for name, case in cases.items():
        server = virtuoso_versions if case.query.compare else virtuoso
        actual = from_solutions(case, select(server.sparql, case.sparql, timeout=120))
        if problem := differences(case, actual):
            wrong[name] = problem
    print(f"Virtuoso: {len(cases)} queries in {time.perf_counter() - started:.1f} s")
    assert wrong == {}, "\n".join(f"{name}: {problem}" for name, problem in wrong.items())


def test_pzgraph_query_endpoint_at_virtuoso_prints_what_it_prints_locally(virtuoso, cases,
                                                                          graph):
    """`pzgraph query NAME --endpoint URL` in-process: parameters and labels asked of Virtuoso."""
    remote = RemoteStore(virtuoso.sparql, timeout=120)
    runs = [(name, case.params) for name, case in cases.items() if not case.query.compare]
    for name, params in runs + AT_THE_ENDPOINT:
        query = cases[name].query
        local = answer(query, graph.store, params)
        there = answer(query, remote, params, endpoint=virtuoso.sparql)  # type: ignore[arg-type]
        assert (there.columns, there.rows) == (local.columns, local.rows), name
        assert local.rows, name


# --- Apache Jena -----------------------------------------------------------------------------

def jena(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    if not (Path("/usr/share/java") / "jena-core.jar").exists():
        pytest.fail("Apache Jena is missing: run scripts/install-system-packages.sh "
                    "(Debian package libapache-jena-java)")
    return subprocess.run(["bash", str(JENA), *args], capture_output=True, text=True,
                          timeout=timeout)


def rdf_files(release: Path) -> list[Path]:
    """Every RDF file of the bundle (ontology/context.jsonld is a context, no data), but not
    the per-resource pages (doc/, def/ and def.*): some 14,000 views of the same graph, which
    tests/test_export.py and test_endpoint_hostile.py parse with rdflib."""
    return sorted(p for p in release.rglob("*")
                  if p.suffix in RDF_SUFFIXES and p.name != "context.jsonld"
                  and p.relative_to(release).parts[0] not in {"doc", "def"}
                  and p.relative_to(release).with_suffix("").as_posix() != "def")


DEFAULT_PORT = re.compile(r"^https?://[^/]+:(?:80|443)/")


def test_riot_validates_every_release_file(release, quads):
    files = rdf_files(release)
    jsonld = [p for p in files if p.suffix == ".jsonld"]
    assert len(files) > 10 and len(jsonld) == 1
    others = [str(p) for p in files if p.suffix != ".jsonld"]
    # JSON-LD through Jena's JSON-LD 1.0 reader: Debian's Jena lacks the JSON-P provider its
    # 1.1 reader needs, and 1.0 is what GraphDB and RDF4J read too
    runs = [jena("riot", "--validate", *others),
            jena("riot", "--syntax=jsonld10", "--validate", *map(str, jsonld))]
    # riot only advises against an explicit default port (https://host:443/): such addresses
    # are copied from the sources as cited (issue 15, provenance); every other remark fails
    cited = {t.value for q in quads for t in (q.subject, q.object)
             if isinstance(t, ox.NamedNode) and DEFAULT_PORT.match(t.value)}
    for run in runs:
        remarks = [line for line in run.stderr.splitlines() if " WARN " in line
                   or " ERROR " in line or "Exception" in line]
        advised = [line for line in remarks if "Code: 13/DEFAULT_PORT_SHOULD_BE_OMITTED" in line
                   and re.search(r"<([^>]+)>", line).group(1) in cited]
        assert [line for line in remarks if line not in advised] == [], run.stderr[-3000:]
        assert run.returncode == (1 if advised else 0), run.stderr[-3000:]


def test_jena_reads_every_release_file_as_pyoxigraph(release, tmp_path):
    files = [p for p in rdf_files(release) if p.parent == release or p.suffix == ".ttl"]
    run = jena(str(JENA_RUN), str(tmp_path), "parse", *map(str, files))
    assert run.returncode == 0, run.stderr[-3000:]
    for number, path in enumerate(files):
        fmt = next((f for f in FORMATS.values() if f.file == path.name), None) \
            if path.parent == release else None
        ours = list(ox.parse(path=str(path), format=_ox_format(path)))
        read = list(ox.parse(path=str(tmp_path / f"{number}.nq"),
                             format=ox.RdfFormat.N_QUADS))
        if fmt is not None and not fmt.dataset:
            ours = in_default_graph(ours)
        assert canonical(read) == canonical(ours), path.relative_to(release)


def _ox_format(path: Path) -> ox.RdfFormat:
    return {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
            ".rdf": ox.RdfFormat.RDF_XML, ".trig": ox.RdfFormat.TRIG,
            ".nq": ox.RdfFormat.N_QUADS, ".jsonld": ox.RdfFormat.JSON_LD}[path.suffix]


@pytest.fixture(scope="module")
def tdb2(release, versions, tmp_path_factory) -> Path:
    """A TDB2 database with the dataset and the versions in named graphs and the Turtle (the
    union) in the default graph: queried with tdb:unionDefaultGraph, the default graph is the
    union of the named graphs; without, it is the Turtle. queries/README.md gives both ways."""
    location = tmp_path_factory.mktemp("tdb2") / "db"
    started = time.perf_counter()
    run = jena("tdb2.tdbloader", "--loc", str(location), str(release / "pzgraph.nq"),
               str(versions["stores"]), str(release / "pzgraph.ttl"))
    assert run.returncode == 0, run.stderr[-3000:]
    print(f"TDB2 loaded in {time.perf_counter() - started:.1f} s")
    return location


@pytest.mark.parametrize("union", [True, False], ids=["dataset-union-default", "turtle-default"])
def test_jena_tdb2_answers_every_query_as_pzgraph(tdb2, cases, tmp_path, union):
    folder = tmp_path / "queries"
    folder.mkdir()
    for name, case in cases.items():
        (folder / f"{name}.rq").write_text(case.sparql, encoding="utf-8")
    started = time.perf_counter()
    run = jena(str(JENA_RUN), str(tmp_path), "query", str(tdb2), str(union).lower(),
               *(str(folder / f"{name}.rq") for name in cases))
    assert run.returncode == 0, run.stderr[-3000:]
    print(f"Jena TDB2 ({'union' if union else 'Turtle'} as default graph): {len(cases)} "
          f"queries in one JVM, {time.perf_counter() - started:.1f} s")
    wrong = {}
    for name, case in cases.items():
        solutions = ox.parse_query_results(path=str(tmp_path / f"{name}.json"),
                                           format=ox.QueryResultsFormat.JSON)
        names = [v.value for v in solutions.variables]
        rows = [{n: s[n] for n in names if s[n] is not None} for s in solutions]
        if problem := differences(case, from_solutions(case, rows)):
            wrong[name] = problem
    assert wrong == {}, "\n".join(f"{name}: {problem}" for name, problem in wrong.items())


# --- pzgraph serve ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(graph, project) -> Iterator[str]:
    port = free_port()
    command = [str(Path(sys.executable).parent / "pzgraph"), "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, cwd=project.root)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in server.stdout],  # type: ignore[union-attr]
                     daemon=True).start()
    try:
        url = f"http://127.0.0.1:{port}/query"
        assert url in lines.get(timeout=180)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout + (result.stderr if result.exit_code else "")


def test_pzgraph_query_endpoint_at_pzgraph_serve_prints_what_it_prints_locally(served, cases):
    started = time.perf_counter()
    for name, case in cases.items():
        options = [f"--param={key}={value}" for key, value in case.params.items()]
        code, local = cli("query", name, *options, "--format", "json")
        assert code == 0, local
        assert json.loads(local), name
        code, remote = cli("query", name, *options, "--format", "json", "--endpoint", served)
        if case.query.compare:  # two local files: an endpoint has neither
            assert code == 1 and "leave out --endpoint" in remote, remote
            continue
        assert code == 0, remote
        assert remote == local, name
    print(f"pzgraph serve: {len(cases)} queries twice in {time.perf_counter() - started:.1f} s")
