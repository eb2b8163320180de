#!/usr/bin/env python3
"""Looks for a first summary sentence that beats the article's opening sentence, and prints why not.

At one sentence Lector picks the lead (the opening sentence unless it is a quotation, a dateline or
a teaser). This script checks, on the tuning and held-out halves of each set (split.py's rule),
whether a language-independent cue would pick a better single sentence. It replicates the cues
in Python over the peers' sentences (peers.split_sentences, rouge.tokenize), fits and chooses
thresholds on the pooled tuning halves only, and prints ROUGE-1 against Lead-1 on every half, so
that a rule which wins on the tuning half alone shows up as such. Three parts:

1. The data: Lead-1 and the single-sentence oracle, where the oracle sentence sits, how long the
   lead and the reference are, and where the reference's words come from (the lead, the oracle
   sentence, the first paragraph, words repeated across the article, numbers).
2. A rule: take a later sentence of the first `window` that is at most `ratio` times as long as
   the lead and holds at least as many of the article's top-`n` content terms (the words a
   headline names; content = not a number, in two to three quarters of the sentences).
3. A model: a ridge regression of the ROUGE-1 a sentence gains over the lead, on the differences
   of its features from the lead's (length, share of the top-5/top-10 content terms, share of
   terms repeated in the article, share of numbers, whether it opens its paragraph, share of its
   words found in the first paragraph) plus the lead's own length, top-term share and repeated
   share; the sentence with the best predicted gain above a threshold replaces the lead.
4. An expected ROUGE: a logistic model of whether a term of the article is in the reference (its
   count, the share of sentences holding it, whether it is in the lead, where it first occurs,
   whether it is a number, its length), fitted on the tuning halves; each sentence's expected
   F1 is 2·E/(words + R), E being the sum of its distinct terms' probabilities and R a reference
   length; a later sentence replaces the lead when its expected F1 is higher by a margin.

    python3 bench/summary/firstpick.py [FILE.jsonl ...]

Data defaults to $LECTOR_SHARED_DATA/summ/*.jsonl (LECTOR_SHARED_DATA defaults to
../shared/data). Standard library only; about 30 seconds (the term model takes most of it).
"""

import argparse
import collections
import json
import math
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from peers import split_sentences  # noqa: E402
from rouge import rouge_n, tokenize  # noqa: E402
from split import data_files, is_tuning  # noqa: E402
from train import ridge  # noqa: E402


def is_number(term):
    return any(ch.isdigit() for ch in term)


