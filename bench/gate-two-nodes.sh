#!/usr/bin/env bash
# Lag from a write on one node to the gate index of another: two service nodes on one PostgreSQL database.
# Node A (8081) takes flag commands from bench/LoadRun.java; node B (8082, device cache off) follows the store
# through its tracking processor and times each event from its timestamp to its arrival in B's index
# (metric restricted.gate.index.lag). Prints B's p50/p99/max and count after the run.
#   bench/gate-two-nodes.sh [seconds]      (needs a built jar: ./mvnw -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
db=gatebench
psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
secret=two-nodes-local-secret-of-at-least-32-bytes
common=(--spring.profiles.active=postgres --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$db
  --restricted.api.auth.mode=local --restricted.api.auth.local-secret=$secret --restricted.device-cache=false
  --restricted.api.rate-limit.enabled=false)
java -Xmx1g -jar bootstrap/target/restricted-mode-exec.jar "${common[@]}" --server.port=8081 --restricted.grpc.port=9081 > target/node-a.log 2>&1 &
a=$!
sleep 10
java -Xmx1g -jar bootstrap/target/restricted-mode-exec.jar "${common[@]}" --server.port=8082 --restricted.grpc.port=9082 > target/node-b.log 2>&1 &
b=$!
trap 'kill $a $b' EXIT
until curl -sf localhost:8082/actuator/health/readiness > /dev/null; do sleep 1; done
java bench/LoadRun.java flags http://127.0.0.1:8081 4 200 5 "$seconds"
token=$(curl -sf -H 'Content-Type: application/json' -d '{"partyId":"DCC-OPS","roles":["DCC"]}' localhost:8082/local/tokens \
  | sed -E 's/.*"token":"([^"]+)".*/\1/')
metric() { curl -sf -H "Authorization: Bearer $token" "localhost:8082/actuator/metrics/restricted.gate.index.lag$1"; echo; }
echo "node B, restricted.gate.index.lag:"
metric ""
metric ".percentile?tag=phi:0.5"
metric ".percentile?tag=phi:0.99"
