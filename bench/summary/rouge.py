"""ROUGE-1, ROUGE-2 and ROUGE-L F1 with a Unicode-aware tokenizer.

The same definition as Lector's Swift implementation (Plugins/Summary/Rouge.swift): text is
NFC-normalized and lowercased, with the Greek final sigma folded to sigma (Python's lower() writes
a final sigma where Swift's lowercased() does not); a token is a maximal run of letters, marks and numbers (Unicode
general categories L*, M*, N*); everything else separates tokens. No stemming, no stop words.
ROUGE-N counts clipped n-gram matches; ROUGE-L uses the longest common subsequence of the two
token sequences. Each F1 is in 0...1; callers average over articles and scale to 0...100.
"""

import unicodedata
from collections import Counter


def tokenize(text):
    text = unicodedata.normalize("NFC", text).lower().replace("\u03c2", "\u03c3")
    tokens, current = [], []
    for ch in text:
        if unicodedata.category(ch)[0] in "LMN":
            current.append(ch)
        elif current:
            tokens.append("".join(current))
            current = []
    if current:
        tokens.append("".join(current))
    return tokens


def _f1(overlap, candidate_count, reference_count):
    if overlap == 0 or candidate_count == 0 or reference_count == 0:
        return 0.0
    precision = overlap / candidate_count
    recall = overlap / reference_count
    return 2 * precision * recall / (precision + recall)


def rouge_n(candidate, reference, n):
    c = Counter(tuple(candidate[i:i + n]) for i in range(len(candidate) - n + 1))
    r = Counter(tuple(reference[i:i + n]) for i in range(len(reference) - n + 1))
    overlap = sum(min(count, r[gram]) for gram, count in c.items())
    return _f1(overlap, sum(c.values()), sum(r.values()))


def lcs_length(a, b):
    if not a or not b:
        return 0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0] * (len(b) + 1)
        for j, y in enumerate(b, 1):
            current[j] = previous[j - 1] + 1 if x == y else max(previous[j], current[j - 1])
        previous = current
    return previous[-1]


def rouge_l(candidate, reference):
    return _f1(lcs_length(candidate, reference), len(candidate), len(reference))


def scores(candidate_text, reference_text):
    """(ROUGE-1, ROUGE-2, ROUGE-L) F1 of one candidate against one reference, each in 0...1."""
    c, r = tokenize(candidate_text), tokenize(reference_text)
    return rouge_n(c, r, 1), rouge_n(c, r, 2), rouge_l(c, r)
