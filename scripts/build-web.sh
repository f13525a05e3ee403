#!/usr/bin/env bash
# Builds the web front end into OUT_DIR (called by CMake). Installs the npm
# packages from package-lock.json first when they are missing or stale.
set -euo pipefail
out_dir=$1
cd "$(dirname "$0")/../web"
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npx vite build --outDir "$out_dir" --emptyOutDir --logLevel warn
# The moderation dashboard, beside the widget in the same directory.
npx vite build --config vite.dashboard.config.ts --outDir "$out_dir" --logLevel warn
