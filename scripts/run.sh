#!/usr/bin/env bash
# The main job: build the graph, then write what its users open. Called by `make run`.
set -euo pipefail
out="${1:-out}"
pz=.venv/bin/pzgraph
$pz build
$pz stats
mkdir -p "$out"
if $pz map --help >/dev/null 2>&1; then
  $pz map landscape --out "$out/maps/landschap.html"
  $pz map coverage --out "$out/maps/dekking.html"
  for network in noordwest-utrecht utrecht-zuid noordwest-veluwe rotterdam-en-omstreken gooi-en-vechtstreek; do
    $pz map network "$network" --out "$out/maps/netwerk-$network.html"
  done
fi
if $pz export --help >/dev/null 2>&1; then $pz export --out "$out/release"; fi
if $pz report --help >/dev/null 2>&1; then $pz report --out "$out/report"; fi
echo
echo "Graph:   build/pzgraph.nq"
for d in maps release report; do [ -d "$out/$d" ] && echo "$(printf '%-8s' "${d^}:") $out/$d/"; done
exit 0
