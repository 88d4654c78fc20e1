#!/usr/bin/env bash
# tsan-test.sh: the thread pool and the harness under ThreadSanitizer, in a build of their own.
#
#   scripts/tsan-test.sh [BUILD_DIR]     (default build-tsan)
#
# Two tests, because Criterion cannot start under TSan (its BoxFort arenas go to random
# addresses that TSan's shadow memory already holds: Snaipe/Criterion#274), so none of the
# Criterion tests can run here:
#   tsan_pool          the pool's hand-offs and barrier over plain shared memory, 1 to 4
#                      threads, spinning and blocking paths (tests/tsan_pool.c);
#   smoke_quick_suite  `ridge run --suite quick` end to end on every core: the harness's pinned
#                      threads, the GEMM, low-precision GEMM, attention and activation kernels
#                      on the pool, the OpenBLAS and libm baselines, and the quick ceilings.
# oneDNN is left out (RIDGE_WITH_DNNL=OFF): it runs on OpenMP, and libgomp is not instrumented,
# so TSan cannot see its barriers and reports the adapter's OpenMP region falsely. Any report
# fails the test (halt_on_error). About 3 minutes on 2 cores, most of it the build.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-tsan}
jobs="$(nproc)"

cmake -S . -B "$build" -DRIDGE_TSAN=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DRIDGE_WITH_CUDA=OFF -DRIDGE_WITH_DNNL=OFF >/dev/null
cmake --build "$build" -j"$jobs" --target ridge_cli tsan_pool

# GCC 12's TSan cannot lay out its shadow memory when the kernel randomizes mmap addresses
# with more than 28 bits ("FATAL: ThreadSanitizer: unexpected memory mapping", e.g. on Ubuntu
# 24.04 hosts); without address randomization it can.
run=()
if [ "$(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null || echo 28)" -gt 28 ]; then
  run=(setarch "$(uname -m)" -R)
fi
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
  "${run[@]}" ctest --test-dir "$build" --output-on-failure --no-tests=error \
  -R '^(tsan_pool|smoke_quick_suite)$'
