#!/usr/bin/env bash
# Emacs (eglot) smoke test for the Entente language server: installs Debian's emacs-nox and
# elpa-eglot if missing (apt-get, as root or with sudo; it waits for another install's lock),
# builds the server if dist/server.js is missing, then runs test/emacs/smoke.el in batch mode.
# Usage: bash test/emacs/run.sh     (from anywhere; paths are relative to this script)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

have_eglot() {
  command -v emacs >/dev/null 2>&1 && emacs -q --batch --eval "(require 'eglot)" >/dev/null 2>&1
}

if ! have_eglot; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "emacs with eglot is missing and apt-get is unavailable: install Emacs 28+ and eglot first" >&2
    exit 2
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "# installing emacs-nox and elpa-eglot with apt-get" >&2
  apt=(env DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600)
  if ! "${apt[@]}" install -y --no-install-recommends emacs-nox elpa-eglot >&2; then
    "${apt[@]}" update >&2
    "${apt[@]}" install -y --no-install-recommends emacs-nox elpa-eglot >&2
  fi
fi
echo "# $(emacs --version | head -n 1)"

if [ ! -f dist/server.js ]; then
  echo "# dist/server.js is missing: building" >&2
  node scripts/build.mjs >&2
fi

exec timeout 120 emacs -q --batch -l "$here/smoke.el"
