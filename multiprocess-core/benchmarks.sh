#!/usr/bin/env bash
# Runs every benchmark in Java and in CPython on this machine and prints one table.
# Usage: multiprocess-core/benchmarks.sh [--quick] [case filter...]   or: benchmarks.sh [--quick] --breakdown
#        multiprocess-core/benchmarks.sh --jmh [JMH options, e.g. HotPaths.lock -f 1 -wi 2 -i 3]
# JAVA=<path to a java binary> picks the JVM (children use the same); MAVEN_ARGS passes options to Maven.
# The benchmarks live in the core's test tree (io.multiprocess.benchmarks, src/test/python/bench_mp.py).
set -euo pipefail
cd "$(dirname "$0")/.."
# Build the core with the benchmarks profile: the core's jar, the benchmarks' jar (from its test classes)
# and the class path of its dependencies, so that the run uses this checkout's code (nothing is installed
# into the local Maven repository).
# "--jmh [JMH options]" runs the JMH hot-path benchmarks (src/jmh/java) instead of the table.
profiles=benchmarks main=io.multiprocess.benchmarks.BenchmarkRunner
if [[ "${1:-}" == "--jmh" ]]; then
  shift
  profiles=benchmarks,jmh main=org.openjdk.jmh.Main
fi
./mvnw -B -q -DskipTests -Dmaven.javadoc.skip=true -P "$profiles" -pl multiprocess-core package
# A class path of jars only, as a packaged application has: children then use a class-data-sharing archive.
core=$(ls multiprocess-core/target/multiprocess-core-*.jar | grep -v -e '-tests\.jar$' -e '-benchmarks\.jar$' | head -1)
benchmarks=$(ls multiprocess-core/target/multiprocess-core-*-benchmarks.jar | head -1)
exec "${JAVA:-java}" -cp "$benchmarks:$core:$(cat multiprocess-core/target/benchmarks-classpath.txt)" \
  "$main" "$@"
