#!/usr/bin/env bash
# Print the bin folder of a Node at least as new as .node-version's major, for PATH.
#
# Why: the project runs on one Node (.node-version; action.yml's `using`, the bundle target
# and package.json's engines agree with it, test/project/node-version.test.ts checks that).
# CI images and contributors' machines often carry an older Node, and `npm ci` warns about
# dependencies that need a newer one. The npm registry ships Node itself as a package
# (node-<os>-<arch>), so no other download site is needed: this installs it into a cache
# folder once and reuses it afterwards, offline.
#
#   scripts/ensure-node.sh            prints the bin folder (the running node's when it is new enough)
#   PATH="$(scripts/ensure-node.sh):$PATH" npm ci
#
#   HOLDOUT_NODE_CACHE   cache folder (default ${XDG_CACHE_HOME:-~/.cache}/holdout-node)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'holdout: %s\n' "$*" >&2; }

wanted="$(tr -d ' \t\r\n' <.node-version)"
wanted="${wanted#v}"
major="${wanted%%.*}"
case "$major" in
  '' | *[!0-9]*)
    log ".node-version says '$wanted', not a Node version: write a major (24) or a full version (24.11.1) there."
    exit 1
    ;;
esac

# The running node is enough when its major is at least the one wanted.
if command -v node >/dev/null 2>&1; then
  have="$(node -p 'process.versions.node' 2>/dev/null || true)"
  if [ -n "$have" ] && [ "${have%%.*}" -ge "$major" ]; then
    dirname "$(command -v node)"
    exit 0
  fi
fi

cache="${HOLDOUT_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/holdout-node}"

# A cached Node of that major is reused without asking the registry (offline runs, CI caches):
# the newest one when .node-version names a major only, the exact one otherwise.
newest_cached() {
  [ -d "$cache" ] || return 0
  local name
  # sort -V: 24.22.3 is newer than 24.9.0.
  for name in $(ls -1 "$cache" | sort -V -r); do
    case "$name" in
      "$wanted" | "$wanted".*) ;;
      *) continue ;;
    esac
    if [ -x "$cache/$name/bin/node" ]; then
      printf '%s' "$cache/$name"
      return 0
    fi
  done
}
found="$(newest_cached)"
if [ -n "$found" ]; then
  printf '%s/bin\n' "$found"
  exit 0
fi

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) os='' ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) arch='' ;;
esac
package="node-$os-$arch"
manual="install Node $wanted yourself (nvm install $major, fnm install, or https://nodejs.org) and put it first on PATH"
if [ -z "$os" ] || [ -z "$arch" ]; then
  log "no Node $wanted package on the npm registry for $(uname -s)/$(uname -m): $manual."
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  log "npm is needed to fetch Node $wanted from the npm registry and there is none: $manual."
  exit 1
fi

# The newest published version that matches .node-version (a major, or an exact version).
version="$(npm view "$package@$wanted" version --json 2>/dev/null | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const v = s.trim() ? JSON.parse(s) : [];
    const list = (Array.isArray(v) ? v : [v]).filter((x) => /^\d+\.\d+\.\d+$/.test(x));
    const n = (x) => x.split(".").map(Number);
    list.sort((a, b) => { const [p, q] = [n(a), n(b)]; return p[0] - q[0] || p[1] - q[1] || p[2] - q[2]; });
    process.stdout.write(list.at(-1) ?? "");
  });' || true)"
if [ -z "$version" ]; then
  log "the npm registry has no $package@$wanted (or cannot be reached; npm view $package@$wanted version): $manual."
  exit 1
fi

target="$cache/$version"
if [ ! -x "$target/bin/node" ]; then
  log "installing Node $version from the npm registry ($package) into $target"
  mkdir -p "$cache"
  work="$(mktemp -d "$cache/.download.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  tarball="$(cd "$work" && npm pack "$package@$version" --silent --pack-destination "$work" | tail -n 1)"
  tar -xzf "$work/$tarball" -C "$work"
  if [ ! -x "$work/package/bin/node" ]; then
    log "$package@$version has no bin/node inside; $manual."
    exit 1
  fi
  "$work/package/bin/node" --version >/dev/null
  # The package has node only; npm and npx come from the npm already here, which runs on any Node.
  rm -rf "$target"
  mv "$work/package" "$target"
fi
printf '%s/bin\n' "$target"
