#!/usr/bin/env bash
# Bench: our scorer vs the careful pandas reference on 10M rows (whole process: wall time, peak RSS).
# Usage: bash bench/scoring/run.sh   (generates bench/data once; needs /usr/bin/time and Debian's python3-pandas)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f bench/data/labels.csv ] || node --import tsx bench/scoring/generate.ts "${ROWS:-10000000}"
bytes=$(( $(stat -c %s bench/data/predictions.csv) + $(stat -c %s bench/data/labels.csv) ))
measure() {
  local name=$1; shift
  /usr/bin/time -v "$@" > /tmp/holdout-bench-out.txt 2> /tmp/holdout-bench-time.txt
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' /tmp/holdout-bench-time.txt | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep 'Maximum resident set size' /tmp/holdout-bench-time.txt | awk '{print $NF}')
  printf '%-10s %8.2f s  %7.0f MB peak RSS  %6.1f MB/s  result: %s\n' "$name" "$wall" "$(echo "$rss/1024" | bc -l)" "$(echo "$bytes/1000000/$wall" | bc -l)" "$(head -c 160 /tmp/holdout-bench-out.txt)"
}
# Ours runs from a bundle so tsx's on-the-fly compilation is not timed.
npx esbuild bench/scoring/score-once.ts --bundle --platform=node --format=esm --packages=external --outfile=build/bench-score.mjs --log-level=warning \
  --define:import.meta.dirname='"'"$PWD/bench/scoring"'"'
measure holdout node build/bench-score.mjs
measure pandas /usr/bin/python3 bench/scoring/reference.py bench/data
