#!/usr/bin/env python3
"""bench/averaging-cost's analysis: per-round cost c and per-batch time t from DIR/runs/*/{run.json,metrics.jsonl},
a fit of c against parameters and executors, and projected hours for k workers (DIR/results.tsv, DIR/model.txt).

A chunk of `chunk` batches on k workers averaging every f batches is R = chunk / (k f) rounds of c + f t seconds.
Two frequencies per (size, k) give c and t. Fit: c = a + P (b + d k), P = parameters (the bytes moved per round are
about 3 x 4 P per worker: parameters and Adam's two moments, out and back).
"""
import json
import os
import sys
from collections import defaultdict


def chunk_seconds(run_dir):
    points = [json.loads(line) for line in open(os.path.join(run_dir, "metrics.jsonl")) if '"type":"train"' in line]
    times = [p["elapsedSec"] for p in points]
    diffs = [b - a for a, b in zip(times, times[1:])]  # the first chunk (JIT, first broadcast) is left out
    return sum(diffs) / len(diffs) if diffs else float("nan")


def lstsq(rows, ys):
    """Least squares for a few unknowns (normal equations, Gauss-Jordan): no numpy needed."""
    n = len(rows[0])
    a = [[sum(r[i] * r[j] for r in rows) for j in range(n)] + [sum(r[i] * y for r, y in zip(rows, ys))]
         for i in range(n)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(a[r][c]))
        a[c], a[p] = a[p], a[c]
        for r in range(n):
            if r != c and a[c][c] != 0:
                m = a[r][c] / a[c][c]
                a[r] = [x - m * y for x, y in zip(a[r], a[c])]
    return [a[i][n] / a[i][i] if a[i][i] else float("nan") for i in range(n)]


def main(d):
    runs = []
    for name in sorted(os.listdir(os.path.join(d, "runs"))):
        rd = os.path.join(d, "runs", name)
        if os.path.isfile(os.path.join(rd, "run.json")):
            r = json.load(open(os.path.join(rd, "run.json")))
            r["chunkSeconds"] = chunk_seconds(rd)
            r["rounds"] = r["chunk"] / (r["k"] * r["f"])
            runs.append(r)
    groups = defaultdict(list)
    for r in runs:
        groups[(r["hidden"], r["k"])].append(r)
    fits = []
    lines = ["hidden\tparams\tk\tf\trounds/chunk\ts/chunk\ts/round\tc (s/round)\tt (s/batch)"]
    for (h, k), rs in sorted(groups.items()):
        rs.sort(key=lambda r: r["f"])
        if len(rs) < 2:
            continue
        lo, hi = rs[0], rs[-1]
        per_lo = lo["chunkSeconds"] / lo["rounds"]
        per_hi = hi["chunkSeconds"] / hi["rounds"]
        t = (per_hi - per_lo) / (hi["f"] - lo["f"])
        c = per_lo - lo["f"] * t
        fits.append({"hidden": h, "params": lo["params"], "k": k, "c": c, "t": t})
        for r in rs:
            lines.append(f'{h}\t{r["params"]}\t{k}\t{r["f"]}\t{r["rounds"]:g}\t{r["chunkSeconds"]:.2f}\t'
                         f'{r["chunkSeconds"] / r["rounds"]:.3f}\t{c:.3f}\t{t:.3f}')
    with open(os.path.join(d, "results.tsv"), "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    model = []
    if len(fits) >= 3:
        a, b, dk = lstsq([[1.0, f["params"], f["params"] * f["k"]] for f in fits], [f["c"] for f in fits])
        model.append(f"per-round cost c = {a:.3f} s + P x ({b * 1e6:.4f} + {dk * 1e6:.4f} k) us"
                     f"   (P parameters, k executors; fitted on {len(fits)} (size, k) pairs)")
        for f in fits:
            pred = a + f["params"] * (b + dk * f["k"])
            model.append(f'  hidden {f["hidden"]:4d} P {f["params"]:>10,} k {f["k"]}: c {f["c"]:.3f} s (fit {pred:.3f}),'
                         f' t {f["t"]:.3f} s/batch')
        # projection for the largest measured model's t, at P of each size, per epoch of the Multi30k prep
        batches = 502
        model.append("")
        model.append(f"projected seconds per epoch of {batches} batches: batches/(k f) rounds x (c + f t), t of k=1")
        for f in fits:
            if f["k"] != 1:
                continue
            row = [f'hidden {f["hidden"]:4d}']
            for freq in (1, 5, 20):
                cells = []
                for k in (1, 2, 4, 8, 16, 32):
                    c = a + f["params"] * (b + dk * k)
                    secs = batches / (k * freq) * (c + freq * f["t"])
                    cells.append(f"k{k} {secs:6.0f}")
                row.append(f"f{freq}: " + " ".join(cells))
            model.extend(row)
    with open(os.path.join(d, "model.txt"), "w", encoding="utf-8") as out:
        out.write("\n".join(model) + "\n")
    print("\n".join(model))


if __name__ == "__main__":
    main(sys.argv[1])
