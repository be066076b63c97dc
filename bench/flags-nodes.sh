#!/usr/bin/env bash
# Flag commands/s with one node against three nodes on one PostgreSQL database, in one run, and the CPU each command
# costs the service and PostgreSQL (for the scaling on separate machines, on paper).
#   bench/flags-nodes.sh [seconds]     (default 20; needs a built jar: ./mvnw -q -DskipTests package)
# 1. one node, wrk 4 connections on bench/flags.lua; 2. three nodes, wrk 4 connections on each, on their own meters.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
db=flagsbench
psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
jar=target/flags-nodes.jar
mkdir -p target
cp bootstrap/target/restricted-mode-exec.jar "$jar"
secret=flags-nodes-local-secret-of-at-least-32-bytes
common=(--spring.profiles.active=postgres --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$db
  --restricted.api.auth.mode=local --restricted.api.auth.local-secret=$secret --restricted.api.rate-limit.enabled=false
  --restricted.history.signing-key=target/flags-nodes-key.pem --restricted.history.checkpoint-archive=target/flags-nodes-checkpoints)
pids=()
trap 'kill ${pids[*]} 2>/dev/null || true' EXIT
for port in 8091 8092 8093; do
  java -Xmx1g -jar "$jar" "${common[@]}" --server.port=$port --restricted.grpc.port=$((port + 1000)) > target/flags-node-$port.log 2>&1 &
  pids+=($!)
  until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do sleep 1; done
done
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
pg_ticks() { local t=0; for p in $(pgrep -u postgres postgres); do t=$((t + $(awk '{ print $14 + $15 }' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $t; }
hz=$(getconf CLK_TCK)
rate() { grep 'Requests/sec' | awk '{ print $2 }'; }
run() { # port connections -> wrk output
  local r; r=$(java bench/LoadRun.java prepare "http://127.0.0.1:$1" 2000)
  wrk -t1 -c"$2" -d5s -s bench/flags.lua "http://127.0.0.1:$1" -- $r 2000 > /dev/null   # warm-up
  wrk -t1 -c"$2" -d"${seconds}"s --latency -s bench/flags.lua "http://127.0.0.1:$1" -- $r 2000
}
echo "== one node (8091), 4 connections, ${seconds} s"
before=$(ticks ${pids[0]}); pg_before=$(pg_ticks)
run 8091 4 > target/flags-one.txt
after=$(ticks ${pids[0]}); pg_after=$(pg_ticks)
one=$(rate < target/flags-one.txt)
grep -E '^ +(50|99)%|Requests/sec|errors|Non-2xx' target/flags-one.txt || true
awk -v s=$((after - before)) -v p=$((pg_after - pg_before)) -v hz=$hz -v r="$one" -v d="$seconds" 'BEGIN {
  n = r * (d + 5); printf "service CPU %.2f ms a command, PostgreSQL CPU %.2f ms a command (warm-up included in both)\n",
  1000 * s / hz / n, 1000 * p / hz / n }'
echo "== three nodes (8091-8093), 4 connections each, ${seconds} s"
runners=()
for port in 8091 8092 8093; do run $port 4 > target/flags-three-$port.txt & runners+=($!); done
wait "${runners[@]}"
total=0
for port in 8091 8092 8093; do
  r=$(rate < target/flags-three-$port.txt); echo "node $port: $r req/s $(grep -E ' 99%' target/flags-three-$port.txt | xargs)"
  total=$(awk -v a="$total" -v b="$r" 'BEGIN { print a + b }')
done
awk -v t="$total" -v o="$one" 'BEGIN { printf "three nodes %.2f req/s against one node %.2f req/s: %.2fx\n", t, o, t / o }'
