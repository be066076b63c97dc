#!/usr/bin/env bash
# One monthly report on the fleet store of bench/fleet-data.sh: May 2026 replayed from the store's beginning (it keeps
# June's start as it passes it), then June from June's start. Prints each run's status line (eventsRead, seconds).
#   bench/fleet-report.sh            (MODE=RECOMPUTE bench/fleet-report.sh on a store whose months are already published)
set -euo pipefail
cd "$(dirname "$0")/.."
port=18081
log=target/fleet-report.log
jar=target/fleet-bench.jar
cp bootstrap/target/restricted-mode-exec.jar "$jar"
mkdir -p target/fleet-data/sr-logs
echo "timestamp,request_id,sender_role,srv,device_id,csp_region,outcome,dsp_code,response_ms" > target/fleet-data/sr-logs/empty.csv
SPRING_PROFILES_ACTIVE=postgres RESTRICTED_DB_URL=jdbc:postgresql://127.0.0.1:5432/fleet_bench \
  java -Xmx12g -jar "$jar" --restricted.api.auth.mode=local --server.port=$port --restricted.data-dir=target/fleet-data \
  --restricted.history.signing-key=target/fleet-signing-key.pem \
  --restricted.history.checkpoint-archive=target/fleet-checkpoints > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
  kill -0 $pid 2>/dev/null || { echo "the service died: $log"; exit 1; }
  sleep 0.5
done
dcc=$(curl -sf -H 'Content-Type: application/json' -d '{"partyId":"DCC-DSP","roles":["DCC"],"validForSeconds":7200}' \
  "http://127.0.0.1:$port/local/tokens" | sed -E 's/.*"token":"([^"]+)".*/\1/')
report() {
  began=$(date +%s%N)
  run=$(curl -sf -H "Authorization: Bearer $dcc" -H 'Content-Type: application/json' \
    -d "$( [ "$2" = REPRODUCE ] && echo "{\"mode\":\"$2\"}" || echo "{\"mode\":\"$2\",\"outcomeLogs\":[\"empty.csv\"]}")" "http://127.0.0.1:$port/api/v1/reports/$1/runs" \
    | sed -E 's/.*"runId":([0-9]+).*/\1/')
  while :; do
    status=$(curl -sf -H "Authorization: Bearer $dcc" "http://127.0.0.1:$port/api/v1/reports/runs/$run")
    case "$status" in *'"state":"DONE"'*|*'"state":"FAILED"'*|*'"state":"CANCELLED"'*) break ;; esac
    sleep 2
  done
  echo "$1 $2: $(( ($(date +%s%N) - began) / 1000000 )) ms: $(echo "$status" | grep -oE '"(state|eventsRead|reportSha256)":[^,]*' | tr '\n' ' ')"
}
mode=${MODE:-PUBLISH}
report 2026-05 "$mode"
report 2026-06 "$mode"
if [ "${REPRODUCE:-yes}" = yes ]; then report 2026-06 REPRODUCE; fi
