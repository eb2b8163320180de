#!/usr/bin/env python3
"""Checks that two Lector builds find the same entities, scores included, in the same articles.

    python3 bench/entities/same_output.py OLD_BINARY NEW_BINARY [--articles 400] [--keep DIR]

A change meant only to make the `entities` processor cheaper must leave its output as it was, to
the last digit. This makes `--articles` articles of real text (bench/e2e/corpus.py: Arabic news,
the Universal Declaration of Human Rights in 67 languages and the NER corpora's English, Arabic,
Persian and Urdu sentences, mixed at 2, 6 and 20 KB, plus the five seed articles), runs
`lector process` of each build over all of them with config/lector.yaml, and compares every
result's `entities` annotation (model, items, types, texts, values, canonical names, scores,
counts and mention ranges) as JSON values. It prints the articles and entities compared and each
difference, and exits with status 1 when there is one. Not part of `make test`.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "bench", "e2e"))

from corpus import Corpus  # noqa: E402


def make_articles(folder, count):
    corpus = Corpus()
    paths = []
    for number in range(5):
        path = os.path.join(folder, f"seed-{number}.txt")
        with open(path, "wb") as handle:
            handle.write(corpus.seeds[number])
        paths.append(path)
    sizes = (2_000, 6_000, 20_000)
    for number in range(count):
        size = sizes[number % len(sizes)]
        path = os.path.join(folder, f"mix-{number:04d}.txt")
        with open(path, "wb") as handle:
            handle.write(corpus.mixed_article(number, size, salt=7))
        paths.append(path)
    return paths


def entities(binary, paths, output):
    os.makedirs(output, exist_ok=True)
    command = [binary, "process", "--config", os.path.join(REPO, "config", "lector.yaml"),
               "--set", "output.pretty=false", "--set", "output.include_text=false", "--output", output]
    completed = subprocess.run(command + paths, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if completed.returncode not in (0, 1):
        raise SystemExit(f"{binary} process failed ({completed.returncode}):\n{completed.stderr.decode()[-2000:]}")
    found = {}
    for path in paths:
        name = os.path.basename(path)
        try:
            with open(os.path.join(output, name + ".json"), encoding="utf-8") as handle:
                result = json.load(handle)
        except FileNotFoundError:
            found[name] = None
            continue
        found[name] = result.get("annotations", {}).get("entities")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--articles", type=int, default=400, help="mixed articles besides the five seeds")
    parser.add_argument("--keep", help="make the articles and results in this folder and keep them")
    args = parser.parse_args()

    folder = args.keep or tempfile.mkdtemp(prefix="lector-same-output-")
    articles = os.path.join(folder, "articles")
    os.makedirs(articles, exist_ok=True)
    paths = make_articles(articles, args.articles)
    old = entities(os.path.abspath(args.old), paths, os.path.join(folder, "old"))
    new = entities(os.path.abspath(args.new), paths, os.path.join(folder, "new"))

    differences = 0
    items = 0
    mentions = 0
    models = {}
    for path in paths:
        name = os.path.basename(path)
        before, after = old[name], new[name]
        if before is not None:
            items += len(before.get("items", []))
            mentions += sum(len(item.get("mentions", [])) for item in before.get("items", []))
            models[before.get("model")] = models.get(before.get("model"), 0) + 1
        if before != after:
            differences += 1
            print(f"DIFFERENT: {name}")
            old_items = (before or {}).get("items", [])
            new_items = (after or {}).get("items", [])
            for index in range(max(len(old_items), len(new_items))):
                a = old_items[index] if index < len(old_items) else None
                b = new_items[index] if index < len(new_items) else None
                if a != b:
                    print(f"  item {index}:\n    old {json.dumps(a, ensure_ascii=False)}\n"
                          f"    new {json.dumps(b, ensure_ascii=False)}")
                    break
    model_counts = ", ".join(f"{model or 'none'} {count}" for model, count in sorted(models.items(), key=str))
    print(f"{len(paths)} articles ({model_counts}), {items} entities, {mentions} mentions compared: "
          f"{differences} articles differ")
    if not args.keep:
        subprocess.run(["rm", "-rf", folder])
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
