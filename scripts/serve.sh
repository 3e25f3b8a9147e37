#!/usr/bin/env bash
# Builds the release app and serves dist/ on http://127.0.0.1:${PORT:-8080}/.
# A plain static server, like production: no live-reload script (which the CSP would block).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/env.sh
PORT="${PORT:-8080}"

bash scripts/setup.sh
bash scripts/build.sh
echo "Serving dist/ at http://127.0.0.1:$PORT/ (Ctrl-C to stop)"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist
