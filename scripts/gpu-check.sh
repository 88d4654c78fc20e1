#!/usr/bin/env bash
# gpu-check.sh: on a CUDA machine, builds what it can of ridge, runs the GPU tests (GEMMs;
# activations and norms) and the quick suite's GPU cases, and prints a short table (ridge
# against cuBLAS). Meant for a bare machine
# with nvcc, cuBLAS and NVML: missing OpenBLAS, hwloc, jansson, Criterion or pkg-config come from
# the .deb files of scripts/gpu-debs.sh (folder $RIDGE_DEBS, default gpu-debs/), unpacked into a
# local prefix. Without a GPU (or driver) it says so after the build and exits 0.
# Under 6 minutes on a 16-core H100 machine: builds only ridge_cli and the GPU tests, in parallel.
#   scripts/gpu-check.sh [build-dir]   env: RIDGE_DEBS, OUT (results and logs go there),
#                                      RIDGE_FORCE_DEBS=1 (use the .deb files regardless),
#     RIDGE_GPU_SUITES="quick llm default" (suites whose GPU cases run; default quick),
#     RIDGE_SANITIZE (default 1: the three GPU test binaries under compute-sanitizer memcheck,
#     and one shared-memory test of each under racecheck; 0: none; or the tools' names),
#     RIDGE_GPU_MAX_TIME (seconds per case, default 2), RIDGE_GPU_BUDGET_S (default 300).
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-gpu}
out=${OUT:-$build/out}
debs=${RIDGE_DEBS:-$src/gpu-debs}
jobs=$(nproc 2>/dev/null || echo 4)
mkdir -p "$build" "$out"
t0=$(date +%s)
say() { printf 'gpu-check: %s\n' "$*"; }
elapsed() { echo $(($(date +%s) - t0)); }

command -v nvcc >/dev/null || { say "nvcc not found: not a CUDA machine"; exit 0; }
command -v cmake >/dev/null || { say "cmake not found"; exit 1; }

# A local prefix for whatever the system lacks (pkg-config, OpenBLAS, hwloc, jansson, Criterion).
need=${RIDGE_FORCE_DEBS:-0} # 1: use the .deb files even where the system has the packages
for pc in openblas hwloc jansson criterion; do
  pkg-config --exists "$pc" 2>/dev/null || need=1
