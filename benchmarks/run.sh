#!/usr/bin/env bash
# Earshot's scorer benchmarks; see benchmarks/README.md.
#
#   benchmarks/run.sh accuracy [ARGS...]   accuracy on ../shared/data and one-thread throughput, Earshot and VADER side
#                                          by side (ARGS go to AccuracyReport: --data DIR (tweeteval layout, or its
#                                          parent), --split NAME (default val), --warmup S, --measure S, --no-vader, ...)
#   benchmarks/run.sh train [--grid]       trains the scorer's linear model on the train splits of EARSHOT_DATA/tweeteval
#                                          and writes sentiment-service/src/main/resources/model/linear.bin.gz
#                                          (deterministic; --grid prints the validation grid the settings came from)
#   benchmarks/run.sh jmh [JMH ARGS...]    the JMH benchmark: texts/s per thread, with and without explanations
#                                          (JMH ARGS go to JMH, e.g. -t 2, -f 3, -wi 5, -l to list)
#   benchmarks/run.sh all                  both, one after the other
#   benchmarks/run.sh crisis [--data DIR]  the crisis detector replayed online over NAB-layout series (default
#                                          EARSHOT_DATA/nab), scored with NAB's score beside the published detectors
#                                          (docs/crisis.md); result files and SVGs in benchmarks/target/crisis
#   benchmarks/run.sh clusters [ARGS...]   insight clusters on the hand-labelled set benchmarks/clusters/labelled.tsv:
#                                          review items per 1,000 mentions, coverage, purity (ARGS: --mentions N, --seed S)
#   benchmarks/run.sh diagnose [ARGS...]   Earshot alone on the tuning data (train splits, VADER's ground truth) and
#                                          the texts that cost it most (ARGS: --worst N, --set tweets|amazon|
#                                          irony-missed|irony-false, --grep WORD, --val)
#   benchmarks/run.sh score                texts on stdin, one JSON string per line -> one JSON object per line, the
#                                          shape of POST /api/v1/scores/preview, through the service's MentionScorer
#   benchmarks/run.sh confidence [--data DIR]  the score's confidence against the human labels of TweetEval sentiment
#                                          (val): reliability, and the share of tweets each review-gate threshold
#                                          sends to review, with the threshold it recommends
#   benchmarks/run.sh distress [ARGS...]   distress detection on benchmarks/distress (dev part tuned on, test part held
#                                          aside): per-kind recall and precision, hard-negative false positives
#                                          (ARGS: --misses lists the dev texts it gets wrong, --test-misses the test's)
#   benchmarks/run.sh handoff [--misses]   live-conversation hand-off on benchmarks/conversations/labelled.jsonl: the
#                                          turn handed off at against the labelled turn (early, on time, late, missed)
#                                          and false hand-offs, per split and domain (docs/conversations.md)
#   benchmarks/run.sh handoff-latency [ARGS...]
#                                          p50/p95/p99 from a turn's POST to the signed hand-off webhook arriving, at
#                                          100 concurrent conversations, on the running suite (benchmarks/pipeline/run.sh
#                                          handoff-latency: uses the demo ports, so stop other benchmarks first)
#
# Builds benchmarks/target/benchmarks.jar when it is missing or older than the sources (EARSHOT_BENCH_BUILD=always to
# force, =never to skip), and installs the pinned VADER (npm ci in benchmarks/vader) when it is missing.
# Environment: EARSHOT_DATA (default ../shared/data beside the repository), EARSHOT_NODE (node), JAVA (java),
# EARSHOT_BENCH_CPUS (e.g. 1: pin the measuring JVM, its JMH fork and node to these CPUs with taskset).
set -euo pipefail

SELF="$(readlink -f "${BASH_SOURCE[0]}")"
BENCH_DIR="$(cd "$(dirname "$SELF")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
JAR="$BENCH_DIR/target/benchmarks.jar"
JAVA="${JAVA:-java}"
NODE="${EARSHOT_NODE:-node}"
DATA="${EARSHOT_DATA:-$(dirname "$ROOT")/shared/data}"
PIN=()
if [[ -n "${EARSHOT_BENCH_CPUS:-}" ]]; then
  PIN=(taskset -c "$EARSHOT_BENCH_CPUS")
