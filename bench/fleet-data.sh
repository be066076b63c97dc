#!/usr/bin/env bash
# Creates database fleet_bench (dropped first) with the service's schema and a fleet-sized event store of N meters
# (default 10,000,000; 40% gas with GPFs, 2% Restricted, Changes of Supplier on 10%, a few status and payment-mode
# changes), written straight in Axon's JDBC format by COPY (FleetBenchData), with the device identities claimed.
# The history's and the CSP notices' tokens are put at the head (their tables stay empty): this store is for the
# gate index's start-up benchmark (bench/fleet-start.sh), not for the history's.
#   bench/fleet-data.sh [meters]
set -euo pipefail
cd "$(dirname "$0")/.."
meters=${1:-10000000}
mkdir -p target
psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS fleet_bench" -c "CREATE DATABASE fleet_bench"
./mvnw -q -B -ntp -DskipTests install
./mvnw -q -B -ntp -pl bootstrap test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
# the schema, by the service's own Flyway migrations
SPRING_PROFILES_ACTIVE=postgres RESTRICTED_DB_URL=jdbc:postgresql://127.0.0.1:5432/fleet_bench \
  timeout 120 java -jar bootstrap/target/restricted-mode-exec.jar --restricted.api.auth.mode=local --server.port=0 \
  --restricted.history.signing-key=target/fleet-signing-key.pem --restricted.history.checkpoint-archive=target/fleet-checkpoints \
  > target/fleet-schema.log 2>&1 &
pid=$!
until grep -q "Started RestrictedModeApplication" target/fleet-schema.log 2>/dev/null; do sleep 1; done
kill $pid; wait $pid 2>/dev/null || true
psql -h 127.0.0.1 -U postgres -d fleet_bench -qc "TRUNCATE TokenEntry"
java -Dfleet.projections-at-head=true \
  -cp "bootstrap/target/test-classes:bootstrap/target/classes:$(cat bootstrap/target/bench-classpath.txt)" \
  uk.smartmeter.restricted.bootstrap.bench.FleetBenchData jdbc:postgresql://127.0.0.1:5432/fleet_bench "$meters"
psql -h 127.0.0.1 -U postgres -d fleet_bench -qc "ANALYZE"
