#!/usr/bin/env bash
# emulated-cpu-test.sh BUILD_DIR CPU PATH: runs the quick suite under qemu-user emulating an
# older CPU (e.g. Haswell: AVX2, no AVX-512; Nehalem: no AVX) and checks that nothing dies of an
# illegal instruction, every case verifies, and ridge's rows report the expected code path.
# Exit 0 pass, 1 fail, 77 when qemu-x86_64 is not installed (ctest: skipped).
set -u
build=${1:?usage: emulated-cpu-test.sh BUILD_DIR CPU EXPECTED_PATH}
cpu=${2:?cpu model, e.g. Haswell}
want=${3:?expected ridge code path, e.g. avx2}
command -v qemu-x86_64 >/dev/null 2>&1 || { echo "qemu-x86_64 not installed: skipped"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Every implementation but oneDNN's: its run-time generated code is not what this checks, and
# qemu-user does not run all of it (its AVX2 GELU-tanh kernel faults under -cpu Haswell, fine on
# hardware with ONEDNN_MAX_CPU_ISA=avx2); its RMSNorm row is a skip by design.
impls=$("$build/bench/ridge" list | awk '/^implementations:/ { on = 1; next } /^suites:/ { on = 0 }
  on && $2 != "IMPL" && $2 != "onednn" { print $2 }' | sort -u | paste -sd, -)
# Short sampling: emulation is ~500x slower; this checks correctness and dispatch, not speed.
# The CPU cases only: the GPU ones are skipped without a GPU (and have no ISA path). No
# ceilings: their bandwidth sweeps reach 4x the L3 (over 1 GiB on a 260 MiB L3), hours under
# emulation; the probes' dispatch is checked by inproc_test_probes (emulated-units-test.sh).
qemu-x86_64 -cpu "$cpu" "$build/bench/ridge" run --suite quick --device cpu --min-time 0.01 --max-time 0.05 \
  --no-ceilings --impl "$impls" --out "$tmp/results.json" >"$tmp/out.txt" 2>"$tmp/err.txt"
rc=$?
grep -v "TCG doesn't support" "$tmp/err.txt" >&2
cat "$tmp/out.txt"
if [ $rc -ne 0 ]; then
  echo "FAIL: ridge run exited $rc under -cpu $cpu" >&2
  exit 1
fi
paths=$(awk '$5 == "ridge" { print $6 }' "$tmp/out.txt" | sort -u)
if [ "$paths" != "$want" ]; then
  echo "FAIL: ridge ran path(s) '$paths' under -cpu $cpu, expected '$want'" >&2
  exit 1
fi
grep -Eq "^[0-9]+ cases: [0-9]+ ok, 0 failed, 0 skipped, 0 error$" "$tmp/out.txt" || {
  echo "FAIL: not every case verified under -cpu $cpu" >&2
  exit 1
}
# The results file says the same: the machine's best ISA and each ridge row's code path.
python3 - "$tmp/results.json" "$want" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1]))
want = sys.argv[2]
bad = [x["op"] + " " + x["dtype"] + ": " + x["isa"] for x in r["results"]
       if x["impl"] == "ridge" and x["isa"] != want]
if r["system"]["best_isa"] != want or bad:
    sys.exit("FAIL: results file: best_isa %s, rows %s (expected %s)" % (r["system"]["best_isa"], bad, want))
PY
echo "PASS: -cpu $cpu ran ridge's $want path, all cases verified, the results file agrees"
