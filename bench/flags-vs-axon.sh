#!/usr/bin/env bash
# Flag commands against bare Axon, in one run, on PostgreSQL (issue 20):
#   1. the service: apply/clear over HTTP with wrk, 4 connections (bench/flags.lua), after a warm-up;
#   2. bare Axon: the same events through the same engine, 4 senders, no HTTP (bench/BareAxon.java);
#   3. pgbench: single-row inserts, 4 clients, for the database's own floor.
# Each on a fresh database. Prints each figure and the service's ratio to bare Axon.
#   bench/flags-vs-axon.sh [seconds] [warmupSeconds] [meters]      (default 30, 10, 2000; needs a built jar)
#   JFR=1 bench/flags-vs-axon.sh   also records the service's run with JFR (target/flags.jfr)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
warm=${2:-10}
meters=${3:-2000}
port=18093
command -v wrk > /dev/null || apt-get install -y -q wrk > /dev/null
mkdir -p target
fresh() { psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"; }
out=target/flags-vs-axon.txt
: > "$out"

fresh flags_bench
jfr=()
if [ "${JFR:-}" = 1 ]; then jfr=(-XX:StartFlightRecording=filename=target/flags.jfr,settings=profile,delay=${warm}s); fi
SPRING_PROFILES_ACTIVE=postgres RESTRICTED_DB_URL=jdbc:postgresql://127.0.0.1:5432/flags_bench \
  java -Xmx1g "${jfr[@]}" -jar bootstrap/target/restricted-mode-exec.jar --restricted.api.auth.mode=local \
  --server.port=$port --restricted.grpc.port=$((port + 1000)) --restricted.data-dir=target/flags-bench \
  --restricted.api.rate-limit.enabled=false > target/flags-bench.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "localhost:$port/actuator/health/readiness" > /dev/null 2>&1; do
  kill -0 $pid 2>/dev/null || { echo "the service died: target/flags-bench.log"; exit 1; }
  sleep 1
done
# the warm-up on meters of its own, so that the measured run starts every meter at its first apply
warmup=$(java bench/LoadRun.java prepare "http://127.0.0.1:$port" "$meters")
run=$(java bench/LoadRun.java prepare "http://127.0.0.1:$port" "$meters")
wrk -t2 -c4 -d${warm}s -s bench/flags.lua "http://127.0.0.1:$port" -- $warmup "$meters" > /dev/null
echo "== service" >> "$out"
wrk -t2 -c4 -d${seconds}s --latency -s bench/flags.lua "http://127.0.0.1:$port" -- $run "$meters" >> "$out"
kill $pid; wait $pid 2>/dev/null || true
trap - EXIT

fresh axon_bench
./mvnw -q -B -ntp -o -pl bootstrap dependency:build-classpath -Dmdep.outputFile=target/bootstrap-cp.txt > /dev/null
cp="adapters-store/target/classes:domain/target/classes:$(cat bootstrap/target/bootstrap-cp.txt)"
echo "== bare axon" >> "$out"
java -Xmx1g -cp "$cp" bench/BareAxon.java jdbc:postgresql://127.0.0.1:5432/axon_bench 4 "$meters" "$warm" "$seconds" \
  2>&1 | grep '^bare axon' >> "$out"

fresh pgbench_bench
psql -h 127.0.0.1 -U postgres -d pgbench_bench -qc "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, v TEXT)"
echo "INSERT INTO t (v) VALUES ('x');" > target/pgbench-insert.sql
echo "== pgbench" >> "$out"
pgbench -h 127.0.0.1 -U postgres -n -c 4 -j 2 -T "$seconds" -f target/pgbench-insert.sql pgbench_bench 2>&1 \
  | grep -E '^tps|latency average' >> "$out"
cat "$out"
awk '
  /^== / { label = substr($0, 4) }
  label == "service" && /Requests\/sec:/ { service = $2 }
  /^bare axon/ { for (i = 1; i <= NF; i++) if ($i == "commands/s,") axon = $(i - 1) }
  /^tps/ { pg = $3 }
  END { printf "\nservice %.2f req/s, bare axon %.2f commands/s, pgbench %.0f tps: service / bare axon %.2f (goal 0.75)\n",
        service, axon, pg, service / axon }' "$out"
