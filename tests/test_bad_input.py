"""Bad input, through the command line: every mistake is named, nothing half-written.

Each case starts from a small valid project that has been built, breaks one thing, and
checks through `pzgraph validate` and `pzgraph build` (click's CliRunner on the real CLI)
that the finding names the data file and the entity, that the exit code is non-zero, that
no traceback is printed, and that build/ is byte-identical to what the valid data built.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from pzgraph.cli.main import main
from pzgraph.project import Project

SOURCE = "000_0f9769a56a83d19c.txt"
QUOTE = "Het werkgebied omvat de volgende gemeenten"
EVIDENCE = [{"quote": QUOTE}]
# A shape of the tests' own, added to the throw-away project, so that the SHACL path is
# tested whatever ontology/shapes.ttl holds at the moment.
TEST_SHAPE = """
<urn:pzgraph-test:MunicipalityShape> a <http://www.w3.org/ns/shacl#NodeShape> ;
  <http://www.w3.org/ns/shacl#targetClass> <https://w3id.org/pzgraph/def#Municipality> ;
  <http://www.w3.org/ns/shacl#property> [
    <http://www.w3.org/ns/shacl#path> <https://w3id.org/pzgraph/def#partOf> ;
    <http://www.w3.org/ns/shacl#minCount> 1 ;
    <http://www.w3.org/ns/shacl#message> "test shape: the municipality lies in no province" ;
    <http://www.w3.org/ns/shacl#description> "add partOf: provincie/... to the municipality"
  ] .
"""


def base_files() -> dict[str, Any]:
    """A small, valid data set that touches every kind of check."""
    records = [
        {"id": "bron/000_0f9769a56a83d19c", "type": "SourceDocument",
         "label": "Samenwerkingsovereenkomst (test)", "fileName": SOURCE, "evidence": EVIDENCE},
        {"id": "provincie/testprovincie", "type": "Province", "label": "Testprovincie",
         "evidence": [{"judgement": "fixture"}]},
        {"id": "gemeente/GM0632", "type": "Municipality", "label": "Woerden", "cbsCode": "GM0632",
         "population": 52000, "partOf": "provincie/testprovincie", "evidence": EVIDENCE},
        {"id": "consortium/testconsortium", "type": "Consortium", "label": "Testconsortium",
         "evidence": [{"judgement": "fixture"}]},
        {"id": "netwerk/testnetwerk", "type": "Network", "label": "Testnetwerk",
         "consortium": "consortium/testconsortium", "areaServed": ["gemeente/GM0632"],
         "evidence": EVIDENCE},
        {"id": "organisatie/testhospice", "type": "Hospice", "label": "Hospice Test",
         "sector": ["sector/hospice"], "evidence": [{"judgement": "fixture"}],
         "memberships": [{"organization": "netwerk/testnetwerk", "role": "rol/lid",
                          "from": "2025-09-01", "evidence": EVIDENCE}]},
        {"id": "post/testcoordinator", "type": "Post", "label": "Netwerkcoördinator Test",
         "postIn": "netwerk/testnetwerk", "role": "rol/netwerkcoordinator", "hoursPerWeek": 16,
         "vacant": False, "evidence": [{"judgement": "fixture"}]},
        {"id": "project/testproject", "type": "Project", "label": "Testproject",
         "runBy": ["netwerk/testnetwerk"], "year": [2025], "status": "status/op-schema",
         "addresses": [{"concept": "kwaliteitskader/1", "evidence": EVIDENCE}],
         "results": [{"key": "deelnemers", "value": 12, "unit": "deelnemers", "year": 2025,
                      "evidence": EVIDENCE}],
         "evidence": EVIDENCE},
    ]
    second = [{"id": "organisatie/tweede", "type": "Organisation", "label": "Tweede organisatie",
               "sector": ["sector/overig"], "evidence": [{"judgement": "fixture"}]}]
    return {"base.yaml": {"graph": "base", "source": SOURCE, "records": records},
            "second.yaml": {"graph": "second", "source": SOURCE, "records": second}}


def record(files: dict[str, Any], rid: str, name: str = "base.yaml") -> dict[str, Any]:
    return next(r for r in files[name]["records"] if r["id"] == rid)


def write(root: Path, files: dict[str, Any]) -> None:
    for name, content in files.items():
        text = content if isinstance(content, str) else yaml.safe_dump(
            content, allow_unicode=True, sort_keys=False)
        (root / "data" / name).write_text(text, encoding="utf-8")


def invoke(root: Path, sources: Path, *args: str) -> Result:
    env = {"PZGRAPH_ROOT": str(root), "PZGRAPH_SOURCES": str(sources), "PZGRAPH_DATA": None,
           "PZGRAPH_BUILD": None, "PZGRAPH_BASE": None}
    return CliRunner().invoke(main, list(args), env=env)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A throw-away project with valid data, built (without HermiT) once for all cases."""
    real = Project.default()
    root = tmp_path_factory.mktemp("valid") / "project"
    shutil.copytree(real.ontology_dir, root / "ontology")
    shutil.copytree(real.checks_dir, root / "checks")
    shapes = root / "ontology" / "shapes.ttl"
    with shapes.open("a", encoding="utf-8") as out:
        out.write(TEST_SHAPE)
    (root / "data").mkdir()
    write(root, base_files())
    result = invoke(root, real.sources_dir, "build", "--no-reason")
    assert result.exit_code == 0, result.output
    return root, real.sources_dir


