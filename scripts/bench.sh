#!/usr/bin/env bash
# Browser benchmark: builds the release app, serves it on 127.0.0.1 and measures it in
# headless Chromium (bench/run.mjs). Prints a JSON summary and writes bench/results/*.json.
#   bash scripts/bench.sh            full run (~2 min)
#   bash scripts/bench.sh --smoke    short run (CI uses it; timings are not asserted)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
PORT="${BENCH_PORT:-8090}"

bash scripts/setup.sh
[ "${BENCH_SKIP_BUILD:-}" = 1 ] || bash scripts/build.sh
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" 2>/dev/null && break
  sleep 0.2
done
node bench/run.mjs "http://127.0.0.1:$PORT/" "$@"
