#!/usr/bin/env bash
# The season demo (npm run demo:season): a whole competition on this machine — submissions
# by several participants, the results ledger, the leaderboard (Markdown and site), a
# submission limit reached, a re-score over shards with a runner that dies, and the reveal
# with its shake-up. GitHub is the REST emulator on loopback; submissions run in the real
# sandbox. Output folder: the first argument, or a new temp folder (printed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-docker.sh
bash scripts/build-base-image.sh
exec node --import tsx scripts/demo-season.ts "$@"
