#!/usr/bin/env bash
# Before and after in one JVM (io.sac4j.bench.JarAB): alternates `sac4j bench update --runs 1` between
# two or more builds of the CLI jar, round after round, and prints each build's median and its
# per-round ratio to the first (median and quartiles). Copy the jars first, e.g.
#   git stash; ./sac4j --version; cp sac4j-cli/target/sac4j.jar /tmp/before.jar; git stash pop
#   ./sac4j --version; cp sac4j-cli/target/sac4j.jar /tmp/after.jar
#   bench/ab.sh /tmp/before.jar /tmp/after.jar            ROUNDS=20 THREADS=2 UPDATES=200 by default
#   bench/ab.sh /tmp/before.jar /tmp/after.jar -- --obs 3 --act 1
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bench/ab.sh A.jar B.jar [C.jar ...] [-- bench update options]" >&2; exit 2; }
jdk="$(SAC4J_PRINT_JDK=1 ./sac4j)"
mopts="${MAVEN_OPTS:-}"
v="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
[ "${v%%.*}" -ge 23 ] && mopts="$mopts --sun-misc-unsafe-memory-access=allow"
JAVA_HOME="$jdk" MAVEN_OPTS="$mopts" mvn -q -B -ntp -DskipTests -pl sac4j-bench -am package
lscpu | sed -n 's/^Model name: *//p' | sed 's/^/cpu: /'
exec "$jdk/bin/java" --add-modules jdk.incubator.vector -cp sac4j-bench/target/benchmarks.jar io.sac4j.bench.JarAB \
  "${ROUNDS:-20}" "${THREADS:-2}" "${UPDATES:-200}" "$@" 2> >(grep -v --line-buffered '^WARNING: Using incubator modules' >&2)
