#!/usr/bin/env bash
# End-to-end ingest figures for one or more server builds, each alone on the machine: spans and log records over
# OTLP/gRPC and samples over remote-write, with the server's CPU seconds per 100,000 items and its peak RSS.
# Used for before/after comparisons of a change: build the old commit in a worktree, then
#
#   benchmarks/ingest-figures.sh /path/to/old/sightline-server.jar server/target/sightline-server.jar
#
# Each server gets a fresh data folder and a 15 s warm-up run of the signal (another seed), then the measured
# run (--duration, default 30s; 4 connections; the load generator's default batches). Pass RUNS=3 to repeat the
# measured run per build and signal (servers alternate: old, new, old, new…). Needs the built benchmarks jar
# (mvn -B package -pl benchmarks -am -Dmaven.test.skip=true) and a JDK 21+ (JAVA, else a 25 or 21 under /usr/lib/jvm).
# Uses ports 24317/24318/27070.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: $0 SERVER_JAR [SERVER_JAR ...]" >&2; exit 2; }
duration=${DURATION:-30s}
runs=${RUNS:-1}
signals=${SIGNALS:-traces logs remote-write}
java_bin=${JAVA:-}
for c in /usr/lib/jvm/*25*/bin/java /usr/lib/jvm/*21*/bin/java; do [ -z "$java_bin" ] && [ -x "$c" ] && java_bin=$c; done
[ -x "$java_bin" ] || { echo "no JDK 21+ found; set JAVA=/path/to/bin/java" >&2; exit 1; }
work=$(mktemp -d /tmp/sightline-ingest.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT

wait_http() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done; echo "no answer from $1" >&2; return 1; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
load() { # signal protocol seed duration
  "$java_bin" --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
    dev.sightline.benchmarks.load.LoadGenerator --signal "$1" --protocol "$2" --connections 4 --duration "$4" \
    --seed "$3" --query-url none \
    --endpoint "$([ "$2" = remote-write ] && echo http://127.0.0.1:24318/api/v1/write || echo http://127.0.0.1:24317)" \
    2>&1 | grep -v '^WARNING'
}

echo "machine: $(nproc) cores, $(uname -r); java: $("$java_bin" -version 2>&1 | head -1); $(date -u +%FT%TZ); duration $duration"
for run in $(seq 1 "$runs"); do
  for s in $signals; do
    case $s in
      traces) signal=traces protocol=grpc unit=spans ;;
      logs) signal=logs protocol=grpc unit=records ;;
      remote-write) signal=metrics protocol=remote-write unit=samples ;;
      *) echo "unknown signal $s" >&2; exit 2 ;;
    esac
    n=0
    for jar in "$@"; do
      n=$((n + 1))
      data="$work/data-$run-$s-$n"
      mkdir -p "$data"
      "$java_bin" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -XX:+UseG1GC \
        -XX:MaxRAMPercentage=50 ${SIGHTLINE_JAVA_OPTS:-} -jar "$jar" --data_dir="$data" --listen_address=127.0.0.1 \
        --ingest.grpc_port=24317 --ingest.http_port=24318 --query.port=27070 >"$work/server-$run-$s-$n.log" 2>&1 &
      pid=$!
      wait_http http://127.0.0.1:27070/readyz
      load "$signal" "$protocol" 99 15s >/dev/null
      sleep 3
      t0=$(cpu_ticks "$pid")
      out=$(load "$signal" "$protocol" 1 "$duration")
      sleep 5
      t1=$(cpu_ticks "$pid")
      hwm=$(awk '/VmHWM/{print $2}' "/proc/$pid/status")
      items=$(grep -oP '^sent \K[0-9,]+' <<<"$out" | tr -d , || true)
      rate=$(grep -oP ': \K[0-9,]+(?= [a-z ]+/s)' <<<"$out" | head -1 || true)
      rejected=$(grep -oP '^rejected \(backpressure\): \K[0-9,]+' <<<"$out" || true)
      p=$(grep -oP '^acknowledgement latency: \K.*' <<<"$out" || true)
      [ -n "$items" ] || { echo "$s: the load generator printed no result:"; echo "$out"; items=0; }
      cpu=$(python3 -c "import os; print(f'{($t1 - $t0) / os.sysconf(\"SC_CLK_TCK\") / max(1, $items) * 1e5:.2f}')")
      printf '%-13s run %d  %-40s %10s %s/s  server CPU-s per 100k: %6s  peak RSS %5d MiB  rejected %s  ack %s\n' \
        "$s" "$run" "$(basename "${jar%/server/target/sightline-server.jar}")#$n" "$rate" "$unit" "$cpu" \
        $((hwm / 1024)) "$rejected" "$p"
      kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
      rm -rf "$data"
    done
  done
done
echo "server logs in $work"
