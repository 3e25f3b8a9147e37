# Sourced by the scripts: tools from `cargo install` and npm (binaryen's wasm-opt) on PATH,
# Trunk without its update check (the network has no GitHub).
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
