#!/usr/bin/env bash
# emulated-units-test.sh BUILD_DIR CPU PATH [TEST]: runs the kernel unit tests (built in-process
# as BUILD_DIR/tests/inproc_*, see tests/emulated.cmake; only inproc_TEST when named, as ctest
# does, one test each, so that no one ctest test holds them all) under qemu-user emulating an older CPU
# (Haswell: AVX2, no AVX-512; Nehalem: no AVX), after checking that the emulated CPU is the one
# ridge sees (its best ISA must be PATH), so that every test runs the fallbacks that CPU gets.
# Exit 0 pass, 1 fail, 77 when qemu-x86_64 is not installed (ctest: skipped).
set -u
build=${1:?usage: emulated-units-test.sh BUILD_DIR CPU EXPECTED_PATH}
cpu=${2:?cpu model, e.g. Haswell}
want=${3:?expected ridge code path, e.g. avx2}
only=${4:-}
command -v qemu-x86_64 >/dev/null 2>&1 || { echo "qemu-x86_64 not installed: skipped"; exit 77; }

best=$(qemu-x86_64 -cpu "$cpu" "$build/bench/ridge" sysinfo 2>/dev/null |
  awk '$1 == "ridge" && $2 == "best" { print $4 }')
if [ "$best" != "$want" ]; then
  echo "FAIL: under -cpu $cpu ridge's best ISA is '$best', expected '$want'" >&2
  exit 1
fi
fail=0
for t in "$build"/tests/inproc_test_*; do
  [ -z "$only" ] || [ "$(basename "$t")" = "inproc_$only" ] || continue
  [ -x "$t" ] || { echo "FAIL: $t is not built" >&2; exit 1; }
  log=$(mktemp)
  start=$(date +%s)
  if qemu-x86_64 -cpu "$cpu" "$t" >"$log" 2>&1; then
    echo "PASS: $(basename "$t") under -cpu $cpu ($(( $(date +%s) - start )) s): $(tail -1 "$log")"
  else
    echo "FAIL: $(basename "$t") under -cpu $cpu:" >&2
    grep -E "check failed|FAILED|^[a-z_0-9]+/|in-process" "$log" | grep -B1 -E "check failed|FAILED" >&2
    tail -3 "$log" >&2
    fail=1
  fi
  rm -f "$log"
done
exit $fail
