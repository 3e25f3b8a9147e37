#!/usr/bin/env bash
# Installs every tool the project needs, idempotently: wasm target (and nightly's, for the
# size-optimised build), cargo-fuzz (with nightly), trunk, wasm-bindgen-cli,
# Debian chromium, and the npm packages (binaryen's wasm-opt, Playwright).
# Versions are pinned in ../shared/TOOLCHAIN.md order; a re-run with everything present is < 1 s.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130

log() { printf '[setup] %s\n' "$*" >&2; }

# The tools cargo compiles are build tools, not what ships: compile them without
# link-time optimisation and with parallel codegen (trunk's own release profile asks for
# fat LTO and one codegen unit, which alone takes minutes on 2 cores).
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16

# cargo-installed tools land here; CI shells may not have it on PATH.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Downloads (Debian's chromium, npm packages) run in the background while cargo compiles.
BACKGROUND=()
background() {
  local name=$1
  shift
  ( "$@" ) > "/tmp/report-setup-$name.log" 2>&1 &
  BACKGROUND+=("$name:$!")
}

# Debian packages: chromium for the end-to-end tests, python3 for the static
# server of serve.sh and the e2e tests (one apt run: apt takes one lock).
install_debian() {
  log "installing Debian packages: $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "$@" >/dev/null
}

install_npm() {
  log "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
}

DEBIAN=()
[ -x /usr/bin/chromium ] || DEBIAN+=(chromium)
command -v python3 >/dev/null || DEBIAN+=(python3)
if [ ${#DEBIAN[@]} -gt 0 ]; then
  background debian install_debian "${DEBIAN[@]}"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/@playwright/test ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  background npm install_npm
fi

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
  # Without its default features: no update check and no TLS (the build never downloads:
  # wasm-bindgen and wasm-opt are on PATH, and `trunk serve` is not used).
  log "installing trunk $TRUNK_VERSION"
  cargo install --locked trunk --version "$TRUNK_VERSION" --no-default-features
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Without --locked: its lockfile wants a webpki-roots version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

failed=0
for job in "${BACKGROUND[@]}"; do
  name=${job%%:*}
  if ! wait "${job#*:}"; then
    log "installing $name failed:"
    cat "/tmp/report-setup-$name.log" >&2
    failed=1
  fi
done
exit "$failed"
