#!/usr/bin/env bash
# CSP notices pushed to RabbitMQ with publisher confirms, on PostgreSQL (needs a built jar: ./mvnw -q -DskipTests package,
# PostgreSQL on 127.0.0.1:5432 and RabbitMQ on 127.0.0.1:5672; both are started when they are down).
#   bench/csp-push.sh throughput [notices]   notices/s the publisher gets confirmed (default 200,000 waiting notices)
#   bench/csp-push.sh latency [seconds]      flag change recorded -> notice confirmed by the broker, p50/p99, under
#                                            the wrk flag load of bench/flags.lua (default 60 s)
# Each run uses a fresh database csp_bench and its own exchange (restricted.csp.bench-<time>), removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-throughput}
pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
(exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null || { rabbitmq-server -detached; for _ in $(seq 1 90); do (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null && break; sleep 1; done; }
db=csp_bench
exchange=restricted.csp.bench-$(date +%s)
psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
mkdir -p target
java -Xmx1g -XX:+UseParallelGC -jar bootstrap/target/restricted-mode-exec.jar --spring.profiles.active=postgres \
  --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$db --restricted.api.auth.mode=local \
  --restricted.csp.push.enabled=true --restricted.csp.push.exchange="$exchange" --restricted.api.rate-limit.enabled=false \
  > target/csp-bench.log 2>&1 &
service=$!
cleanup() {
  kill "$service" 2>/dev/null || true
  for r in north central south; do rabbitmqctl -q delete_queue "$exchange.$r" >/dev/null 2>&1 || true; done
  rabbitmqctl -q eval "rabbit_exchange:delete(rabbit_misc:r(<<\"/\">>, exchange, <<\"$exchange\">>), false, <<\"bench\">>)." >/dev/null 2>&1 || true
}
trap cleanup EXIT
for _ in $(seq 1 60); do curl -sf localhost:8080/actuator/health/readiness >/dev/null && break; sleep 1; done
dcc=$(curl -sf -H 'Content-Type: application/json' -d '{"partyId":"DCC-DSP","roles":["DCC"]}' localhost:8080/local/tokens \
  | sed -E 's/.*"token":"([^"]+)".*/\1/')
metric() { curl -sf -H "Authorization: Bearer $dcc" "localhost:8080/actuator/metrics/$1${2:-}"; }
published() { metric restricted.csp.push.published '?tag=kind:notice' | sed -E 's/.*"value":([0-9.E]+).*/\1/' | awk '{ printf "%d", $1 }'; }

if [ "$mode" = throughput ]; then
  n=${2:-200000}
  echo "writing $n notices in one transaction (the publisher then drains them)"
  psql -h 127.0.0.1 -U postgres -d $db -qc "INSERT INTO csp_notice (feed_position, notice_id, global_position, device_id,
    device_sequence, device_type, comms_hub_id, gpf_id, csp_region, flag_change, restricted, reason, effective_at, recorded_at)
    SELECT g, 'bench-' || g, g, '00-DB-00-' || substr(h, 1, 2) || '-' || substr(h, 3, 2) || '-' || substr(h, 5, 2) || '-'
      || substr(h, 7, 2) || '-' || substr(h, 9, 2), 1, 'ESME', '00-DB-12-34-56-78-90-A2', NULL,
      (ARRAY['NORTH','CENTRAL','SOUTH'])[g % 3 + 1], 'APPLIED', TRUE, 'CONSUMER_CHOICE', now(), now()
    FROM (SELECT g, lpad(upper(to_hex(g)), 10, '0') AS h FROM generate_series(1, $n) AS g) AS s"
  start=$(date +%s.%N)
  while [ "$(published)" -lt "$n" ]; do sleep 0.2; done
  end=$(date +%s.%N)
  awk -v n="$n" -v s="$start" -v e="$end" 'BEGIN { printf "%d notices confirmed in %.2f s: %.0f notices/s\n", n, e - s, n / (e - s) }'
  for r in north central south; do rabbitmqctl -q list_queues name messages | grep "$exchange.$r" || true; done
else
  seconds=${2:-60}
  run=$(java bench/LoadRun.java prepare http://127.0.0.1:8080 2000)
  wrk -t2 -c4 -d"${seconds}s" --latency -s bench/flags.lua http://127.0.0.1:8080 -- $run 2000 | grep -E 'Requests/sec|requests in'
  sleep 2
  echo "flag change recorded -> notice confirmed by the broker (restricted.csp.push.delay):"
  metric restricted.csp.push.delay | tr ',' '\n' | grep -E '"statistic"|"value"' | paste - - | sed -E 's/[{}"]//g'
  metric restricted.csp.push.delay.percentile '?tag=phi:0.5' | sed -E 's/.*"value":([0-9.E-]+).*/p50 \1 s/'; echo
  metric restricted.csp.push.delay.percentile '?tag=phi:0.99' | sed -E 's/.*"value":([0-9.E-]+).*/p99 \1 s/'; echo
  echo "notices confirmed: $(published)"
fi
