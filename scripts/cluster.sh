#!/usr/bin/env bash
# A chatnet cluster on this machine without Docker: every service its own JVM, joined over
# 127.0.0.1. Used by `./chatnet cluster up|down|status`. State (PIDs, logs) lives in
# $CHATNET_CLUSTER_DIR (default .cluster/ in the checkout).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${CHATNET_CLUSTER_DIR:-$here/.cluster}"
java_cmd="${JAVA:-java}"

usage() {
  cat <<USAGE
Usage: ./chatnet cluster <up|down|status> [options]

  up      start the cluster and wait until every process is healthy
            --gateways N --directories N --mailboxes N --chatrooms N --proxies N
                             instances (default 1 each)
            --port P         first gateway port (default 12000; the next gateways take P+1, ...)
            --name NAME      cluster name (default chatnet-local)
            --data-dir DIR   for transcripts (default $state/data)
            --heartbeat S    seconds before a silent member counts as dead (default 10)
  down    stop what 'up' started: SIGTERM, then SIGKILL after a grace period
  status  each process, whether it runs, and what its health endpoint says
USAGE
}

alive() { kill -0 "$1" 2>/dev/null; }

health() { curl -sf --max-time 2 "http://127.0.0.1:$1/health" 2>/dev/null; }

# Healthy, and the process on the port is the one we started (not another cluster's, say).
healthy_as() { health "$1" | grep -q "\"pid\":$2[,}]"; }

# name jar health-port args...
start_one() {
  local name=$1 jar=$2 hport=$3
  shift 3
  nohup "$java_cmd" ${CHATNET_JAVA_OPTS:--Xmx256m} -jar "$here/$jar" \
    --cluster-name "$cluster_name" --cluster-host 127.0.0.1 --cluster-members 127.0.0.1 \
    --cluster-heartbeat-timeout "$heartbeat" --health-port "$hport" "$@" \
    >"$state/logs/$name.log" 2>&1 &
  echo "$! $name $hport" >>"$state/processes"
}

await_healthy() {
  local deadline=$((SECONDS + ${CHATNET_CLUSTER_WAIT:-180}))
  local pid name hport
  while read -r pid name hport; do
    until healthy_as "$hport" "$pid"; do
      if ! alive "$pid"; then
        echo "$name (pid $pid) exited; the end of its log:" >&2
        tail -n 20 "$state/logs/$name.log" >&2
        return 1
      fi
      if [ $SECONDS -ge $deadline ]; then
        echo "$name (pid $pid) is not healthy in time; see $state/logs/$name.log" >&2
        return 1
      fi
      sleep 0.5
    done
  done <"$1"
}

up() {
  local gateways=1 directories=1 mailboxes=1 chatrooms=1 proxies=1 port=12000 proxy_port=3128
  cluster_name=chatnet-local heartbeat=10
  local data_dir="$state/data"
  while [ $# -gt 0 ]; do
    case "$1" in
      --gateways) gateways=$2 ;;
      --directories) directories=$2 ;;
      --mailboxes) mailboxes=$2 ;;
      --chatrooms) chatrooms=$2 ;;
      --proxies) proxies=$2 ;;
      --port) port=$2 ;;
      --name) cluster_name=$2 ;;
      --data-dir) data_dir=$2 ;;
      --heartbeat) heartbeat=$2 ;;
      *) echo "Unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
    shift 2
  done
  if [ -f "$state/processes" ]; then
    while read -r pid name _; do
      if alive "$pid"; then
        echo "The cluster is up already ($name runs as pid $pid); './chatnet cluster down' first." >&2
        exit 1
      fi
    done <"$state/processes"
  fi
  for jar in gateway/target/gateway.jar directory-service/target/directory-service.jar \
             mailbox-service/target/mailbox-service.jar chatroom-service/target/chatroom-service.jar \
             proxy-service/target/proxy-service.jar; do
    [ -f "$here/$jar" ] || { echo "Building chatnet ..." >&2; (cd "$here" && mvn -B -q -DskipTests package) >&2; break; }
  done
  rm -rf "$state/logs" "$state/processes"
  mkdir -p "$state/logs" "$data_dir"
  local hport=18000 i
  # The first member alone, so the others join one cluster rather than forming several.
  start_one directory-1 directory-service/target/directory-service.jar $hport
  await_healthy "$state/processes" || { down; exit 1; }
  for i in $(seq 2 "$directories"); do start_one "directory-$i" directory-service/target/directory-service.jar $((hport += 1)); done
  for i in $(seq 1 "$mailboxes"); do start_one "mailbox-$i" mailbox-service/target/mailbox-service.jar $((hport += 1)); done
  for i in $(seq 1 "$chatrooms"); do
    start_one "chatroom-$i" chatroom-service/target/chatroom-service.jar $((hport += 1)) --data-dir "$data_dir"
  done
  for i in $(seq 1 "$proxies"); do
    start_one "proxy-$i" proxy-service/target/proxy-service.jar $((hport += 1)) --data-dir "$data_dir" \
      --proxy-port $((proxy_port + i - 1))
  done
  for i in $(seq 1 "$gateways"); do
    start_one "gateway-$i" gateway/target/gateway.jar $((hport += 1)) --port $((port + i - 1))
  done
  await_healthy "$state/processes" || { down; exit 1; }
  echo "Cluster '$cluster_name' is up: $(wc -l <"$state/processes") processes, logs in $state/logs"
  for i in $(seq 1 "$gateways"); do
    echo "Gateway listening at 127.0.0.1/$((port + i - 1))"
  done
  for i in $(seq 1 "$proxies"); do
    echo "HTTP proxy listening at 127.0.0.1/$((proxy_port + i - 1))"
  done
}

down() {
  [ -f "$state/processes" ] || { echo "No cluster to stop."; return 0; }
  local pid name _ waited=0
  while read -r pid name _; do alive "$pid" && kill -TERM "$pid" 2>/dev/null || true; done <"$state/processes"
  # Gateways warn their clients and wait the shutdown grace (5 s) before they go.
  while [ $waited -lt 40 ]; do
    local running=0
    while read -r pid name _; do alive "$pid" && running=1; done <"$state/processes"
    [ $running -eq 0 ] && break
    sleep 0.5
    waited=$((waited + 1))
  done
  while read -r pid name _; do
    if alive "$pid"; then
      echo "$name (pid $pid) did not stop; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done <"$state/processes"
  rm -f "$state/processes"
  echo "Cluster stopped."
}

status() {
  [ -f "$state/processes" ] || { echo "No cluster started from here."; return 0; }
  local pid name hport
  printf '%-14s %-8s %-8s %s\n' PROCESS PID STATE HEALTH
  while read -r pid name hport; do
    local running=stopped answer=-
    alive "$pid" && running=running
    [ $running = running ] && answer=$(health "$hport" || echo "no answer")
    printf '%-14s %-8s %-8s %s\n' "$name" "$pid" "$running" "$answer"
  done <"$state/processes"
}

command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  up) up "$@" ;;
  down) down ;;
  status) status ;;
  *) usage; [ -z "$command" ] || exit 2 ;;
esac
