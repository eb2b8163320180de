#!/usr/bin/env python3
"""Scores the summaries of the whole pipeline (`lector process`) with ROUGE, the way the daemon makes them.

`lector eval summary` runs the `text` processor and the summarizer alone. In the daemon the
summarizer also sees what earlier processors found (in the default pipeline, `entities`, whose
people let a summary name the article's main person), so this script writes each article of a
JSON Lines file ({"id","lang","text","summary"}) to a scratch folder as a text file, runs
`lector process --config CONFIG --output DIR` over them with the given settings, and scores each
result's `summary.text` against the reference with rouge.py (the definition Lector's Swift code
uses). Optionally only one half of the data (split.py's rule).

    python3 bench/summary/pipeline_rouge.py [--lector PATH] [--config FILE] [--half tune|holdout]
        [--set KEY=VALUE ...] FILE.jsonl ...

For example, the main-person rule on and off at three sentences:

    python3 bench/summary/pipeline_rouge.py --set processors.summary.sentences=3 FILE.jsonl
    python3 bench/summary/pipeline_rouge.py --set processors.summary.sentences=3 \\
        --set processors.summary.main_person=false FILE.jsonl

Prints ROUGE-1/2/L F1 (0–100) per file and how many summaries differ from the article's summary
with the other setting when `--compare KEY=VALUE` is given. Standard library only.
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
from rouge import scores  # noqa: E402
from split import is_tuning  # noqa: E402


def summaries(lector, config, settings, folder, names):
    """The summary text of each article, by file name, from one `lector process` run."""
    output = os.path.join(folder, "out-" + str(abs(hash(tuple(settings)))))
    os.makedirs(output, exist_ok=True)
    command = [lector, "process", "--config", config, "--output", output]
    for setting in settings:
        command += ["--set", setting]
    subprocess.run(command + [os.path.join(folder, "in", name) for name in names], check=True,
                   stderr=subprocess.DEVNULL)
    texts = {}
    for name in names:
        with open(os.path.join(output, name + ".json"), encoding="utf-8") as handle:
            result = json.load(handle)
        summary = result.get("annotations", {}).get("summary")
        texts[name] = summary["text"] if summary else ""
    return texts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--lector", default=os.path.join(REPO, ".build", "release", "lector"))
    parser.add_argument("--config", default=os.path.join(REPO, "config", "lector.yaml"))
    parser.add_argument("--half", choices=["tune", "holdout"])
    parser.add_argument("--set", dest="settings", action="append", default=[])
    parser.add_argument("--compare", action="append", default=[],
                        help="also run with these settings added and count the summaries that differ")
    args = parser.parse_args()
    for path in args.files:
        items = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        if args.half:
            items = [item for item in items if is_tuning(item["id"]) == (args.half == "tune")]
        with tempfile.TemporaryDirectory() as folder:
            os.makedirs(os.path.join(folder, "in"))
            names = []
            for number, item in enumerate(items):
                name = f"{number:05d}.txt"
                with open(os.path.join(folder, "in", name), "w", encoding="utf-8") as handle:
                    handle.write(item["text"])
                names.append(name)
            texts = summaries(args.lector, args.config, args.settings, folder, names)
            totals = [0.0, 0.0, 0.0]
            for name, item in zip(names, items):
                for i, value in enumerate(scores(texts[name], item["summary"])):
                    totals[i] += value
            line = f"{os.path.basename(path)}{' ' + args.half if args.half else ''}: {len(items)} articles, " + " / ".join(
                f"{100 * t / len(items):.2f}" for t in totals)
            if args.compare:
                other = summaries(args.lector, args.config, args.settings + args.compare, folder, names)
                line += f"; {sum(texts[n] != other[n] for n in names)} summaries differ with {' '.join(args.compare)}"
            print(line)


if __name__ == "__main__":
    main()
