#!/usr/bin/env bash
# Debian packages the project needs beyond Python: Java for the OWL reasoner (HermiT) and
# Chromium for the browser tests. Installed only when missing; as root, or through sudo.
set -euo pipefail
missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "pzgraph: please install these Debian packages as root: ${missing[*]}" >&2; exit 1
fi
echo "… installing ${missing[*]} (apt-get)" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