done
if [ "$need" = 1 ]; then
  if ! ls "$debs"/*.deb >/dev/null 2>&1; then
    say "missing build dependencies and no .deb files in $debs (run scripts/gpu-debs.sh where"
    say "apt works and carry the folder)"; exit 1
  fi
  prefix=$build/prefix
  mkdir -p "$prefix"
  for d in "$debs"/*.deb; do
    if command -v dpkg-deb >/dev/null; then dpkg-deb -x "$d" "$prefix"
    else (cd "$prefix" && ar p "$d" data.tar.xz | tar -xJ); fi
  done
  multi=$prefix/usr/lib/x86_64-linux-gnu
  # The packages' .pc files say /usr: a sysroot makes pkg-config prefix their paths, and only
  # the prefix is searched. Criterion's private requirements (boxfort, libgit2...) have no .pc
  # here and are not needed to link against its shared library.
  sed -i '/^Requires.private/d' "$multi/pkgconfig/criterion.pc"
  export PKG_CONFIG_SYSROOT_DIR=$prefix
  export PKG_CONFIG_LIBDIR=$multi/pkgconfig:$multi/openblas-pthread/pkgconfig:$prefix/usr/share/pkgconfig
  export LD_LIBRARY_PATH=$multi:$multi/openblas-pthread${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  export PATH=$prefix/usr/bin:$PATH
  pkgcfg=$(command -v pkg-config || command -v pkgconf)
  say "dependencies unpacked into $prefix ($(elapsed) s)"
fi

gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
if ! cmake -S "$src" -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release -DRIDGE_WITH_DNNL=OFF \
     ${pkgcfg:+-DPKG_CONFIG_EXECUTABLE=$pkgcfg} >"$out/configure.log" 2>&1; then
  tail -20 "$out/configure.log"; say "configure failed"; exit 1
fi
grep -q "GPU kernels and baselines enabled" "$out/configure.log" ||
  { grep "ridge: CUDA" "$out/configure.log"; say "CUDA not enabled in the build"; exit 1; }
targets=(ridge_cli)
grep -q "^RIDGE_BUILD_TESTS:BOOL=ON" "$build/CMakeCache.txt" && targets+=(test_gpu test_gpu_act test_gpu_attention)
if ! cmake --build "$build" -j "$jobs" --target "${targets[@]}" >"$out/build.log" 2>&1; then
  grep -E "error|Error" "$out/build.log" | head -20; say "build failed"; exit 1
fi
say "built ${targets[*]} ($(elapsed) s)"
# What the GPU code compiled to: Hopper's wgmma shows as HGMMA, mma.sync as HMMA.
if command -v cuobjdump >/dev/null; then
  cuobjdump --dump-sass "$build/bench/ridge" >"$build/ridge.sass" 2>&1 &&
    say "SASS: $(grep -c HGMMA "$build/ridge.sass") HGMMA, $(grep -c 'HMMA' "$build/ridge.sass") HMMA"
fi

"$build/bench/ridge" sysinfo >"$out/sysinfo.txt" 2>&1
grep -E "^(gpu|cuda) " "$out/sysinfo.txt"
if grep -q "^gpu  *none" "$out/sysinfo.txt"; then
  say "no usable GPU here: $(sed -n 's/^gpu  *none: //p' "$out/sysinfo.txt"); nothing to run"
  exit 0
fi

status=0
for t in test_gpu test_gpu_act test_gpu_attention; do
  [ -x "$build/tests/$t" ] || continue
  if timeout 150 "$build/tests/$t" --jobs 1 >"$out/$t.log" 2>&1; then
    say "$t passed ($(elapsed) s): $(tail -1 "$out/$t.log")"
  else
    status=1; tail -30 "$out/$t.log"; say "$t FAILED"
  fi
done

# The suites' GPU cases; the first run also measures the GPU ceilings (RIDGE_CEILINGS=quick
# keeps the CPU's short), the others reuse nothing and skip them.
suites=${RIDGE_GPU_SUITES:-quick}
first=1
# RIDGE_GPU_BUDGET_S: later suites and the sanitizers are skipped past this many seconds.
budget=${RIDGE_GPU_BUDGET_S:-300}
for suite in $suites; do
  if [ "$(elapsed)" -gt "$budget" ]; then say "suite $suite skipped: past ${budget} s"; continue; fi
  opts=(--no-ceilings)
  [ $first = 1 ] && opts=()
  RIDGE_CEILINGS=quick timeout 150 "$build/bench/ridge" run --suite "$suite" --device gpu \
    --max-time "${RIDGE_GPU_MAX_TIME:-2}" "${opts[@]}" --out "$out/results-gpu-$suite.json" \
    >"$out/run-$suite.log" 2>&1 || status=1
  first=0
  grep -E "cases:|failed" "$out/run-$suite.log" | tail -3
  say "suite $suite done ($(elapsed) s)"
done

tools=${RIDGE_SANITIZE:-1}
[ "$tools" = 1 ] && tools="memcheck racecheck"
[ "$tools" = 0 ] && tools=
# Each GPU test binary under each tool; racecheck is slow, so it checks one test per binary that
# runs the shared-memory kernels over many tiles.
sanitize() { # tool binary [criterion filter]
  local tool=$1 bin=$2 log="$out/sanitizer-$1-$2.log" filter=()
  [ -n "${3:-}" ] && filter=(--filter "$3")
  if [ "$(elapsed)" -gt "$budget" ]; then say "$tool $bin skipped: past ${budget} s"; return; fi
  [ -x "$build/tests/$bin" ] || { say "$tool $bin: not built"; return; }
  if timeout 90 compute-sanitizer --tool "$tool" --target-processes all --error-exitcode 9 \
       "$build/tests/$bin" --jobs 1 "${filter[@]}" >"$log" 2>&1; then
    say "compute-sanitizer $tool $bin: clean ($(elapsed) s)"
  else
    status=1; grep -E "ERROR SUMMARY|Error|Invalid|hazard" "$log" | head -5
    say "compute-sanitizer $tool $bin: FAILED or timed out ($(elapsed) s)"
  fi
}
if [ -n "$tools" ] && command -v compute-sanitizer >/dev/null; then
  for tool in $tools; do
    if [ "$tool" = racecheck ]; then
      sanitize racecheck test_gpu 'gpu/large_tiles_and_pipeline'
      sanitize racecheck test_gpu_attention 'gpu_attention/bf16_against_reference'
      sanitize racecheck test_gpu_act 'gpu_act/f32_against_reference'
    else
      for bin in test_gpu test_gpu_attention test_gpu_act; do sanitize "$tool" "$bin"; done
    fi
  done
fi

python3 - "$out" $suites <<'PY' || true
import json, sys
out, suites = sys.argv[1], sys.argv[2:]
hbm, bf16_roof = None, None
for n, suite in enumerate(suites):
    try:
        r = json.load(open(f"{out}/results-gpu-{suite}.json"))
    except (OSError, ValueError) as e:
        print(f"{suite}: no results ({e})")
        continue
    for c in r.get("ceilings", []):
        if c["device"] != "gpu":
            continue
        if c["name"] == "HBM":
            hbm = c["value"]
        if c["name"] == "bf16":
            bf16_roof = max(bf16_roof or 0, c["value"])
        if n == 0:
            print(f"ceiling {c['name']:>5} {c['method']:<16} {c['value']:10.1f} {c['unit']}")
    rows, impls = {}, []
    for x in r["results"]:
        if x["device"] != "gpu":
            continue
        q = x["params"]
        if x["op"] == "gemm":
            case = f"{q.get('M')}x{q.get('N')}x{q.get('K')} {q.get('transA', 'N')}{q.get('transB', 'N')}"
        elif x["op"] == "attention":
            case = (f"attn {q.get('heads')}/{q.get('kv_heads')}h {q.get('q_len')}x{q.get('kv_len')}"
                    f" d{q.get('head_dim')}{' c' if q.get('causal') else ''}")
        else:
            case = f"{x['op']} {q.get('rows')}x{q.get('cols')}"
        rows.setdefault((x["dtype"], case, x["op"]), {})[x["impl"]] = x
        if x["impl"] not in impls:
            impls.append(x["impl"])
    impls.sort(key=lambda i: (i == "cublas", i))
    print(f"-- {suite} (GEMM: GFLOP/s, ratio ridge / cuBLAS; attention: GFLOP/s, ratio to the"
          " unfused cuBLAS path, or to the bf16 roof without it; others: GB/s, ratio to the HBM"
          " copy)")
    print(f"{'dtype':<5} {'case':<24} " + " ".join(f"{i:>14}" for i in impls) + "  ratio path")
    for (dt, case, op), d in rows.items():
        key = "gflops" if op in ("gemm", "attention") else "gbps"
        g = {k: (v[key] if v["status"] == "ok" else None) for k, v in d.items()}
        den = (g.get("cublas") if op == "gemm" else
               (g.get("cublas") or bf16_roof) if op == "attention" else hbm)
        rat = g.get("ridge") / den if g.get("ridge") and den else None
        thr = any(v.get("gpu_throttled") for v in d.values())
        bad = [f"{k} {v['status']}" for k, v in d.items() if v["status"] not in ("ok", "skipped")]
        cell = lambda i: f"{g[i]:14.1f}" if g.get(i) else f"{'-':>14}"
        print(f"{dt:<5} {case:<24} " + " ".join(cell(i) for i in impls) +
              f"  {(f'{rat:5.2f}' if rat else '    -')} {d.get('ridge', {}).get('isa', '')}"
              f"{' throttled' if thr else ''} {' '.join(bad)}")
PY
say "done in $(elapsed) s (results: $out/results-gpu-*.json)"
exit $status
