#!/usr/bin/env bash
# Make sure a Docker engine answers this user, starting one with the only flags this project allows.
#
# Why these flags: the sandbox never needs a network (containers run with
# --network none), and on shared machines a bridge would route container traffic
# to private address ranges. So dockerd starts without a bridge and without
# touching iptables. If an engine already answers, it is used as it is.
#
# Installing and starting the engine needs root: as root it is done directly, as a user with
# passwordless sudo through sudo (scripts/as-root.sh), and otherwise the exact commands are printed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/as-root.sh
. "$here/as-root.sh"

log() { printf 'holdout: %s\n' "$*" >&2; }
dockerd_flags='--bridge=none --iptables=false --ip6tables=false'
dockerd_log=/var/log/holdout-dockerd.log

if docker info >/dev/null 2>&1; then
  exit 0
fi

# An engine that answers root but not this user: the socket is the docker group's.
refused_this_user() {
  [ "$(id -u)" != 0 ] && docker info 2>&1 | grep -qi 'permission denied'
}
if refused_this_user; then
  log "a Docker engine runs, but refuses this user ($(id -un)): it is not in the docker group."
  log "run: sudo usermod -aG docker $(id -un)   then log out and in again (or: newgrp docker), and run this again."
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    log "no Docker engine is installed and this is not a Debian/Ubuntu system: install Docker"
    log "(https://docs.docker.com/engine/install/), start it, and run this again."
    exit 1
  fi
  if [ -z "$(root_access)" ]; then
    no_root_hint "installing Docker (apt-get install docker.io)" \
      "sudo apt-get install -y docker.io && sudo bash $here/ensure-docker.sh"
    exit 1
  fi
  log "installing Debian's docker.io (no Docker engine found)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi

if [ -z "$(root_access)" ]; then
  no_root_hint "starting the Docker engine" "sudo sh -c 'nohup dockerd $dockerd_flags >$dockerd_log 2>&1 &'"
  exit 1
fi

log "starting dockerd $dockerd_flags$([ "$(root_access)" = sudo ] && echo ' (through sudo)')"
# The redirection happens inside the root shell: the log lives where only root may write.
as_root sh -c 'mkdir -p /var/log && nohup dockerd '"$dockerd_flags"' >'"$dockerd_log"' 2>&1 &'
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    exit 0
  fi
  if refused_this_user; then
    log "dockerd started, but refuses this user ($(id -un)): it is not in the docker group."
    log "run: sudo usermod -aG docker $(id -un)   then log out and in again (or: newgrp docker), and run this again."
    exit 1
  fi
  sleep 0.5
done
log "dockerd did not answer within 30 s; its log is $dockerd_log:"
as_root tail -n 20 "$dockerd_log" >&2 || true
exit 1
