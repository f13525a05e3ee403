#!/usr/bin/env bash
# Runs every test suite against an already built tree (make test builds first).
set -euo pipefail
build_dir=${1:-build}
cd "$build_dir"
ctest --output-on-failure --timeout 300 -j "$(nproc)"
