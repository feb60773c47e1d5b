#!/usr/bin/env bash
# The test command (npm test): sets up what the tests need, then runs them all
# (or only the test files named: npm test -- test/scoring/metrics.test.ts).
#   - Node as named in .node-version, first on PATH (scripts/ensure-node.sh)
#   - npm dependencies (npm ci) when node_modules is missing
#   - a Docker engine, started with the safe flags (scripts/ensure-docker.sh)
#   - the registry-free base image (scripts/build-base-image.sh; cached by tag)
# Setup that needs root (apt-get, dockerd, debootstrap) runs as root, or through sudo for a
# user with passwordless sudo (scripts/as-root.sh); otherwise it says what to run.
# Engine tests never skip silently: with CI=true a missing engine fails the run.
# The lint (npm run lint) is not here: CI runs it as a step of its own (.ci/run, ci.yml).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/as-root.sh
. scripts/as-root.sh

step() { printf '\n== %s\n' "$*"; }

# Outside CI an older Node that cannot be upgraded here (offline) still runs the tests, with a warning.
if node_bin="$(bash scripts/ensure-node.sh)"; then
  export PATH="$node_bin:$PATH"
elif [ "${CI:-}" = true ]; then
  echo "CI=true and no Node $(cat .node-version) (above): CI runs on the Node the project names, so the run fails." >&2
  exit 1
else
  echo "Going on with Node $(node --version 2>/dev/null || echo '(none)'): results may differ from CI's Node $(cat .node-version)." >&2
fi
step "Node $(node --version) ($(command -v node))"

if [ ! -d node_modules ]; then
  step "installing npm dependencies"
  npm ci --no-audit --no-fund
fi

# The submission tests build hostile zips with Info-ZIP's zip/unzip.
if ! command -v zip >/dev/null 2>&1 || ! command -v unzip >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ -n "$(root_access)" ]; then
    step "installing zip and unzip"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zip unzip >/dev/null
  elif command -v apt-get >/dev/null 2>&1; then
    no_root_hint "installing zip and unzip, which the submission tests use," "sudo apt-get install -y zip unzip"
    exit 1
  else
    echo "zip and unzip are needed by the tests: install them with your package manager, then run this again." >&2
    exit 1
  fi
fi

# The leaderboard page is tested in Debian's headless Chromium (test/leaderboard/site.test.ts).
if ! command -v chromium >/dev/null 2>&1 && ! [ -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1 && [ -n "$(root_access)" ]; then
    step "installing chromium (the leaderboard page tests)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "No chromium: the leaderboard page tests will be skipped (they fail under CI=true). Install it with: sudo apt-get install -y chromium" >&2
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

# A failing typecheck or a stale dist/ does not hide the test results: every check runs,
# and the run fails at the end naming each one that failed.
failed=()

# With test files named (npm test -- test/x.test.ts), only those run, after the same setup:
# the typecheck and the dist/ check are for the whole run.
if [ "$#" -eq 0 ]; then
  step "typecheck"
  npx tsc -p tsconfig.json --noEmit || failed+=("typecheck (npx tsc -p tsconfig.json --noEmit)")

  if [ -f scripts/check-dist.sh ]; then
    step "dist/ matches a fresh bundle"
    bash scripts/check-dist.sh || failed+=("dist/ check (npm run bundle, then commit dist/)")
  fi
fi

step "tests"
if [ "$#" -eq 0 ]; then
  set -- test/*/*.test.ts
fi
node --import tsx --test --test-reporter=spec --test-concurrency=2 "$@" || failed+=("tests (the failing tests are listed above)")

if [ "${#failed[@]}" -gt 0 ]; then
  printf '\n== failed:\n' >&2
  printf '  - %s\n' "${failed[@]}" >&2
  exit 1
fi