Mutation = Callable[[dict[str, Any]], None]


@dataclass
class Case:
    name: str
    mutate: Mutation
    file: str  # the data file the finding must name
    entity: str  # the entity it must name ("" for a file that cannot be read at all)
    words: str  # words of the problem that show it is the right one
    reason: bool = False  # needs HermiT
    extra: list[str] = field(default_factory=list)


def text(name: str, body: str) -> Mutation:
    def mutate(files: dict[str, Any]) -> None:
        files[name] = body
    return mutate


def change(rid: str, name: str = "base.yaml", **values: Any) -> Mutation:
    def mutate(files: dict[str, Any]) -> None:
        target = record(files, rid, name)
        for key, value in values.items():
            if value is None:
                target.pop(key, None)
            else:
                target[key] = value
    return mutate


def add(rec: dict[str, Any], name: str = "base.yaml") -> Mutation:
    def mutate(files: dict[str, Any]) -> None:
        files[name]["records"].append(rec)
    return mutate


def nested(rid: str, key: str, **values: Any) -> Mutation:
    def mutate(files: dict[str, Any]) -> None:
        item = record(files, rid)[key][0]
        for k, v in values.items():
            if v is None:
                item.pop(k, None)
            else:
                item[k] = v
    return mutate


def top(**values: Any) -> Mutation:
    def mutate(files: dict[str, Any]) -> None:
        files["base.yaml"].update(values)
    return mutate


def drop(rid: str) -> Mutation:
    def mutate(files: dict[str, Any]) -> None:
        files["base.yaml"]["records"] = [r for r in files["base.yaml"]["records"] if r["id"] != rid]
    return mutate


HOSPICE, PROJECT, POST = "organisatie/testhospice", "project/testproject", "post/testcoordinator"
GEMEENTE, NETWERK = "gemeente/GM0632", "netwerk/testnetwerk"

