"""Save every output of pzgraph, or compare them with a saved copy (issue 13: same before/after).

    .venv/bin/python scripts/golden.py save /tmp/arch-golden      before a change
    .venv/bin/python scripts/golden.py compare /tmp/arch-golden   after it: lists what differs

What is saved: every library query in every output format with its default parameters and
with each parameter set the tests use; `query --list`; `stats` (text and json); every map
(the landscape, each network, coverage for all and per network); the report (all formats,
fixed --date); the release from `pzgraph export` (fixed --issued). It goes through the
`pzgraph` console script's entry point in-process, so it runs against whatever the package
is at the moment. Exit code 1 when `compare` finds a difference.
"""

from __future__ import annotations

import csv
import filecmp
import io
import shutil
import sys
import tempfile
from importlib.metadata import entry_points
from pathlib import Path

from click.testing import CliRunner

FORMATS = ("table", "csv", "json", "markdown")
DATE = "2025-06-30"
# The parameter sets tests/test_queries.py asks the library queries with.
PARAMS: dict[str, list[dict[str, str]]] = {
    "bridges": [{"minimum": "3"}],
    "connection-path": [{"from": "Careyn", "to": "St Jansdal"}],
    "evidence": [{"entity": "careyn"}, {"text": "drieëntwintig organisaties"}],
    "funding": [{"funder": "VWS"}, {"funder": "Zilveren Kruis Achmea"},
                {"funder": "ZonMw", "network": "noord-holland-en-flevoland"},
                {"funder": "rotterdam-en-omstreken"}],
    "hospice-affiliation": [{"network": "utrecht-zuid"}],
    "kwaliteitskader-gaps": [{"domain": "8"}, {"network": "noordwest-veluwe"}],
    "kwaliteitskader-matrix": [{"network": "noordwest-veluwe"}],
    "members": [{"network": "noordwest-utrecht"}, {"network": "utrecht-zuid"}],
    "municipality-coverage": [{"networks": "0"}, {"networks": "2"}],
    "national-structure": [{"party": "NPPZ II"}, {"party": "VNPZ"}],
    "networks-consortia": [{"consortium": "Consortium Zuidwest Nederland"},
                           {"consortium": "septet"}],
    "patient-wishes": [{"wish": "5", "network": "gooi-en-vechtstreek"},
                       {"wish": "5", "network": "rotterdam-en-omstreken"}, {"wish": "W3"}],
    "planning-status": [{"network": "gooi-en-vechtstreek", "status": "doorlopend"},
                        {"network": "noordwest-utrecht", "status": "afgerond"},
                        {"network": "noordwest-utrecht", "year": "2025"}],
    "pnraad-coverage": [{"network": "gooi-en-vechtstreek"}, {"recommendation": "5"}],
    "pnraad-gaps": [{"network": "gooi-en-vechtstreek"}],
    "results": [{"network": "gooi-en-vechtstreek"},
                {"network": "noordwest-utrecht", "year": "2024"},
                {"network": "noordwest-veluwe"}],
    "septet-ambition-pnraad": [{"ambition": "2"}, {"ambition": "A3"}],
    "working-area": [{"network": "noordwest-utrecht"}],
}
NETWORKS = """PREFIX pz: <https://w3id.org/pzgraph/def#>
SELECT DISTINCT ?network WHERE { ?network a pz:Network } ORDER BY ?network"""


def main_command():
    (script,) = entry_points(group="console_scripts", name="pzgraph")
    return script.load()


def invoke(args: list[str], may_fail: bool = False) -> str:
    """stdout of the command; with `may_fail` a failure is an output too (exit code, stderr)."""
    result = CliRunner().invoke(main_command(), args, catch_exceptions=False)
    if result.exit_code and may_fail:
        return f"exit code {result.exit_code}\n{result.stderr}"
    if result.exit_code:
        raise SystemExit(f"pzgraph {' '.join(args)} failed ({result.exit_code}):\n{result.output}")
    return result.stdout


def save(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "queries").mkdir(parents=True)
    invoke(["build"])
    build = Path("build/pzgraph.nq").resolve()  # run from the project folder
    (folder / "stats.txt").write_text(invoke(["stats"]))
    (folder / "stats.json").write_text(invoke(["stats", "--format", "json"]))
    listing = invoke(["query", "--list", "--format", "csv"])
    (folder / "query-list.csv").write_text(listing)
    names = [row["name"] for row in csv.DictReader(io.StringIO(listing))]
    for name in names:
        sets = [{}, *PARAMS.get(name, [])]
        if name.startswith("changes-"):  # a comparison of the build with itself
            sets = [{"old": str(build)}]
        for number, params in enumerate(sets):
            pairs = [arg for key, value in params.items() for arg in ("-p", f"{key}={value}")]
            for fmt in FORMATS:
                text = invoke(["query", name, *pairs, "--format", fmt], may_fail=True)
                (folder / "queries" / f"{name}.{number}.{fmt}").write_text(text)
            iris = invoke(["query", name, *pairs, "--format", "csv", "--iris"], may_fail=True)
            (folder / "queries" / f"{name}.{number}.iris.csv").write_text(iris)
    networks = invoke(["query", "--sparql", NETWORKS, "--iris", "--format", "csv"])
    ids = [line.removeprefix("netwerk/") for line in networks.split()[1:]]
    maps = folder / "maps"
    invoke(["map", "landscape", "--out", str(maps / "landschap.html")])
    invoke(["map", "coverage", "--out", str(maps / "dekking.html")])
    for network in ids:
        invoke(["map", "network", network, "--out", str(maps / f"netwerk-{network}.html")])
        invoke(["map", "coverage", "--network", network,
                "--out", str(maps / f"dekking-{network}.html")])
    invoke(["report", "--out", str(folder / "report"), "--date", DATE])
    invoke(["export", "--out", str(folder / "release"), "--issued", DATE])


def compare(golden: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="pzgraph-golden-") as tmp:
        fresh = Path(tmp) / "now"
        save(fresh)
        old = {p.relative_to(golden) for p in golden.rglob("*") if p.is_file()}
        new = {p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file()}
        differ = sorted(p for p in old & new if not filecmp.cmp(golden / p, fresh / p,
                                                                 shallow=False))
        for label, paths in (("only before", sorted(old - new)), ("only after", sorted(new - old)),
                             ("different", differ)):
            for path in paths:
                print(f"{label}: {path}")
        print(f"{len(old & new) - len(differ)} of {len(old | new)} files identical")
        return 1 if differ or old != new else 0


if __name__ == "__main__":
    command, folder = sys.argv[1], Path(sys.argv[2])
    if command == "save":
        save(folder)
    elif command == "compare":
        sys.exit(compare(folder))
    else:
        sys.exit(__doc__)
