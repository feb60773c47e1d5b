#!/usr/bin/env bash
# Make sure a Docker engine answers, starting one with the only flags this project allows.
#
# Why these flags: the sandbox never needs a network (containers run with
# --network none), and on shared machines a bridge would route container traffic
# to private address ranges. So dockerd starts without a bridge and without
# touching iptables. If an engine already answers, it is used as it is.
set -euo pipefail

log() { printf 'holdout: %s\n' "$*" >&2; }

if docker info >/dev/null 2>&1; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian's docker.io (no Docker engine found)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
  else
    log "no Docker engine is installed. Install one (Debian: 'apt-get install docker.io'),"
    log "or run this as root on Debian so it can be installed for you."
    exit 1
  fi
fi

if [ "$(id -u)" != 0 ]; then
  log "a Docker engine is installed but does not answer, and only root can start it."
  log "Start it as root with: dockerd --bridge=none --iptables=false --ip6tables=false &"
  exit 1
fi

log "starting dockerd --bridge=none --iptables=false --ip6tables=false"
mkdir -p /var/log
nohup dockerd --bridge=none --iptables=false --ip6tables=false >/var/log/holdout-dockerd.log 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    exit 0
  fi
  sleep 0.5
done
log "dockerd did not answer within 30 s; its log is /var/log/holdout-dockerd.log:"
tail -n 20 /var/log/holdout-dockerd.log >&2 || true
exit 1
