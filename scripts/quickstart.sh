#!/usr/bin/env bash
# quickstart.sh: install what is missing, build ridge, run the default suite (ceilings first),
# then write the HTML roofline report of the run.
# Usage: scripts/quickstart.sh [extra `ridge run` options, e.g. --suite quick]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
out=results.json
for arg in "$@"; do
    case "$arg" in
    -o | --out | --out=* | -o*) out="" ;; # the caller names the results file: report it yourself
    esac
done
rc=0
build/bench/ridge run --suite default --out results.json "$@" || rc=$?
# Exit 1 (a case failed verification) and 130 (interrupted) leave results worth reporting.
if [ -n "$out" ] && { [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || [ "$rc" -eq 130 ]; }; then
    build/bench/ridge report "$out" -o report.html
    echo "report written to report.html (open it in a browser; docs/report.md explains it)"
fi
exit "$rc"
