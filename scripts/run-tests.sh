#!/usr/bin/env bash
# Runs every check against an already built tree (make test builds first):
# formatting, every test suite through CTest, the widget's size budget, and
# the browser tests (web/e2e) against the built binary.
set -euo pipefail
build_dir=$(realpath "${1:-build}")
cd "$(dirname "$0")/.."
repo=$(pwd)

echo "== clang-format"
mapfile -t sources < <(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'bench/*.hpp')
clang-format --dry-run --Werror "${sources[@]}"
echo "formatting ok (${#sources[@]} files)"

echo "== tests"
cd "$build_dir"
ctest --output-on-failure --timeout 300 -j "$(nproc)"

# The widget CMake built and embedded into the binary (build-dir/web-dist);
# absent when configured with -DTOWNHALL_WEB=OFF.
web_dist="$build_dir/web-dist"
if [[ ! -f "$web_dist/widget.js" ]]; then
  echo "== widget size and browser tests: skipped ($web_dist has no widget; configured with TOWNHALL_WEB=OFF?)"
  exit 0
fi
cd "$repo/web"

echo "== widget unit tests (Vitest)"
npm test --silent

echo "== widget size"
# check-size.mjs measures web/dist: make it what the binary serves.
rm -rf dist
cp -r "$web_dist" dist
npm run --silent size

echo "== browser tests"
chromium=${E2E_CHROMIUM:-/usr/bin/chromium}
if [[ ! -x "$chromium" ]]; then
  echo "browser tests need Chromium at $chromium (apt-get install chromium, or set E2E_CHROMIUM)" >&2
  exit 1
fi
# Each test file starts its own server on free ports with a fresh database.
E2E_TOWNHALL_BIN="$build_dir/townhall" E2E_CHROMIUM="$chromium" timeout 600 npm run --silent e2e
