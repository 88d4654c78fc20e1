#!/usr/bin/env python3
"""gbench_check.py: reads two `ridge export --format gbench` files the way Google Benchmark's
tools/compare.py does (load, order, pair by name, per-repetition change, Mann-Whitney U test on
the repetitions, geometric mean over the non-aggregate entries) and fails on any key or type
those steps need. Written for ridge from the documented behaviour of compare.py; it is not
compare.py. Usage: scripts/gbench_check.py BASE.json NEW.json  (needs scipy for the U test)."""
import json
import math
import sys

NEEDED = {"name": str, "run_name": str, "run_type": str, "repetitions": int, "threads": int,
          "family_index": int, "per_family_instance_index": int, "iterations": int,
          "real_time": (int, float), "cpu_time": (int, float), "time_unit": str}


def load(path):
    with open(path) as f:
        doc = json.load(f)
    assert isinstance(doc.get("context"), dict), path + ": no context object"
    for key in ("date", "host_name", "executable", "num_cpus", "mhz_per_cpu", "caches"):
        assert key in doc["context"], path + ": context lacks " + key
    benches = doc["benchmarks"]
    for b in benches:
        for key, typ in NEEDED.items():
            assert isinstance(b.get(key), typ), "%s: %s: %s missing or not %s" % (
                path, b.get("name"), key, typ)
        assert b["time_unit"] in ("ns", "us", "ms", "s"), b["name"]
        if b["run_type"] == "aggregate":
            assert b["name"] == b["run_name"] + "_" + b["aggregate_name"], b["name"]
        else:
            assert b["name"] == b["run_name"] and "repetition_index" in b, b["name"]
        if b.get("error_occurred"):
            assert isinstance(b.get("error_message"), str) and b["iterations"] == 0, b["name"]
            assert not any("/s" in k for k in b), b["name"] + ": a rate on a failed case"
    # compare.py orders by family, instance, aggregates last, then repetition
    benches.sort(key=lambda b: (b["family_index"], b["per_family_instance_index"],
                                b["run_type"] == "aggregate", b.get("repetition_index", -1)))
    return benches


def main(base, new):
    from scipy.stats import mannwhitneyu
    a, b = load(base), load(new)
    names = []
    for x in a:
        if x["name"] not in names:
            names.append(x["name"])
    pairs = tested = 0
    for name in names:
        lhs = [x for x in a if x["name"] == name]
        rhs = [x for x in b if x["name"] == name and x["time_unit"] == lhs[0]["time_unit"]]
        if not rhs:
            continue
        pairs += 1
        if lhs[0].get("error_occurred") or rhs[0].get("error_occurred"):
            continue
        for x, y in zip(lhs, rhs):
            assert x["real_time"] > 0 and y["real_time"] > 0, name
        if lhs[0]["run_type"] == "iteration" and min(len(lhs), len(rhs)) >= 2:
            p = mannwhitneyu([x["real_time"] for x in lhs], [y["real_time"] for y in rhs],
                             alternative="two-sided").pvalue
            assert 0 <= p <= 1, name
            tested += 1
    for benches in (a, b):
        times = [x["real_time"] for x in benches if x["run_type"] != "aggregate"]
        ok = [t for t in times if t > 0]
        geo = math.exp(sum(math.log(t) for t in ok) / len(ok)) if ok else 0
        assert len(times) == len(benches) - sum(x["run_type"] == "aggregate" for x in benches)
        assert geo >= 0
    print("ok: %d names paired, %d U tests, %d and %d entries" % (pairs, tested, len(a), len(b)))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
