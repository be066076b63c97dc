#!/usr/bin/env bash
# Start-up benchmark on the fleet store of bench/fleet-data.sh: the service's time to readiness and its gate index's
# size and the heap after a full GC. The first start builds the gate index's durable checkpoint (the store has none:
# the index replays it too); the second start is the one that counts: from the checkpoint, then the store's tail.
#   bench/fleet-start.sh [first|again]   (default: both starts; "again" only the start from the checkpoint)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-both}
port=18080
log=target/fleet-start.log
# a copy, so that a build meanwhile cannot replace the jar under the running service
jar=target/fleet-bench.jar
cp bootstrap/target/restricted-mode-exec.jar "$jar"
start() {
  SPRING_PROFILES_ACTIVE=postgres RESTRICTED_DB_URL=jdbc:postgresql://127.0.0.1:5432/fleet_bench \
    java -Xmx4g -jar "$jar" --restricted.api.auth.mode=local --server.port=$port \
    --restricted.history.signing-key=target/fleet-signing-key.pem \
    --restricted.history.checkpoint-archive=target/fleet-checkpoints > "$log" 2>&1 &
  pid=$!
  began=$(date +%s%N)
  until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
    kill -0 $pid 2>/dev/null || { echo "the service died: $log"; exit 1; }
    sleep 0.2
  done
  ready=$(( ($(date +%s%N) - began) / 1000000 ))
}
token() {
  curl -sf -H 'Content-Type: application/json' -d '{"partyId":"DCC-DSP","roles":["DCC"],"validForSeconds":3600}' \
    "http://127.0.0.1:$port/local/tokens" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}
metric() {
  curl -sf -H "Authorization: Bearer $dcc" "http://127.0.0.1:$port/actuator/metrics/$1" \
    | sed -E 's/.*"value":([0-9.E+]+).*/\1/'
}
stop() { kill $pid; wait $pid 2>/dev/null || true; }
if [ "$mode" != again ]; then
  start
  echo "first start (no checkpoint): ready in $ready ms"
  dcc=$(token)
  # the checkpoint processor replays the store once; wait until it has reached the head
  q="SELECT (SELECT COALESCE(convert_from(token, 'UTF8')::jsonb #>> '{currentToken,index}', convert_from(token, 'UTF8')::jsonb ->> 'index') FROM TokenEntry WHERE processorName = 'gate-index-checkpoint')::bigint >= (SELECT MAX(globalIndex) FROM DomainEventEntry)"
  until [ "$(psql -h 127.0.0.1 -U postgres -d fleet_bench -tAc "$q")" = t ]; do sleep 5; done
  echo "checkpoint built $(( ($(date +%s%N) - began) / 1000000 )) ms after launch"
  stop
fi
start
echo "start from the checkpoint: ready in $ready ms"
grep -o 'gate index: [^"]*' "$log" | head -1
dcc=$(token)
jcmd $pid GC.run > /dev/null
echo "heap after a full GC: $(jcmd $pid GC.heap_info | grep -oE 'used [0-9]+K' | head -1)"
echo "index: $(metric restricted.gate.index.bytes) bytes, $(metric restricted.gate.restricted.meters) Restricted meters"
stop
