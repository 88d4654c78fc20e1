#!/usr/bin/env bash
# kill_test.sh: ridge's output files survive its death at any moment. After `kill -9` the
# output path holds the file that was there before (or nothing) or the whole new file, never a
# part; after SIGINT or SIGTERM `ridge run` saves the cases it finished, says it was
# interrupted, and exits 130.
#
# usage: kill_test.sh RIDGE MODE [SHIM]
#   MODE kill     `ridge run`, `ridge report` and `ridge export` killed with SIGKILL after
#                 random delays spread over a run (a share of them late, around the write),
#                 half of the tries over an existing output file
#   MODE signals  `ridge run` stopped by SIGINT and SIGTERM during the cases and the write
#   SHIM          kill_slow_write.so, preloaded so that writing an output takes long enough
#                 (a few hundred ms) for kills to land inside the write; without it, or where a
#                 sanitizer hides it, the kills land around the write only
# $KILL_TEST_TRIES: `ridge run` kills (default 24); $KILL_TEST_SEED: repeat a sequence.
# A kill inside the write leaves FILE.tmp.XXXXXX beside FILE (documented in docs/cli.md);
# ridge does not remove it, as it may be another writer's. Exit 0 pass, 1 fail, 77 skip.
set -u
ridge=${1:?usage: kill_test.sh RIDGE MODE [SHIM]}
mode=${2:?usage: kill_test.sh RIDGE MODE [SHIM]}
shim=${3:-}
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ridge_kill_XXXXXX")
trap 'rm -rf "$work"' EXIT
seed=${KILL_TEST_SEED:-$$}
RANDOM=$seed
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
now() { date +%s.%N; }
# calc EXPR: floating-point arithmetic (awk), printed with 3 decimals.
calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }
# uniform LO HI R: seconds between LO and HI, R (0 to 32767) of the way ($RANDOM is drawn by
# the caller: a subshell would not continue the seeded sequence).
uniform() { calc "$1 + ($2 - $1) * $3 / 32767"; }
# tmp_count FILE: the temporary files that writes of FILE left beside it.
tmp_count() { compgen -G "$1.tmp.*" | wc -l; }

# check_results FILE COUNT INTERRUPTED: FILE is a whole results file that ridge reads back,
# every case in it complete; INTERRUPTED false: COUNT results, true: 0 to COUNT (a signal
# during the last case stops nothing).
check_results() {
    python3 - "$1" "$2" "$3" <<'EOF' || return 1
import json, sys
path, count, interrupted = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "true"
try:
    with open(path) as f:
        d = json.load(f)
except Exception as e:
    sys.exit(f"{path}: not JSON: {e}")
missing = {"schema", "suite", "command", "interrupted", "system", "results"} - set(d)
if missing or not str(d["schema"]).startswith("ridge-results/"):
    sys.exit(f"{path}: not a results file (missing {sorted(missing)}, schema {d.get('schema')})")
n = len(d["results"])
if d["interrupted"] is not interrupted:
    sys.exit(f"{path}: interrupted is {d['interrupted']}, want {interrupted}")
if (not interrupted and n != count) or (interrupted and not 0 <= n <= count):
    sys.exit(f"{path}: {n} results (of {count}, interrupted {interrupted})")
for r in d["results"]:
    if r["status"] not in ("ok", "skipped") or (r["status"] == "ok" and r["time_s"]["n"] < 1):
        sys.exit(f"{path}: a half-done case: {r['op']} {r['impl']} {r['status']} {r['reason']}")
EOF
    local csv
    csv=$("$ridge" export --format csv "$1" 2>&1) || { echo "ridge export: $csv"; return 1; }
}

# nresults FILE [STATUS]: how many results FILE holds (of that status).
nresults() {
    python3 -c 'import json, sys
print(sum(1 for r in json.load(open(sys.argv[1]))["results"] if sys.argv[2] in ("", r["status"])))' \
        "$1" "${2:-}"
}

# The shim takes effect when a write through it leaves its mark.
preload=()
if [ -n "$shim" ] && [ -f "$shim" ]; then
    preload=(env "LD_PRELOAD=$shim" "KILL_SLOW_WRITE_MARK=$work/mark"
             "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0")
