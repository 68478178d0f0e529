#!/usr/bin/env bash
# What a clustered deposit costs, by where the data lives: the peers' dm load (20 senders, 20
# recipients, 1,000 messages each, after 3 unreported runs of it) against standalone and against
# three clusters of separate JVMs on loopback (mailbox-, directory- and chatroom-service and one
# gateway; no proxy-service) that differ only in which services hold the maps
# (--cluster-lite-member true on the others):
#   mailbox     the mailbox-service alone: every deposit's data in the process that runs it, no backup
#   two         mailbox- and directory-service: half the keys local, every change backed up on the other
#   three       all three, as ./chatnet cluster up runs them
# For each: deposits/s, server CPU µs per deposit (the bench's figure, every server process summed)
# and, per deposit, the read and write system calls and the voluntary context switches (thread
# wake-ups) of every server process, from /proc.
#
#   scripts/data-placement.sh [rounds=1]      each round runs all four, the second round in reverse order
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=${1:-1}
W=$(mktemp -d -t placement.XXXX)
PIDS=
stop_all() {
  [ -n "$PIDS" ] && kill ${PIDS//,/ } 2>/dev/null
  wait 2>/dev/null
  PIDS=
}
trap 'stop_all; rm -rf "$W"' EXIT
[ -f "$here/bench/target/chatnet-bench.jar" ] || (cd "$here" && mvn -q -B -DskipTests package >/dev/null)
bench() { java -jar "$here/bench/target/chatnet-bench.jar" "$@"; }

# Sums /proc counters over the processes: read syscalls, write syscalls, voluntary context switches.
counters() {
  python3 - "$1" <<'PY'
import os, sys
r = w = cs = 0
for pid in sys.argv[1].split(','):
    io = dict(line.split(': ') for line in open(f'/proc/{pid}/io').read().splitlines() if line)
    r += int(io['syscr']); w += int(io['syscw'])
    for tid in os.listdir(f'/proc/{pid}/task'):
        try:
            cs += sum(int(l.split()[1]) for l in open(f'/proc/{pid}/task/{tid}/status') if l.startswith('voluntary_ctxt'))
        except OSError:
            pass
print(r, w, cs)
PY
}

await_health() {
  for _ in $(seq 240); do curl -sf "http://127.0.0.1:$1/health" >/dev/null && return 0; sleep 0.5; done
  echo "the process with health port $1 did not come up; logs in $W" >&2
  exit 1
}

start() { # placement port
  local placement=$1 port=$2 name="placement-$$-$2"
  if [ "$placement" = standalone ]; then
    java -Xmx256m -jar "$here/standalone/target/chatnet-standalone.jar" --host 127.0.0.1 --port "$port" \
      --proxy-port $((port + 1000)) --rate 100000 --burst 100000 --data-dir "$W/data" >"$W/$placement.log" 2>&1 &
    PIDS=$!
    for _ in $(seq 120); do grep -q "Server listening" "$W/$placement.log" && return 0; sleep 0.5; done
    echo "standalone did not start; see $W/$placement.log" >&2
    exit 1
  fi
  local data
  case $placement in mailbox) data=" mailbox " ;; two) data=" mailbox directory " ;; *) data=" mailbox directory chatroom " ;; esac
  local hport=$((port + 6000)) service jar lite
  for service in mailbox directory chatroom gateway; do
    case $service in
      gateway) jar=gateway/target/gateway.jar ;;
      *) jar=$service-service/target/$service-service.jar ;;
    esac
    case "$data" in *" $service "*) lite=false ;; *) lite=true ;; esac
    local extra=()
    [ $service = chatroom ] && extra=(--data-dir "$W/data")
    [ $service = gateway ] && extra=(--port "$port" --rate 100000 --burst 100000)
    java -Xmx256m -jar "$here/$jar" --cluster-name "$name" --cluster-host 127.0.0.1 --cluster-members 127.0.0.1 \
      --cluster-lite-member $lite --health-port $hport "${extra[@]}" >"$W/$placement-$service.log" 2>&1 &
    PIDS=${PIDS:+$PIDS,}$!
    # The first member alone, so that the others join its cluster.
    [ $service = mailbox ] && await_health $hport
    hport=$((hport + 1))
  done
  for h in $(seq $((port + 6001)) $((hport - 1))); do await_health "$h"; done
}

measure() { # placement port
  start "$1" "$2"
  bench dm --port "$2" --senders 20 --recipients 20 --messages 1000 --warmup-runs 3 >"$W/warm.out" 2>&1
  read -r r0 w0 c0 < <(counters "$PIDS")
  bench dm --port "$2" --senders 20 --recipients 20 --messages 1000 --server-pids "$PIDS" --json >"$W/dm.out" 2>&1
  read -r r1 w1 c1 < <(counters "$PIDS")
  stop_all
  tail -1 "$W/dm.out" | python3 -c '
import json, sys
f = json.loads(sys.stdin.read())["figures"]
n, rate, cpu = f["depositsSent"], f["depositsPerSecond"], f["serverCpuMicrosPerDeposit"]
r, w, c = (int(x) / n for x in sys.argv[2:5])
flag = "" if f.get("exactlyOnce", True) else "  NOT exactly once"
print(f"{sys.argv[1]:<11} {rate:>10.0f} {cpu:>13.1f} {r:>8.2f} {w:>8.2f} {c:>9.2f}{flag}")
' "$1" $((r1 - r0)) $((w1 - w0)) $((c1 - c0)) || { echo "$1: no figures; the bench's end:" >&2; tail -5 "$W/dm.out" >&2; exit 1; }
}

printf '%-11s %10s %13s %8s %8s %9s\n' placement deposits/s "server µs/dep" reads writes wake-ups
order=(standalone mailbox two three)
for round in $(seq "$rounds"); do
  [ $((round % 2)) -eq 0 ] && order=(three two mailbox standalone) || order=(standalone mailbox two three)
  for placement in "${order[@]}"; do
    measure "$placement" $((12600 + round * 10))
  done
done
