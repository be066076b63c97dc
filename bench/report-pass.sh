#!/usr/bin/env bash
# The monthly report's outcome-log pass (issue 7), timed on a generated file (seed 2026; written once, then reused):
#   bench/report-pass.sh [rows] [devices]      default 50,000,000 rows over 1,000,000 devices
# Prints the generation time, then rows/s of one pass, the old generation's use before and after, and the collections;
# then the what-if pass (issue 18, F15) over the same file in the same run, with its ratio to the report pass.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-50000000}
devices=${2:-1000000}
./mvnw -q -B -ntp -pl domain,application,adapters-reporting -am install -DskipTests
./mvnw -q -B -ntp -pl adapters-reporting test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
cp="adapters-reporting/target/test-classes:adapters-reporting/target/classes:$(cat adapters-reporting/target/bench-classpath.txt)"
mkdir -p bench/target
exec java -Xmx512m -XX:+UseParallelGC -cp "$cp" uk.smartmeter.restricted.adapter.reporting.bench.ReportPassBench \
  "bench/target/outcomes-$rows.csv" "$rows" "$devices"
