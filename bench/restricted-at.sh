#!/usr/bin/env bash
# "Which meters were Restricted at T, as known at T-prime" (issue 19) on a 1,000,000-meter store, PostgreSQL.
#   bench/restricted-at.sh [meters] [seconds]
# Creates database restricted_bench (dropped first) with the service's schema (its own Flyway migrations), fills
# restricted_span with the spans the restricted-spans processor lays out for the store bench/history-data.sh writes
# (meter m: enrolled at START+m s, Restricted at START+M+m, cleared at START+2M+m, each recorded as it took effect,
# so two spans a meter), starts the service on it and drives GET /api/v1/history/restricted with wrk, 4 connections,
# for each question shape in bench/restricted-at.lua: p50/p99 as wrk prints them. Needs a built jar and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
meters=${1:-1000000}
seconds=${2:-20}
port=18091
mkdir -p target
psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS restricted_bench" -c "CREATE DATABASE restricted_bench"
url=jdbc:postgresql://127.0.0.1:5432/restricted_bench
start() {
  SPRING_PROFILES_ACTIVE=postgres RESTRICTED_DB_URL=$url java -Xmx2g -jar bootstrap/target/restricted-mode-exec.jar \
    --restricted.api.auth.mode=local --server.port=$port --restricted.data-dir=target/restricted-bench \
    > target/restricted-bench.log 2>&1 &
  pid=$!
  until curl -sf localhost:$port/actuator/health/liveness > /dev/null 2>&1; do sleep 1; done
}
start; kill $pid; wait $pid 2>/dev/null || true
# 2026-01-01T00:00:00Z in microseconds since the epoch
psql -h 127.0.0.1 -U postgres -d restricted_bench -q <<SQL
INSERT INTO restricted_span (device_id, known_from, known_to, valid_from, valid_to, device_type, csp_region,
                             supplier_party, supplier_role)
SELECT id, CASE k WHEN 0 THEN t1 ELSE t2 END, CASE k WHEN 0 THEN t2 ELSE 9223372036854775807 END, t1,
       CASE k WHEN 0 THEN 9223372036854775807 ELSE t2 END,
       CASE WHEN m % 2 = 1 THEN 'GSME' ELSE 'ESME' END, (ARRAY['NORTH','CENTRAL','SOUTH'])[m % 3 + 1],
       'SUPPLIER-' || (m % 20), CASE WHEN m % 2 = 1 THEN 'GS' ELSE 'IS' END
FROM (SELECT m, regexp_replace(lpad(upper(to_hex(x'00DB400000000000'::bigint + m)), 16, '0'), '(..)(?!$)', '\1-', 'g') AS id,
             (1767225600 + $meters + m) * 1000000 AS t1, (1767225600 + 2 * $meters + m) * 1000000 AS t2
      FROM generate_series(0::bigint, $meters - 1) AS m) meters, (VALUES (0), (1)) AS known(k);
ANALYZE restricted_span;
SQL
psql -h 127.0.0.1 -U postgres -d restricted_bench -tAc "SELECT COUNT(*) || ' spans of ' || COUNT(DISTINCT device_id) || ' meters' FROM restricted_span"
start
token=$(curl -s -X POST localhost:$port/local/tokens -H 'Content-Type: application/json' \
  -d '{"partyId":"OFGEM","roles":["REGULATOR"]}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
for shape in now dense sparse-tail known-early filtered counts; do
  echo "== $shape"
  wrk -t2 -c4 -d${seconds}s --latency -s bench/restricted-at.lua http://127.0.0.1:$port -- "$token" "$shape" "$meters" \
    | grep -E "Requests/sec|^ +(50|99)%|non-2xx|errors|first"
done
kill $pid; wait $pid 2>/dev/null || true
