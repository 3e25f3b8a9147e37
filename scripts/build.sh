#!/usr/bin/env bash
# Builds the release app into dist/ (extra arguments go to `trunk build`).
#   bash scripts/build.sh           the release build: dist/ (serve, tests, the one-file build)
#   bash scripts/build.sh --bench   the same build plus the benchmark's wasm exports (cargo
#                                   feature `bench`, src/bench.rs) into dist-bench/; same
#                                   flags and target dir, so only the app crate recompiles
#
# Size: Leptos is built with `--cfg erase_components` (type-erased views: less
# monomorphised code, documented by Leptos as "smaller WASM"). When the machine's nightly
# toolchain has the wasm32 target and rust-src (scripts/setup.sh adds them), the standard
# library is rebuilt with panics that abort at once, without location or Debug-format data
# (`-Zbuild-std`, `-Cpanic=immediate-abort`): about 40 KB less gzipped. Release wasm already
# aborts on panic, so behaviour is the same; only the panic message in the console is lost.
# Without nightly it falls back to stable and says so. BUILD_TOOLCHAIN=stable forces that.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

TRUNK_ARGS=()
if [ "${1:-}" = --bench ]; then
  shift
  TRUNK_ARGS=(--features bench --dist dist-bench)
fi

nightly_ready() {
  [ "${BUILD_TOOLCHAIN:-}" != stable ] \
    && rustup toolchain list | grep -q '^nightly' \
    && rustup target list --installed --toolchain nightly | grep -qx wasm32-unknown-unknown \
    && rustup component list --installed --toolchain nightly | grep -q '^rust-src'
}

if nightly_ready; then
  echo "[build] nightly $(rustc +nightly --version | cut -d' ' -f2-), size-optimised std" >&2
  export RUSTUP_TOOLCHAIN=nightly
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export RUSTFLAGS="--cfg erase_components -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
  # Its own target dir, so stable builds (tests, CLI) keep their cache.
  export CARGO_TARGET_DIR="$PWD/target/size"
else
  echo "[build] stable toolchain (nightly with wasm32 + rust-src not available): a larger wasm" >&2
  export RUSTFLAGS="--cfg erase_components"
  export CARGO_TARGET_DIR="$PWD/target/erased"
fi
exec trunk build --release "${TRUNK_ARGS[@]}" "$@"
