#!/usr/bin/env bash
# quickstart.sh: install what is missing, build ridge, run the default suite.
# Usage: scripts/quickstart.sh [extra `ridge run` options, e.g. --suite quick]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
exec build/bench/ridge run --suite default --out results.json "$@"
