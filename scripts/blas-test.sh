#!/bin/sh
# blas-test.sh: runs the netlib BLAS and CBLAS level-3 test programs on libridge_blas.so.
#
# Usage: scripts/blas-test.sh BUILD_DIR
# The test programs come from Debian's libblas-test. Each is run with LD_PRELOAD set to the
# shim, so SGEMM resolves to ridge while every other routine stays with the system BLAS.
# RIDGE_BLAS_TRACE=1 makes the shim report how many calls it computed: a pass only counts
# if ridge did the work. Exit: 0 pass, 1 fail, 77 test programs not installed (ctest skip).
set -u

build=${1:?usage: blas-test.sh BUILD_DIR}
shim=$(cd "$build" 2>/dev/null && pwd)/kernels/blas/libridge_blas.so
testdir=${RIDGE_BLAS_TESTDIR:-/usr/lib/x86_64-linux-gnu/blas}

if [ ! -f "$shim" ]; then
    echo "blas-test: $shim not found (build the ridge_blas target)" >&2
    exit 1
fi
if [ ! -x "$testdir/xblat3s" ] || [ ! -f "$testdir/sblat3.in" ]; then
    echo "blas-test: netlib test programs not in $testdir (install libblas-test); skipping"
    exit 77
fi

# The shim must export the BLAS entry points and nothing else (libridge inside is hidden).
if command -v nm >/dev/null 2>&1; then
    exports=$(nm -D --defined-only "$shim" | awk '$2 ~ /^[TWDBRV]$/ { print $3 }' | sort | tr '\n' ' ')
    if [ "$exports" != "cblas_sgemm sgemm_ " ]; then
        echo "blas-test: $shim exports [$exports], want [cblas_sgemm sgemm_]"
        exit 1
    fi
fi

# A sanitizer build of the shim needs its runtime loaded first, and the Fortran program's
# own allocations are not ours to leak-check.
preload=$shim
for rt in libubsan libasan; do # each is prepended: ASan ends up first
    lib=$(ldd "$shim" | awk -v rt="$rt" 'index($1, rt) == 1 { print $3 }')
    [ -n "$lib" ] && preload="$lib:$preload"
done
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"

work=$(mktemp -d "${TMPDIR:-/tmp}/ridge-blas-test.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
status=0

# run NAME PROGRAM INPUT [LD_LIBRARY_PATH]: the program reads its parameters on stdin and
# writes its summary to stdout or to the file the input names; both land in $work/NAME.
run() {
    name=$1 prog=$2 input=$3 libpath=${4:-}
    mkdir "$work/$name"
    (cd "$work/$name" &&
        LD_LIBRARY_PATH=$libpath LD_PRELOAD=$preload RIDGE_BLAS_TRACE=1 \
            "$prog" <"$input" >stdout.txt 2>stderr.txt)
    rc=$?
    out="$work/$name/summary.txt"
    cat "$work/$name"/*.out "$work/$name/stdout.txt" >"$out" 2>/dev/null
    calls=$(sed -n 's/^ridge_blas: \([0-9][0-9]*\) calls computed by ridge$/\1/p' \
        "$work/$name/stderr.txt")
    ok=1
    [ "$rc" -eq 0 ] || { echo "blas-test: $name exited with status $rc"; ok=0; }
    if ! grep -q "SGEMM *PASSED THE COMPUTATIONAL TESTS\|cblas_sgemm *PASSED THE.*COMPUTATIONAL" \
        "$out"; then
        echo "blas-test: $name: SGEMM did not pass its computational tests"
        ok=0
    fi
    if ! grep -qi "sgemm *PASSED THE TESTS OF ERROR-EXITS" "$out"; then
        echo "blas-test: $name: SGEMM did not pass its error-exit tests"
        ok=0
    fi
    if grep -n "FAIL\|FATAL\|XERBLA WAS CALLED\|WRONG" "$out"; then
        echo "blas-test: $name: failures reported (above)"
        ok=0
    fi
    if [ -z "$calls" ] || [ "$calls" -eq 0 ]; then
        echo "blas-test: $name: the shim computed no calls: ridge did not run"
        ok=0
    fi
    if [ "$ok" -eq 1 ]; then
        echo "blas-test: $name passed ($calls SGEMM calls computed by ridge)"
        grep -i "sgemm" "$out" | sed 's/^/    /'
    else
        echo "--- $name summary ---"; cat "$out"
        echo "--- $name stderr ---"; cat "$work/$name/stderr.txt"
        status=1
    fi
}

run blas "$testdir/xblat3s" "$testdir/sblat3.in"

# The CBLAS tester reads RowMajorStrg from the library it was built with: netlib's libblas,
# which Debian keeps in $testdir next to the tests (the default libblas may be OpenBLAS).
if [ -x "$testdir/xscblat3" ] && [ -f "$testdir/sin3" ]; then
    run cblas "$testdir/xscblat3" "$testdir/sin3" "$testdir"
else
    echo "blas-test: xscblat3 not installed; CBLAS interface not tested"
fi
exit $status
