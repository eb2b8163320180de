#!/usr/bin/env python3
"""Writes the seed articles as evaluation JSON Lines, for measuring the summarizer's speed.

Each seed (seeds/*.txt) becomes {"id","lang","text","summary"} with an empty reference (ROUGE
means nothing here; the articles-per-second figures do), repeated so the run lasts long enough
to time:

    python3 bench/summary/seeds_jsonl.py --repeat 200 > seeds.jsonl
    .build/release/lector eval summary --data seeds.jsonl --sentences 3
"""

import argparse
import glob
import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    seeds = sorted(glob.glob(os.path.join(REPO, "seeds", "*.txt")))
    if not seeds:
        sys.exit("no seeds/*.txt found")
    for round_ in range(args.repeat):
        for path in seeds:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            name = os.path.basename(path)
            print(json.dumps({"id": f"{name}#{round_}", "lang": "", "text": text, "summary": ""}, ensure_ascii=False))


if __name__ == "__main__":
    main()
