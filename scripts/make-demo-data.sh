#!/usr/bin/env bash
# Regenerate examples/demo's data (see make-demo-data.py). Needs the base image.
set -euo pipefail
cd "$(dirname "$0")/.."
docker run --rm --network none -u "$(id -u):$(id -g)" \
  -v "$PWD/examples/demo:/demo" -v "$PWD/scripts:/scripts:ro" \
  holdout/base:bookworm python3 /scripts/make-demo-data.py /demo
