#!/usr/bin/env bash
# Runs every test layer and prints a summary; exits non-zero if any layer fails.
#   bash scripts/test.sh              all layers
#   bash scripts/test.sh build e2e    only the named layers
# Layers: fmt css clippy native deps lint fuzz build size e2e bench (size and e2e need build).
# css is scripts/check-css.py: every CSS rule has a user, every class the app uses a rule,
# every token one definition in style/tokens.css, every stylesheet linked from index.html.
# lint is scripts/check-boundaries.py (after its self-test): browser crates only in the
# app's browser layer, and no import cycles among the files of src/ and crates/*/src/.
# fuzz runs each cargo-fuzz target for FUZZ_SECONDS (default 15 here); it needs the nightly
# toolchain and is reported as SKIP, loudly, on a machine without one.
# size is scripts/check-size.mjs: dist/'s wasm + JS + CSS gzipped within size-budget.json
# (after showing, with a budget of 1 byte, that the check does fail).
# bench is the browser benchmark in smoke mode: it prints numbers and asserts nothing. It
# builds its own copy of the app with the benchmark exports (cargo feature `bench`, into
# dist-bench/; the release dist/ leaves them out) in the same target dir as build, so only
# the app crate recompiles.
# Works without a terminal or stdin (CI=true, root, fresh clone).
set -uo pipefail
cd "$(dirname "$0")/.."
exec </dev/null

source scripts/env.sh
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

ALL_LAYERS=(fmt css clippy native deps lint fuzz build size e2e bench)
if [ $# -gt 0 ]; then LAYERS=("$@"); else LAYERS=("${ALL_LAYERS[@]}"); fi
for l in "${LAYERS[@]}"; do
  case " ${ALL_LAYERS[*]} " in *" $l "*) ;; *) echo "unknown layer: $l (known: ${ALL_LAYERS[*]})" >&2; exit 2 ;; esac
done
wanted() { case " ${LAYERS[*]} " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

section() { printf '\n======== %s ========\n' "$*"; }

SUMMARY=()
FAILED=0
BUILD_OK=0
# run_layer NAME DESCRIPTION COMMAND...: runs one layer, records PASS/FAIL and its duration.
run_layer() {
  local name=$1 desc=$2 start status
  shift 2
  wanted "$name" || return 0
  section "$name: $desc"
  start=$SECONDS
  if "$@"; then status=PASS; else status=FAIL; FAILED=1; fi
  SUMMARY+=("$(printf '%-4s %5ss  %-7s %s' "$status" $((SECONDS - start)) "$name" "$desc")")
  [ "$status" = PASS ]
}

# The engine must stay free of browser crates: it is shared with the CLI and native tests.
check_engine_deps() {
  local tree bad
  if ! tree=$(cargo tree -p report-engine -e normal --target all --prefix none --format '{p}'); then
    echo "cargo tree failed" >&2
    return 1
  fi
  bad=$(printf '%s\n' "$tree" | grep -E '^(leptos|web-sys|js-sys|wasm-bindgen|gloo)([-_ ]|$)' | sort -u || true)
  if [ -n "$bad" ]; then
    echo "ERROR: report-engine depends on browser crates (normal dependencies):" >&2
    printf '%s\n' "$bad" | sed 's/^/  /' >&2
    echo "Keep browser and UI code out of crates/engine." >&2
    return 1
  fi
  echo "report-engine has $(printf '%s\n' "$tree" | sort -u | wc -l) normal dependencies (own crate included), none of them browser crates."
}

# Structural checks (python3, stdlib only). The checker's self-test runs first, so a broken
# checker cannot pass silently; every check runs, so one failure does not hide another.
lint_layer() {
  local status=0
  if ! python3 scripts/check_boundaries_test.py; then
    echo "ERROR: the self-test of scripts/check-boundaries.py failed; its verdicts below are not to be trusted" >&2
    status=1
  fi
  python3 scripts/check-boundaries.py browser src || status=1
  python3 scripts/check-boundaries.py imports src/lib.rs crates/engine/src/lib.rs crates/cli/src/main.rs || status=1
  return "$status"
}

# scripts/fuzz.sh exits 3 when there is no nightly toolchain: a skip, not a pass.
FUZZ_SKIPPED=0
fuzz_layer() {
  # A short run in the default layer (every target still starts from the committed corpus);
  # longer runs are `FUZZ_SECONDS=300 bash scripts/fuzz.sh` (issue 14: tests that run in minutes).
  FUZZ_SECONDS="${FUZZ_SECONDS:-15}" bash scripts/fuzz.sh
  local status=$?
  if [ "$status" = 3 ]; then
    echo "SKIPPED: no nightly toolchain on this machine, so no fuzzing ran" >&2
    FUZZ_SKIPPED=1
    return 0
  fi
  return "$status"
}

size_layer() {
  if wanted build && [ "$BUILD_OK" != 1 ]; then
    echo "the release build failed; not measuring a stale dist/" >&2
    return 1
  fi
  # The check must be able to fail: with a budget of one byte it has to.
  if SIZE_BUDGET_BYTES=1 node scripts/check-size.mjs >/dev/null 2>&1; then
    echo "check-size.mjs passed a 1-byte budget: it checks nothing" >&2
    return 1
  fi
  node scripts/check-size.mjs
}

e2e_tests() {
  if wanted build && [ "$BUILD_OK" != 1 ]; then
    echo "the release build failed; not testing a stale dist/" >&2
    return 1
  fi
  if ! [ -f dist/index.html ]; then
    echo "no dist/index.html: run the build layer first" >&2
    return 1
  fi
  # The list reporter's lines also go to a file, so the summary can name the failed tests
  # (CI shows only the end of the output).
  CI="${CI:-true}" npx --no-install playwright test 2>&1 | tee "$E2E_LOG"
  return "${PIPESTATUS[0]}"
}
E2E_LOG=$(mktemp)
trap 'rm -f "$E2E_LOG"' EXIT

section "setup"
if ! bash scripts/setup.sh; then
  echo "setup failed" >&2
  exit 1
fi
echo "trunk: $(trunk --version)  wasm-bindgen: $(wasm-bindgen --version)  wasm-opt: $(wasm-opt --version)"
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null)  playwright: $(npx --no-install playwright --version)"

