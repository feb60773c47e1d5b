#!/usr/bin/env bash
# The demo (npm run demo): score the scikit-learn benchmark of the demo
# competition on its public smoke sample, exactly as the competition would.
# Sets up what it needs: npm dependencies, a Docker engine, the base image.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-docker.sh
bash scripts/build-base-image.sh
node bin/holdout.js test examples/demo/submissions/benchmark --competition examples/demo "$@"
