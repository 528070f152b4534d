#!/usr/bin/env bash
# Shared-task scoring benchmark: generates gold and submissions for every suite (1,000,000 users,
# 20 posts per user for prioritization), times the Java scorer in a 1 GiB heap, then
# scikit-learn on the same files, and prints a side-by-side table (docs/benchmarks.md).
#
# usage: scripts/bench/shared-task-scoring.sh [DIR]   (USERS, POSTS, ROUNDS override the sizes)
# ONLY=prioritization (or prioritization-tsv, clpsych2019, ...) times only the suites whose
# "name-format" contains it; SKLEARN=0 skips scikit-learn.
# The generated files (~2.3 GB at the default size) stay in DIR for the next run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
DIR="${1:-$ROOT/enclave-api/target/scoring-bench}"
USERS="${USERS:-1000000}"
POSTS="${POSTS:-20}"
ROUNDS="${ROUNDS:-5}"
ONLY="${ONLY:-}"
SKLEARN="${SKLEARN:-1}"
mkdir -p "$DIR"

./mvnw -B -ntp -q -pl enclave-api -am test-compile
./mvnw -B -ntp -q -pl enclave-api dependency:build-classpath -Dmdep.outputFile="$DIR/classpath.txt"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx1g -cp "enclave-api/target/classes:enclave-api/target/test-classes:$(cat "$DIR/classpath.txt")" \
  org.enclave.api.sharedtask.scoring.ScoringBenchmark "$DIR" "$USERS" "$POSTS" "$ROUNDS" "$ONLY"

# Debian's interpreter is the one python3-sklearn installs for.
PYTHON=python3
if [ -x /usr/bin/python3 ]; then
  PYTHON=/usr/bin/python3
fi
if [ "$SKLEARN" != 0 ]; then
  "$PYTHON" scripts/bench/shared_task_scoring.py "$DIR"
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
