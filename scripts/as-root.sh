# Sourced by the setup scripts (ensure-docker.sh, build-base-image.sh, test.sh), not run.
#
# Some setup steps need root: apt-get, starting dockerd, debootstrap. They run
#   - directly when this shell is root (a root container, this project's own CI machine);
#   - through `sudo -n` when this user has passwordless sudo (GitHub's hosted runners run as
#     the non-root user "runner" with passwordless sudo, in the docker group);
#   - not at all otherwise: the script says exactly which command to run, and stops.
# `sudo -n` never prompts, so a script in CI fails with a message instead of hanging on a
# password prompt.

# How root is reached here: "root", "sudo", or "" (neither).
root_access() {
  if [ "$(id -u)" = 0 ]; then
    echo root
  elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    echo sudo
  else
    echo ''
  fi
}

# as_root CMD ARGS...: run CMD as root (see above); returns 126 when root cannot be reached.
as_root() {
  case "$(root_access)" in
    root) "$@" ;;
    sudo) sudo -n "$@" ;;
    *) return 126 ;;
  esac
}

# no_root_hint WHAT COMMAND: explain that WHAT needs root, which this user cannot get without
# a password, and print COMMAND, the exact line to run instead.
no_root_hint() {
  local what="$1" command="$2"
  printf 'holdout: %s needs root, and this user (%s) is not root and has no passwordless sudo%s.\n' \
    "$what" "$(id -un 2>/dev/null || id -u)" \
    "$(command -v sudo >/dev/null 2>&1 && echo ' (sudo asks for a password)' || echo ' (sudo is not installed)')" >&2
  printf 'holdout: run this yourself, then run the same command again:\n  %s\n' "$command" >&2
}