fi
# slow_ms FILE: the pause per 4 KiB that makes writing FILE take about 200 ms.
slow_ms() { calc "int(200 / (1 + $(stat -c %s "$1") / 4096)) + 1" | cut -d. -f1; }

# timed OUT CMD...: runs CMD through the shim; sets elapsed (s) and write_at (s after the start
# at which the shim first paused, the write's start; empty if it never did).
timed() {
    local out=$1
    shift
    rm -f "$work/mark"
    local t0
    t0=$(now)
    "${preload[@]}" "$@" >"$work/cal.log" 2>&1 || { cat "$work/cal.log"; return 1; }
    elapsed=$(calc "$(now) - $t0")
    write_at=""
    local mark
    mark=$(stat -c %.9Y "$work/mark" 2>/dev/null) && write_at=$(calc "$mark - $t0")
    [ -e "$out" ] || { echo "no $out written"; return 1; }
}

# try OUT OLD LATE_FROM LATE_TO KIND CMD...: one kill of CMD (writing OUT) after a delay drawn
# from 0 to LATE_TO in a third of the tries, from LATE_FROM to LATE_TO (late) in the rest; OLD, when
# not empty, is put at OUT first and must be there unchanged unless the new file is whole.
# KIND checks a new file: "results N" or "same REF" (byte for byte). Sets outcome.
try() {
    local out=$1 old=$2 late_from=$3 late_to=$4 kind=$5
    shift 5
    rm -f "$out"
    [ -n "$old" ] && cp "$old" "$out"
    local delay tmps_before r=$RANDOM
    if [ $((RANDOM % 3)) -eq 0 ]; then delay=$(uniform 0 "$late_to" "$r"); else
        delay=$(uniform "$late_from" "$late_to" "$r"); fi
    tmps_before=$(tmp_count "$out")
    "${preload[@]}" "$@" >"$work/try.log" 2>&1 &
    local pid=$! rc
    sleep "$delay"
    kill -KILL "$pid" 2>/dev/null
    { wait "$pid"; } 2>/dev/null # no "Killed" notice
    rc=$?
    local left=$(($(tmp_count "$out") - tmps_before))
    local what="$* (kill after ${delay}s, exit $rc, $([ -n "$old" ] && echo "over an old file" ||
        echo "no old file"))"
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 137 ]; then
        fail "$what: exit $rc: $(head -c 500 "$work/try.log")"
    fi
    if [ "$left" -lt 0 ] || [ "$left" -gt 1 ] || { [ "$rc" -eq 0 ] && [ "$left" -ne 0 ]; }; then
        fail "$what: $left temporary files more beside $out"
    fi
    if [ ! -e "$out" ]; then
        [ -n "$old" ] && fail "$what: the old $out is gone"
        outcome=$([ "$left" -eq 1 ] && echo mid-write || echo before-write)
    elif [ -n "$old" ] && cmp -s "$old" "$out"; then
        outcome=$([ "$left" -eq 1 ] && echo mid-write || echo before-write)
    else
        local check
        case $kind in
        results*) check=$(check_results "$out" "${kind#results }" false 2>&1) ;;
        same*) check=$(cmp "${kind#same }" "$out" 2>&1) ;;
        esac
        [ -n "$check" ] && fail "$what: $out is neither the old file nor a whole new one: $check"
        outcome=$([ "$rc" -eq 0 ] && echo finished || echo after-write)
    fi
    counts[$outcome]=$((${counts[$outcome]:-0} + 1))
}

