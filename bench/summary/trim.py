#!/usr/bin/env python3
"""Where to cut a news lead for a headline-length summary, measured on the tuning and held-out halves.

The summary processor's `trim` option cuts a first sentence longer than `max_words` after word n,
the largest n in max_words - LOOK_BACK ... max_words followed by a clause boundary, else after word
max_words (Plugins/Summary/ClauseTrimmer.swift). This script replicates that cut in Python over the
peers' sentences (peers.split_sentences, rouge.tokenize) and prints, on each set's tuning and
held-out halves (split.py's rule):

1. Where the reference's words fall in the lead (the share found in each tenth of it).
2. ROUGE-1 of the cut by budget N and look-back (0 = the blind cut after word N), and of the
   article's first N words across sentences.
3. The cuts tried and not kept: the first clause (the first boundary at or after a share of N,
   else the whole sentence or the blind cut); the span with the best expected F1, 2*sum(w)/(len+R),
   w = 1 for a word found in another sentence (in at most three quarters of them) and alpha for
   the others, over cuts at boundaries or at any word; a boundary after the limit or the nearest
   one on either side; ending on a word found elsewhere when no boundary is near.
4. Upper bounds, where the reference chooses: the best prefix of the lead at any word and at a
   clause boundary, the lead plus the best clause (4 words or more) of sentences 2-4, the oracle
   sentence; and a rule joining the lead's first clauses (up to 15 words) with the second
   sentence's first clause.

    python3 bench/summary/trim.py [FILE.jsonl ...]

Data defaults to $LECTOR_SHARED_DATA/summ/*.jsonl (LECTOR_SHARED_DATA defaults to
../shared/data). Standard library only; about a minute. Choose values on the tuning halves only.
"""

import argparse
import collections
import json
import os
import statistics
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from peers import split_sentences  # noqa: E402
from rouge import rouge_n, tokenize  # noqa: E402
from split import data_files, is_tuning  # noqa: E402

SEPARATORS = set(",\u060c;\u061b\uff0c\u3001\uff1b:\uff1a")


def words(sentence):
    """The sentence's tokens (as rouge.tokenize makes them) and the text between each two."""
    tokens, gaps, current, gap = [], [], [], []
    for ch in sentence:
        if unicodedata.category(ch)[0] in "LMN":
            if not current:
                if tokens:
                    gaps.append("".join(gap))
                gap = []
            current.append(ch)
        else:
            if current:
                tokens.append(unicodedata.normalize("NFC", "".join(current)).lower())
                current = []
            gap.append(ch)
    if current:
        tokens.append(unicodedata.normalize("NFC", "".join(current)).lower())
    return tokens, gaps


def is_boundary(gap):
    """ClauseTrimmer.isBoundary: a comma, semicolon or colon, a bracket or quotation mark, or a
    dash between spaces."""
    dash = spaced = False
    for ch in gap:
        if ch in SEPARATORS:
            return True
        category = unicodedata.category(ch)
        if category in ("Ps", "Pe", "Pi", "Pf") or ch == '"' or (ch == "'" and len(gap) > 1):
            return True
        dash = dash or category == "Pd"
        spaced = spaced or category == "Zs"
    return dash and spaced


