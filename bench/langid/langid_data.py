"""Loads the UDHR language-identification data, splits it, and carves texts of four lengths.

Everything here is deterministic: the split is by unit index, and sampling uses a fixed seed.
Used by train_short_text_model.py (training side) and compare_peers.py (evaluation side), so that
the units a model is trained on are never the units it is evaluated on.
"""

import os
import random
import re
import unicodedata

DEFAULT_UDHR = os.path.join("..", "shared", "data", "langid", "udhr")
SEED = 20241023
LENGTHS = ("word", "pair", "sentence", "paragraph")
# Items per language and length at most (paragraphs: every held-out unit).
CAPS = {"word": 100, "pair": 100, "sentence": 50, "paragraph": 1000}
# Languages written without spaces between words: a "word" is this many characters.
UNSPACED = {"zh": 2, "ja": 2, "th": 4}
SENTENCE_END = re.compile(r"(?<=[.!?;।۔。！？؟])\s+|(?<=[。！？])")


def udhr_dir():
    """The UDHR folder: $LECTOR_LANGID_DATA, else ../shared/data/langid/udhr from the repo root."""
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    return os.environ.get("LECTOR_LANGID_DATA", os.path.normpath(os.path.join(root, DEFAULT_UDHR)))


def load(directory):
    """{lang: [unit, ...]} from a folder of LANG.txt files, one unit per line, NFC."""
    units = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".txt") or name.startswith("LICENSE"):
            continue
        with open(os.path.join(directory, name), encoding="utf-8") as handle:
            lines = [unicodedata.normalize("NFC", line.strip()) for line in handle]
        units[name[:-4]] = [line for line in lines if line]
    return units


def fold(index):
    """Unit i belongs to fold i % 3. Fold 2 is the test fold; folds 0 and 1 train the shipped model."""
    return index % 3


def select(units, folds):
    return {lang: [u for i, u in enumerate(lines) if fold(i) in folds] for lang, lines in units.items()}


def is_letter(char):
    return unicodedata.category(char)[0] in "LM"


def words_of(lang, text):
    """The words of a text: whitespace tokens stripped of punctuation, at least two letters, no digits."""
    if lang in UNSPACED:
        size = UNSPACED[lang]
        letters = "".join(c if is_letter(c) else " " for c in text)
        out = []
        for run in letters.split():
            out.extend(run[i:i + size] for i in range(0, len(run) - size + 1, size))
        return out
    out = []
    for token in text.split():
        token = token.strip("".join(c for c in token if not is_letter(c))) if token else token
        token = "".join(c for c in token if is_letter(c) or c in "'’-")
        if sum(1 for c in token if is_letter(c)) >= 2 and not any(c.isdigit() for c in token):
            out.append(token)
    return out


def sentences_of(text):
    return [s.strip() for s in SENTENCE_END.split(text) if sum(1 for c in s if is_letter(c)) >= 10]


def sample(rng, items, cap):
    distinct = list(dict.fromkeys(items))
    if len(distinct) <= cap:
        return distinct
    return rng.sample(distinct, cap)


def carve(units):
    """{length: [(lang, text), ...]} from held-out units, deterministically."""
    out = {length: [] for length in LENGTHS}
    for lang in sorted(units):
        rng = random.Random(f"{SEED}-{lang}")
        lines = units[lang]
        words, pairs, sentences = [], [], []
        for line in lines:
            tokens = words_of(lang, line)
            words.extend(tokens)
            joiner = "" if lang in ("zh", "ja") else " "
            pairs.extend(joiner.join(tokens[i:i + 2]) for i in range(0, len(tokens) - 1, 2))
            sentences.extend(sentences_of(line))
        out["word"] += [(lang, t) for t in sample(rng, words, CAPS["word"])]
        out["pair"] += [(lang, t) for t in sample(rng, pairs, CAPS["pair"])]
        out["sentence"] += [(lang, t) for t in sample(rng, sentences, CAPS["sentence"])]
        out["paragraph"] += [(lang, t) for t in sample(rng, lines, CAPS["paragraph"])]
    return out


def write_tsv(path, items):
    with open(path, "w", encoding="utf-8") as handle:
        for lang, text in items:
            handle.write(f"{lang}\t{text}\n")


def read_tsv(path):
    with open(path, encoding="utf-8") as handle:
        return [tuple(line.rstrip("\n").split("\t", 1)) for line in handle if "\t" in line]


# Codes that name the same language in different detectors; compared on the primary subtag.
ALIASES = {"iw": "he", "in": "id", "jw": "jv", "no": "nb", "fil": "tl", "zh-hant": "zh", "zh-hans": "zh"}


def normalize_code(code):
    code = (code or "und").strip().lower().replace("_", "-")
    code = ALIASES.get(code, code)
    return ALIASES.get(code.split("-")[0], code.split("-")[0])


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Carve the held-out UDHR fold into four TSV files.")
    parser.add_argument(
        "--out", required=True, help="folder for word.tsv, pair.tsv, sentence.tsv, paragraph.tsv, article.tsv")
    parser.add_argument("--folds", default="2", help="folds to carve, comma-separated (2 = test, 1 = dev)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    held_out = select(load(udhr_dir()), {int(f) for f in args.folds.split(",")})
    carved = carve(held_out)
    # Article length: each language's held-out units joined into one text (for throughput).
    carved["article"] = [(lang, " ".join(lines)) for lang, lines in sorted(held_out.items()) if lines]
    for length, items in carved.items():
        write_tsv(os.path.join(args.out, f"{length}.tsv"), items)
        print(f"{length}: {len(items)} items")
