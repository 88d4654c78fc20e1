#!/usr/bin/env bash
# test.sh: install what is missing, build, and run every test: a Release build, then the same
# tests under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
jobs="$(nproc)"

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
# Two at a time: the emulated-CPU tests (qemu-user, one core each) are most of the time.
ctest --test-dir build --output-on-failure -j"$jobs"

if [ "${RIDGE_SKIP_SANITIZERS:-0}" != 1 ]; then
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRIDGE_SANITIZE=ON >/dev/null
  cmake --build build-asan -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure
fi

# ThreadSanitizer: the pool and the harness, in a build of their own (scripts/tsan-test.sh).
if [ "${RIDGE_SKIP_TSAN:-0}" != 1 ]; then
  bash scripts/tsan-test.sh
fi

# libFuzzer on every parser of outside input, a minute each (scripts/fuzz.sh; clang).
if [ "${RIDGE_SKIP_FUZZ:-0}" != 1 ]; then
  bash scripts/fuzz.sh "${RIDGE_FUZZ_SECONDS:-60}"
fi
