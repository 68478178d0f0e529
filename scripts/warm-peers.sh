#!/usr/bin/env bash
# The peers' comparisons (../shared/peers, see its README) with chatnet's JVMs warmed up for longer:
# the same loads and servers, but the bench first runs the whole load K times against the same
# server (--warmup-runs), so that the JIT has compiled the hot paths before the measured run. On two
# cores the peers' own warm-up leaves C2 compiling through the measured run. ngIRCd needs none.
#
#   scripts/warm-peers.sh room [members=100] [messages=1000] [warmup-runs=8, at most 10]
#       ngIRCd vs chatnet standalone: server CPU s per 1M deliveries
#   scripts/warm-peers.sh cluster [warmup-runs=8] [room-rate] [dm-rate]
#       standalone vs ./chatnet cluster up: server CPU per deposit and per room delivery; with a
#       room-rate (lines/s offered, e.g. 3000) or dm-rate (deposits/s), both modes take the same
#       pace instead of each its fastest: CPU per operation falls as the rate rises (more lines per
#       write, more messages per bus request)
# KEEP=1 keeps the work directory (logs, the bench's output) and prints where it is.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="${CHATNET_PEERS:-$here/../shared/peers}"
W=$(mktemp -d -t warm.XXXX)
bench() { java -jar "$here/bench/target/chatnet-bench.jar" "$@"; }
SP=
cleanup() {
  [ -n "$SP" ] && kill "$SP" 2>/dev/null
  CHATNET_CLUSTER_DIR=$W/cl "$here/chatnet" cluster down >/dev/null 2>&1
  [ -n "${KEEP:-}" ] && echo "kept $W" >&2 || rm -rf "$W"
}
trap cleanup EXIT
[ -f "$here/bench/target/chatnet-bench.jar" ] || (cd "$here" && mvn -q -B -DskipTests package >/dev/null)

# The figure named $2 from the bench's JSON line in $1.
fig() {
  tail -1 "$1" | python3 -c "import json,sys; print(json.loads(sys.stdin.read())['figures'][sys.argv[1]])" "$2" 2>/dev/null \
    || { echo "no figures in $1; its end:" >&2; tail -5 "$1" >&2; exit 1; }
}

standalone_up() { # port
  java -Xmx256m -jar "$here/standalone/target/chatnet-standalone.jar" --host 127.0.0.1 --port "$1" --proxy-port $(($1 + 1000)) \
    --rate 100000 --burst 100000 --data-dir "$W/data" >"$W/standalone.log" 2>&1 &
  SP=$!
  for _ in $(seq 120); do grep -q "Server listening" "$W/standalone.log" && break; sleep 0.5; done
}
standalone_down() { kill "$SP"; wait "$SP" 2>/dev/null; SP=; }

room() {
  local n=${1:-100} m=${2:-1000} k=${3:-8}
  command -v ngircd >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ngircd >/dev/null 2>&1
  sed "s#^\(\s*Ports\s*=\).*#\1 16668#" "$peers/ngircd.conf" >"$W/ngircd.conf"
  ngircd --nodaemon --config "$W/ngircd.conf" >"$W/ngircd.log" 2>&1 &
  local irc=$!
  for _ in $(seq 50); do ss -ltn | grep -q '127.0.0.1:16668 ' && break; sleep 0.1; done
  timeout 90 python3 "$peers/ircload.py" --port 16668 --server-pid $irc --json --clients "$n" --senders 10 --messages "$m" \
    --procs 2 --connect-concurrency 8 --deadline 80 >"$W/irc.json" 2>/dev/null
  kill $irc; wait $irc 2>/dev/null
  local ngircd
  ngircd=$(python3 -c "import json,sys; f=json.load(open(sys.argv[1]))['fanout']; print(f'{f[\"server_cpu_seconds\"]/(f[\"deliveries\"]/1e6):.3f} lost={f[\"lost\"]}')" "$W/irc.json")
  standalone_up 12901
  timeout 900 java -jar "$here/bench/target/chatnet-bench.jar" room --port 12901 --members "$n" --senders 10 --messages "$m" \
    --warmup $((m / 3 + 1)) --warmup-runs "$k" --server-pids "$SP" --json >"$W/room.out" 2>&1
  standalone_down
  local chatnet missing
  chatnet=$(fig "$W/room.out" serverCpuSecondsPerMillionDeliveries)
  missing=$(fig "$W/room.out" missing)
  echo "room $n x $m, chatnet after $k warm-up runs: server CPU s per 1M deliveries chatnet $chatnet (missing $missing) vs ngIRCd ${ngircd}"
  python3 -c "import sys; print(f'chatnet/ngIRCd CPU per delivery {float(sys.argv[1])/float(sys.argv[2]):.2f}')" "$chatnet" "${ngircd%% *}"
}

loads() { # port pids mode warmup-runs [room-rate] [dm-rate]
  local pace=() dm_pace=()
  [ -n "${5:-}" ] && pace=(--rate "$5")
  [ -n "${6:-}" ] && dm_pace=(--rate "$6")
  bench dm --port "$1" --senders 20 --recipients 20 --messages 1000 --warmup-runs "$4" "${dm_pace[@]}" --server-pids "$2" --mode "$3" --json >"$W/dm-$3.out" 2>&1
  bench room --port "$1" --members 100 --senders 10 --messages 1000 --warmup 500 --warmup-runs "$4" "${pace[@]}" --server-pids "$2" --mode "$3" --json >"$W/room-$3.out" 2>&1
  echo "$3 after $4 warm-up runs: dm deposits/s $(fig "$W/dm-$3.out" depositsPerSecond), server µs per deposit $(fig "$W/dm-$3.out" serverCpuMicrosPerDeposit);" \
    "room-100 at $(fig "$W/room-$3.out" linesPerSecondTaken) lines/s: server s per 1M deliveries $(fig "$W/room-$3.out" serverCpuSecondsPerMillionDeliveries)"
}

cluster() {
  local k=${1:-8} rate=${2:-} dm_rate=${3:-}
  standalone_up 12950
  loads 12950 "$SP" standalone "$k" "$rate" "$dm_rate"
  standalone_down
  CHATNET_RATE=100000 CHATNET_BURST=100000 CHATNET_CLUSTER_DIR=$W/cl "$here/chatnet" cluster up --port 12960 --name warm-$$ >"$W/up.log" 2>&1 \
    || { cat "$W/up.log"; exit 1; }
  loads 12960 "$(awk '{print $1}' "$W/cl/processes" | paste -sd,)" cluster "$k" "$rate" "$dm_rate"
  python3 - "$W" <<'P'
import json, os, sys
w = sys.argv[1]
def f(name): return json.loads(open(os.path.join(w, name)).read().strip().splitlines()[-1])['figures']
ds, dc, rs, rc = f('dm-standalone.out'), f('dm-cluster.out'), f('room-standalone.out'), f('room-cluster.out')
print(f"cluster/standalone server CPU: per deposit {dc['serverCpuMicrosPerDeposit'] / ds['serverCpuMicrosPerDeposit']:.1f}x,"
      f" per room delivery {rc['serverCpuSecondsPerMillionDeliveries'] / rs['serverCpuSecondsPerMillionDeliveries']:.1f}x;"
      f" dm/s {dc['depositsPerSecond'] / ds['depositsPerSecond']:.2f}x")
P
}

case "${1:-}" in
  room) shift; room "$@" ;;
  cluster) shift; cluster "$@" ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
