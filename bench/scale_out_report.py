#!/usr/bin/env python3
"""bench/scale-out's report: DIR/report.html and DIR/results.tsv from DIR/runs/<name>/{run.json,metrics.jsonl}.

Sentences seen = batches fitted x the prep's mean sentence pairs per batch (manifest: training pairs / batches);
averaging rounds = batches / (k x f). Curves: validation loss and BLEU against sentences seen and against rounds.
"""
import html
import json
import os
import sys

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
          "#bcbd22", "#393b79", "#637939"]


def load(d):
    runs = []
    dirs = [os.path.join(d, "runs", n) for n in sorted(os.listdir(os.path.join(d, "runs")))]
    for extra in sys.argv[2:]:  # more studies' run directories, drawn together
        dirs += [os.path.join(extra, "runs", n) for n in sorted(os.listdir(os.path.join(extra, "runs")))]
    for rd in dirs:
        if not os.path.isfile(os.path.join(rd, "run.json")):
            continue
        run = json.load(open(os.path.join(rd, "run.json")))
        valid = [json.loads(line) for line in open(os.path.join(rd, "metrics.jsonl")) if '"type":"valid"' in line]
        manifest = json.load(open(os.path.join(rd, "prep-manifest.json")))
        run["pairsPerBatch"] = pairs_per_batch(manifest)
        run["valid"] = valid
        runs.append(run)
    runs.sort(key=lambda r: (r["k"], r["f"], r["lrScale"], -r.get("warmupSteps", -1)))
    return runs


def pairs_per_batch(manifest):
    splits = manifest.get("splits", {})
    train = splits.get("train", {})
    pairs = train.get("pairs") or manifest.get("pairs", {}).get("kept")
    batches = train.get("batches")
    return pairs / batches if pairs and batches else float("nan")


def chart(runs, x_of, y_key, x_label, y_label):
    W, H, P = 560, 300, 52
    series = []
    for i, r in enumerate(runs):
        pts = [(x_of(r, v), v[y_key]) for v in r["valid"] if v.get(y_key) is not None]
        if pts:
            series.append((r["name"], COLORS[i % len(COLORS)], pts))
    if not series:
        return "<p>(no data)</p>"
    xs = [p[0] for _, _, s in series for p in s] + [0]
    ys = [p[1] for _, _, s in series for p in s]
    x0, x1, y0, y1 = 0, max(xs), min(ys), max(ys)
    x1 = x1 if x1 > x0 else x0 + 1
    y1 = y1 if y1 > y0 else y0 + 1
    sx = lambda x: P + (x - x0) / (x1 - x0) * (W - 2 * P)
    sy = lambda y: H - P - (y - y0) / (y1 - y0) * (H - 2 * P)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W + 150}" height="{H}">',
           f'<rect width="{W}" height="{H}" fill="white" stroke="#ccc"/>',
           f'<line x1="{P}" y1="{H - P}" x2="{W - P}" y2="{H - P}" stroke="black"/>',
           f'<line x1="{P}" y1="{P}" x2="{P}" y2="{H - P}" stroke="black"/>',
           f'<text x="{W / 2}" y="{H - 10}" font-size="11" text-anchor="middle">{html.escape(x_label)}</text>',
           f'<text x="4" y="{P - 10}" font-size="11">{html.escape(y_label)}</text>',
           f'<text x="4" y="{P + 4}" font-size="11">{y1:.3g}</text>',
           f'<text x="4" y="{H - P}" font-size="11">{y0:.3g}</text>',
           f'<text x="{P}" y="{H - P + 14}" font-size="11">0</text>',
           f'<text x="{W - P}" y="{H - P + 14}" font-size="11" text-anchor="end">{x1:,.0f}</text>']
    for i, (name, color, pts) in enumerate(series):
        poly = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts)
        out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{poly}"/>')
        for x, y in pts:
            out.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="2.5" fill="{color}"/>')
        out.append(f'<text x="{W + 8}" y="{P + 14 * i}" font-size="11" fill="{color}">{html.escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)


def main(d):
    runs = load(d)
    sentences = lambda r, v: v["step"] * r["pairsPerBatch"]
    rounds = lambda r, v: v["step"] / (r["k"] * r["f"])
    rows = []
    for r in runs:
        last = r["valid"][-1] if r["valid"] else {}
        best = max((v["bleu"] for v in r["valid"]), default=float("nan"))
        step = last.get("step", 0)
        rows.append([r["name"], r["k"], r["f"], r["lrScale"], f'{r["learningRate"]:.4g}', r.get("warmupSteps", "config"), step,
                     round(step * r["pairsPerBatch"]), round(step / (r["k"] * r["f"])),
                     f'{last.get("loss", float("nan")):.4f}', f'{last.get("bleu", float("nan")):.2f}', f"{best:.2f}",
                     r["seconds"]])
    header = ["run", "k", "f", "lrScale", "learningRate", "warm-up", "batches", "sentences", "rounds", "valid loss", "valid BLEU",
              "best BLEU", "seconds"]
    with open(os.path.join(d, "results.tsv"), "w", encoding="utf-8") as t:
        t.write("\t".join(header) + "\n")
        for row in rows:
            t.write("\t".join(str(c) for c in row) + "\n")
    table = "<table border=1 cellspacing=0 cellpadding=3><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"
    table += "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    table += "</table>"
    load_txt = open(os.path.join(d, "load.txt")).read() if os.path.exists(os.path.join(d, "load.txt")) else ""
    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>spark-nmt scale-out study</title></head>
<body style="font-family:sans-serif"><h1>Parameter averaging: k workers, averaging frequency f</h1>
<p>Each run trains the same model on the same batches for the same number of batches; a round of k workers fits
k &times; f batches. Validation: loss per token and greedy BLEU on the prep's validation split.
Wall time (last column) is not comparable across k on an oversubscribed machine.</p>
<pre>{html.escape(load_txt)}</pre>{table}
<h2>Against sentences seen</h2>{chart(runs, sentences, "bleu", "sentence pairs seen", "validation BLEU")}
{chart(runs, sentences, "loss", "sentence pairs seen", "validation loss per token")}
<h2>Against averaging rounds</h2>{chart(runs, rounds, "bleu", "averaging rounds", "validation BLEU")}
{chart(runs, rounds, "loss", "averaging rounds", "validation loss per token")}
</body></html>"""
    with open(os.path.join(d, "report.html"), "w", encoding="utf-8") as h:
        h.write(page)
    print("\t".join(header))
    for row in rows:
        print("\t".join(str(c) for c in row))
    print(f"scale-out: wrote {os.path.join(d, 'report.html')} and results.tsv")


if __name__ == "__main__":
    main(sys.argv[1])
