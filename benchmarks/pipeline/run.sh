#!/usr/bin/env bash
# Earshot's end-to-end pipeline benchmark (issue #9); see benchmarks/README.md.
#
#   benchmarks/pipeline/run.sh [OPTIONS...]
#
# Uses the suite when it is already running (bin/earshot demo in another terminal); otherwise builds it, starts it
# with `bin/earshot demo --no-build` in the background, runs the benchmark and stops it again. OPTIONS go to
# PipelineBenchmark: --count N (20000), --rate N/s (0 = as fast as the suite takes them), --mix realistic|crisis
# (realistic), --floor (afterwards the same mentions through Kafka and PostgreSQL with no logic: the infrastructure
# floor, and Earshot's rate as a ratio to it), --floor-only (the floor alone: needs only Kafka and PostgreSQL, e.g.
# `bin/earshot infra up`), --batch N (200), --concurrency N (4), --seed N, --data DIR (the TweetEval texts; default
# EARSHOT_DATA or ../shared/data), --drain-timeout PT300S, --out DIR (benchmarks/pipeline/target/results).
# EARSHOT_BENCH_START_TIMEOUT (600): seconds to wait for a suite it starts itself; EARSHOT_BENCH_SUITE_BUILD=never:
# start the services as last packaged (e.g. by bin/earshot test -pl e2e-tests -am) instead of building them first.
# Prints throughput per stage, latency percentiles, cases and review items per mention, lag, CPU/memory per process
# and errors (and the floor), and writes a .txt, .svg and .csv of the run to the --out folder.
#
#   benchmarks/pipeline/run.sh handoff-latency [OPTIONS...]   (benchmarks/run.sh handoff-latency)
#
# Live-conversation hand-off latency (HandoffLatency.java, docs/conversations.md): --conversations N (100) at once,
# --handoffs N (1000) measured after --warmup N (300), --think-ms N (1000) on average between a conversation's turns
# (each pause 0.5-1.5x, users started spread over one pause, so the load is steady); p50/p95/p99
# from a turn's POST to its signed conversation.handoff webhook arriving at a fixture bot on 127.0.0.1. A suite it
# starts itself lets webhooks reach 127.0.0.1 (EARSHOT_OUTBOUND_ALLOW_LIST); a running suite must have been started so.
set -euo pipefail
SELF="$(readlink -f "${BASH_SOURCE[0]}")"
ROOT="$(cd "$(dirname "$SELF")/../.." && pwd)"
cd "$ROOT"
JAR="benchmarks/pipeline/target/pipeline-benchmark.jar"

ready() { curl -fs -o /dev/null --max-time 10 "http://127.0.0.1:$1/q/health/ready"; }
all_ready() { for p in 8081 8082 8083 8084; do ready "$p" || return 1; done; }
# A running suite on a loaded machine may answer one probe late: three tries before building and starting another.
suite_up() { for _ in 1 2 3; do all_ready && return 0; sleep 2; done; return 1; }

DEMO_PID=""
cleanup() {
  if [ -n "$DEMO_PID" ] && kill -0 "$DEMO_PID" 2>/dev/null; then
    echo "pipeline benchmark: stopping the suite it started" >&2
    kill -TERM "$DEMO_PID" 2>/dev/null || true
    wait "$DEMO_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

# The benchmark's jar alone, when it is missing or older than its sources (the suite is not rebuilt).
build_jar() {
  if [ ! -f "$JAR" ] || [ -n "$(find benchmarks/pipeline/src benchmarks/pipeline/pom.xml contracts/src/main platform/src/main -newer "$JAR" -type f | head -1)" ]; then
    ./mvnw -B -q -pl benchmarks/pipeline -am package -DskipTests -Dquarkus.build.skip=true
  fi
}

MAIN=()
if [ "${1:-}" = "handoff-latency" ]; then
  shift
  MAIN=(-cp "$JAR" io.earshot.benchmarks.pipeline.HandoffLatency)
  # The fixture bot platform listens on loopback, which webhooks may not reach unless allowed (docs/outbound.md).
  export EARSHOT_OUTBOUND_ALLOW_LIST="${EARSHOT_OUTBOUND_ALLOW_LIST:-127.0.0.1}"
fi

if [[ " $* " == *" --floor-only "* ]]; then
  build_jar
  echo "pipeline benchmark: the floor alone (Kafka and PostgreSQL only, the suite is not needed)" >&2
elif suite_up; then
  echo "pipeline benchmark: using the running suite" >&2
  build_jar
else
  if [ "${EARSHOT_BENCH_SUITE_BUILD:-always}" = "never" ]; then
    echo "pipeline benchmark: EARSHOT_BENCH_SUITE_BUILD=never: the services as packaged, the benchmark's jar if needed" >&2
    build_jar
  else
    echo "pipeline benchmark: building the suite and the benchmark (./mvnw -B -q -DskipTests package)" >&2
    ./mvnw -B -q -DskipTests package
  fi
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
if [ ${#MAIN[@]} -gt 0 ]; then
  java -Xmx512m "${MAIN[@]}" "$@"
else
  java -Xmx1g -jar "$JAR" "$@"
fi
