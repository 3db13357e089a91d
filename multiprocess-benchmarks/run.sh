#!/usr/bin/env bash
# Runs every benchmark in Java and in CPython on this machine and prints one table.
# Usage: multiprocess-benchmarks/run.sh [--quick] [case filter...]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests -Dmaven.javadoc.skip=true -pl multiprocess-benchmarks -am install
classpath=$(./mvnw -B -q -pl multiprocess-benchmarks dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
exec java -cp "multiprocess-benchmarks/target/classes:${classpath}" io.multiprocess.benchmarks.BenchmarkRunner "$@"
