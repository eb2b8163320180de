#!/usr/bin/env python3
"""Lector's summarizer beside Lead-1, Lead-k, Lead-3 and sumy's LexRank, TextRank, LSA and Luhn.

Creates its own virtual environment (.venv next to this script) with sumy and numpy on the first
run, then scores every method on the same data with the same ROUGE (rouge.py, the definition
Lector's Swift code uses) and prints one table per data set. Lector's row comes from
`lector eval summary --json` with the same sentence budget.

sumy's own tokenizers need NLTK data that is not installed here, so this script splits sentences
and words itself (lines, then sentence-final punctuation including Arabic and Urdu marks; words
are rouge.py's Unicode tokens) and hands sumy a ready-made document. The baselines use the same
sentences.

    python3 bench/summary/peers.py [--lector PATH] [--sentences 1] [--set KEY=VALUE ...] [FILE.jsonl ...]

`--set` passes a summary option to `lector eval summary` (for example `--set max_words=25 --set
trim=true` for a headline-length summary). With `max_words` the table also has the same-budget
baselines: the article's first N words and the first sentence cut after its N-th word, from
Lector's run (its sentences) and from this script's sentences, and the first clause of the lead.

Data defaults to $LECTOR_SHARED_DATA/summ/*.jsonl, where LECTOR_SHARED_DATA defaults to
../shared/data relative to the repository.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
VENV = os.path.join(HERE, ".venv")

from split import data_files  # noqa: E402  (this folder is on the path when run as a script)


def ensure_venv():
    python = os.path.join(VENV, "bin", "python")
    if sys.prefix == VENV:
        return
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([python, "-m", "pip", "install", "--quiet", "sumy==0.11.0", "numpy"])
    os.execv(python, [python] + sys.argv)


SENTENCE_END = re.compile(r"(?<=[.!?؟۔])\s+")


def split_sentences(text):
    sentences = []
    for line in text.split("\n"):
        for piece in SENTENCE_END.split(line.strip()):
            if piece.strip():
                sentences.append(piece.strip())
    return sentences


def main():
    ensure_venv()
    sys.path.insert(0, HERE)
    from rouge import scores, tokenize
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    class UnicodeTokenizer:
        """What sumy asks of a tokenizer, without NLTK."""

        language = "any"

        def to_sentences(self, text):
            return split_sentences(text)

        def to_words(self, sentence):
            return tokenize(sentence)

    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*")
    parser.add_argument("--lector", default=os.path.join(REPO, ".build", "release", "lector"))
    parser.add_argument("--sentences", type=int, default=1)
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles of each file")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a summary option for lector eval summary; repeatable")
    args = parser.parse_args()
    max_words = 0
    for setting in args.set:
        key, _, value = setting.partition("=")
        if key == "max_words":
            max_words = int(value)
    files = data_files(args.files)

    tokenizer = UnicodeTokenizer()
    k = args.sentences
    methods = {f"lead-{n}": (lambda sents, n=n: sents[:n]) for n in sorted({1, k, 3})}
    summarizers = {
        "sumy-lexrank": LexRankSummarizer(),
        "sumy-textrank": TextRankSummarizer(),
        "sumy-lsa": LsaSummarizer(),
        "sumy-luhn": LuhnSummarizer(),
    }
    for summarizer in summarizers.values():
        summarizer.stop_words = frozenset()

    for path in files:
        items = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        if args.limit:
            items = items[: args.limit]
        rows = []
        lector_path = path
        if args.limit:
            lector_path = os.path.join(HERE, ".venv", "limited.jsonl")
            with open(lector_path, "w", encoding="utf-8") as out:
                out.writelines(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
        run = subprocess.run(
            [args.lector, "eval", "summary", "--data", lector_path, "--sentences", str(k), "--json"]
            + [part for setting in args.set for part in ("--set", setting)],
            capture_output=True, text=True)
        if run.returncode == 0:
            report = json.loads(run.stdout)
            figures = report["lector"]
            rows.append((f"lector (k={k})", figures["rouge_1"], figures["rouge_2"], figures["rouge_l"],
                         report["articles_per_second"]))
            # The same baselines on Lector's own (ICU) sentences, and the single-sentence ceiling.
            baselines = [(f"lead-{k}, lector's", "lead")]
            if max_words:
                baselines += [(f"lead-{max_words}w, lector's", "lead_words"),
                              (f"lead-1-cut-{max_words}, lector's", "lead_1_cut")]
            baselines += [("lead-clause, lector's", "lead_clause"), ("oracle-1", "oracle")]
            for name, key in baselines:
                if key in report:
                    rows.append((name, report[key]["rouge_1"], report[key]["rouge_2"], report[key]["rouge_l"], None))
        else:
            print(f"lector failed: {run.stderr.strip()[:300]}", file=sys.stderr)

        def score(name, pick):
            totals = [0.0, 0.0, 0.0]
            start = time.perf_counter()
            picks = [pick(item["text"]) for item in items]
            seconds = time.perf_counter() - start
            for chosen, item in zip(picks, items):
                for i, value in enumerate(scores(" ".join(chosen), item["summary"])):
                    totals[i] += value
            n = len(items)
            rows.append((name, *(100 * t / n for t in totals), n / seconds if seconds > 0 else 0))

        for name, method in methods.items():
            score(name, lambda text, method=method: method(split_sentences(text)))
        if max_words:
            def first_words(sentences, limit):
                words = []
                for sentence in sentences:
                    words += tokenize(sentence)[: limit - len(words)]
                return [" ".join(words)]
            score(f"lead-{max_words}w", lambda text: first_words(split_sentences(text), max_words))
            score(f"lead-1-cut-{max_words}", lambda text: first_words(split_sentences(text)[:1], max_words))
        for name, summarizer in summarizers.items():
            def pick(text, summarizer=summarizer):
                sentences = split_sentences(text)
                document = ObjectDocumentModel(
                    [Paragraph([Sentence(s, tokenizer) for s in sentences])])
                chosen = summarizer(document, k)
                return [str(s) for s in chosen]
            score(f"{name} (k={k})", pick)

        limit = f" and {max_words} words" if max_words else ""
        settings = f" ({', '.join(args.set)})" if args.set else ""
        print(f"\n{os.path.basename(path)}: {len(items)} articles, budget {k} sentence(s){limit}{settings}")
        print(f"{'method':<24}{'ROUGE-1':>9}{'ROUGE-2':>9}{'ROUGE-L':>9}{'art/s':>10}")
        for name, r1, r2, rl, speed in rows:
            speed = "" if speed is None else f"{speed:.0f}"
            print(f"{name:<24}{r1:>9.2f}{r2:>9.2f}{rl:>9.2f}{speed:>10}")


if __name__ == "__main__":
    main()