run_layer fmt "cargo fmt --check" cargo fmt --all -- --check
run_layer css "CSS: no rule without a user, no class without a rule, tokens defined once" python3 scripts/check-css.py
# --all-features: also lints src/bench.rs (cargo feature `bench`), which release builds leave out.
run_layer clippy "cargo clippy, warnings denied" cargo clippy --workspace --all-targets --all-features -- -D warnings
run_layer native "native cargo test" cargo test --workspace
run_layer deps "engine has no browser dependencies" check_engine_deps
run_layer lint "browser APIs only in src/browser*, bench.rs, main.rs; no import cycles" lint_layer
run_layer fuzz "cargo fuzz: template parser, draft file, share link, results file (FUZZ_SECONDS each)" fuzz_layer
if [ "$FUZZ_SKIPPED" = 1 ]; then SUMMARY[-1]="${SUMMARY[-1]/#PASS/SKIP}"; fi
if wanted build; then run_layer build "scripts/build-single.sh (dist/ and dist-single/)" bash scripts/build-single.sh && BUILD_OK=1; fi
run_layer size "release wasm + JS + CSS gzipped within size-budget.json" size_layer
run_layer e2e "Playwright end-to-end tests" e2e_tests
run_layer bench "benchmark smoke run on dist-bench/ (numbers only, no assertions)" bash scripts/bench.sh --smoke --out /tmp/report-editor-bench-smoke.json

section "summary"
printf '%s\n' "${SUMMARY[@]}"
passed=$(printf '%s\n' "${SUMMARY[@]}" | grep -c '^PASS' || true)
failed=$(printf '%s\n' "${SUMMARY[@]}" | grep -c '^FAIL' || true)
skipped=$(printf '%s\n' "${SUMMARY[@]}" | grep -c '^SKIP' || true)
# A test that failed and then passed on its retry (CI retries once) is named too: flaky is a
# defect to fix, not to forget. Each failure's error comes with Playwright's call log, which
# says what the test was waiting for.
if grep -q '✘' "$E2E_LOG"; then
  if [ "$FAILED" != 0 ]; then echo "failed end-to-end tests (a retry is marked 'retry #1'):"; else echo "flaky end-to-end tests (failed, then passed on retry):"; fi
  grep '✘' "$E2E_LOG" | sed 's/^ */  /'
  grep -E -A16 '^\s+(Error|TimeoutError|expect)[:(]' "$E2E_LOG" | grep -E '(Error|TimeoutError|expect)[:(]|^\s+- ' | head -30 | sed 's/^ */    /'
fi
if [ "$FAILED" != 0 ]; then
  echo "FAILED"
  echo "layers: $passed passed, $failed failed, $skipped skipped"
  exit 1
fi
if [ "$skipped" = 0 ]; then echo "all layers passed"; else echo "all layers that ran passed ($skipped skipped)"; fi
echo "layers: $passed passed, $failed failed, $skipped skipped"
