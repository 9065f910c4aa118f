#!/usr/bin/env bash
# Debian packages the project needs beyond Python: Java for the OWL reasoner (HermiT),
# Chromium for the browser tests, Virtuoso and Jena for the store tests. Installed only when
# missing; as root, or through sudo.
set -euo pipefail
missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
# the store tests run one Java source file against Jena (java File.java): that needs javac's module
{ command -v java >/dev/null 2>&1 && java --list-modules 2>/dev/null | grep -q '^jdk.compiler'; } \
  || missing+=(default-jdk-headless)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# The third-party stores the release is tested in (tests/test_stores.py): Virtuoso 7 and Apache
# Jena (jars only; scripts/jena.sh runs its commands, and needs unzip once)
command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 \
  || missing+=(virtuoso-opensource-7)
[ -f /usr/share/java/jena-core.jar ] && [ -f /usr/share/java/jena-tdb2.jar ] \
  || missing+=(libapache-jena-java)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
# Apache httpd with mod_rewrite, the stand-in for w3id.org that follows the release's redirect
# rules (tests/test_redirects.py): the binary and modules only, no service is started
[ -x /usr/sbin/apache2 ] && [ -f /usr/lib/apache2/modules/mod_rewrite.so ] \
  || missing+=(apache2-bin)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "pzgraph: please install these Debian packages as root: ${missing[*]}" >&2; exit 1
fi
echo "… installing ${missing[*]} (apt-get)" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
