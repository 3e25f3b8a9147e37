#!/usr/bin/env bash
# Builds the release app (scripts/build.sh), then dist-single/report-editor.html: the whole
# app in one file that works opened from disk, with no server and no network.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
node scripts/single-file.mjs dist dist-single
