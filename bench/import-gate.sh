#!/usr/bin/env bash
# The bulk import against the gate, in one run on a fresh PostgreSQL database (import_bench):
#   1. the gate alone (wrk, single decisions) for DURATION seconds: the idle figures;
#   2. the import of LINES generated meters alone: devices/s;
#   3. the import of LINES more with the same gate load running beside it: devices/s and the gate's p50/p99.
#   bench/import-gate.sh [LINES] [DURATION]      (defaults 200000 and 20)
# Environment: CONNECTIONS (wrk connections, default 8), JAVA_OPTS (default: 2 GB heap and the thread-priority flags
# of docs/deployment.md), SERVICE_ARGS (extra --options).
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-200000}
duration=${2:-20}
connections=${CONNECTIONS:-8}
port=18090
log=target/import-gate.log
jar=target/import-bench.jar
mkdir -p target
cp bootstrap/target/restricted-mode-exec.jar "$jar"
dropdb -h 127.0.0.1 -U postgres --if-exists import_bench
createdb -h 127.0.0.1 -U postgres import_bench
SPRING_PROFILES_ACTIVE=postgres RESTRICTED_DB_URL=jdbc:postgresql://127.0.0.1:5432/import_bench \
  java ${JAVA_OPTS:--Xmx2g -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19} -jar "$jar" --restricted.api.auth.mode=local --server.port=$port \
  --restricted.history.signing-key=target/import-signing-key.pem \
  --restricted.history.checkpoint-archive=target/import-checkpoints ${SERVICE_ARGS:-} > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
  kill -0 $pid 2>/dev/null || { echo "the service died: $log"; exit 1; }
  sleep 0.5
done
base=http://127.0.0.1:$port
dcc=$(bench/gate-prepare.sh "$base")
gate() { wrk -t2 -c"$connections" -d"$1"s --latency -s bench/gate.lua "$base" -- "$dcc" single; }
summary() { grep -E '^ +(50|99)%|Requests/sec|errors|Non-2xx' || true; }
echo "== gate idle, ${duration} s, $connections connections"
gate "$duration" | summary
echo "== import alone, $lines lines"
java bench/LoadRun.java import "$base" "$lines" | grep -E 'throughput'
echo "== import of $lines lines with the gate beside it"
java bench/LoadRun.java import "$base" "$lines" > target/import-gate-import.txt &
importer=$!
sleep 2
gate "$duration" | summary
wait $importer
grep -E 'throughput' target/import-gate-import.txt
