#!/usr/bin/env bash
# soak.sh: the default suite three times back to back in one process (tests/soak.c), started by
# hand: every run exits 0, resident memory stays flat, LeakSanitizer is clean, and the three
# runs' numbers agree within the noise `ridge compare` states.
#
#   scripts/soak.sh [--asan|--release|--both] [BUILD_DIR]
#
#   --asan (default)  ASan+UBSan build (default folder build-soak-asan), detect_leaks=1. Gates:
#                     exit codes, RSS, no sanitizer report. Sampling is cut to
#                     "--min-time 0.05 --max-time 0.5" (RIDGE_SOAK_TIME): under ASan the runs
#                     are about memory, and their times are the instrumented build's, so the
#                     comparison is printed but does not gate.
#   --release         Release build (default folder build-soak) at the default sampling (min 0.5 s,
#                     max 5 s a case). Gates: exit codes, RSS, and the numbers: `ridge compare`
#                     of run 1 against run 2 and run 1 against run 3 (its defaults: 5% threshold,
#                     alpha 0.05, docs/compare.md) judges no case `slower` or `faster`; `noisy`
#                     cases pass and are listed.
#   --both            --asan, then --release, in their default folders.
#
# RSS is stable when no run after the second ends above the second's RSS by more than
# max(5%, 16 MiB) (tests/soak_mem.h says why). GPU cases are left out (--device cpu): without a
# GPU they are only skipped. Extra `ridge run` options go in RIDGE_SOAK_ARGS (e.g. --op gemm),
# the number of runs in RIDGE_SOAK_REPS (default 3), the outputs in RIDGE_SOAK_OUT (default
# BUILD_DIR/soak): run-K.json, soak.log, compare-1-K.txt and .json.
# Durations on the 2-core development VM (143 CPU cases; 2026-11-28): --asan 15 min (4.6-5.3 min
# a run), --release 22 min (7.2-7.3 min a run; 9.3 min with compile jobs beside it). Timing runs
# want the machine to themselves.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=asan
case "${1:-}" in
--asan | --release | --both) mode=${1#--}; shift ;;
-h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
-*) echo "soak.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
esac
[ $# -le 1 ] || { echo "soak.sh: at most one BUILD_DIR (see --help)" >&2; exit 2; }
if [ "$mode" = both ]; then
  [ $# -eq 0 ] || { echo "soak.sh: --both takes no BUILD_DIR" >&2; exit 2; }
  rc=0
  "$0" --asan || rc=1
  "$0" --release || rc=1
  exit $rc
fi

if [ "$mode" = asan ]; then
  build=${1:-build-soak-asan}
  time_opts=${RIDGE_SOAK_TIME:-"--min-time 0.05 --max-time 0.5"}
  cmake_opts=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DRIDGE_SANITIZE=ON)
  gate_numbers=0
else
  build=${1:-build-soak}
  time_opts=${RIDGE_SOAK_TIME:-}
  cmake_opts=(-DCMAKE_BUILD_TYPE=Release)
  gate_numbers=1
fi
reps=${RIDGE_SOAK_REPS:-3}
out=${RIDGE_SOAK_OUT:-$build/soak}

# A folder already configured is used as it is (RIDGE_SOAK_CMAKE: more options for a new one).
if [ ! -f "$build/CMakeCache.txt" ]; then
  # shellcheck disable=SC2086 # a word list
  cmake -S . -B "$build" "${cmake_opts[@]}" ${RIDGE_SOAK_CMAKE:-} >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target ridge_soak ridge_cli >/dev/null
sanitized=0
grep -q '^RIDGE_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" && sanitized=1
mkdir -p "$out"
rm -f "$out"/run-*.json "$out"/compare-1-* "$out"/soak.log

# shellcheck disable=SC2206 # word lists
args=(run --suite default --device cpu --no-ceilings --quiet $time_opts ${RIDGE_SOAK_ARGS:-})
echo "soak.sh: $mode: $build/tests/ridge_soak $reps $out/run -- ${args[*]}"
start=$(date +%s)
rc_soak=0
# detect_leaks=1 is ASan's default on x86-64 Linux; it is said here so that an ASAN_OPTIONS of
# the caller's cannot turn LeakSanitizer off unnoticed. A report makes the exit code nonzero.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1" \
  UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1" \
  "$build/tests/ridge_soak" "$reps" "$out/run" -- "${args[@]}" 2>&1 | tee "$out/soak.log" ||
  rc_soak=${PIPESTATUS[0]}
secs=$(($(date +%s) - start))

fail=()
[ "$rc_soak" -eq 0 ] || fail+=("ridge_soak exited $rc_soak")
if [ "$sanitized" = 0 ]; then
  sanitizers="not a sanitizer build"
elif grep -q "ERROR: LeakSanitizer" "$out/soak.log"; then
  sanitizers="LeakSanitizer reported leaks (soak.log)"
elif grep -qE "ERROR: AddressSanitizer|runtime error:" "$out/soak.log"; then
  sanitizers="AddressSanitizer or UBSan reported errors (soak.log)"
else
  sanitizers="LeakSanitizer, AddressSanitizer and UBSan clean"
fi
case "$sanitizers" in *reported*) fail+=("$sanitizers") ;; esac

