"""Property: whatever a data file holds, the loader accepts it or reports findings; it never
raises. Files it accepts also convert to RDF (JSON-LD through the context) without error.

Hypothesis generates YAML of three kinds: text built from YAML punctuation and garbage,
arbitrary nested structures, and records that are nearly right (keys of the context with
values that are sometimes of the right kind and sometimes not).
"""

from __future__ import annotations

import datetime as dt
import shutil
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pzgraph.build.pipeline import compile_dataset
from pzgraph.ingest.context import Context
from pzgraph.ingest.keys import NESTED, NESTED_KEYS, NESTED_ONLY
from pzgraph.ingest.read import read_and_check
from pzgraph.project import Project

SOURCE = "000_0f9769a56a83d19c.txt"
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
REAL = Project.default()
CONTEXT = Context.load(REAL)
TERMS = sorted(CONTEXT.properties | {"id", "type"})
# Keys a record may hold; the keys only nested objects hold (quote, basis, property, ...) are a
# near miss at record level, drawn as seldom as garbage, so that some records are accepted.
RECORD_TERMS = sorted(set(TERMS) - NESTED_ONLY)
NESTED_ONLY_TERMS = sorted(NESTED_ONLY & set(TERMS))
FUZZ_IDS = ["organisatie/fuzz", "project/fuzz", "netwerk/fuzz"]  # the records' own ids
IDS = ["rol/lid", "kwaliteitskader/1", "sector/hospice", "status/op-schema", "interventie",
       "gemeente/GM0632", *FUZZ_IDS]
NAMES = ["Fuzz", "Zorg & Welzijn", "’t Hospice", "Netwerk Palliatieve Zorg Noordwest-Utrecht"]

garbage = st.text(max_size=12)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**12), st.floats(allow_nan=True),
    garbage, st.sampled_from(IDS + sorted(CONTEXT.classes) + ["https://example.org/x", SOURCE,
                                                              "2025", "2025-09-01", "GM0632"]),
    st.dates(dt.date(1800, 1, 1), dt.date(2100, 1, 1)),
)
structures = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(st.sampled_from(TERMS) | garbage, inner, max_size=4),
                          max_leaves=20)


def value_for(key: str) -> st.SearchStrategy[Any]:
    """A value that is often of the kind the key wants, and sometimes anything at all."""
    if key in NESTED:
        item = st.dictionaries(st.sampled_from(sorted(NESTED_KEYS[key])), st.deferred(
            lambda: st.one_of(scalars, st.lists(scalars, max_size=2))), max_size=5)
        evidence = st.just([{"judgement": "fuzz"}])
        good = st.lists(item.flatmap(lambda d: evidence.map(lambda e: {**d, "evidence": e})
                                     if key != "evidence" else st.just(d)), min_size=1, max_size=3)
        return good | structures
    if key in CONTEXT.iri_valued:
        return st.sampled_from(IDS) | st.lists(st.sampled_from(IDS), max_size=3) | scalars
    if key == "type":
        return st.sampled_from(sorted(CONTEXT.classes)) | st.lists(
            st.sampled_from(sorted(CONTEXT.classes)), max_size=2) | scalars
    return scalars | st.lists(scalars, max_size=3)


def mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """`good` four times in five, `bad` otherwise (one_of alone favours the simpler branch)."""
    return st.integers(0, 4).flatmap(lambda n: good if n else bad)


@st.composite
def near_records(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(mostly(st.sampled_from(RECORD_TERMS),
                                st.sampled_from(NESTED_ONLY_TERMS) | garbage),
                         max_size=4, unique=True))
    record = {"id": draw(mostly(st.sampled_from(FUZZ_IDS), garbage)), "type": "Organisation",
              "label": draw(mostly(st.sampled_from(NAMES), garbage)),
              "evidence": [{"judgement": "fuzz"}]}
    for key in keys:
        record[key] = draw(value_for(key))
    return record


near_files = st.builds(lambda records, source: {"graph": "fuzz", "source": source,
                                               "records": records},
                       st.lists(near_records(), min_size=1, max_size=3,
                                unique_by=lambda record: str(record.get("id"))),
                       mostly(st.just(SOURCE), scalars))
yaml_text = st.lists(st.sampled_from(
    ["source: ", SOURCE, "records:", "\n", "  - ", "id: ", "organisatie/x", "type: ",
     "Hospital", "label: ", ": ", "- ", "[", "]", "{", "}", ",", "'", '"', "&a ", "*a", "? ",
     "!!python/object:os.system ", "!!binary ", "\t", "%YAML 1.1\n", "---\n", "...\n", "#",
     "2025-02-30", "1e400", ".inf", "~", "\\u0000", "\ud7ff", "évidence"]) | garbage,
    max_size=40).map("".join)


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(REAL.ontology_dir, root / "ontology")
    (root / "data").mkdir()
    return Project(root, sources=REAL.sources_dir)


def write_file(project: Project, content: Any) -> None:
    if isinstance(content, str):
        text = content
    else:
        try:
            text = yaml.dump(content, Dumper=DUMPER, allow_unicode=True, sort_keys=False)
        except yaml.YAMLError:
            text = repr(content)  # not representable: becomes garbage text instead
    (project.data_dir / "fuzz.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")


def check_never_raises(project: Project, content: Any) -> None:
    write_file(project, content)
    files, context, findings, _ = read_and_check(project)  # must not raise
    for finding in findings:
        assert finding.file is not None and finding.problem and finding.fix
    if not any(f.severity == "error" for f in findings):
        # accepted: the conversion to RDF (JSON-LD through the context) must work too
        compile_dataset(project, files, context)


EXAMPLES = 500  # per property: with the count below, some 1700 files in under half a minute
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


@SETTINGS
@given(content=yaml_text)
def test_random_yaml_text(fuzz_project: Project, content: str) -> None:
    check_never_raises(fuzz_project, content)


@SETTINGS
@given(content=structures)
def test_random_structures(fuzz_project: Project, content: Any) -> None:
    check_never_raises(fuzz_project, content)


@SETTINGS
@given(content=near_files)
def test_nearly_right_records(fuzz_project: Project, content: dict[str, Any]) -> None:
    check_never_raises(fuzz_project, content)


def test_nearly_right_records_are_sometimes_accepted(fuzz_project: Project) -> None:
    """The generator must reach the conversion, or the property says little about it."""
    accepted = 0

    @settings(max_examples=200, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(content=near_files)
    def count(content: dict[str, Any]) -> None:
        nonlocal accepted
        write_file(fuzz_project, content)
        _, _, findings, _ = read_and_check(fuzz_project)
        accepted += not any(f.severity == "error" for f in findings)

    count()
    assert accepted >= 8, accepted  # some 15-25 of 200 in practice

