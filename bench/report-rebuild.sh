#!/usr/bin/env bash
# A monthly report rebuilt from the events (issue 7): the January 2026 report of the store bench/history-data.sh writes
# (1,000,000 meters x 3 events: enrolled, restricted, cleared), published from the command line against PostgreSQL.
#   bench/history-data.sh 1000000 && bench/report-rebuild.sh
# Prints the replay's events/s ("replayed … Device events in … s"), then the run's result. Needs a built jar.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/target
data=$(mktemp -d)
java -jar bootstrap/target/restricted-mode-exec.jar generate --month 2026-01 --rows 100000 --devices 1000 \
  --out bench/target/2026-01.csv
psql -h 127.0.0.1 -U postgres -d history_bench -qc "DELETE FROM report_revision"
java -Xmx3g -XX:+UseParallelGC -jar bootstrap/target/restricted-mode-exec.jar report --month 2026-01 \
  --sr-log bench/target/2026-01.csv --mode publish --out bench/target/report-2026-01 \
  --spring.profiles.active=postgres --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/history_bench \
  --restricted.api.auth.mode=local --restricted.data-dir="$data" 2>&1 | grep -v '^{'
