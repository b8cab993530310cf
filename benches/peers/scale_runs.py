#!/usr/bin/env python3
"""Whole `ptce run` at several study sizes: time and peak memory of every step, total wall time
and peak resident memory (`/usr/bin/time -v`), the log-log slope of time against the number of
PTCEs, and the 1 -> 2 thread speed-up of each step (issue 8; docs/performance.md).

    cargo build --release
    python3 benches/peers/scale_runs.py --sizes 100 1000 10000 --threads 1 2 [--figures summary]

Studies are generated with `ptce generate --ptces N --seed 1` into --dir (default
target/scale-runs) unless present. Each (size, threads) is run --repeat times (default 1; the
best total is kept). Per-step peak memory is what `ptce -v` prints: the peak resident set of
the process during that step (`VmHWM` after resetting it at the step's start). Prints Markdown.
Optional, outside CI (Python standard library only).
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--figures", default="summary")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--dir", default=os.path.join(ROOT, "target", "scale-runs"))
    p.add_argument("--ptce", default=os.path.join(ROOT, "target", "release", "ptce"))
    p.add_argument("--skip", nargs="*", default=[], help="SIZExTHREADS pairs to skip, e.g. 10000x1")
    return p.parse_args()


STEP = re.compile(r"^\s+(\w+)\s+([0-9.]+) s(?:\s+peak\s+([0-9.]+) MiB)?$")


def run(args, study, threads):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        cmd = ["/usr/bin/time", "-v", args.ptce, "--threads", str(threads), "run", study,
               "--out", out, "--figures", args.figures, "-v"]
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed:\n{p.stderr[-3000:]}")
        steps, wall, rss = {}, None, None
        for line in p.stderr.splitlines():
            m = STEP.match(line)
            if m:
                steps[m.group(1)] = (float(m.group(2)), float(m.group(3)) if m.group(3) else None)
            if "Elapsed (wall clock)" in line:
                t = line.split()[-1].split(":")
                wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(t)))
            if "Maximum resident set size" in line:
                rss = int(line.split()[-1]) / 1024
        return {"steps": steps, "wall": wall, "rss_mib": rss}


def main():
    args = parse_args()
    os.makedirs(args.dir, exist_ok=True)
    results = {}
    for n in args.sizes:
        study = os.path.join(args.dir, f"ptces-{n}")
        if not os.path.exists(os.path.join(study, "ptces.csv")):
            subprocess.run([args.ptce, "generate", "--ptces", str(n), "--seed", "1", "--out", study, "-q"], check=True)
        for t in args.threads:
            if f"{n}x{t}" in args.skip:
                continue
            best = None
            for _ in range(args.repeat):
                r = run(args, study, t)
                print(f"{n} PTCEs, {t} thread(s): {r['wall']:.1f} s, {r['rss_mib']:.0f} MiB", file=sys.stderr)
                if best is None or r["wall"] < best["wall"]:
                    best = r
            results[(n, t)] = best
    json.dump({f"{n}x{t}": r for (n, t), r in results.items()}, sys.stderr, indent=1)
    print(file=sys.stderr)
    steps = []
    for r in results.values():
        for s in r["steps"]:
            if s not in steps:
                steps.append(s)
    cols = sorted(results)
    print("| step | " + " | ".join(f"{n:,} PTCEs, {t} thr." for n, t in cols) + " |")
    print("|---|" + "---:|" * len(cols))
    for s in steps:
        cells = []
        for c in cols:
            v = results[c]["steps"].get(s)
            cells.append("—" if v is None else f"{v[0]:.2f} s / {v[1]:.0f} MiB" if v[1] else f"{v[0]:.2f} s")
        print(f"| {s} | " + " | ".join(cells) + " |")
    print("| **total (wall)** | " + " | ".join(f"**{results[c]['wall']:.1f} s**" for c in cols) + " |")
    print("| **peak memory** | " + " | ".join(f"**{results[c]['rss_mib']:.0f} MiB**" for c in cols) + " |")
    for t in args.threads:
        pts = [(n, results[(n, t)]["wall"]) for n in args.sizes if (n, t) in results]
        if len(pts) >= 2:
            xs = [math.log(n) for n, _ in pts]
            ys = [math.log(w) for _, w in pts]
            mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
            slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
            print(f"\nlog-log slope of total time, {t} thread(s), sizes {[n for n, _ in pts]}: {slope:.3f}")
            for s in steps:
                sp = [(n, results[(n, t)]["steps"].get(s, (None,))[0]) for n, _ in pts]
                if all(v for _, v in sp) and len(sp) >= 2:
                    xs = [math.log(n) for n, _ in sp]
                    ys = [math.log(v) for _, v in sp]
                    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
                    sl = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
                    print(f"  {s}: slope {sl:.2f}")
    if 1 in args.threads and 2 in args.threads:
        print("\n1 -> 2 threads speed-up:")
        for n in args.sizes:
            if (n, 1) in results and (n, 2) in results:
                a, b = results[(n, 1)], results[(n, 2)]
                per = ", ".join(f"{s} {a['steps'][s][0] / b['steps'][s][0]:.2f}x"
                                for s in steps if s in a["steps"] and s in b["steps"] and b["steps"][s][0] > 0)
                print(f"  {n:,} PTCEs: total {a['wall'] / b['wall']:.2f}x; {per}")


if __name__ == "__main__":
    main()
