#!/usr/bin/env bash
# gate-check.sh: measures the regression gate itself (docs/compare.md, "Measured"): how often
# `ridge compare` fails on no change (A/A) and how often it catches a known slowdown, for
# separate runs (`ridge run --rounds`) and for paired runs (`ridge ab` + `compare --paired`).
#
#   scripts/gate-check.sh RIDGE OUTDIR [separate|paired|both]
#
# RIDGE is the ridge binary, OUTDIR a folder for the results files (kept, so that every
# verdict can be re-read). Knobs (environment):
#   TRIES=20       comparisons each way
#   SUITE=quick    the suite (a name or a file; copy it first if the tree may change meanwhile)
#   ROUNDS=10      rounds per run (separate) or per case (paired)
#   SLOW_SEP=10    the slowdown in percent that separate runs must catch
#   SLOW_AB=5      the slowdown in percent that paired runs must catch
#   RUN_OPTS=""    more `ridge run` options for every run (e.g. "--op gemm")
# Needs a quiet machine: this measures the noise, so anything else running adds to it.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 RIDGE OUTDIR [separate|paired|both]" >&2
  exit 2
fi
ridge=$1 out=$2 mode=${3:-both}
tries=${TRIES:-20} suite=${SUITE:-quick} rounds=${ROUNDS:-10}
slow_sep=${SLOW_SEP:-10} slow_ab=${SLOW_AB:-5}
read -r -a run_opts <<<"${RUN_OPTS:-}"
case $mode in separate|paired|both) ;; *) echo "$0: unknown mode '$mode'" >&2; exit 2 ;; esac
[ -x "$ridge" ] || { echo "$0: cannot run '$ridge'" >&2; exit 2; }
mkdir -p "$out"

# Gate exit code of one comparison, with its JSON kept: 0 pass, 1 fail.
gate() { # BASE NEW NAME [compare options...]
  local base=$1 new=$2 name=$3
  shift 3
  local rc=0
  "$ridge" compare "$base" "$new" --format json -o "$out/$name.cmp.json" "$@" || rc=$?
  [ "$rc" -le 1 ] || { echo "$0: compare $base $new exited $rc" >&2; exit 2; }
  echo "$rc"
}

# "k of n" over a list of gate exit codes (1 = failed).
count() { # CODES...
  local k=0 n=0
  for c in "$@"; do n=$((n + 1)); [ "$c" = 1 ] && k=$((k + 1)); done
  echo "$k of $n"
}

if [ "$mode" != paired ]; then
  echo "separate runs: $((tries + 1)) plain and $((tries + 1)) --slowdown $slow_sep runs of" \
       "'$suite', --rounds $rounds, interleaved" >&2
  for i in $(seq 0 "$tries"); do
    "$ridge" run --suite "$suite" --rounds "$rounds" --no-ceilings --quiet "${run_opts[@]}" \
      -o "$out/plain-$i.json"
    "$ridge" run --suite "$suite" --rounds "$rounds" --no-ceilings --quiet "${run_opts[@]}" \
      --slowdown "$slow_sep" -o "$out/slow-$i.json" 2>/dev/null
    echo "  run pair $((i + 1))/$((tries + 1)) done" >&2
  done
  aa=() sl=()
  for i in $(seq 1 "$tries"); do
    aa+=("$(gate "$out/plain-$((i - 1)).json" "$out/plain-$i.json" "aa-$i")")
  done
  for i in $(seq 0 $((tries - 1))); do
    sl+=("$(gate "$out/plain-$i.json" "$out/slow-$i.json" "slow-$i")")
  done
  echo "separate A/A: the gate failed $(count "${aa[@]}") comparisons (false alarms)"
  echo "separate --slowdown $slow_sep: the gate failed $(count "${sl[@]}") comparisons (caught)"
fi

if [ "$mode" != separate ]; then
  echo "paired: $tries A/A and $tries --slowdown $slow_ab tries of 'ridge ab' on '$suite'," \
       "--impl ridge, --rounds $rounds" >&2
  paa=() psl=()
  for i in $(seq 1 "$tries"); do
    "$ridge" ab "$ridge" "$ridge" --suite "$suite" --impl ridge --rounds "$rounds" \
      "${run_opts[@]}" -o "$out/ab-aa-$i" >/dev/null
    paa+=("$(gate "$out/ab-aa-$i-a.json" "$out/ab-aa-$i-b.json" "ab-aa-$i" --paired)")
    "$ridge" ab "$ridge" "$ridge" --suite "$suite" --impl ridge --rounds "$rounds" \
      "${run_opts[@]}" --b-opt="--slowdown $slow_ab" -o "$out/ab-slow-$i" >/dev/null 2>&1
    psl+=("$(gate "$out/ab-slow-$i-a.json" "$out/ab-slow-$i-b.json" "ab-slow-$i" --paired)")
    echo "  ab try $i/$tries done" >&2
  done
  echo "paired A/A: the gate failed $(count "${paa[@]}") comparisons (false alarms)"
  echo "paired --slowdown $slow_ab: the gate failed $(count "${psl[@]}") comparisons (caught)"
fi