CASES = [
    Case("malformed YAML", text("base.yaml", "source: x.txt\nrecords:\n  - id: a/b\n   label: [\n"),
         "base.yaml", "", "YAML syntax error at line"),
    Case("a key given twice", text("base.yaml", f"source: {SOURCE}\nrecords:\n"
                                   "  - id: organisatie/x\n    label: A\n    label: B\n"),
         "base.yaml", "", "the key 'label' is given twice in the record organisatie/x"),
    Case("a key given twice: the fix named", text("base.yaml", f"source: {SOURCE}\nrecords:\n"
                                   "  - id: organisatie/x\n    label: A\n    label: B\n"),
         "base.yaml", "", "remove one of the two"),
    Case("file not a mapping", text("base.yaml", "- id: organisatie/x\n- id: organisatie/y\n"),
         "base.yaml", "", "must be a mapping"),
    Case("no records", text("base.yaml", f"source: {SOURCE}\n"), "base.yaml", "",
         "a list under 'records'"),
    Case("unknown top-level key", top(remarks="note to self"), "base.yaml", "",
         "unknown top-level key(s): remarks"),
    Case("record not a mapping", add("just text"), "base.yaml", "record 9",  # type: ignore[arg-type]
         "a record must be a mapping"),
    Case("record without id", add({"type": "Hospital", "label": "Zonder id",
                                   "evidence": [{"judgement": "x"}]}),
         "base.yaml", "record 9", "has no 'id'"),
    Case("id not of the form type/reference", change(HOSPICE, id="Hospice Test"), "base.yaml",
         "Hospice Test", "not of the form type/reference"),
    Case("unknown key, with a did-you-mean", change(HOSPICE, lable="Hospice"), "base.yaml",
         HOSPICE, "did you mean 'label'"),
    Case("unknown type", change(HOSPICE, type="Hospitaal"), "base.yaml", HOSPICE,
         "unknown type 'Hospitaal'"),
    Case("unknown reference", change(PROJECT, runBy=["netwerk/testnetwerkk"]), "base.yaml",
         PROJECT, "'runBy: netwerk/testnetwerkk' refers to an unknown id"),
    Case("duplicate id in a file", add({"id": HOSPICE, "altLabel": ["Test"],
                                        "evidence": [{"judgement": "x"}]}),
         "base.yaml", HOSPICE, "used by two records in this file"),
    Case("id defined in two files", add({"id": HOSPICE, "type": "Hospice", "label": "Dubbel",
                                         "evidence": [{"judgement": "x"}]}, "second.yaml"),
         "second.yaml", HOSPICE, "defined (type or label) here and in base.yaml"),
    Case("text where a number is due", change(GEMEENTE, population="veel"), "base.yaml",
         GEMEENTE, "'population: veel' is not a whole number"),
    # the range of a year and of a date is the shapes' (ontology/shapes.ttl), read by the loader
    Case("impossible year", change(PROJECT, year=[1890]), "base.yaml", PROJECT,
         "'year: 1890': A year is not a year between 1990 and 2035"),
    Case("date out of range", nested(HOSPICE, "memberships", **{"from": 1890}), "base.yaml",
         HOSPICE, "'from: 1890': 'from' is not one date (2025-09-01) or year (2025) between"),
    Case("bad date (quoted)", nested(HOSPICE, "memberships", **{"from": "31-12-2025"}),
         "base.yaml", HOSPICE, "neither a date nor a year"),
    Case("date that does not exist", text("base.yaml", f"source: {SOURCE}\nrecords:\n"
                                          "  - id: organisatie/x\n    type: Hospital\n"
                                          "    label: X\n    evidence: [{judgement: x}]\n"
                                          "    memberships:\n      - organization: organisatie/x\n"
                                          "        role: rol/lid\n        from: 2025-02-30\n"
                                          "        evidence: [{judgement: x}]\n"),
         "base.yaml", "organisatie/x (memberships 1)", "'from: 2025-02-30' is neither a date"),
    Case("date with a time of day",
         nested(HOSPICE, "memberships", **{"from": "2025-09-01 10:00:00"}),
         "base.yaml", HOSPICE, "neither a date nor a year"),
    Case("evidence without quote or judgement", change(HOSPICE, evidence=[{"locator": "§1"}]),
         "base.yaml", HOSPICE, "neither a quote nor a judgement"),
    Case("record without evidence", change(HOSPICE, evidence=None), "base.yaml", HOSPICE,
         "has no evidence"),
    Case("quote not in the source", change(HOSPICE, evidence=[{"quote": "Dit staat nergens."}]),
         "base.yaml", HOSPICE, "the quote is not in"),
    Case("unknown source file", change(HOSPICE, evidence=[{"quote": QUOTE,
                                                           "source": "999_onbekend.txt"}]),
         "base.yaml", HOSPICE, "'999_onbekend.txt' is neither a source file"),
    Case("empty label", change(HOSPICE, label=""), "base.yaml", HOSPICE, "'label' is empty"),
    Case("label with markup", change(HOSPICE, label="<b>Hospice</b>"), "base.yaml", HOSPICE,
         "markup"),
    Case("label that is a URL", change(HOSPICE, label="https://hospice.example"), "base.yaml",
         HOSPICE, "looks like a web address"),
    Case("label with a control character", change(HOSPICE, label="Hospice\u0007Test"),
         "base.yaml", HOSPICE, "control character"),
    Case("website that is no address", change(HOSPICE, website="hospice test nl"), "base.yaml",
         HOSPICE, "is not a web address"),
    Case("municipality code of the wrong form", change(GEMEENTE, cbsCode="0632"), "base.yaml",
         GEMEENTE, "'cbsCode: 0632': This municipality does not have exactly one CBS code of the "
                   "form GM followed by four digits"),
    Case("website that is an id", change(HOSPICE, website="netwerk/testnetwerk"), "base.yaml",
         HOSPICE, "is not a web address starting with http:// or https://"),
    # hostile review s8 #12: these passed the pattern, and JSON-LD dropped the IRI silently
    Case("website with a % that starts no escape",
         change(HOSPICE, website="https://x.example/%zz"), "base.yaml", HOSPICE,
         "holds a % that starts no escape"),
    Case("website with a broken bracketed host", change(HOSPICE, website="https://[x/"),
         "base.yaml", HOSPICE, "holds a host or port that is not valid"),
    Case("membership without organisation", nested(HOSPICE, "memberships", organization=None),
         "base.yaml", f"{HOSPICE} (memberships 1)", "has no 'organization'"),
    Case("coverage link without concept", nested(PROJECT, "addresses", concept=None),
         "base.yaml", f"{PROJECT} (addresses 1)", "has no 'concept'"),
    Case("negative value", nested(PROJECT, "results", value=-3), "base.yaml",
         f"{PROJECT} (results 1)", "is not a number ≥ 0"),
    Case("vacant not true or false", change(POST, vacant="misschien"), "base.yaml", POST,
         "'vacant: misschien' is not true or false"),
    Case("hours above the shapes' maximum", change(POST, hoursPerWeek=90), "base.yaml", POST,
         "'hoursPerWeek: 90' is not a number between 0 and 80"),
    Case("one value where a list is due: nested",
         change(HOSPICE, memberships="netwerk/testnetwerk"),
         "base.yaml", HOSPICE, "'memberships' must be a list"),
    Case("a list where one value is due", change(PROJECT, status=["status/op-schema",
                                                                   "status/behaald"]),
         "base.yaml", PROJECT, "'status' takes one value"),
    Case("SHACL: municipality without province", change(GEMEENTE, partOf=None), "base.yaml",
         GEMEENTE, "test shape: the municipality lies in no province"),
    Case("QC: role not in the rol scheme", nested(HOSPICE, "memberships", role="sector/hospice"),
         "base.yaml", f"{HOSPICE} (a membership", "not one of the roles of the rol scheme"),
    Case("QC: coverage outside the frames", nested(PROJECT, "addresses", concept="rol/lid"),
         "base.yaml", f"{PROJECT} (a coverage link", "outside the frames of reference"),
    Case("QC: evidence cites a source without record", drop("bron/000_0f9769a56a83d19c"),
         "base.yaml", "bron/000_0f9769a56a83d19c", "has no SourceDocument record"),
    Case("QC: entity without label", change(HOSPICE, label=None), "base.yaml", HOSPICE,
         "has no Dutch name"),
    Case("QC: period ends before it starts", nested(HOSPICE, "memberships", until=2024),
         "base.yaml", f"{HOSPICE} (a membership", "ends before it starts"),
    Case("OWL: two disjoint types", change(NETWERK, type=["Network", "Consortium"]), "base.yaml",
         NETWERK, "disjoint", reason=True),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_named_and_writes_nothing(case: Case, template: tuple[Path, Path],
                                               tmp_path: Path) -> None:
    source_root, sources = template
    root = tmp_path / "project"
    shutil.copytree(source_root, root)
    reason = [] if case.reason else ["--no-reason"]
    if case.reason:  # the template's build skipped HermiT: build the valid data with it first
        assert invoke(root, sources, "build").exit_code == 0
    before = snapshot(root / "build")
    files = copy.deepcopy(base_files())
    case.mutate(files)
    write(root, files)

    checked = invoke(root, sources, "validate", "--format", "json", *reason)
    assert_clean_failure(checked)
    findings = json.loads(checked.stdout)
    assert any(f["file"] == case.file and case.entity in f["entity"] + " " + f["problem"]
               and case.words in f["problem"] + " " + f["fix"] for f in findings), checked.stdout
    shown = invoke(root, sources, "validate", *reason)
    assert_clean_failure(shown)
    assert (f"{case.file}, {case.entity}" if case.entity else case.file) in shown.stdout
    assert case.words in shown.stdout

    built = invoke(root, sources, "build", *reason)
    assert_clean_failure(built)
    assert case.file in built.output and case.entity in built.output, built.output
    assert "nothing was written" in built.output
    assert snapshot(root / "build") == before, "build/ changed although the input is invalid"


def assert_clean_failure(result: Result) -> None:
    """Non-zero exit, and an orderly one: no exception escaped, no traceback printed."""
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception)
    assert "Traceback" not in result.output


