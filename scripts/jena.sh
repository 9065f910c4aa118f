#!/usr/bin/env bash
# Run a command of Debian's Apache Jena (libapache-jena-java), which ships jars but no scripts:
#   scripts/jena.sh riot --validate FILE...     scripts/jena.sh tdb2.tdbloader --loc DIR FILE
#   scripts/jena.sh tdb2.tdbquery --loc DIR --query FILE
# A name without a dot is a class of riotcmd (riot, turtle, trig, nquads ...) or arq (sparql,
# qparse ...). Two things of the Debian packaging are worked around here:
# - /usr/share/java holds several SLF4J bindings at once (the JVM then refuses to start), so the
#   class path lists Jena and only the libraries it needs, with slf4j-simple (messages to stderr);
# - jena-core's XML Schema datatypes are Xerces classes moved to the package `xerces`, but their
#   message files stayed under org/apache/jena/ext/xerces: without them every datatype check
#   fails ("internal error"). A copy of them under xerces/ goes on the class path (cached).
set -euo pipefail
java_dir=${JENA_JAVA_DIR:-/usr/share/java}
[ -f "$java_dir/jena-core.jar" ] || {
  echo "pzgraph: Apache Jena is not installed (Debian: apt-get install libapache-jena-java)" >&2
  exit 127; }
[ $# -ge 1 ] || { echo "usage: scripts/jena.sh COMMAND [ARGS...]" >&2; exit 2; }
cache=${XDG_CACHE_HOME:-$HOME/.cache}/pzgraph/jena-xerces-messages
if [ ! -f "$cache/.done" ] || [ "$java_dir/jena-core.jar" -nt "$cache/.done" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && unzip -q -o "$java_dir/jena-core.jar" 'org/apache/jena/ext/xerces/*' \
    && mkdir -p xerces && cp -r org/apache/jena/ext/xerces/. xerces/ && rm -rf org)
  mkdir -p "$(dirname "$cache")" && rm -rf "$cache" && mv "$tmp" "$cache" && touch "$cache/.done"
fi
classpath=$cache
for jar in "$java_dir"/jena-*.jar; do
  case $jar in *-[0-9]*.jar) ;; *) classpath+=":$jar" ;; esac
done
for lib in commons-cli commons-codec commons-compress commons-csv commons-io commons-lang3 \
           dexx.collection gson guava httpclient httpclient-cache httpcore jackson-core jackson-databind \
           jackson-annotations jakarta.json-api jsonld-java protobuf thrift titanium-json-ld \
           slf4j-api slf4j-simple jcl-over-slf4j; do
  [ -f "$java_dir/$lib.jar" ] && classpath+=":$java_dir/$lib.jar"
done
command=$1; shift
case $command in
  *.java|*.*) class=$command ;;
  riot|turtle|ntriples|nquads|trig|rdfxml|rdfparse|infer|uparse) class=riotcmd.$command ;;
  *) class=arq.$command ;;
esac
exec java ${JENA_JAVA_OPTIONS:--Xshare:auto -XX:TieredStopAtLevel=1} -cp "$classpath" "$class" "$@"
