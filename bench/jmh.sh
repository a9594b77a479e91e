#!/usr/bin/env bash
# JMH benchmarks of sac4j (module sac4j-bench): builds the benchmarks jar on the launcher's JDK, then
# runs it with the arguments given, or with the defaults below.
#   bench/jmh.sh                                   every benchmark, with the gc profiler (~10 min)
#   bench/jmh.sh GemmBench -p threads=1            one class, one parameter value
#   bench/jmh.sh SacUpdateBench -prof gc           allocation per update (gc.alloc.rate.norm, B/op)
# GemmBench reports microseconds per product: GFLOP/s = 2 m n k / (us * 1000). PeakBench reports the
# time of 10^6 steps of 12 independent vector FMAs: GFLOP/s = 24 * lanes * 10^6 / (us * 1000), lanes
# = 16 on AVX-512.
set -euo pipefail
cd "$(dirname "$0")/.."
jdk="$(SAC4J_PRINT_JDK=1 ./sac4j)"
mopts="${MAVEN_OPTS:-}"
v="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
[ "${v%%.*}" -ge 23 ] && mopts="$mopts --sun-misc-unsafe-memory-access=allow"
JAVA_HOME="$jdk" MAVEN_OPTS="$mopts" mvn -q -B -ntp -DskipTests -pl sac4j-bench -am package
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-prof gc)
exec "$jdk/bin/java" --add-modules jdk.incubator.vector -jar sac4j-bench/target/benchmarks.jar "${args[@]}" \
  2> >(grep -v --line-buffered '^WARNING: Using incubator modules' >&2)
