#!/usr/bin/env bash
# Fail when the committed dist/ is not what the sources bundle to.
# The action runs dist/index.js as committed, so a stale bundle ships old code.
set -euo pipefail
cd "$(dirname "$0")/.."
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
node scripts/bundle.mjs --outdir "$fresh" >/dev/null
if [ ! -d dist ]; then
  echo "dist/ is missing: run 'npm run bundle' and commit dist/." >&2
  exit 1
fi
if ! diff -r -q dist "$fresh" >/dev/null; then
  diff -r -q dist "$fresh" >&2 || true
  echo "dist/ is out of date with src/: run 'npm run bundle' and commit dist/." >&2
  exit 1
fi
# A fresh bundle's new chunk names are untracked files: the tree above matches, a clean clone
# would not (this once shipped a dist/index.js importing chunks nobody committed).
if git rev-parse --git-dir >/dev/null 2>&1; then
  untracked="$(git ls-files --others --exclude-standard dist)"
  if [ -n "$untracked" ]; then
    echo "$untracked" >&2
    echo "dist/ has files git does not track: run 'git add dist' and commit them with the sources." >&2
    exit 1
  fi
fi
echo "dist/ matches a fresh bundle."
