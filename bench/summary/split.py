#!/usr/bin/env python3
"""Splits evaluation JSON Lines into a tuning half and a held-out half, deterministically.

An article goes to the tuning half when the SHA-256 of its id is even, else to the held-out
half, so the split never changes and needs no random seed. Rules for the summarizer are tuned on
the tuning half only; the held-out half checks that they were not fitted to it.

    python3 bench/summary/split.py --out DIR FILE.jsonl ...   # DIR/NAME.tune.jsonl, DIR/NAME.holdout.jsonl
"""

import argparse
import glob
import hashlib
import json
import os

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def is_tuning(article_id):
    return int(hashlib.sha256(article_id.encode("utf-8")).hexdigest(), 16) % 2 == 0


def data_files(files):
    """The files given on the command line, else every $LECTOR_SHARED_DATA/summ/*.jsonl
    (LECTOR_SHARED_DATA defaults to ../shared/data beside the repository); exits when there are none."""
    shared = os.environ.get("LECTOR_SHARED_DATA", os.path.join(REPO, "..", "shared", "data"))
    found = files or sorted(glob.glob(os.path.join(shared, "summ", "*.jsonl")))
    if not found:
        raise SystemExit("no data: pass FILE.jsonl or set LECTOR_SHARED_DATA")
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for path in args.files:
        stem = os.path.basename(path).removesuffix(".jsonl")
        halves = {"tune": [], "holdout": []}
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    halves["tune" if is_tuning(json.loads(line)["id"]) else "holdout"].append(line.rstrip("\n"))
        for name, lines in halves.items():
            target = os.path.join(args.out, f"{stem}.{name}.jsonl")
            with open(target, "w", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n")
            print(f"{target}: {len(lines)} articles")


if __name__ == "__main__":
    main()
