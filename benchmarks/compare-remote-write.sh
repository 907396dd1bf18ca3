#!/usr/bin/env bash
# Sends one Prometheus remote-write stream (the load generator's node-exporter-like metrics, same seed, same
# settings) to Sightline, Prometheus and VictoriaMetrics in turn, each alone on the machine, and prints for each:
# samples/s (after a 15 s warm-up), acknowledgement latency, the receiver's CPU seconds per million samples, its
# peak resident memory and its bytes on disk per sample.
#
#   benchmarks/compare-remote-write.sh [load generator options, e.g. --duration 60s --connections 4 --batch 50]
#
# Needs: the built benchmarks jar (mvn -B package -pl benchmarks -am -Dmaven.test.skip=true; `./sightline` builds
# the server itself) and Debian's prometheus and victoria-metrics packages (apt-get install -y prometheus
# victoria-metrics). Uses ports 14317/14318/17070,
# 19090 and 18428, and a temporary folder per receiver.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--duration 30s --connections 4)
work=$(mktemp -d /tmp/sightline-rw-compare.XXXXXX)
pid=

cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT

wait_http() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done; echo "no answer from $1" >&2; return 1; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }

# run NAME URL DATA_DIR: warms the receiver up (15 s of another seed's stream: the JVM compiles its hot path,
# the Go receivers size their caches), then sends the measured stream to URL and reports the receiver's figures.
run() {
  local name=$1 url=$2 data=$3 t0 t1 out
  "$java_bin" --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
    dev.sightline.benchmarks.load.LoadGenerator --signal metrics --protocol remote-write --endpoint "$url" \
    --query-url none --duration 15s --seed 99 >/dev/null 2>&1
  [ "$name" = VictoriaMetrics ] && curl -sf "http://127.0.0.1:18428/internal/force_flush" >/dev/null || true
  local disk0
  disk0=$(du -sb "$data" | cut -f1)
  t0=$(cpu_ticks "$pid")
  out=$("$java_bin" --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
    dev.sightline.benchmarks.load.LoadGenerator --signal metrics --protocol remote-write --endpoint "$url" \
    --query-url none "${args[@]}" 2>&1 | grep -v '^WARNING')
  [ "$name" = VictoriaMetrics ] && curl -sf "http://127.0.0.1:18428/internal/force_flush" >/dev/null || true
  sleep 5
  t1=$(cpu_ticks "$pid")
  local samples hwm disk
  samples=$(grep -oP '^sent \K[0-9,]+' <<<"$out" | tr -d ,)
  hwm=$(awk '/VmHWM/{print $2}' "/proc/$pid/status")
  disk=$(( $(du -sb "$data" | cut -f1) - disk0 ))
  echo "== $name ($url)"
  grep -E '^(sent|acknowledgement|rejected)' <<<"$out"
  python3 - "$t0" "$t1" "$samples" "$hwm" "$disk" <<'EOF'
import os, sys
t0, t1, samples, hwm, disk = (float(x) for x in sys.argv[1:])
cpu = (t1 - t0) / os.sysconf('SC_CLK_TCK')
print(f"receiver CPU: {cpu:.1f} s = {cpu / samples * 1e6:.2f} CPU-s per million samples; peak RSS {hwm / 1024:.0f} MiB; "
      f"on disk {disk / 1e6:.1f} MB = {disk / samples:.2f} B/sample (growth of its data folder during the measured run, WAL included)")
EOF
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
}

echo "machine: $(nproc) cores, $(uname -r); load generator: ${args[*]}; $(date -u +%FT%TZ)"

mkdir -p "$work/sightline"
# Started as users start it (the launcher finds the JDK and sets the JVM flags); its java then runs the load
# generator too.
./sightline --data_dir="$work/sightline" --listen_address=127.0.0.1 \
  --ingest.grpc_port=14317 --ingest.http_port=14318 --query.port=17070 >"$work/sightline.log" 2>&1 &
pid=$!
wait_http http://127.0.0.1:17070/readyz
java_bin=$(readlink "/proc/$pid/exe")
run Sightline http://127.0.0.1:14318/api/v1/write "$work/sightline"

mkdir -p "$work/prometheus"
printf 'global:\n  scrape_interval: 1h\n' >"$work/prometheus.yml"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus" \
  --web.listen-address=127.0.0.1:19090 --web.enable-remote-write-receiver >"$work/prometheus.log" 2>&1 &
pid=$!
wait_http http://127.0.0.1:19090/-/ready
run Prometheus http://127.0.0.1:19090/api/v1/write "$work/prometheus"

mkdir -p "$work/victoria-metrics"
victoria-metrics -storageDataPath="$work/victoria-metrics" -httpListenAddr=127.0.0.1:18428 \
  >"$work/victoria-metrics.log" 2>&1 &
pid=$!
wait_http http://127.0.0.1:18428/health
run VictoriaMetrics http://127.0.0.1:18428/api/v1/write "$work/victoria-metrics"

echo "logs and data in $work"
cd "$here"
