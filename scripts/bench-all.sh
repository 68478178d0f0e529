#!/usr/bin/env bash
# Every figure of BENCHMARKS.md: each one --runs times (default 3) against chatnet standalone
# (a fresh server per figure) or a local cluster of separate JVMs (one cluster for all). Each
# run prints the bench's table; its JSON line goes to $out/<mode>.jsonl, tagged with the figure.
#
#   scripts/bench-all.sh [standalone|cluster|both] [--runs N] [--only FIGURE] [--out DIR]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
java_cmd="${JAVA:-java}"
modes=standalone runs=3 only="" out="$here/bench-results"
case "${1:-}" in standalone|cluster) modes=$1; shift ;; both) modes="standalone cluster"; shift ;; esac
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2 ;;
    --only) only=$2 ;;
    --out) out=$2 ;;
    *) echo "Unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done

# figure|bench arguments[|bench arguments for the cluster, when smaller]. The server takes load:
# its flood limit is raised for these runs.
figures=(
  "connect-1000|connect --clients 1000 --concurrency 200 --warmup-runs 1"
  "connect-1000-at-once|connect --clients 1000 --concurrency 1000 --warmup-runs 3"
  "connect-10000|connect --clients 10000 --concurrency 500 --warmup-runs 1 --timeout 300"
  "dm|dm --senders 50 --recipients 50 --messages 2000 --warmup-runs 1|dm --senders 50 --recipients 50 --messages 200 --warmup-runs 1"
  "dm-200-senders|dm --senders 200 --recipients 100 --messages 500 --warmup-runs 1|dm --senders 200 --recipients 100 --messages 50 --warmup-runs 1"
  "dm-pipelined|dm --senders 50 --recipients 50 --messages 4000 --pipeline 16 --warmup-runs 1|dm --senders 50 --recipients 50 --messages 400 --pipeline 16 --warmup-runs 1"
  "room-100|room --members 100 --senders 10 --messages 3000 --warmup 1000"
  "room-100-at-1600|room --members 100 --senders 10 --messages 800 --rate 1600 --warmup 1000"
  "room-1000|room --members 1000 --senders 10 --messages 300 --warmup 100"
  "proxy-16|proxy --connections 16 --requests 20000 --warmup-runs 1"
  "proxy-64|proxy --connections 64 --requests 20000 --warmup-runs 1"
)
server_flags=(--host 127.0.0.1 --rate 100000 --burst 100000 --proxy-deny 169.254.0.0/16)

(cd "$here" && mvn -B -q -DskipTests package)
mkdir -p "$out"
state="$out/state"

start_standalone() {
  rm -rf "$state" && mkdir -p "$state"
  # The connect target is for one gateway in 256 MiB of heap.
  nohup "$java_cmd" -Xmx256m -jar "$here/standalone/target/chatnet-standalone.jar" "${server_flags[@]}" \
    --data-dir "$state/data" >"$state/server.log" 2>&1 &
  server_pid=$!
  until grep -q "ready:" "$state/server.log"; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$state/server.log" >&2; exit 1; }
    sleep 0.5
  done
  pids=$server_pid gateway_pid=$server_pid
}

stop_standalone() {
  kill -TERM "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
}

start_cluster() {
  export CHATNET_CLUSTER_DIR="$state" CHATNET_RATE=100000 CHATNET_BURST=100000 CHATNET_PROXY_DENY=169.254.0.0/16
  "$here/chatnet" cluster down >/dev/null
  "$here/chatnet" cluster up --name "chatnet-bench-$$"
  pids=$(awk '{print $1}' "$state/processes" | paste -sd, -)
  gateway_pid=$(awk '$2 == "gateway-1" {print $1}' "$state/processes")
}

stop_cluster() {
  "$here/chatnet" cluster down
}

# figure mode arguments...
run_figure() {
  local figure=$1 mode=$2 scenario=$3
  shift 3
  local extra=()
  case "$scenario" in
    connect) extra=(--server-pid "$gateway_pid" --server-pids "$pids") ;;
    room|dm) extra=(--server-pids "$pids") ;;
  esac
  for run in $(seq 1 "$runs"); do
    echo "== $mode $figure, run $run of $runs: $scenario $* ${extra[*]}"
    local json
    json=$("$java_cmd" -jar "$here/bench/target/chatnet-bench.jar" "$scenario" "$@" "${extra[@]}" --mode "$mode" --json \
      | tee /dev/stderr | tail -n 1) || true
    case "$json" in
      "{"*) echo "{\"figure\":\"$figure\",\"run\":$run,\"result\":$json}" >>"$out/$mode.jsonl" ;;
      *) echo "{\"figure\":\"$figure\",\"run\":$run,\"result\":null}" >>"$out/$mode.jsonl" ;;
    esac
  done
}

for mode in $modes; do
  [ "$mode" = cluster ] && start_cluster
  for entry in "${figures[@]}"; do
    IFS='|' read -r figure standalone_args cluster_args <<<"$entry"
    if [ "$mode" = cluster ] && [ -n "$cluster_args" ]; then
      read -r -a args <<<"$cluster_args"
    else
      read -r -a args <<<"$standalone_args"
    fi
    [ -n "$only" ] && [ "$only" != "$figure" ] && continue
    [ "$mode" = standalone ] && start_standalone
    run_figure "$figure" "$mode" "${args[@]}"
    [ "$mode" = standalone ] && stop_standalone
  done
  [ "$mode" = cluster ] && stop_cluster
done
echo "JSON lines in $out/"
