#!/usr/bin/env python3
"""Compares the CPU cost per article of two Lector builds, alternating their runs.

    python3 bench/e2e/compare.py OLD_BINARY NEW_BINARY [--articles 5000] [--rounds 3] [--workers 2]

On a machine shared with other work a single run says little: the wall-clock rate follows the
load. This runs the `throughput` scenario's set-up (N unique seed articles renamed at once into the
inbox of a running daemon, `run.py`'s `run_once`) for the two builds in turn, OLD NEW OLD NEW ...,
so that both see the same conditions, and prints for every run the load average before it, the
articles per second, and the daemon's CPU time (user + system from /proc, counted from READY) per
article, which is the steadier figure; then the median of each build and their ratio.
"""

import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from corpus import Corpus  # noqa: E402
from run import fmt, lector_system, rate_summary, run_once  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="the build to compare against")
    parser.add_argument("new", help="the build under test")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each build")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--floor", action="store_true", help="run the no-op pipeline instead of the default one")
    parser.add_argument("--budget", type=float, default=120.0)
    args = parser.parse_args()

    extra = ["--set", "pipeline.processors=[]"] if args.floor else []
    builds = {"old": lector_system(args.old, "old", extra), "new": lector_system(args.new, "new", extra)}
    corpus = Corpus()
    figures = {"old": [], "new": []}
    print(f"{'round':>5} {'build':<5}{'load':>6}{'art/s':>9}{'CPU ms/art':>12}{'done':>7}", flush=True)
    number = 0
    for round_number in range(args.rounds):
        for name, system in builds.items():
            # Every article unique across runs too, so no run can skip one as a duplicate.
            articles = list(corpus.articles("seeds", args.articles, start=number))
            number += args.articles
            total = sum(len(data) for _, data in articles)
            run = run_once(system, args.workers, drops=[(0.0, n, d) for n, d in articles], budget=args.budget)
            row = rate_summary(run, [n for n, _ in articles], total)
            figures[name].append(row)
            print(f"{round_number + 1:>5} {name:<5}{row['load_before']:>6.2f}{fmt(row['articles_per_s']):>9}"
                  f"{fmt(row['cpu_ms_per_article'], 2):>12}{row['done']:>7}", flush=True)

    print()
    medians = {}
    for name, rows in figures.items():
        cpu = statistics.median(r["cpu_ms_per_article"] for r in rows if r["cpu_ms_per_article"])
        rate = statistics.median(r["articles_per_s"] for r in rows if r["articles_per_s"])
        medians[name] = (cpu, rate)
        print(f"{name}: median {fmt(rate)} articles/s, {cpu:.2f} ms CPU per article "
              f"(CPU ceiling {args.workers * 1000 / cpu:,.0f}/s on {args.workers} cores)")
    print(f"new / old: CPU {medians['new'][0] / medians['old'][0]:.3f}, rate {medians['new'][1] / medians['old'][1]:.3f}")


if __name__ == "__main__":
    main()