# kill_many NAME TRIES OUT REFERENCE KIND CMD...: TRIES kills of CMD; while no kill has landed
# inside the write (with the shim in effect), up to TRIES more late ones.
kill_many() {
    local name=$1 tries=$2 out=$3 ref=$4 kind=$5
    shift 5
    declare -gA counts=()
    export KILL_SLOW_WRITE_MS
    KILL_SLOW_WRITE_MS=$(slow_ms "$ref")
    timed "$out" "$@" || { fail "$name: the run to time it failed"; return; }
    # Late: from a little before the write (or the end) to a little after the end.
    local end=$elapsed from
    from=$(calc "${write_at:-$end} - 0.1 * $end")
    from=$(calc "$from < 0 ? 0 : $from")
    local to
    to=$(calc "$end * 1.05")
    local i extra=0
    for ((i = 0; i < tries; i++)); do
        try "$out" "$([ $((i % 2)) -eq 1 ] && echo "$ref")" "$from" "$to" "$kind" "$@"
    done
    while [ -n "$write_at" ] && [ "${counts[mid-write]:-0}" -eq 0 ] && [ "$extra" -lt "$tries" ]; do
        try "$out" "$([ $((extra % 2)) -eq 1 ] && echo "$ref")" "$from" "$end" "$kind" "$@"
        extra=$((extra + 1))
    done
    local summary=""
    for k in before-write mid-write after-write finished; do summary+=" $k ${counts[$k]:-0},"; done
    echo "$name: $((tries + extra)) kills (run ${end}s, write from ${write_at:-?}s, pause" \
        "${KILL_SLOW_WRITE_MS}ms/4KiB):${summary%,}; $(tmp_count "$out") temporary files left"
    [ -n "$write_at" ] && [ "${counts[mid-write]:-0}" -eq 0 ] &&
        echo "note: no kill landed inside the write this time"
    rm -f "$out".tmp.*
}

run_args=(run --suite quick --op gemm --impl ridge --no-ceilings --quiet)
echo "seed $seed (KILL_TEST_SEED=$seed repeats it)"

if [ "$mode" = kill ]; then
    # A results file to start from: the old file of half the tries, the reports' input.
    ref=$work/ref.json
    "$ridge" "${run_args[@]}" --min-time 0.01 --max-time 0.05 -o "$ref" >/dev/null ||
        { echo "FAIL: the first run failed"; exit 1; }
    n=$(nresults "$ref")
    check_results "$ref" "$n" false || { echo "FAIL: the first run's file"; exit 1; }
    [ -n "$shim" ] && ! "${preload[@]}" true && { echo "note: the shim does not load"; preload=(); }
    kill_many "ridge run" "${KILL_TEST_TRIES:-24}" "$work/out.json" "$ref" "results $n" \
        "$ridge" "${run_args[@]}" --min-time 0.01 --max-time 0.05 -o "$work/out.json"
    "$ridge" report "$ref" -o "$work/ref.html" || fail "ridge report"
    kill_many "ridge report" 8 "$work/out.html" "$work/ref.html" "same $work/ref.html" \
        "$ridge" report "$ref" -o "$work/out.html"
    "$ridge" export "$ref" --format gbench -o "$work/ref-gbench.json" || fail "ridge export"
    kill_many "ridge export" 8 "$work/gbench.json" "$work/ref-gbench.json" \
        "same $work/ref-gbench.json" "$ridge" export "$ref" --format gbench -o "$work/gbench.json"
