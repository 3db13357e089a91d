#!/usr/bin/env bash
# Runs every benchmark in Java and in CPython on this machine and prints one table.
# Usage: multiprocess-benchmarks/run.sh [--quick] [case filter...]   or: run.sh [--quick] --breakdown
set -euo pipefail
cd "$(dirname "$0")/.."
# Build the benchmark module and what it depends on in one reactor, so that the class path points at
# this checkout's modules (nothing is installed into the local Maven repository).
./mvnw -B -q -DskipTests -Dmaven.javadoc.skip=true -pl multiprocess-benchmarks -am \
  package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
# A class path of jars only, as a packaged application has: children then use a class-data-sharing archive.
jar=$(ls multiprocess-benchmarks/target/multiprocess-benchmarks-*.jar | head -1)
exec java -cp "$jar:$(cat multiprocess-benchmarks/target/classpath.txt)" \
  io.multiprocess.benchmarks.BenchmarkRunner "$@"
