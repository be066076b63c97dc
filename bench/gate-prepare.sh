#!/usr/bin/env bash
# Prepares a running service (local token mode) for the gate load runs and prints a DCC token.
# Enrols and restricts 100 electricity meters 00-DB-12-34-56-78-00-00 .. -00-63 (run it once per data set;
# repeats answer "unchanged"), and writes bench/target/gate-batch.ndjson: 1,000 decision lines, 1 in 100
# a consumption read of a Restricted meter (a DENY with its receipt), the rest ALLOWs over random meters.
#   DCC=$(bench/gate-prepare.sh http://127.0.0.1:8080)
set -euo pipefail
base=${1:-http://127.0.0.1:8080}
mint() { curl -sf -H 'Content-Type: application/json' -d "{\"partyId\":\"$1\",\"roles\":[\"$2\"],\"validForSeconds\":86400}" \
  "$base/local/tokens" | sed -E 's/.*"token":"([^"]+)".*/\1/'; }
dcc=$(mint DCC-DSP DCC)
supplier=$(mint 90-B3-D5-1F-30-01-00-00 IS)
day=$(date -u -d yesterday +%F)
for i in $(seq 0 99); do
  id=$(printf '00-DB-12-34-56-78-00-%02X' "$i")
  curl -s -o /dev/null -H "Authorization: Bearer $dcc" -H 'Content-Type: application/json' "$base/api/v1/devices" -d \
    "{\"deviceId\":\"$id\",\"deviceType\":\"ESME\",\"smetsVersion\":\"SMETS2\",\"smiStatus\":\"COMMISSIONED\",\"commsHubId\":\"00-DB-12-34-56-78-90-A2\",\"commsHubStatus\":\"COMMISSIONED\",\"mpxn\":\"1234567890123\",\"cspRegion\":\"CENTRAL\",\"paymentMode\":\"CREDIT\",\"responsibleSupplier\":{\"partyId\":\"90-B3-D5-1F-30-01-00-00\",\"role\":\"IS\"},\"siteCharacteristics\":{\"loadSwitching\":false,\"radioTeleswitch\":false,\"networkManagedWithoutWan\":false}}"
  curl -s -o /dev/null -X PUT -H "Authorization: Bearer $supplier" -H 'Content-Type: application/json' \
    "$base/api/v1/devices/$id/restriction" -d "{\"attestation\":{\"reference\":\"LOAD\",\"stepsExhaustedOn\":\"$day\"}}"
done
mkdir -p "$(dirname "$0")/target"
awk 'BEGIN { srand(7); for (i = 0; i < 1000; i++) {
  if (i % 100 == 0) { d = sprintf("00-DB-12-34-56-78-00-%02X", int(i / 100)); s = "4.1.1" }
  else { d = sprintf("00-DB-12-34-%02X-%02X-%02X-%02X", int(rand()*256), int(rand()*256), int(rand()*256), int(rand()*256)); s = (i % 2 ? "4.8.1" : "6.15.1") }
  printf "{\"requestId\":\"batch-%d\",\"senderId\":\"90-B3-D5-1F-30-01-00-00\",\"senderRole\":\"IS\",\"srv\":\"%s\",\"deviceId\":\"%s\"}\n", i, s, d } }' \
  > "$(dirname "$0")/target/gate-batch.ndjson"
echo "$dcc"