# The numbers: run 1 against each later run.
ridge="$build/bench/ridge"
summaries=() notes=()
for k in $(seq 2 "$reps"); do
  if [ ! -f "$out/run-1.json" ] || [ ! -f "$out/run-$k.json" ]; then
    fail+=("run 1 or $k left no results file")
    continue
  fi
  cmp="$out/compare-1-$k"
  rc_cmp=0 rc_json=0
  "$ridge" compare "$out/run-1.json" "$out/run-$k.json" >"$cmp.txt" || rc_cmp=$?
  "$ridge" compare --format json "$out/run-1.json" "$out/run-$k.json" -o "$cmp.json" ||
    rc_json=$?
  # Exit 1 is a verdict (a case slower, or failing verification); 2 is bad input.
  if [ "$rc_cmp" -gt 1 ] || [ "$rc_json" -gt 1 ]; then
    fail+=("ridge compare 1 vs $k: exit $rc_cmp")
    continue
  fi
  summaries+=("1 vs $k: $(grep -E '^(PASS|FAIL):' "$cmp.txt" || echo '(no summary line)')")
  read -r slower faster < <(jq -r '"\(.counts.slower) \(.counts.faster)"' "$cmp.json")
  if [ "$gate_numbers" = 1 ] && [ $((slower + faster)) -gt 0 ]; then
    fail+=("run 1 vs $k: $slower slower and $faster faster beyond the threshold")
  fi
  while IFS= read -r line; do notes+=("$line"); done < <(jq -r --arg k "$k" '.cases[] |
    select(.verdict == "slower" or .verdict == "faster" or .verdict == "noisy") |
    "1 vs \($k): \(.verdict) \(.label) \(.impl): ratio \(.ratio // "-" | tostring | .[:6]) " +
    "[\(.ci_lo // "-" | tostring | .[:6]), \(.ci_hi // "-" | tostring | .[:6])]"' "$cmp.json")
done

echo
echo "soak.sh: $mode: $reps runs in one process in ${secs} s ($out)"
grep -E '^soak: ' "$out/soak.log" | sed 's/^/  /'
echo "  sanitizers: $sanitizers"
for s in "${summaries[@]}"; do echo "  compare $s"; done
if [ ${#notes[@]} -gt 0 ]; then
  echo "  cases not unchanged (NEW/BASE median ratio [interval]):"
  printf '    %s\n' "${notes[@]}"
fi
[ "$gate_numbers" = 1 ] || echo "  (--asan: the comparison is printed, not gated)"
if [ ${#fail[@]} -eq 0 ]; then
  echo "soak.sh: $mode: PASS"
else
  for f in "${fail[@]}"; do echo "soak.sh: $mode: FAIL: $f"; done
  exit 1
fi
