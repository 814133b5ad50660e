#!/usr/bin/env bash
# Neovim smoke test for the Entente language server: installs neovim if missing (Debian/Ubuntu,
# apt), builds the server if dist/server.js is missing, then runs test/nvim/smoke.lua headless.
# Usage: bash test/nvim/run.sh     (from anywhere; paths are relative to this script)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

if ! command -v nvim >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "nvim is missing and apt-get is unavailable: install Neovim (0.7+) first" >&2
    exit 2
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  # Wait (up to 10 minutes) for another install to release the package manager's lock instead of
  # failing; the lists lock of `apt-get update` is retried until the same deadline.
  apt_get() {
    local deadline=$(( $(date +%s) + 600 )) out rc
    while true; do
      rc=0
      out=$(DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 "$@" 2>&1) || rc=$?
      printf '%s\n' "$out" >&2
      if ((rc == 0)); then return 0; fi
      if grep -q 'Could not get lock' <<<"$out" && (( $(date +%s) < deadline )); then
        echo "# waiting for another package manager to finish" >&2
        sleep 5
        continue
      fi
      return "$rc"
    done
  }
  echo "# installing neovim with apt-get" >&2
  if ! apt_get install -y neovim; then
    apt_get update
    apt_get install -y neovim
  fi
fi
echo "# $(nvim --version | head -n 1)"

if [ ! -f dist/server.js ]; then
  echo "# dist/server.js is missing: building" >&2
  node scripts/build.mjs >&2
fi

# -l exists only from Neovim 0.9; luafile works on every version.
exec timeout 120 nvim --headless --clean -u NONE -c "luafile test/nvim/smoke.lua"