class Article:
    """One article's sentences (as token lists), their ROUGE-1 alone and the cue features."""

    def __init__(self, item):
        self.sentences, self.paragraph, self.position = [], [], []
        for number, line in enumerate(p for p in item["text"].split("\n") if p.strip()):
            for index, text in enumerate(split_sentences(line)):
                tokens = tokenize(text)
                if tokens:
                    self.sentences.append(tokens)
                    self.paragraph.append(number)
                    self.position.append(index)
        self.reference = tokenize(item["summary"])
        self.rouge1 = [rouge_n(s, self.reference, 1) for s in self.sentences]
        n = len(self.sentences)
        self.count = collections.Counter(t for s in self.sentences for t in s)
        self.frequency = collections.Counter(t for s in self.sentences for t in set(s))
        common = max(2, n * 3 // 4)
        self.is_content = lambda t: 2 <= self.frequency[t] <= common and not is_number(t)
        self.content = sorted((t for t in self.count if self.is_content(t)), key=lambda t: -self.count[t])
        self.first_paragraph = {t for s, p in zip(self.sentences, self.paragraph) if p == self.paragraph[0] for t in s}
        self.features = [self.describe(i) for i in range(n)]

    def describe(self, i):
        tokens = self.sentences[i]
        distinct, n = set(tokens), len(tokens)
        return {
            "log_words": math.log(n),
            "top5": len(distinct & set(self.content[:5])) / 5,
            "top10": len(distinct & set(self.content[:10])) / 10,
            "repeated": sum(1 for t in tokens if self.frequency[t] >= 2) / n,
            "content": sum(1 for t in tokens if self.is_content(t)) / n,
            "numbers": sum(1 for t in tokens if is_number(t)) / n,
            "opens_paragraph": 1.0 if self.position[i] == 0 else 0.0,
            "first_paragraph": len(distinct & self.first_paragraph) / n,
        }


def load(files):
    halves = {}
    for path in files:
        stem = os.path.basename(path).removesuffix(".jsonl")
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    item = json.loads(line)
                    key = (stem, "tune" if is_tuning(item["id"]) else "holdout")
                    halves.setdefault(key, []).append(Article(item))
    return halves


def mean(values):
    values = list(values)
    return 100 * sum(values) / max(len(values), 1)


def look(halves):
    print("1. The data (ROUGE-1; reference words: share found in each place)")
    for (stem, half), articles in sorted(halves.items(), key=lambda entry: (entry[0][0], entry[0][1] != "tune")):
        oracle = [max(range(len(a.sentences)), key=lambda i: a.rouge1[i]) for a in articles]
        where = collections.Counter(min(o, 3) for o in oracle)
        share = collections.defaultdict(list)
        for a, o in zip(articles, oracle):
            ref = set(a.reference)
            for name, pool in (
                ("lead", set(a.sentences[0])), ("oracle", set(a.sentences[o])), ("first paragraph", a.first_paragraph),
                ("repeated", {t for t in a.count if a.frequency[t] >= 2}), ("article", set(a.count)),
            ):
                share[name].append(len(ref & pool) / max(len(ref), 1))
            share["numbers"].append(sum(1 for t in ref if is_number(t)) / max(len(ref), 1))
        print(f"  {stem} {half} ({len(articles)}): lead-1 {mean(a.rouge1[0] for a in articles):.2f}, "
              f"oracle-1 {mean(a.rouge1[o] for a, o in zip(articles, oracle)):.2f}; oracle is sentence "
              + ", ".join(f"{'4+' if k == 3 else k + 1}: {where[k]}" for k in range(4))
              + f"; median words: lead {statistics.median(len(a.sentences[0]) for a in articles):.0f}, "
              f"oracle {statistics.median(len(a.sentences[o]) for a, o in zip(articles, oracle)):.0f}, "
              f"reference {statistics.median(len(a.reference) for a in articles):.0f}")
        print("    reference words in: " + ", ".join(f"{k} {mean(v):.0f} %" for k, v in share.items()))


def report(halves, pick):
    cells = []
    for key, articles in sorted(halves.items(), key=lambda entry: (entry[0][0], entry[0][1] != "tune")):
        chosen = [pick(a) for a in articles]
        gain = mean(a.rouge1[c] - a.rouge1[0] for a, c in zip(articles, chosen))
        name = {"ar_antbbc.dev": "BBC", "ar_antjawhara_head.dev": "JawharaFM"}.get(key[0], key[0])
        cells.append(f"{name} {key[1]} {gain:+.2f} ({sum(c != 0 for c in chosen)})")
    return "  ".join(cells)


def shorter_with_top_terms(top, ratio, window):
    def pick(a):
        terms = set(a.content[:top])
        if not terms:
            return 0
        held = len(terms & set(a.sentences[0]))
        for i in range(1, min(window, len(a.sentences))):
            s = a.sentences[i]
            if 4 <= len(s) <= ratio * len(a.sentences[0]) and len(terms & set(s)) >= held:
                return i
        return 0
    return pick


KEYS = ["log_words", "top5", "top10", "repeated", "content", "numbers", "opens_paragraph", "first_paragraph"]


def pair_features(a, i):
    lead, own = a.features[0], a.features[i]
    return ([1.0, 1.0 if i == 1 else 0.0, 1.0 if i == 2 else 0.0] + [own[k] - lead[k] for k in KEYS]
            + [lead["log_words"], lead["top5"], lead["content"]])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    files = data_files(args.files)
    halves = load(files)
    look(halves)

    print("\n2. Rule: a shorter sentence with as many top terms (ROUGE-1 minus Lead-1, articles switched)")
    for top in (3, 5, 10):
        for ratio in (0.4, 0.5, 0.75):
            for window in (2, 3):
                print(f"  top {top:2} ratio {ratio:.2f} window {window}: "
                      + report(halves, shorter_with_top_terms(top, ratio, window)))

    print("\n3. Model: ridge regression of the gain over the lead, fitted on the tuning halves")
    for window in (2, 3):
        samples = [(pair_features(a, i), a.rouge1[i] - a.rouge1[0])
                   for (stem, half), articles in halves.items() if half == "tune"
                   for a in articles for i in range(1, min(window, len(a.sentences)))]
        for penalty in (1.0, 10.0):
            weights = ridge(samples, penalty)
            for threshold in (-0.05, 0.0, 0.02, 0.05):
                def pick(a):
                    best, value = 0, threshold
                    for i in range(1, min(window, len(a.sentences))):
                        predicted = sum(w * x for w, x in zip(weights, pair_features(a, i)))
                        if predicted > value:
                            best, value = i, predicted
                    return best
                print(f"  window {window} ridge {penalty:4g} threshold {threshold:+.2f}: " + report(halves, pick))

    print("\n4. Expected ROUGE from a model of which of the article's terms a reference uses")
    expected_rouge(halves)


def term_features(a, term, first_sentence):
    return [1.0, math.log(1 + a.count[term]), a.frequency[term] / len(a.sentences),
            1.0 if first_sentence[term] == 0 else 0.0, 1 / (1 + first_sentence[term]),
            1.0 if is_number(term) else 0.0, min(len(term), 10) / 10, 1.0 if a.frequency[term] >= 2 else 0.0]


def first_sentences(a):
    first = {}
    for i, s in enumerate(a.sentences):
        for t in s:
            first.setdefault(t, i)
    return first


def logistic(samples, penalty=1.0, rounds=200, rate=0.5):
    """Weights of a logistic regression by gradient descent (the bias not penalized)."""
    weights = [0.0] * len(samples[0][0])
    for _ in range(rounds):
        gradient = [0.0] * len(weights)
        for x, y in samples:
            z = max(-30.0, min(30.0, sum(w * v for w, v in zip(weights, x))))
            error = 1 / (1 + math.exp(-z)) - y
            for j, v in enumerate(x):
                gradient[j] += error * v
        for j in range(len(weights)):
            weights[j] -= rate * (gradient[j] + (penalty * weights[j] if j else 0)) / len(samples)
    return weights


def expected_rouge(halves):
    samples = []
    for (stem, half), articles in halves.items():
        if half == "tune":
            for a in articles:
                first, reference = first_sentences(a), set(a.reference)
                samples += [(term_features(a, t, first), 1.0 if t in reference else 0.0) for t in a.count]
    weights = logistic(samples)
    probabilities = {}
    for articles in halves.values():
        for a in articles:
            first = first_sentences(a)
            scores = {t: sum(w * v for w, v in zip(weights, term_features(a, t, first))) for t in a.count}
            probabilities[id(a)] = {t: 1 / (1 + math.exp(-max(-30.0, min(30.0, z)))) for t, z in scores.items()}
    for length in (5, 10, 20):
        for margin in (0.0, 0.2):
            def pick(a):
                p = probabilities[id(a)]
                expected = [2 * sum(p[t] for t in set(s)) / (len(s) + length) for s in a.sentences]
                best = max(range(len(expected)), key=lambda i: expected[i])
                return best if expected[best] > expected[0] * (1 + margin) else 0
            print(f"  R {length:2} margin {margin:.1f}: " + report(halves, pick))


if __name__ == "__main__":
    main()
