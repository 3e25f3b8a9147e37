#!/usr/bin/env bash
# Installs every tool the project needs, idempotently: wasm target (and nightly's, for the
# size-optimised build), cargo-fuzz (with nightly), trunk, wasm-bindgen-cli,
# Debian chromium + chromedriver, and the npm packages (binaryen's wasm-opt, Playwright).
# Versions are pinned in ../shared/TOOLCHAIN.md order; a re-run with everything present is < 1 s.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130

log() { printf '[setup] %s\n' "$*" >&2; }

# cargo-installed tools land here; CI shells may not have it on PATH.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The release build is size-optimised on the machine's nightly toolchain when it has one
# (scripts/build.sh): it needs nightly's wasm32 target and rust-src. Optional: without
# them the build falls back to stable and the wasm is about 40 KB larger (gzipped).
if rustup toolchain list | grep -q '^nightly'; then
  if ! rustup target list --installed --toolchain nightly | grep -qx wasm32-unknown-unknown \
     || ! rustup component list --installed --toolchain nightly | grep -q '^rust-src'; then
    log "adding wasm32-unknown-unknown and rust-src to nightly (for the size-optimised build)"
    rustup target add wasm32-unknown-unknown --toolchain nightly \
      && rustup component add rust-src --toolchain nightly \
      || log "could not add them; release builds will use stable"
  fi
fi

# cargo-fuzz for scripts/fuzz.sh (the fuzz test layer), which needs nightly.
CARGO_FUZZ_VERSION=0.13.2
if rustup toolchain list | grep -q '^nightly' \
   && ! cargo-fuzz --version 2>/dev/null | grep -qx "cargo-fuzz $CARGO_FUZZ_VERSION"; then
  log "installing cargo-fuzz $CARGO_FUZZ_VERSION (for scripts/fuzz.sh)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (takes ~7 min on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Without --locked: its lockfile wants a webpki-roots version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  log "installing Debian chromium + chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if ! command -v python3 >/dev/null; then
  log "installing python3 (static server for serve.sh and the e2e tests)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq python3 >/dev/null
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/@playwright/test ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
