"""The shape of the code: no import cycles, imports at the top, small modules, one vocabulary.

Read from the source with ast, so these tests run in milliseconds and name the file and line.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pyoxigraph as ox
import pytest

from pzgraph.vocab import PZ, pz_terms

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "pzgraph"
HEAVY = ("rdflib", "owlready2", "pyshacl", "pyvis", "networkx")
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def imports(path: Path) -> list[tuple[ast.stmt, str, bool]]:
    """(statement, imported module, at the top of the file) for each import of a pzgraph
    module; `from package import name` counts as importing package.name when that is a module.
    Imports under `if TYPE_CHECKING:` are left out: they never run."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    skipped = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.If)
               and _is_type_checking(node) for inner in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        for target in targets:
            # `from . import x` names the package this module is part of: already importing
            if target in MODULES and not name.startswith(target + "."):
                found.append((node, target, id(node) in top))
    return found


def test_imports_of_pzgraph_modules_stand_at_the_top_of_the_file():
    """Function-level imports of our own modules hide cycles; only heavy libraries may wait."""
    late = [f"{path.relative_to(ROOT)}:{node.lineno} imports {target}"
            for name, path in MODULES.items() for node, target, at_top in imports(path)
            if not at_top and (name, target) not in LATE_ON_PURPOSE]
    assert not late, "\n".join(late)


# The imports that wait on purpose, each for a start-up that must stay fast
LATE_ON_PURPOSE = {
    # pzgraph.load() imports the store when called, so that `import pzgraph` stays instant
    ("pzgraph", "pzgraph.query.store"),
    # a read command imports the compile stage only when an input changed (issue 17)
    ("pzgraph.query.store", "pzgraph.build.pipeline"),
    # `pzgraph query` asks the resident store first; the in-process path is imported only
    # when that cannot answer (query/resident.py)
    ("pzgraph.cli.ask", "pzgraph.query.local"),
    # a plain `pzgraph query NAME` is answered without click (cli/quick.py); the click group
    # is imported for every other command line
    ("pzgraph.cli.entry", "pzgraph.cli.main"),
}


def test_the_modules_import_each_other_without_a_cycle():
    """What a module imports when it is imported: its top-level imports (the test above
    keeps every other import of our modules out, but pzgraph.load()'s)."""
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for _, target, at_top in imports(path):
            if target != name and (at_top or (name, target) in LATE_ON_PURPOSE):
                graph[name].add(target)
    try:
        list(TopologicalSorter(graph).static_order())
    except CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")


def test_no_module_is_longer_than_400_lines():
    long = {str(path.relative_to(ROOT)): n for path in MODULES.values()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long


def test_the_command_line_starts_without_the_heavy_libraries():
    """`pzgraph --help` and every read command import rdflib, owlready2, pySHACL, pyvis and
    networkx only when they use them."""
    code = ("import sys; import pzgraph.cli.main; "
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


# What a plain `pzgraph query NAME` may not import: click and the click commands (cli/quick.py
# answers without them), the in-process query path (the resident answers) and the heavy
# libraries. tests/test_quick_query.py runs the command and holds it to this list.
NOT_FOR_A_PLAIN_QUERY = ("click", "pzgraph.cli.main", "pzgraph.cli.query", "pzgraph.cli.common",
                         "pzgraph.query.local", "pzgraph.query.run", "pzgraph.query.results",
                         "pzgraph.build.pipeline", *HEAVY)


def test_the_plain_query_imports_neither_click_nor_a_verb():
    """What the console entry imports before it reads the command line (cli/quick.py)."""
    code = ("import sys; import pzgraph.cli.entry; "
            f"print(sorted(m for m in {NOT_FOR_A_PLAIN_QUERY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_the_console_script_is_the_entry_that_answers_a_plain_query_without_click():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'pzgraph = "pzgraph.cli.entry:main"' in pyproject


# --- one vocabulary: the pz: terms the ontology declares -------------------------------------

def declared_terms() -> set[str]:
    declared = set()
    for quad in ox.parse(path=str(ROOT / "ontology" / "pzgraph.ttl"), format=ox.RdfFormat.TURTLE):
        subject = quad.subject
        if (isinstance(subject, ox.NamedNode) and subject.value.startswith(PZ)
                and quad.predicate.value.endswith("#type")):
            declared.add(subject.value[len(PZ):])
    return declared


def test_the_closed_namespace_holds_what_the_ontology_declares():
    assert pz_terms() == declared_terms() and len(pz_terms()) > 90
    assert PZ.Network == f"{PZ}Network"
    with pytest.raises(AttributeError, match="does not declare"):
        PZ.Netwerk  # noqa: B018 - the attribute access is the test


USES = [
    re.compile(r"\bpz:([A-Za-z_][\w-]*)"),  # SPARQL, Turtle and the JSON-LD context
    re.compile(re.escape(str(PZ)) + r"([A-Za-z_]\w*)"),  # full IRIs
    re.compile(r"\bPZ\.([A-Za-z_]\w*)\b(?!\()"),  # the closed namespace in Python
    re.compile(r"\bPZ \+ \"([A-Za-z_]\w*)\""),  # concatenation
]


def term_uses() -> list[tuple[str, int, str]]:
    files = [*PACKAGE.rglob("*.py"), *(ROOT / "queries").glob("*.rq"),
             *(ROOT / "checks").glob("*.rq"), *(ROOT / "ontology" / "rules").glob("*.rq"),
             ROOT / "ontology" / "shapes.ttl", ROOT / "ontology" / "context.jsonld",
             *(ROOT / "ontology" / "vocabularies").glob("*.ttl")]
    found = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for pattern in USES:
                found += [(str(path.relative_to(ROOT)), number, match[1])
                          for match in pattern.finditer(line)]
    return found


def test_code_and_queries_use_only_pz_terms_the_ontology_declares():
    """A misspelt pz: term matches nothing and fails silently; here it fails loudly."""
    uses, declared = term_uses(), declared_terms()
    assert len(uses) > 100  # the scan reads what it should
    str_methods = set(dir(str)) | {"terms", "term"}
    unknown = [f"{file}:{line}: pz:{term}" for file, line, term in uses
               if term not in declared and term not in str_methods]
    assert not unknown, "\n".join(unknown)