fi
cd "$ROOT"

die() {
  echo "benchmarks/run.sh: $*" >&2
  exit 1
}

need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not on PATH: $2"
}

usage() {
  # The comment block at the top of this file, whatever its length.
  awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$SELF"
}

build_if_needed() {
  need "$JAVA" "install a JDK 17 or newer"
  local mode="${EARSHOT_BENCH_BUILD:-auto}" stale=""
  case "$mode" in
    never)
      [[ -f "$JAR" ]] || die "$JAR is missing and EARSHOT_BENCH_BUILD=never"
      return 0 ;;
    always) stale="forced" ;;
    auto)
      if [[ ! -f "$JAR" ]]; then
        stale="missing"
      else
        stale="$(find pom.xml benchmarks/pom.xml benchmarks/src contracts/pom.xml contracts/src/main \
          sentiment-service/pom.xml sentiment-service/src/main escalation-service/pom.xml \
          escalation-service/src/main/java/io/earshot/escalation/crisis \
          escalation-service/src/main/java/io/earshot/escalation/conversations map-service/pom.xml map-service/src/main/java \
          -newer "$JAR" -print -quit 2>/dev/null || true)"
      fi ;;
    *) die "EARSHOT_BENCH_BUILD must be auto, always or never (not '$mode')" ;;
  esac
  if [[ -n "$stale" ]]; then
    echo "benchmarks/run.sh: building benchmarks/target/benchmarks.jar ($stale is newer or missing)" >&2
    ./mvnw -B -q -pl benchmarks -am package -DskipTests -Dquarkus.build.skip=true \
      || die "the build failed: ./mvnw -B -pl benchmarks -am package -DskipTests"
    [[ -f "$JAR" ]] || die "the build did not produce $JAR"
  fi
}

ensure_vader() {
  need "$NODE" "install Node.js 18 or newer (e.g. apt-get install nodejs npm), or run with --no-vader"
  if [[ ! -f "$BENCH_DIR/vader/node_modules/vader-sentiment/package.json" ]]; then
    need npm "install npm (e.g. apt-get install npm)"
    echo "benchmarks/run.sh: installing the pinned VADER (npm ci in benchmarks/vader)" >&2
    (cd "$BENCH_DIR/vader" && npm ci --no-audit --no-fund --loglevel=error >&2) \
      || die "npm ci in benchmarks/vader failed"
  fi
}