def test_valid_data_validates_with_exit_code_0(template: tuple[Path, Path]) -> None:
    root, sources = template
    result = invoke(root, sources, "validate", "--no-reason")
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.stdout
    assert "…" in result.stderr  # progress goes to stderr
    as_json = invoke(root, sources, "validate", "--no-reason", "--format", "json")
    assert as_json.exit_code == 0
    for finding in json.loads(as_json.stdout):  # warnings only, each complete
        assert finding["severity"] != "error"
        assert set(finding) == {"file", "entity", "problem", "fix", "check", "severity"}


def test_missing_java_is_a_plain_finding(template: tuple[Path, Path], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    shutil.copytree(template[0], root)
    shutil.rmtree(root / "build")  # no cached consistency to fall back on
    monkeypatch.setattr("pzgraph.build.reasoner.shutil.which", lambda _: None)
    result = invoke(root, template[1], "validate")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Java is not installed" in result.stdout and "apt-get install" in result.stdout
    assert "Traceback" not in result.output


def test_every_qc_check_has_a_usable_header() -> None:
    from pzgraph.checks.qc import load_checks

    checks, problems = load_checks(Project.default())
    assert len(checks) >= 10 and not problems, problems
    for check in checks:
        assert "?entity" in check.query, check.name


@pytest.mark.parametrize("path", ["ontology/pzgraph.ttl", "ontology/vocabularies/rol.ttl",
                                  "ontology/context.jsonld"])
def test_a_broken_model_file_is_named(path: str, template: tuple[Path, Path],
                                      tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(template[0], root)
    before = snapshot(root / "build")
    with (root / path).open("a", encoding="utf-8") as out:
        out.write("\nthis is { not valid\n")
    for command in (["validate", "--no-reason"], ["build", "--no-reason"]):
        result = invoke(root, template[1], *command)
        assert_clean_failure(result)
        assert path in result.output
    assert snapshot(root / "build") == before


def test_a_new_property_is_checked_from_the_context_and_the_shapes_alone(make_project) -> None:
    """Adding a property takes a term in the context and a property shape: the loader reads
    its kind and range from them, with no Python to change."""
    from pzgraph.ingest.context import Context
    from pzgraph.ingest.records import read_data_file

    project = make_project()
    context_file = project.ontology_dir / "context.jsonld"
    document = json.loads(context_file.read_text(encoding="utf-8"))
    document["@context"]["beds"] = {"@id": "pz:beds", "@type": "xsd:integer"}
    context_file.write_text(json.dumps(document), encoding="utf-8")
    with (project.ontology_dir / "shapes.ttl").open("a", encoding="utf-8") as shapes:
        shapes.write('\npzsh:BedsShape a sh:NodeShape ; sh:targetSubjectsOf pz:beds ;\n'
                     '  sh:property [ sh:path pz:beds ; sh:minInclusive 1 ; sh:maxInclusive 40 ;'
                     ' sh:description "Give the number of beds, 1 to 40."@en ] .\n')
    context = Context.load(project)
    for beds, words in ((12, None), ("veel", "'beds: veel' is not a whole number between 1 and 40"),
                        (0, "'beds: 0' is not a whole number between 1 and 40")):
        hospice = {"id": "organisatie/h", "type": "Hospice", "label": "H", "beds": beds,
                   "evidence": [{"judgement": "x"}]}
        path = project.data_dir / "beds.yaml"
        path.write_text(yaml.safe_dump({"records": [hospice]}), encoding="utf-8")
        problems = [f for f in read_data_file(path, context, project).findings if f.check == "type"]
        assert [f.problem for f in problems] == ([words] if words else []), problems
        assert all(f.fix == "Give the number of beds, 1 to 40." for f in problems)
