#!/usr/bin/env bash
# The test command (npm test): sets up what the tests need, then runs them all.
#   - npm dependencies (npm ci) when node_modules is missing
#   - a Docker engine, started with the safe flags (scripts/ensure-docker.sh)
#   - the registry-free base image (scripts/build-base-image.sh; cached by tag)
# Engine tests never skip silently: with CI=true a missing engine fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

if [ ! -d node_modules ]; then
  step "installing npm dependencies"
  npm ci --no-audit --no-fund
fi

# The submission tests build hostile zips with Info-ZIP's zip/unzip.
if ! command -v zip >/dev/null 2>&1 || ! command -v unzip >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    step "installing zip and unzip"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zip unzip >/dev/null
  else
    echo "zip and unzip are needed by the tests: install them (apt-get install zip unzip)." >&2
    exit 1
  fi
fi

step "Docker engine"
if ! bash scripts/ensure-docker.sh; then
  if [ "${CI:-}" = true ]; then
    echo "CI=true and no Docker engine: the sandbox tests cannot run, so the test run fails." >&2
    exit 1
  fi
  echo "No Docker engine: the tests that need one will be skipped (they fail under CI=true)." >&2
fi
if docker info >/dev/null 2>&1; then
  step "base image"
  bash scripts/build-base-image.sh
fi

step "typecheck"
npx tsc -p tsconfig.json --noEmit

if [ -f scripts/check-dist.sh ]; then
  step "dist/ matches a fresh bundle"
  bash scripts/check-dist.sh
fi

step "tests"
node --import tsx --test --test-reporter=spec --test-concurrency=2 test/*/*.test.ts
