#!/usr/bin/env bash
# Earshot's end-to-end pipeline benchmark (issue #9); see benchmarks/README.md.
#
#   benchmarks/pipeline/run.sh [OPTIONS...]
#
# Uses the suite when it is already running (bin/earshot demo in another terminal); otherwise builds it, starts it
# with `bin/earshot demo --no-build` in the background, runs the benchmark and stops it again. OPTIONS go to
# PipelineBenchmark: --count N (20000), --rate N/s (0 = as fast as the suite takes them), --batch N (200),
# --concurrency N (4), --seed N, --drain-timeout PT300S, --out DIR (benchmarks/pipeline/target/results).
# EARSHOT_BENCH_START_TIMEOUT (600): seconds to wait for a suite it starts itself.
# Prints throughput per stage, latency percentiles, lag, CPU/memory per process and errors, and writes a .txt, .svg
# and .csv of the run to the --out folder.
set -euo pipefail
SELF="$(readlink -f "${BASH_SOURCE[0]}")"
ROOT="$(cd "$(dirname "$SELF")/../.." && pwd)"
cd "$ROOT"
JAR="benchmarks/pipeline/target/pipeline-benchmark.jar"

ready() { curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$1/q/health/ready"; }
all_ready() { for p in 8081 8082 8083 8084; do ready "$p" || return 1; done; }

DEMO_PID=""
cleanup() {
  if [ -n "$DEMO_PID" ] && kill -0 "$DEMO_PID" 2>/dev/null; then
    echo "pipeline benchmark: stopping the suite it started" >&2
    kill -TERM "$DEMO_PID" 2>/dev/null || true
    wait "$DEMO_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

if all_ready; then
  echo "pipeline benchmark: using the running suite" >&2
  [ -f "$JAR" ] || ./mvnw -B -q -pl benchmarks/pipeline -am package -DskipTests -Dquarkus.build.skip=true
else
  echo "pipeline benchmark: building the suite and the benchmark (./mvnw -B -q -DskipTests package)" >&2
  ./mvnw -B -q -DskipTests package
  mkdir -p .earshot/logs
  echo "pipeline benchmark: starting bin/earshot demo --no-build (log .earshot/logs/bench-demo.log)" >&2
  bin/earshot demo --no-build >.earshot/logs/bench-demo.log 2>&1 &
  DEMO_PID=$!
  for _ in $(seq 1 "${EARSHOT_BENCH_START_TIMEOUT:-600}"); do
    all_ready && grep -q "running; press Ctrl-C" .earshot/logs/bench-demo.log && break
    kill -0 "$DEMO_PID" 2>/dev/null || { tail -40 .earshot/logs/bench-demo.log >&2; exit 1; }
    sleep 1
  done
  all_ready || { echo "the suite did not become ready" >&2; exit 1; }
fi
java -Xmx1g -jar "$JAR" "$@"