header() {
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) CPUs (nproc), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
  echo "load:    $(uptime | sed 's/.*load average: //') (1/5/15 min, $1)"
  if [[ ${#PIN[@]} -gt 0 ]]; then
    echo "pinned:  ${PIN[*]}"
  fi
}

cmd_accuracy() {
  local no_vader=""
  for a in "$@"; do
    [[ "$a" == "--no-vader" ]] && no_vader=1
  done
  build_if_needed
  [[ -n "$no_vader" ]] || ensure_vader
  if [[ ! -d "$DATA" ]]; then
    echo "No labelled data at $DATA: nothing to measure (set EARSHOT_DATA to the shared data folder)."
    return 0
  fi
  "${PIN[@]}" "$JAVA" -Xms512m -Xmx1g -Dearshot.command="${EARSHOT_BENCH_CPUS:+EARSHOT_BENCH_CPUS=$EARSHOT_BENCH_CPUS }benchmarks/run.sh accuracy${*:+ $*}" \
    -cp "$JAR" io.earshot.benchmarks.AccuracyReport --data "$DATA" --vader "$BENCH_DIR/vader" --node "$NODE" "$@"
}

cmd_clusters() {
  build_if_needed
  "${PIN[@]}" "$JAVA" -Xmx1g -cp "$JAR" io.earshot.benchmarks.ClusterReport "$@"
}

cmd_diagnose() {
  build_if_needed
  "$JAVA" -Xmx1g -cp "$JAR" io.earshot.benchmarks.Diagnose --data "$DATA" "$@"
}

cmd_train() {
  build_if_needed
  [[ -d "$DATA/tweeteval" ]] || die "no tweeteval data at $DATA (set EARSHOT_DATA to the shared data folder)"
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  "$JAVA" -Xmx2g -cp "$JAR" io.earshot.benchmarks.ModelTrainer --data "$DATA" "$@"
  if [[ " $* " != *" --grid "* ]]; then
    # the model resource is newer than the jar now: the next command rebuilds it with the new model inside
    touch sentiment-service/src/main/resources/model/linear.bin.gz
  fi
}

cmd_score() {
  build_if_needed >&2
  "$JAVA" -Xmx512m -cp "$JAR" io.earshot.benchmarks.ScoreCommand
}

cmd_confidence() {
  build_if_needed
  "$JAVA" -Xmx512m -Dearshot.command="benchmarks/run.sh confidence${*:+ $*}" -cp "$JAR" \
    io.earshot.benchmarks.ConfidenceReport --data "$DATA" "$@"
}

cmd_distress() {
  build_if_needed
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  "$JAVA" -Xmx512m -Dearshot.command="benchmarks/run.sh distress${*:+ $*}" -cp "$JAR" io.earshot.benchmarks.DistressReport \
    --dir "$BENCH_DIR/distress" "$@"
}

cmd_handoff() {
  build_if_needed
  "$JAVA" -Xmx512m -Dearshot.command="benchmarks/run.sh handoff${*:+ $*}" -cp "$JAR" io.earshot.benchmarks.HandoffReport \
    --file "$BENCH_DIR/conversations/labelled.jsonl" "$@"
}

cmd_jmh() {
  build_if_needed
  local out="$BENCH_DIR/target/jmh-output.txt" json="$BENCH_DIR/target/jmh-result.json"
  echo "Earshot scorer JMH benchmark (texts/s per thread)"
  header "at start"
  echo "data:    $DATA$([[ -d "$DATA" ]] || echo ' (absent: the synthetic corpus is used)')"
  echo "command: ${EARSHOT_BENCH_CPUS:+EARSHOT_BENCH_CPUS=$EARSHOT_BENCH_CPUS }benchmarks/run.sh jmh${*:+ $*}"
  echo
  EARSHOT_DATA="$DATA" "${PIN[@]}" "$JAVA" -jar "$JAR" ScorerBenchmark -rf json -rff "$json" "$@" 2>&1 | tee "$out"
  echo
  header "at end"
  if grep -q '^ScorerBenchmark.scoreOneText' "$out"; then
    echo "texts/s per thread (JMH throughput, one op = one text scored; with -t N JMH reports the N threads together;"
    echo "full results in $json):"
    awk '/^ScorerBenchmark.scoreOneText/ {
           if (NF >= 8) printf "  explain=%-5s %12s +- %s texts/s (%s iterations)\n", $2, $5, $7, $4
           else printf "  explain=%-5s %12s texts/s\n", $2, $4
         }' "$out"
  fi
}

cmd_crisis() {
  local data="$DATA/nab" args=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --data) [[ $# -ge 2 ]] || die "--data needs a folder"; data="$2"; shift 2 ;;
      *) args+=("$1"); shift ;;
    esac
  done
  build_if_needed
  if [[ ! -d "$data/data" ]]; then
    echo "No NAB-layout folder at $data: nothing to measure (set EARSHOT_DATA, or --data DIR)."
    return 0
  fi
  "${PIN[@]}" "$JAVA" -Xmx1g -Dearshot.command="benchmarks/run.sh crisis${*:+ $*}" \
    -cp "$JAR" io.earshot.benchmarks.CrisisReport --data "$data" --out "$BENCH_DIR/target/crisis" "${args[@]}"
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    accuracy) cmd_accuracy "$@" ;;
    jmh) cmd_jmh "$@" ;;
    diagnose) cmd_diagnose "$@" ;;
    distress) cmd_distress "$@" ;;
    confidence) cmd_confidence "$@" ;;
    handoff) cmd_handoff "$@" ;;
    handoff-latency) exec "$BENCH_DIR/pipeline/run.sh" handoff-latency "$@" ;;
    score) cmd_score "$@" ;;
    train) cmd_train "$@" ;;
    crisis) cmd_crisis "$@" ;;
    clusters) cmd_clusters "$@" ;;
    all) cmd_accuracy; echo; cmd_jmh ;;
    -h|--help|help) usage ;;
    "") usage; exit 2 ;;
    *) usage >&2; die "unknown command '$cmd'" ;;
  esac
}

main "$@"
