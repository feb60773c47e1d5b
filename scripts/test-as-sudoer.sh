#!/usr/bin/env bash
# Run the test suite as GitHub's hosted runners run it: a non-root user in the docker group with
# passwordless sudo. Proves the setup scripts need no root shell (they reach root through sudo,
# scripts/as-root.sh) and that no test assumes it runs as root.
#
# Run as root on a Debian machine whose Docker engine is up:
#   bash scripts/test-as-sudoer.sh                      the whole suite (scripts/test.sh)
#   bash scripts/test-as-sudoer.sh test/a.test.ts ...   only those files, after the same setup
# It
#   1. installs sudo when missing; creates the user holdout-sudoer (docker group, NOPASSWD sudo)
#      and holdout-nosudo (docker group, no sudo);
#   2. copies this working tree into the sudoer's home: the files git tracks plus the untracked
#      ones it does not ignore, so no node_modules (test.sh runs npm ci, as on a fresh clone);
#   3. checks the root paths without building anything: as the sudoer, build-base-image.sh runs
#      debootstrap through sudo (against a mirror on 127.0.0.1 where nothing listens, so it fails
#      at once, downloads nothing and leaves no root-owned tree behind); as holdout-nosudo it
#      stops before debootstrap and prints the exact command to run;
#   4. runs CI=true scripts/test.sh as the sudoer.
# Then removes both users and their homes (HOLDOUT_SUDOER_KEEP=1 keeps them, to look around).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

sudoer="${HOLDOUT_SUDOER:-holdout-sudoer}"
nosudo="${HOLDOUT_NOSUDO:-holdout-nosudo}"
log() { printf '\n== %s\n' "$*"; }
die() {
  printf 'test-as-sudoer: %s\n' "$*" >&2
  exit 1
}

[ "$(id -u)" = 0 ] || die "run this as root: it creates users (sudo bash scripts/test-as-sudoer.sh)."
docker info >/dev/null 2>&1 || die "no Docker engine answers: start it first (bash scripts/ensure-docker.sh)."
getent group docker >/dev/null || die "there is no docker group: the engine's socket must belong to it (groupadd docker, restart dockerd)."

if ! command -v sudo >/dev/null 2>&1; then
  log "installing sudo"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sudo >/dev/null
fi

cleanup() {
  if [ "${HOLDOUT_SUDOER_KEEP:-}" = 1 ]; then
    echo "kept: users $sudoer and $nosudo, /home/$sudoer/holdout (remove: userdel -r $sudoer; userdel -r $nosudo; rm /etc/sudoers.d/$sudoer)" >&2
    return
  fi
  rm -f "/etc/sudoers.d/$sudoer"
  for u in "$sudoer" "$nosudo"; do
    if id "$u" >/dev/null 2>&1 && ! userdel -r "$u" 2>/dev/null; then
      echo "could not remove the user $u (a process of it still runs?): userdel -r $u" >&2
    fi
  done
}
trap cleanup EXIT

log "users: $sudoer (docker group, passwordless sudo), $nosudo (docker group, no sudo)"
for u in "$sudoer" "$nosudo"; do
  id "$u" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash --groups docker "$u"
done
printf '%s ALL=(ALL) NOPASSWD:ALL\n' "$sudoer" >"/etc/sudoers.d/$sudoer"
chmod 0440 "/etc/sudoers.d/$sudoer"
visudo -cf "/etc/sudoers.d/$sudoer" >/dev/null

# What this machine needs to reach the npm registry (a proxy, its own CA), passed on to the users
# as a runner's environment would carry it; nothing else of root's environment is.
passed=()
for v in NODE_EXTRA_CA_CERTS SSL_CERT_FILE SSL_CERT_DIR HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy; do
  [ -n "${!v:-}" ] && passed+=("$v=${!v}")
done
cafile="$(npm config get cafile 2>/dev/null || true)"
[ -n "$cafile" ] && [ "$cafile" != null ] && [ "$cafile" != undefined ] && passed+=("npm_config_cafile=$cafile")