class Article:
    def __init__(self, item):
        self.sentences = [s for p in item["text"].split("\n") if p.strip() for s in split_sentences(p) if tokenize(s)]
        self.reference = tokenize(item["summary"])
        self.lead, gaps = words(self.sentences[0])
        self.boundary = [is_boundary(g) for g in gaps]  # boundary[j]: after word j + 1
        self.opening = [t for s in self.sentences for t in tokenize(s)]
        others = collections.Counter(t for s in self.sentences[1:] for t in set(tokenize(s)))
        common = max(2, len(self.sentences) * 3 // 4)
        self.elsewhere = [1 <= others[t] <= common for t in self.lead]
        self.content = [e and not any(c.isdigit() for c in t) for t, e in zip(self.lead, self.elsewhere)]

    def score(self, tokens):
        return rouge_n(tokens, self.reference, 1)

    def cut(self, limit, back):
        """Words kept by ClauseTrimmer.prefix with `back` words of look-back."""
        if len(self.lead) <= limit:
            return len(self.lead)
        for n in range(limit, max(1, limit - back) - 1, -1):
            if self.boundary[n - 1]:
                return n
        return limit

    def clauses(self, sentence):
        tokens, gaps = words(sentence)
        out, current = [], []
        for j, token in enumerate(tokens):
            current.append(token)
            if j < len(gaps) and is_boundary(gaps[j]):
                out.append(current)
                current = []
        if current:
            out.append(current)
        return out


def mean(values):
    return 100 * statistics.mean(values)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    files = data_files(args.files)
    for path in files:
        items = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        halves = {
            "tuning": [Article(i) for i in items if is_tuning(i["id"])],
            "held out": [Article(i) for i in items if not is_tuning(i["id"])],
        }
        print(f"\n{os.path.basename(path)}")
        for name, articles in halves.items():
            print(f"  {name} ({len(articles)}): lead-1 {mean(a.score(a.lead) for a in articles):.2f}")
            tenths, total = collections.Counter(), 0
            for a in articles:
                reference = set(a.reference)
                for j, token in enumerate(a.lead):
                    if token in reference:
                        tenths[min(9, 10 * j // len(a.lead))] += 1
                        total += 1
            print("    reference words in each tenth of the lead (%):",
                  " ".join(str(round(100 * tenths[d] / max(total, 1))) for d in range(10)))

            print("    cut at N words with look-back 0 2 3 4 5 6 8; the article's first N words:")
            for limit in (15, 20, 22, 25, 28, 30, 35):
                row = [mean(a.score(a.lead[: a.cut(limit, back)]) for a in articles) for back in (0, 2, 3, 4, 5, 6, 8)]
                first = mean(a.score(a.opening[:limit]) for a in articles)
                print(f"      N {limit:2d}: " + " ".join(f"{v:.2f}" for v in row) + f"   first N words {first:.2f}")

            print("    tried and not kept (N = 25):")
            for share in (0.3, 0.5):
                for fallback in ("whole", "blind"):
                    def first_clause(a, share=share, fallback=fallback, limit=25):
                        if len(a.lead) <= limit:
                            return len(a.lead)
                        found = [n for n in range(1, min(limit + 1, len(a.lead)))
                                 if a.boundary[n - 1] and n >= share * limit]
                        return max(found) if found else (len(a.lead) if fallback == "whole" else limit)
                    value = mean(a.score(a.lead[: first_clause(a)]) for a in articles)
                    print(f"      clause at or after {share:.0%} of N, else {fallback}: {value:.2f}")
            for cuts in ("boundaries", "any word"):
                for reference_length in (8, 15, 22, 30):
                    for alpha in (0.0, 0.3, 0.5):
                        def expected(a, cuts=cuts, r=reference_length, alpha=alpha):
                            weights = [1.0 if e else alpha for e in a.elsewhere]
                            ends = [n for n in range(1, len(a.lead)) if cuts == "any word" or a.boundary[n - 1]]
                            ends = [n for n in ends if n >= 8] + [len(a.lead)]
                            return max(ends, key=lambda n: (2 * sum(weights[:n]) / (n + r), -n))
                        value = mean(a.score(a.lead[: expected(a)]) for a in articles)
                        print(f"      best expected F1, {cuts}, R {reference_length}, alpha {alpha}: {value:.2f}")
            for back in (2, 4, 6):
                def after(a, back=back, limit=25):
                    if len(a.lead) <= limit:
                        return len(a.lead)
                    found = [n for n in range(limit, min(len(a.lead), limit + back + 1)) if a.boundary[n - 1]]
                    return min(found) if found else limit
                def nearest(a, back=back, limit=25):
                    if len(a.lead) <= limit + back:
                        return len(a.lead)
                    found = [n for n in range(limit - back, limit + back + 1) if a.boundary[n - 1]]
                    return min(found, key=lambda n: abs(n - limit)) if found else limit
                later = mean(a.score(a.lead[: after(a)]) for a in articles)
                near = mean(a.score(a.lead[: nearest(a)]) for a in articles)
                print(f"      boundary up to {back} after the limit: {later:.2f}; nearest within {back}: {near:.2f}")
            def content_end(a, limit=25, back=4):
                n = a.cut(limit, back)
                if n != limit or len(a.lead) <= limit or a.boundary[limit - 1]:
                    return n
                for m in range(limit, max(1, limit - back) - 1, -1):
                    if a.content[m - 1]:
                        return m
                return limit
            value = mean(a.score(a.lead[: content_end(a)]) for a in articles)
            print(f"      no boundary: end on a word found elsewhere: {value:.2f}")

            print("    upper bounds (the reference chooses) and a join:")
            best_prefix = mean(max(a.score(a.lead[:n]) for n in range(1, len(a.lead) + 1)) for a in articles)
            clause_prefix, joined, plus, join_rule = [], [], [], []
            for a in articles:
                clauses = a.clauses(a.sentences[0])
                prefixes = [sum(clauses[: i + 1], []) for i in range(len(clauses))]
                clause_prefix.append(max(a.score(p) for p in prefixes))
                others = [c for s in a.sentences[1:4] for c in a.clauses(s) if len(c) >= 4]
                plus.append(max([a.score(a.lead + c) for c in others] + [a.score(a.lead)]))
                head = [p for p in prefixes if len(p) <= 15]
                head = head[-1] if head else a.lead[:15]
                second = a.clauses(a.sentences[1])[0] if len(a.sentences) > 1 else []
                join_rule.append(a.score(head + second))
            oracle = mean(max(a.score(tokenize(s)) for s in a.sentences) for a in articles)
            print(f"      best prefix at any word {best_prefix:.2f}; at a clause boundary {mean(clause_prefix):.2f};"
                  f" lead + best clause of sentences 2-4 {mean(plus):.2f}; oracle sentence {oracle:.2f}")
            print("      lead's first clauses (up to 15 words) + second sentence's first clause:",
                  f"{mean(join_rule):.2f}")


if __name__ == "__main__":
    main()
