#!/usr/bin/env bash
# Build the registry-free base image: Debian bookworm with python3, numpy, pandas,
# scipy and scikit-learn from Debian's own packages (and cloudpickle and packaging, which the
# submission harnesses use: harness/README.md), made with debootstrap and
# `docker import`. Air-gapped runners (and this project's CI) have no container
# registry and no conda channel; a Debian mirror is all this needs.
#
# Cached by tag: if the image already exists nothing is rebuilt. Needs root for debootstrap:
# run as root, or as a user with passwordless sudo (it uses sudo), in the docker group.
#   HOLDOUT_BASE_IMAGE  tag to build      (default holdout/base:bookworm)
#   DEBIAN_MIRROR       mirror to use     (default http://deb.debian.org/debian)
set -euo pipefail

tag="${HOLDOUT_BASE_IMAGE:-holdout/base:bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
packages="python3,python3-numpy,python3-pandas,python3-scipy,python3-sklearn,python3-cloudpickle,python3-packaging,ca-certificates"
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/as-root.sh
. "$here/as-root.sh"

log() { printf 'holdout: %s\n' "$*" >&2; }

if ! docker info >/dev/null 2>&1; then
  log "the Docker engine does not answer this user: run scripts/ensure-docker.sh first (it says what is missing)"
  exit 1
fi
# The package list is a label on the image: an image built from an older list is built again.
if docker image inspect "$tag" >/dev/null 2>&1; then
  have="$(docker image inspect --format '{{ index .Config.Labels "holdout.base.packages" }}' "$tag" 2>/dev/null || true)"
  if [ "$have" = "$packages" ]; then
    log "base image $tag is present; not rebuilding (docker image rm $tag first to make it anew)"
    exit 0
  fi
  log "base image $tag was built with other packages (${have:-unlabelled}); building it again with $packages"
fi

# debootstrap needs root (it creates device nodes and chroots): as root directly, as a user
# with passwordless sudo through sudo (GitHub's hosted runners), else the command to run.
access="$(root_access)"
if [ -z "$access" ]; then
  no_root_hint "building the base image (debootstrap)" \
    "sudo env HOLDOUT_BASE_IMAGE=$tag DEBIAN_MIRROR=$mirror bash $here/build-base-image.sh"
  exit 1
fi

if ! command -v debootstrap >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    log "debootstrap is missing and there is no apt-get to install it: install debootstrap, then run this again"
    exit 1
  fi
  log "installing debootstrap"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

root="$(mktemp -d /var/tmp/holdout-rootfs.XXXXXX)"
# The tree is root's once debootstrap has filled it: removing it needs root too.
trap 'as_root rm -rf "$root"' EXIT

log "debootstrap bookworm into $root (a few minutes; progress below)$([ "$access" = sudo ] && echo ', through sudo')"
# debootstrap says everything on stdout, its errors (E:) and warnings (W:) too: progress (I:)
# is thinned to one line in 50, everything else is shown, so a failure says why.
as_root debootstrap --variant=minbase --include="$packages" bookworm "$root" "$mirror" 2>&1 \
  | awk '/^I: (Retrieving|Validating|Extracting|Installing|Configuring) / { n++; if (n % 50 == 0) { print "  ... " n " steps, now: " $0; fflush() } next }
         /^I: / { next }
         { print; fflush() }' >&2

# Trim what a runtime never reads, so the image stays small.
as_root sh -c 'rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/* \
  "$1"/usr/share/doc "$1"/usr/share/man "$1"/usr/share/info' trim "$root"

log "importing as $tag"
# tar as root (the tree has root-only files); docker import as this user, whom the engine answers.
as_root tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["python3"]' \
  --change "LABEL holdout.base.packages=$packages" \
  - "$tag" >/dev/null
log "built $tag ($(docker image inspect --format '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}'))"
log "a runtime Dockerfile uses it with FROM $tag; holdout build picks it up (docs/runtime.md, \"A runtime without a registry\")"
