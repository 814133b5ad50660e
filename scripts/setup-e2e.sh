#!/usr/bin/env bash
# Set up what the end-to-end test (test/e2e/run.mjs) needs: Debian's Chromium
# and a locally installed code-server (VS Code 1.100 in the browser).
#
# Idempotent: every step checks for its artefact first, and a marker file
# written at the end makes a rerun on a ready machine instant.
# Run as root (apt-get) on Debian. Installs into <repo>/.e2e/ (git-ignored).
set -euo pipefail

CODE_SERVER_VERSION="4.100.3"
APT_PACKAGES=(chromium ripgrep libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
E2E="$ROOT/.e2e"
CS_DIR="$E2E/code-server"
CS_PKG="$CS_DIR/node_modules/code-server"
VSCODE="$CS_PKG/lib/vscode"
MARKER="$E2E/.setup-complete-$CODE_SERVER_VERSION"

log() { printf 'setup-e2e: %s\n' "$*"; }

# apt-get that waits (up to 10 minutes) for another install to release the package manager's
# lock instead of failing: DPkg::Lock::Timeout covers dpkg's locks; the lists lock that
# `apt-get update` takes is not covered by it on every apt version, so a lock failure there is
# retried until the same deadline.
APT_LOCK_TIMEOUT=600
apt_get() {
  local deadline=$(( $(date +%s) + APT_LOCK_TIMEOUT )) out rc
  while true; do
    rc=0
    out=$(apt-get -o DPkg::Lock::Timeout="$APT_LOCK_TIMEOUT" "$@" 2>&1) || rc=$?
    if ((rc == 0)); then
      [[ -n "$out" ]] && printf '%s\n' "$out"
      return 0
    fi
    if grep -q 'Could not get lock' <<<"$out" && (( $(date +%s) < deadline )); then
      log "waiting for another package manager to finish ($(grep -m1 'Could not get lock' <<<"$out"))"
      sleep 5
      continue
    fi
    printf '%s\n' "$out" >&2
    return "$rc"
  done
}

# Fast path: everything is done and the key artefacts are still in place.
if [[ -f "$MARKER" && -x /usr/bin/chromium && -f "$CS_PKG/out/node/entry.js" ]]; then
  log "already set up (code-server $CODE_SERVER_VERSION in .e2e/)"
  exit 0
fi

start=$(date +%s)

# 1. Debian packages ---------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    log "missing Debian packages (${missing[*]}); run this script as root"
    exit 1
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_get update -qq
  apt_get install -y -qq "${APT_PACKAGES[@]}" >/dev/null
else
  log "Debian packages present"
fi

# 2. code-server package -----------------------------------------------------
mkdir -p "$CS_DIR"
installed_version=""
if [[ -f "$CS_PKG/package.json" ]]; then
  installed_version=$(node -p "require(process.argv[1]).version" "$CS_PKG/package.json")
fi
if [[ "$installed_version" != "$CODE_SERVER_VERSION" ]]; then
  log "npm install code-server@$CODE_SERVER_VERSION"
  [[ -f "$CS_DIR/package.json" ]] || echo '{ "name": "entente-e2e-code-server", "private": true }' > "$CS_DIR/package.json"
  (cd "$CS_DIR" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  rm -f "$E2E"/.step-*
else
  log "code-server $CODE_SERVER_VERSION present"
fi

# 3. VS Code's own dependencies ----------------------------------------------
if [[ ! -f "$E2E/.step-vscode-deps" ]]; then
  log "npm install lib/vscode dependencies"
  (cd "$VSCODE" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
  touch "$E2E/.step-vscode-deps"
else
  log "lib/vscode dependencies present"
fi

# ripgrep: the package's postinstall would download a binary; use Debian's.
RG_LINK="$VSCODE/node_modules/@vscode/ripgrep/bin/rg"
if [[ ! -x "$RG_LINK" ]]; then
  log "link @vscode/ripgrep to /usr/bin/rg"
  mkdir -p "$(dirname "$RG_LINK")"
  ln -sfn /usr/bin/rg "$RG_LINK"
fi

if [[ ! -f "$E2E/.step-vscode-rebuild" ]]; then
  log "npm rebuild (native modules of lib/vscode; takes a few minutes)"
  (cd "$VSCODE" && npm_config_yes=true npm rebuild --loglevel=error)
  touch "$E2E/.step-vscode-rebuild"
else
  log "lib/vscode native modules built"
fi

if [[ ! -e "$VSCODE/node_modules.asar" ]]; then
  log "link node_modules.asar -> node_modules"
  ln -sfn node_modules "$VSCODE/node_modules.asar"
fi

if [[ ! -f "$E2E/.step-vscode-extensions" ]]; then
  log "npm install lib/vscode/extensions dependencies"
  (cd "$VSCODE/extensions" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
  touch "$E2E/.step-vscode-extensions"
else
  log "built-in extensions' dependencies present"
fi

# argon2 (password hashing; loaded at start-up even with --auth none) is hoisted
# to the install root, so rebuild it there. Its install script would try a
# download first and then build from source.
ARGON2_DIR="$(cd "$CS_PKG" && node -p "require('path').dirname(require.resolve('argon2/package.json'))")"
if ! (cd "$CS_PKG" && node -e "require('argon2')" 2>/dev/null); then
  log "npm rebuild argon2"
  (cd "$(dirname "$(dirname "$ARGON2_DIR")")" && npm rebuild argon2 --loglevel=error)
else
  log "argon2 built"
fi

# 4. Smoke check -------------------------------------------------------------
if ! node "$CS_PKG/out/node/entry.js" --version >/dev/null 2>&1; then
  log "code-server does not start: node $CS_PKG/out/node/entry.js --version failed"
  exit 1
fi

date -u +%FT%TZ > "$MARKER"
log "done in $(( $(date +%s) - start ))s"
