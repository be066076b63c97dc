#!/usr/bin/env bash
# Issue 20's benchmarks in one run, each against its baseline of the same run, on this machine as it is now:
#   1. the gate's transports: the liveness floor, HTTP and gRPC single decisions, HTTP batches, gRPC streams
#      (bench/gate-transports.sh);
#   2. flag commands over HTTP against bare Axon, with pgbench's floor (bench/flags-vs-axon.sh);
#   3. the in-process port while the index changes: static, mixed and GPF-heavy writes (bench/gate-jmh.sh writes).
# Summaries in target/issue20-bench.txt.   bench/issue20.sh [seconds] [warmupSeconds]   (default 30 and 10)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
warm=${2:-10}
out=target/issue20-bench.txt
mkdir -p target
{ echo "# issue 20 benchmarks, $(date -u +%FT%TZ), $(git rev-parse --short HEAD)"; } > "$out"
bench/gate-transports.sh "$seconds" "$warm" | sed -n '/^run /,$p' >> "$out"
bench/flags-vs-axon.sh "$seconds" "$warm" | tail -n 1 >> "$out"
bench/gate-jmh.sh writes | grep -E '^(Benchmark|GateUnderWrites)|\[writer\]' >> "$out"
cat "$out"
