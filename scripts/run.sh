#!/usr/bin/env bash
# The main job, called by `make run`: build the graph, then write what its users open.
set -euo pipefail
out="${1:-out}"
pz=.venv/bin/pzgraph
$pz build
$pz stats
$pz export --out "$out/release"
# The report first: the maps written beside it ($out/maps next to $out/report) link to it, and
# it links to its own copies of them ($out/report/maps).
$pz report --out "$out/report"
$pz map landscape --out "$out/maps/landschap.html"
$pz map coverage --out "$out/maps/dekking.html"
# A map of its own for every network that published a source document (queries/source-networks.rq)
for network in $($pz query source-networks --iris --format csv | tail -n +2 | cut -d, -f1); do
  network="${network#netwerk/}"
  $pz map network "$network" --out "$out/maps/netwerk-$network.html"
done
cat <<TXT

pzgraph is built. Open these:
  the graph (N-Quads, all named graphs)   build/pzgraph.nq
  coverage report                          $out/report/index.html (report.md, csv/)
  interactive maps (linked to the report)  $out/maps/landschap.html, dekking.html, netwerk-*.html
  linked-data release (PZNL)               $out/release/ (void.ttl describes it)
Query it:  .venv/bin/pzgraph query --list
TXT