elif [ "$mode" = signals ]; then
    # Cases of about 0.06 s each, so that half-way through some are done and some are not.
    args=("$ridge" "${run_args[@]}" --min-time 0.06 --max-time 0.06)
    ref=$work/ref.json
    "${args[@]}" -o "$ref" >/dev/null || { echo "FAIL: the first run failed"; exit 1; }
    export KILL_SLOW_WRITE_MS
    KILL_SLOW_WRITE_MS=$(slow_ms "$ref")
    [ -n "$shim" ] && ! "${preload[@]}" true && { echo "note: the shim does not load"; preload=(); }
    timed "$ref" "${args[@]}" -o "$ref" || { echo "FAIL: the run to time it failed"; exit 1; }
    n=$(nresults "$ref")
    check_results "$ref" "$n" false || { echo "FAIL: the first run's file"; exit 1; }
    echo "a whole run: ${elapsed}s, $n results, the write from ${write_at:-?}s"
    # signal_at SIG DELAY OLD: the run stopped by SIG; sets rc.
    signal_at() {
        local out=$work/sig.json
        rm -f "$out"
        [ -n "$3" ] && cp "$3" "$out"
        "${preload[@]}" "${args[@]}" -o "$out" >"$work/sig.log" 2>&1 &
        local pid=$!
        sleep "$2"
        kill "-$1" "$pid" 2>/dev/null
        { wait "$pid"; } 2>/dev/null
        rc=$?
        [ "$(tmp_count "$out")" -eq 0 ] || fail "SIG$1 after $2 s: a temporary file was left"
    }
    # Half-way, some cases are done and some are not; a run on a machine that got busier or
    # quieter since it was timed is tried again a little earlier or later (3 tries).
    for sig in INT TERM; do
        old=$([ "$sig" = TERM ] && echo "$ref")
        delay=$(calc "$elapsed / 2")
        for attempt in 1 2 3; do
            signal_at "$sig" "$delay" "$old"
            what="SIG$sig after $delay s${old:+, over an old file}"
            saved=-1 measured=0
            if [ "$rc" -ne 0 ] && [ "$rc" -ne 130 ]; then
                fail "$what: exit $rc, want 130: $(head -c 500 "$work/sig.log")"
            elif [ "$rc" -eq 0 ]; then
                : # finished before the signal
            elif ! msg=$(check_results "$work/sig.json" "$n" true 2>&1); then
                fail "$what: exit 130 and $msg"
            else
                saved=$(nresults "$work/sig.json")
                measured=$(nresults "$work/sig.json" ok)
            fi
            if [ "$measured" -ge 1 ] && [ "$saved" -lt "$n" ]; then
                echo "$what: exit 130, $saved of $n cases saved ($measured measured)," \
                    "\"interrupted\": true"
                break
            elif [ "$saved" -ge 0 ] && [ "$measured" -eq 0 ]; then
                echo "$what: exit 130 before the first case ended; again later"
                delay=$(calc "$delay * 1.5")
            elif [ "$rc" -eq 0 ] || [ "$saved" -eq "$n" ]; then
                echo "$what: exit $rc after every case; again earlier"
                delay=$(calc "$delay * 0.6")
            else
                break # failed above
            fi
            [ "$attempt" -eq 3 ] && fail "SIG$sig: no try stopped the run half-way"
        done
    done
    # During the write the cases are all done: the file is whole, exit 0 or 130.
    if [ -n "$write_at" ]; then
        for sig in INT TERM; do
            delay=$(calc "$write_at + 0.05")
            signal_at "$sig" "$delay" "$ref"
            what="SIG$sig while writing (${delay} s)"
            if [ "$rc" -ne 0 ] && [ "$rc" -ne 130 ]; then
                fail "$what: exit $rc: $(head -c 500 "$work/sig.log")"
            elif cmp -s "$ref" "$work/sig.json"; then
                fail "$what: exit $rc, but the old file was not replaced"
            elif msg=$(check_results "$work/sig.json" "$n" "$([ "$rc" -eq 130 ] && echo true ||
                echo false)" 2>&1); then
                echo "$what: exit $rc, the file is whole"
            else
                fail "$what: $msg"
            fi
        done
    fi
    # A write to a pipe blocks while the reader waits: a signal then must not fail it (EINTR)
    # and lose the run. The pipe is made one page small, so that the write blocks at once.
    python3 - "$work/pipe.json" "${args[@]}" <<'EOF' || fail "SIGINT while writing to a pipe"
import fcntl, os, signal, subprocess, sys, time
r, w = os.pipe()
fcntl.fcntl(w, 1031, 4096)  # F_SETPIPE_SZ
run = subprocess.Popen(sys.argv[2:] + ["-o", "/dev/stdout"], stdout=w, stderr=subprocess.PIPE)
os.close(w)
data = os.read(r, 1)  # the results begin: the cases are done
time.sleep(0.2)  # the pipe is full: ridge waits in write(2)
run.send_signal(signal.SIGINT)
time.sleep(0.2)
while chunk := os.read(r, 65536):
    data += chunk
err = run.communicate()[1].decode().strip()
with open(sys.argv[1], "wb") as f:
    f.write(data)
print(f"SIGINT while writing to a pipe: exit {run.returncode}, {len(data)} bytes read {err}")
sys.exit(run.returncode not in (0, 130))
EOF
    msg=$(check_results "$work/pipe.json" "$n" false 2>&1) || fail "the results through a pipe: $msg"
else
    echo "unknown mode '$mode' (kill or signals)"
    exit 2
fi
[ "$failures" -eq 0 ] || { echo "$failures failures (seed $seed)"; exit 1; }
echo "pass"
