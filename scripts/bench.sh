#!/usr/bin/env bash
# Browser benchmark: builds the release app with its benchmark exports (`scripts/build.sh
# --bench`: cargo feature `bench`, into dist-bench/; the shipped dist/ has none), serves it
# on 127.0.0.1 and measures it in headless Chromium (bench/run.mjs). Prints a JSON summary
# and writes bench/results/*.json.
#   bash scripts/bench.sh            full run (~2 min)
#   bash scripts/bench.sh --smoke    short run (CI uses it; timings are not asserted)
# BENCH_SKIP_BUILD=1 reuses the dist-bench/ already there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
PORT="${BENCH_PORT:-8090}"

bash scripts/setup.sh
DIST=dist-bench
[ "${BENCH_SKIP_BUILD:-}" = 1 ] || bash scripts/build.sh --bench
if ! [ -f "$DIST/index.html" ]; then
  echo "no $DIST/index.html: run without BENCH_SKIP_BUILD=1 (or bash scripts/build.sh --bench)" >&2
  exit 1
fi
# The rjsf peer (bench/peers/: page and bundle in $DIST/peers/), with the app or when missing.
if [ "${BENCH_SKIP_BUILD:-}" != 1 ] || ! [ -f "$DIST/peers/rjsf.js" ]; then
  node bench/peers/build.mjs "$DIST"
fi
# The fields the peer renders: the staging report's, as the CLI lists them.
cargo run -q -p report-cli -- fields staging-deployment-report --json > "$DIST/peers/staging-fields.json"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$DIST" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" 2>/dev/null && break
  sleep 0.2
done
BENCH_DIST="$DIST" node bench/run.mjs "http://127.0.0.1:$PORT/" "$@"
