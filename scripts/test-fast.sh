#!/usr/bin/env bash
# The fast lane (npm run test:fast): the test files that need no Docker engine and start no
# process, browser or server — pure functions, parsers, the config, the scoring, the ledger's
# and the leaderboard's logic. Any machine with Node runs them in well under a minute.
#
# Which files: those that use none of the things that make a test slow or machine-bound
# (execa, spawned processes, the CLI or the action run as a process, Chromium, the GitHub
# emulator, the engine). A file is picked by what it uses, so a new test lands in the right lane
# without a list to keep. `npm test` runs everything.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(grep -L -E 'execa|runAction|spawn|execFile|src/cli/index\.ts|chromium|bin/holdout|needsEngine|GitHubEmulator' test/*/*.test.ts)
echo "fast lane: ${#files[@]} of $(ls test/*/*.test.ts | wc -l) test files (npm test runs them all)" >&2
HOLDOUT_TEST_LANE=fast exec node --import tsx --test --test-reporter=spec --test-concurrency=4 "${files[@]}"