# as USER CMD...: a login-like environment for USER (its groups, its HOME, a plain PATH).
as() {
  local user="$1"
  shift
  runuser -u "$user" -- env -i HOME="/home/$user" USER="$user" LOGNAME="$user" \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "${passed[@]}" "$@"
}

log "copying the working tree to /home/$sudoer/holdout (no node_modules, no ignored files)"
tree="/home/$sudoer/holdout"
rm -rf "$tree"
mkdir -p "$tree"
git -C "$repo" ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do [ -e "$f" ] || [ -L "$f" ] && printf '%s\0' "$f"; done |
  tar -C "$repo" --null -T - -c | tar -C "$tree" -x
chown -R "$sudoer:$sudoer" "$tree"
cp -r "$tree" "/home/$nosudo/holdout"
chown -R "$nosudo:$nosudo" "/home/$nosudo/holdout"

log "root access as each user (scripts/as-root.sh)"
got="$(as "$sudoer" bash -c '. ~/holdout/scripts/as-root.sh; echo "$(root_access) $(as_root id -u)"')"
[ "$got" = "sudo 0" ] || die "$sudoer should reach root through sudo; root_access and as_root id -u said: $got"
echo "$sudoer: root through sudo (as_root id -u = 0)"
got="$(as "$nosudo" bash -c '. ~/holdout/scripts/as-root.sh; echo "[$(root_access)]"; as_root true; echo "as_root exit $?"' || true)"
[ "$got" = $'[]\nas_root exit 126' ] || die "$nosudo should have no root access; it said: $got"
echo "$nosudo: no root access (as_root exits 126)"

log "build-base-image.sh as $sudoer: debootstrap through sudo (a dead mirror on 127.0.0.1: fails at once, nothing built)"
before="$(ls -d /var/tmp/holdout-rootfs.* 2>/dev/null | sort || true)"
set +e
out="$(as "$sudoer" env HOLDOUT_BASE_IMAGE="holdout/base:sudoer-proof-$$" DEBIAN_MIRROR=http://127.0.0.1:9/debian \
  bash "$tree/scripts/build-base-image.sh" 2>&1)"
code=$?
set -e
printf '%s\n' "$out" | sed 's/^/  | /'
[ "$code" != 0 ] || die "build-base-image.sh should have failed against a dead mirror"
grep -q 'through sudo' <<<"$out" || die "build-base-image.sh did not go through sudo"
grep -qi '127.0.0.1' <<<"$out" || die "debootstrap (as root) did not reach the point of asking the mirror"
after="$(ls -d /var/tmp/holdout-rootfs.* 2>/dev/null | sort || true)"
[ "$before" = "$after" ] || die "the root-owned debootstrap tree was left behind: $(comm -13 <(echo "$before") <(echo "$after"))"
docker image inspect "holdout/base:sudoer-proof-$$" >/dev/null 2>&1 && die "an image was built"
echo "ok: debootstrap ran as root through sudo, failed on the dead mirror, and its tree was removed"

log "build-base-image.sh as $nosudo: stops before debootstrap with the command to run"
set +e
out="$(as "$nosudo" env HOLDOUT_BASE_IMAGE="holdout/base:sudoer-proof-$$" bash "/home/$nosudo/holdout/scripts/build-base-image.sh" 2>&1)"
code=$?
set -e
printf '%s\n' "$out" | sed 's/^/  | /'
[ "$code" = 1 ] || die "build-base-image.sh as $nosudo should exit 1, not $code"
grep -q "sudo env HOLDOUT_BASE_IMAGE=holdout/base:sudoer-proof-$$ " <<<"$out" || die "no exact command to run was printed"
echo "ok: exit 1 and the exact command to run"

log "CI=true scripts/test.sh $* as $sudoer"
start=$(date +%s)
set +e
as "$sudoer" env CI=true ${HOLDOUT_TEST_FRESH_BUNDLE:+HOLDOUT_TEST_FRESH_BUNDLE="$HOLDOUT_TEST_FRESH_BUNDLE"} \
  bash -c 'cd ~/holdout && bash scripts/test.sh "$@"' test.sh "$@"
code=$?
set -e
echo "scripts/test.sh as $sudoer: exit $code after $(($(date +%s) - start)) s"
exit "$code"
