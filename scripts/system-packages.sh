#!/usr/bin/env bash
# Debian packages the set-up needs, by purpose: installs the missing ones when run as root (apt-get),
# otherwise says exactly what to install and fails. Usage: bash scripts/system-packages.sh PURPOSE…
#   code-server  build tools for its native modules (kerberos, node-pty, argon2) and ripgrep (replaces a download)
#   browser      Debian's Chromium, driven by playwright-core in the UI tests
#   git          the A/B runner and its tests
#   postgres     a PostgreSQL server for the team-store tests
set -euo pipefail
missing=()
need() { # need PACKAGE TEST…: PACKAGE is missing unless the test command succeeds
  local pkg="$1"; shift
  "$@" >/dev/null 2>&1 || missing+=("$pkg")
}
for purpose in "$@"; do
  case "$purpose" in
    code-server)
      need build-essential command -v g++
      need pkg-config command -v pkg-config
      need python3 command -v python3
      need libkrb5-dev test -f /usr/include/gssapi/gssapi.h
      need ripgrep command -v rg ;;
    browser) [ -n "${CHROMIUM_BIN:-}" ] || need chromium command -v chromium ;;
    git) need git command -v git ;;
    postgres) need postgresql bash -c 'ls /usr/lib/postgresql/*/bin/postgres' ;;
    *) echo "system-packages.sh: unknown purpose $purpose" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "Missing system packages: ${missing[*]}." >&2
  echo "Install them (on Debian/Ubuntu: sudo apt-get install ${missing[*]}), then run the command again." >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]} (once)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
