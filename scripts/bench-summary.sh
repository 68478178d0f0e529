#!/usr/bin/env bash
# Sums up what scripts/bench-all.sh wrote: per figure, the median of its runs with min and max,
# as Markdown table rows. Needs jq.
#
#   scripts/bench-summary.sh bench-results/standalone.jsonl
set -euo pipefail
command -v jq >/dev/null || { echo "bench-summary needs jq (apt-get install jq)" >&2; exit 1; }

jq -rs '
  def median: sort | if length == 0 then null else .[(length - 1) / 2 | floor] end;
  def fmt: if . == null then "n/a" elif . >= 100 then (. | round | tostring) else ((. * 100 | round) / 100 | tostring) end;
  def stat(f): [.[] | .result.figures | f | select(. != null)] as $v
    | if ($v | length) == 0 then "n/a" else "\($v | median | fmt) (\($v | min | fmt)–\($v | max | fmt))" end;
  def metrics:
    if .[0].result.scenario == "connect" then
      [["registrations/s", stat(.registrationsPerSecond)],
       ["handshake p50 ms", stat(.handshake.p50Ms)],
       ["handshake p99 ms", stat(.handshake.p99Ms)],
       ["seconds for all handshakes", stat(.connected / .registrationsPerSecond)],
       ["heap per client, bytes", stat(.heapPerClientBytes)],
       ["RSS per client, bytes", stat(.rssPerClientBytes)]]
    elif .[0].result.scenario == "dm" then
      [["deposits/s", stat(.depositsPerSecond)],
       ["deposit p50 ms", stat(.depositLatency.p50Ms)],
       ["deposit p99 ms", stat(.depositLatency.p99Ms)],
       ["drain p99 ms", stat(.drainLatency.p99Ms)],
       ["server CPU µs per deposit", stat(.serverCpuMicrosPerDeposit)],
       ["bench CPU µs per deposit", stat(.benchCpuMicrosPerDeposit)]]
    elif .[0].result.scenario == "room" then
      [["deliveries/s", stat(.deliveriesPerSecond)],
       ["lines/s taken", stat(.linesPerSecondTaken)],
       ["latency p50 ms", stat(.latency.p50Ms)],
       ["latency p99 ms", stat(.latency.p99Ms)],
       ["latency p999 ms", stat(.latency.p999Ms)],
       ["server CPU s per 1M deliveries", stat(.serverCpuSecondsPerMillionDeliveries)]]
    elif .[0].result.scenario == "proxy" then
      [["requests/s", stat(.requestsPerSecond)],
       ["p50 ms", stat(.latency.p50Ms)],
       ["p99 ms", stat(.latency.p99Ms)],
       ["origin requests while measuring", stat(.originRequestsDuringMeasure)]]
    else [] end;
  [.[] | select(.result != null)] | group_by(.figure) | sort_by(.[0].run)[]
  | . as $runs
  | "| \(.[0].figure) | \([.[] | select(.result.passed)] | length) of \(length) | "
    + ([metrics[] | "\(.[0]) \(.[1])"] | join("<br>")) + " |"
' "$@"
