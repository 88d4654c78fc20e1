#!/usr/bin/env bash
# fuzz.sh [SECONDS] [BUILD_DIR]: builds the libFuzzer targets (clang, with AddressSanitizer and
# UBSan) and fuzzes each parser of outside input for SECONDS (default 60), as many at once as
# there are cores. Each target first re-runs its kept crash inputs (tests/fuzz/regressions/
# <target>/), then starts from its seed corpus (tests/fuzz/corpus/<target>/, never written to:
# new inputs go to a scratch folder). A crash leaves its input in BUILD_DIR/crashes/<target>/;
# fix the bug and copy the input into tests/fuzz/regressions/<target>/. Exit 0 clean, 1 a
# target crashed or timed out. CI runs it with 60 s; for a longer hunt: scripts/fuzz.sh 3600.
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
build=${2:-build-fuzz}
targets=(results suite compare_config cli)

CC=clang cmake -S . -B "$build" -DRIDGE_FUZZ=ON -DRIDGE_BUILD_TESTS=OFF -DRIDGE_WITH_CUDA=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 1
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}" >/dev/null || exit 1

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
fuzz_one() {
  local t=$1 exe="$build/tests/fuzz/fuzz_$1" work="$build/fuzz-work/$1" crashes="$build/crashes/$1"
  local dict=() log="$build/fuzz-$1.log"
  rm -rf "$work" && mkdir -p "$work" "$crashes"
  [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
  if compgen -G "tests/fuzz/regressions/$t/*" >/dev/null; then
    "$exe" "${dict[@]}" tests/fuzz/regressions/"$t"/* >"$log" 2>&1 ||
      { echo "fuzz $t: a kept regression input fails again (log: $log)"; tail -30 "$log"; return 1; }
  fi
  # -close_fd_mask=3: the parsers' own error lines would flood the log; libFuzzer and the
  # sanitizers still report on a duplicate of stderr.
  "$exe" "${dict[@]}" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -close_fd_mask=3 \
    -artifact_prefix="$crashes/" -print_final_stats=1 "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1
  local rc=$?
  local runs=$(awk '/stat::number_of_executed_units/ { print $NF }' "$log")
  local cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  if [ $rc -ne 0 ]; then
    echo "fuzz $t: FAILED after ${runs:-?} runs (input in $crashes, log: $log)"
    tail -40 "$log"
    return 1
  fi
  echo "fuzz $t: clean, ${runs:-?} runs in ${secs} s, ${cov:-cov: ?}"
}

fail=0 pids=() names=()
jobs=$(nproc)
for t in "${targets[@]}"; do
  fuzz_one "$t" & pids+=($!) names+=("$t")
  if [ ${#pids[@]} -ge "$jobs" ]; then wait "${pids[0]}" || fail=1; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p" || fail=1; done
exit $fail
