#!/usr/bin/env bash
# Register one EPHEMERAL runner for the Holdout GPU jobs (run by systemd as root, see
# holdout-runner.service), or, with --clean, remove what its job left behind.
#
#   /etc/holdout-runner/credentials  (root, 0600):
#     GITHUB_REPOSITORY=owner/competition
#     GITHUB_ADMIN_TOKEN=…   a fine-grained token with "Administration: write" on that
#                            repository only; it never reaches the runner user
#   /opt/holdout-runner/actions-runner/   the runner release, unpacked once
set -euo pipefail

clean=false
if [ "${1:-}" = "--clean" ]; then
  clean=true
  shift
fi
slot="${1:?usage: holdout-runner-register.sh [--clean] <slot>}"
case "$slot" in *[!0-9]* | '') echo "slot must be a number" >&2; exit 2 ;; esac
base=/opt/holdout-runner
dir="$base/$slot"

if [ "$clean" = true ]; then
  # Containers Holdout started for THIS runner (labelled with its name; a job killed mid-run
  # leaves them), never another slot's, then the whole runner folder.
  if [ -s "$base/$slot.name" ]; then
    docker ps -aq --filter label=holdout.managed=1 --filter "label=holdout.owner=$(cat "$base/$slot.name")" |
      xargs -r docker rm -f >/dev/null || true
  fi
  rm -rf "$dir" "$base/$slot.name"
  exit 0
fi

# shellcheck source=/dev/null
. /etc/holdout-runner/credentials
: "${GITHUB_REPOSITORY:?set in /etc/holdout-runner/credentials}"
: "${GITHUB_ADMIN_TOKEN:?set in /etc/holdout-runner/credentials}"

# A short-lived registration token (valid one hour, good for registering only).
reg_token="$(curl -fsS -X POST \
  -H "Authorization: Bearer ${GITHUB_ADMIN_TOKEN}" \
  -H "Accept: application/vnd.github+json" \
  "https://api.github.com/repos/${GITHUB_REPOSITORY}/actions/runners/registration-token" |
  sed -n 's/.*"token": *"\([^"]*\)".*/\1/p')"
[ -n "$reg_token" ] || { echo "no registration token: check GITHUB_ADMIN_TOKEN" >&2; exit 1; }

rm -rf "$dir"
cp -a "$base/actions-runner" "$dir"
chown -R holdout-runner: "$dir"
name="$(hostname)-gpu${slot}-$(date +%s)"
echo "$name" >"$base/$slot.name"
# --ephemeral: this runner takes ONE job, then deregisters; systemd starts a fresh one.
runuser -u holdout-runner -- "$dir/config.sh" \
  --unattended \
  --ephemeral \
  --url "https://github.com/${GITHUB_REPOSITORY}" \
  --token "$reg_token" \
  --name "$name" \
  --labels gpu \
  --work _work \
  --replace
