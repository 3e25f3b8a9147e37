#!/usr/bin/env bash
# Fuzzes the engine's parsers (the cargo-fuzz package in fuzz/) for a bounded time per target;
# exits non-zero if any target finds a crash, timeout or out-of-memory input.
#   bash scripts/fuzz.sh                      every target, FUZZ_SECONDS each (default 60)
#   bash scripts/fuzz.sh share_link           only the named targets
#   FUZZ_SECONDS=300 bash scripts/fuzz.sh     longer runs
# The committed corpus (fuzz/corpus/<target>) is read, never written: new inputs go to a
# temporary directory. Findings land in fuzz/artifacts/<target>/ (gitignored; reproduce with
# `cargo +nightly fuzz run <target> <file>`). Needs the nightly toolchain and cargo-fuzz
# (installed here if missing). Works without a terminal or stdin (CI, root, fresh clone).
# Exit codes: 0 clean, 1 a finding or a failed run, 2 bad arguments, 3 no nightly toolchain.
set -uo pipefail
cd "$(dirname "$0")/.."
exec </dev/null

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

CARGO_FUZZ_VERSION=0.13.2
SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
# Safe Rust gains little from AddressSanitizer and runs ~1.6x faster without it; overflow
# checks and debug assertions stay on. FUZZ_SANITIZER=address to use it anyway.
SANITIZER="${FUZZ_SANITIZER:-none}"
BUILD_FLAGS=(--debug-assertions --sanitizer "$SANITIZER")

ALL_TARGETS=(template_parser draft_file share_link results_file)
if [ $# -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi
for t in "${TARGETS[@]}"; do
  case " ${ALL_TARGETS[*]} " in *" $t "*) ;; *) echo "fuzz: unknown target: $t (known: ${ALL_TARGETS[*]})" >&2; exit 2 ;; esac
done
case "$SECONDS_PER_TARGET" in '' | *[!0-9]*) echo "fuzz: FUZZ_SECONDS must be a whole number" >&2; exit 2 ;; esac

# Longest input per target: templates may be large; links and files are fuzzed smaller.
max_len() { case $1 in template_parser) echo 262144 ;; *) echo 65536 ;; esac; }

log() { printf '[fuzz] %s\n' "$*" >&2; }

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: the nightly toolchain is not available (\`cargo +nightly\` fails); cargo fuzz needs it." >&2
  echo "fuzz: install it with \`rustup toolchain install nightly\`, or skip this layer." >&2
  exit 3
fi

# Idempotent: nothing to do when the pinned cargo-fuzz is already installed.
if ! cargo-fuzz --version 2>/dev/null | grep -qx "cargo-fuzz $CARGO_FUZZ_VERSION"; then
  log "installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked || { echo "fuzz: could not install cargo-fuzz" >&2; exit 1; }
fi

start=$SECONDS
log "building ${TARGETS[*]} ($(cargo +nightly --version), sanitizer: $SANITIZER)"
build_ok=1
for t in "${TARGETS[@]}"; do
  cargo +nightly fuzz build "${BUILD_FLAGS[@]}" "$t" || build_ok=0
done
[ "$build_ok" = 1 ] || { echo "fuzz: the build failed" >&2; exit 1; }
log "built in $((SECONDS - start)) s"

work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

SUMMARY=()
FAILED=0
for t in "${TARGETS[@]}"; do
  seeds="fuzz/corpus/$t"
  artifacts="fuzz/artifacts/$t"
  mkdir -p "$seeds" "$artifacts" "$work/$t"
  before=$(ls -A "$artifacts")
  printf '\n======== fuzz %s: %s s, max_len %s ========\n' "$t" "$SECONDS_PER_TARGET" "$(max_len "$t")"
  t0=$SECONDS
  # New corpus entries go to the first directory (the temporary one); the seeds are read only.
  cargo +nightly fuzz run "${BUILD_FLAGS[@]}" "$t" "$work/$t" "$seeds" -- \
    -max_total_time="$SECONDS_PER_TARGET" -max_len="$(max_len "$t")" \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    >"$work/$t.log" 2>&1
  status=$?
  grep -E '^#[0-9]+[[:space:]]+DONE' "$work/$t.log" | tail -1
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|slowest_unit_time_sec|peak_rss_mb)' "$work/$t.log"
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$t.log" | tail -1)
  new=$(comm -13 <(printf '%s\n' "$before" | sort) <(ls -A "$artifacts" | sort) | sed '/^$/d')
  if [ "$status" -ne 0 ] || [ -n "$new" ]; then
    FAILED=1
    echo "---- the libFuzzer log from the first error (50 lines) ----"
    awk '/panicked at|overflowed its stack|ERROR: libFuzzer|ALARM: working/ { on = 1 } on && n++ < 50' "$work/$t.log"
    echo "---- the log's last 15 lines ----"
    tail -15 "$work/$t.log"
    for a in $new; do echo "FINDING: $artifacts/$a  (reproduce: cargo +nightly fuzz run ${BUILD_FLAGS[*]} $t $artifacts/$a)"; done
    [ -n "$new" ] || echo "libFuzzer exited with status $status and wrote no artifact"
    SUMMARY+=("$(printf 'FAIL %5ss  %-16s %s executions, %s exec/s, exit %s' $((SECONDS - t0)) "$t" "${execs:-?}" "${rate:-?}" "$status")")
  else
    SUMMARY+=("$(printf 'PASS %5ss  %-16s %s executions, %s exec/s' $((SECONDS - t0)) "$t" "${execs:-?}" "${rate:-?}")")
  fi
done

printf '\n======== fuzz summary (%s s in all) ========\n' $((SECONDS - start))
printf '%s\n' "${SUMMARY[@]}"
exit "$FAILED"
