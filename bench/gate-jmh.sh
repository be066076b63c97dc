#!/usr/bin/env bash
# The gate's in-process benchmarks (JMH) and the index's memory.
#   bench/gate-jmh.sh             JMH: decisions/s per core, with allocation per decision (-prof gc)
#   bench/gate-jmh.sh footprint   memory of the index for 1,000,000 Restricted meters
#   bench/gate-jmh.sh writes      JMH sample time: the port's latency percentiles while a writer changes 1,000 flags/s
#                                 (static baseline, mixed, GPF-heavy), in one run (issue 20)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -pl domain,application -am install -DskipTests
./mvnw -q -B -ntp -pl application test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
cp="application/target/test-classes:application/target/classes:$(cat application/target/bench-classpath.txt)"
if [ "${1:-}" = footprint ]; then
  exec java -Xmx2g -cp "$cp" uk.smartmeter.restricted.application.gate.bench.IndexFootprint "${2:-1000000}"
fi
if [ "${1:-}" = writes ]; then
  shift
  exec java -cp "$cp" org.openjdk.jmh.Main GateUnderWritesBenchmark "$@"
fi
exec java -cp "$cp" org.openjdk.jmh.Main GateDecisionBenchmark -prof gc "$@"
