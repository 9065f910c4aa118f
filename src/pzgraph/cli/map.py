"""`pzgraph map`: interactive HTML maps that open offline and can be mailed around.

    pzgraph map landscape
    pzgraph map network noordwest-utrecht --out nwu.html
    pzgraph map coverage --network rotterdam-en-omstreken
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..maps import coverage, landscape, map_file_name, render
from ..maps import network as network_map
from ..project import Project, check_output_file, write_atomic
from ..query.store import KnowledgeGraph, load
from .common import no_reason_option, progress

if TYPE_CHECKING:
    import networkx as nx


def _common(default_name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        command = no_reason_option(command)
        return click.option(
            "--out", type=click.Path(dir_okay=False, path_type=Path),
            help=f"The HTML file to write (default: out/maps/{default_name}).",
        )(command)

    return decorate


def _load(project: Project, no_reason: bool, on_disk: bool = False) -> KnowledgeGraph:
    """The whole landscape is read faster from memory; one network's part, asked for by its
    members' IRIs, faster from the build's on-disk store, which needs no parse (1x: 0.73 s
    against 1.22 s CPU for a network map; the parse grows with the country, the part not)."""
    return load(project, reasoning=not no_reason, progress=progress, on_disk=on_disk)


def _write(project: Project, out: Path | None, default_name: str,
           build_graph: Callable[[], nx.DiGraph]) -> None:
    """Build the map graph, render it, and write it whole or not at all."""
    path = out or project.root / "out" / "maps" / default_name
    check_output_file(path, (".html", ".htm"), project)  # before the work
    graph = build_graph()  # UnknownNetwork goes up to the command line's error handler
    # Beside a report (<out>/maps/ next to <out>/report/, as `make run` writes them): link to
    # its summary, or to the network's section.
    report = path.parent.parent / "report" / "index.html"
    if path.parent.name == "maps" and report.exists():
        home = graph.graph.get("home")
        anchor = f"netwerk-{home.rsplit('/', 1)[-1]}" if home else "samenvatting"
        graph.graph["report"] = f"../report/index.html#{anchor}"
    write_atomic(path, render(graph))
    progress(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    click.echo(str(path))


@click.group("map", context_settings={"help_option_names": ["-h", "--help"]})
def map_command() -> None:
    """Interactive HTML maps: the landscape, one network, and coverage with its gaps.

    Each map is one self-contained HTML file: it opens offline and asks no other host for
    anything. It has a legend with counts, search by name, filters (network, domain,
    recommendation, role, sector), zoom and focus tools, a text version, and the details of
    what is selected: its connections by relation and the evidence (document title and quote;
    a curator's judgement is marked as such).
    """


@map_command.command("landscape")
@_common("landschap.html")
@click.pass_obj
def landscape_command(project: Project, out: Path | None, no_reason: bool) -> None:
    """Consortia, networks, their member organisations, national bodies and programmes."""
    kg = _load(project, no_reason)
    _write(project, out, "landschap.html", lambda: landscape(kg))


@map_command.command("network")
@click.argument("network")
@_common("netwerk-NETWORK.html")
@click.pass_obj
def network_command(project: Project, network: str, out: Path | None, no_reason: bool) -> None:
    """One network: members by role and sector, governing bodies, projects and activities,
    and its links to the consortium and national bodies.

    NETWORK is an id (noordwest-utrecht or netwerk/noordwest-utrecht) or the network's name.
    """
    kg = _load(project, no_reason, on_disk=True)
    _write(project, out, map_file_name("netwerk", network), lambda: network_map(kg, network))


@map_command.command("coverage")
@click.option("--network", "network", metavar="NETWORK",
              help="Only the projects and activities of this network (id or name).")
@_common("dekking.html")
@click.pass_obj
def coverage_command(project: Project, network: str | None, out: Path | None,
                     no_reason: bool) -> None:
    """Projects and activities ↔ Kwaliteitskader domains ↔ PN-raad recommendations (and
    kernthema's and actielijnen). What nothing addresses is marked as a gap."""
    kg = _load(project, no_reason)
    name = map_file_name("dekking", network) if network else "dekking.html"
    _write(project, out, name, lambda: coverage(kg, network))
