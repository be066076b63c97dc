#!/usr/bin/env bash
# The gate's transports side by side in one run (issue 20), on PostgreSQL, client and service on the same cores:
#   liveness floor (GET /actuator/health/liveness, wrk -c16), HTTP single decisions (wrk -c16, bench/gate.lua single),
#   gRPC single decisions (16 channels, one call in flight each, bench/GrpcLoad.java single), HTTP batches of 1,000
#   (wrk -c4, bench/gate.lua batch), gRPC streamed batches of the same 1,000 (4 streams, a question a message,
#   bench/GrpcLoad.java stream), and the same 1,000 as one message a batch (4 streams, DecideBatches).
#   Each is warmed up, then measured; the summary gives req/s, decisions/s, p50, p99 and the ratios.
#   bench/gate-transports.sh [seconds] [warmupSeconds]      (default 30 and 10; needs a built jar)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
warm=${2:-10}
port=18092
gport=19092
command -v wrk > /dev/null || apt-get install -y -q wrk > /dev/null
mkdir -p target bench/target
./mvnw -q -B -ntp -o -pl adapters-grpc dependency:build-classpath -Dmdep.outputFile=target/grpc-cp.txt > /dev/null
cp="adapters-grpc/target/classes:$(cat adapters-grpc/target/grpc-cp.txt)"
psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS gate_bench" -c "CREATE DATABASE gate_bench"
SPRING_PROFILES_ACTIVE=postgres RESTRICTED_DB_URL=jdbc:postgresql://127.0.0.1:5432/gate_bench \
  java -Xmx1g -XX:+UseParallelGC -jar bootstrap/target/restricted-mode-exec.jar --restricted.api.auth.mode=local \
  --server.port=$port --restricted.grpc.port=$gport --restricted.data-dir=target/gate-bench \
  --restricted.api.rate-limit.enabled=false > target/gate-bench.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "localhost:$port/actuator/health/readiness" > /dev/null 2>&1; do
  kill -0 $pid 2>/dev/null || { echo "the service died: target/gate-bench.log"; exit 1; }
  sleep 1
done
url=http://127.0.0.1:$port
dcc=$(bench/gate-prepare.sh "$url")
out=target/gate-transports.txt
: > "$out"
wrk_run() { # label, wrk arguments...
  local label=$1; shift
  wrk -t2 -d${warm}s "$@" > /dev/null
  echo "== $label" >> "$out"
  wrk -t2 -d${seconds}s --latency "$@" >> "$out"
}
grpc_run() { # label, GrpcLoad arguments...
  local label=$1; shift
  echo "== $label" >> "$out"
  java -cp "$cp" bench/GrpcLoad.java "$@" >> "$out" 2>&1
}
wrk_run "liveness" -c16 "$url/actuator/health/liveness"
wrk_run "http single" -c16 -s bench/gate.lua "$url" -- "$dcc" single
grpc_run "grpc single" single $gport "$dcc" 16 "$warm" "$seconds"
wrk_run "http batch" -c4 -s bench/gate.lua "$url" -- "$dcc" batch bench/target/gate-batch.ndjson
grpc_run "grpc stream" stream $gport "$dcc" 4 "$warm" "$seconds" bench/target/gate-batch.ndjson
grpc_run "grpc batches" batches $gport "$dcc" 4 "$warm" "$seconds" bench/target/gate-batch.ndjson
cat "$out"
# the summary: wrk's Requests/sec and its 50% and 99% lines; GrpcLoad's own line
awk '
  function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
  /^== / { label = substr($0, 4) }
  /Requests\/sec:/ { rps[label] = $2 }
  /^ +50%/ { p50[label] = ms($2) }
  /^ +99%/ { p99[label] = ms($2) }
  /^grpc / { for (i = 1; i <= NF; i++) { if ($i == "calls/s,") rps[label] = $(i - 1); if ($i == "p50") p50[label] = $(i + 1);
             if ($i == "p99") p99[label] = $(i + 1) } }
  END {
    n = split("liveness|http single|grpc single|http batch|grpc stream|grpc batches", order, "|")
    printf "\n%-12s %12s %14s %9s %9s\n", "run", "req/s", "decisions/s", "p50 ms", "p99 ms"
    for (i = 1; i <= n; i++) { l = order[i]; d = (l ~ /batch|stream/) ? rps[l] * 1000 : (l == "liveness" ? 0 : rps[l])
      printf "%-12s %12.2f %14.0f %9.2f %9.2f\n", l, rps[l], d, p50[l], p99[l] }
    printf "\ngrpc single / http single %.2f; grpc single / liveness %.2f; http single / liveness %.2f;" \
      " grpc stream / http batch %.2f; grpc batches / http batch %.2f\n",
      rps["grpc single"] / rps["http single"], rps["grpc single"] / rps["liveness"], rps["http single"] / rps["liveness"],
      rps["grpc stream"] / rps["http batch"], rps["grpc batches"] / rps["http batch"]
  }' "$out"
