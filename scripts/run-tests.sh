#!/usr/bin/env bash
# Runs every check against an already built tree (make test builds first):
# formatting, then every test suite through CTest.
set -euo pipefail
build_dir=$(realpath "${1:-build}")
cd "$(dirname "$0")/.."

echo "== clang-format"
mapfile -t sources < <(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'bench/*.hpp')
clang-format --dry-run --Werror "${sources[@]}"
echo "formatting ok (${#sources[@]} files)"

echo "== tests"
cd "$build_dir"
ctest --output-on-failure --timeout 300 -j "$(nproc)"
