#!/usr/bin/env bash
# Creates database history_bench (dropped first) with the service's schema and a benchmark event store of
# N meters x 3 events (default 1,000,000), written straight in Axon's JDBC format (HistoryBenchData).
#   bench/history-data.sh [meters]
set -euo pipefail
cd "$(dirname "$0")/.."
meters=${1:-1000000}
mkdir -p target
psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS history_bench" -c "CREATE DATABASE history_bench"
./mvnw -q -B -ntp -DskipTests install
./mvnw -q -B -ntp -pl bootstrap test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
# the schema, by the service's own Flyway migrations: start once with the history processor's data empty
SPRING_PROFILES_ACTIVE=postgres RESTRICTED_DB_URL=jdbc:postgresql://127.0.0.1:5432/history_bench \
  timeout 120 java -jar bootstrap/target/restricted-mode-exec.jar --restricted.api.auth.mode=local --server.port=0 \
  > target/history-schema.log 2>&1 &
pid=$!
until grep -q "Started RestrictedModeApplication" target/history-schema.log 2>/dev/null; do sleep 1; done
kill $pid; wait $pid 2>/dev/null || true
java -cp "bootstrap/target/test-classes:bootstrap/target/classes:$(cat bootstrap/target/bench-classpath.txt)" \
  uk.smartmeter.restricted.bootstrap.bench.HistoryBenchData jdbc:postgresql://127.0.0.1:5432/history_bench "$meters"
# fresh statistics, as a store that grew over time would have
psql -h 127.0.0.1 -U postgres -d history_bench -qc "ANALYZE"
