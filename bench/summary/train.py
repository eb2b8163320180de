#!/usr/bin/env python3
"""Fits the summary processor's sentence model (SalienceModel.news) on the tuning halves.

For each data set, the articles of the tuning half (split.py's rule: the SHA-256 of the id is
even) go through `lector eval summary --features`, which writes every candidate sentence's
features and the ROUGE-1 F1 it adds to the article's lead. A ridge regression (the bias not
penalized) fits the gain from the features over the candidates other than the lead, pooled over
the data sets. The held-out halves are never read. Prints the weights as the Swift literal that
Plugins/Summary/SalienceModel.swift holds.

    python3 bench/summary/train.py [--lector PATH] [--ridge 1.0] [FILE.jsonl ...]

Data defaults to $LECTOR_SHARED_DATA/summ/*.jsonl, where LECTOR_SHARED_DATA defaults to
../shared/data relative to the repository. Needs only the Python standard library.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from split import data_files, is_tuning  # noqa: E402


def solve(matrix, vector):
    """Solves matrix · x = vector by Gaussian elimination with partial pivoting."""
    n = len(vector)
    rows = [list(matrix[i]) + [vector[i]] for i in range(n)]
    for column in range(n):
        pivot = max(range(column, n), key=lambda r: abs(rows[r][column]))
        rows[column], rows[pivot] = rows[pivot], rows[column]
        if abs(rows[column][column]) < 1e-12:
            raise SystemExit(f"singular system at feature {column}")
        for r in range(n):
            if r != column:
                factor = rows[r][column] / rows[column][column]
                for c in range(column, n + 1):
                    rows[r][c] -= factor * rows[column][c]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def ridge(samples, penalty):
    """Weights minimizing Σ (w·x − y)² + penalty · |w without the bias|²."""
    n = len(samples[0][0])
    gram = [[0.0] * n for _ in range(n)]
    moment = [0.0] * n
    for x, y in samples:
        for i in range(n):
            moment[i] += x[i] * y
            for j in range(n):
                gram[i][j] += x[i] * x[j]
    for i in range(1, n):
        gram[i][i] += penalty
    return solve(gram, moment)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*")
    parser.add_argument("--lector", default=os.path.join(REPO, ".build", "release", "lector"))
    parser.add_argument("--ridge", type=float, default=1.0)
    args = parser.parse_args()
    files = data_files(args.files)

    samples, articles = [], 0
    with tempfile.TemporaryDirectory() as scratch:
        for path in files:
            stem = os.path.basename(path).removesuffix(".jsonl")
            tuning = os.path.join(scratch, f"{stem}.tune.jsonl")
            with open(path, encoding="utf-8") as source, open(tuning, "w", encoding="utf-8") as target:
                for line in source:
                    if line.strip() and is_tuning(json.loads(line)["id"]):
                        target.write(line)
                        articles += 1
            rows = os.path.join(scratch, f"{stem}.features.jsonl")
            subprocess.check_call([args.lector, "eval", "summary", "--data", tuning, "--features", rows])
            with open(rows, encoding="utf-8") as handle:
                for line in handle:
                    row = json.loads(line)
                    if not row["is_lead"]:
                        samples.append((row["features"], row["gain"]))
    if not samples:
        raise SystemExit("no candidate sentences after the leads")
    weights = ridge(samples, args.ridge)
    print(f"// {articles} tuning articles, {len(samples)} sentences after the lead, ridge {args.ridge:g}")
    print("public static let news = SalienceModel(weights: [")
    print("    " + ", ".join(f"{w:.6f}" for w in weights) + ",")
    print("])")


if __name__ == "__main__":
    main()
