"""Trains Lector's short-text language model: a multinomial naive Bayes over character n-grams.

The model is written as a TSV file that the `language` processor bundles as a resource. It learns from
two kinds of text:

- *UDHR*: folds 0 and 1 of ../shared/data/langid/udhr (see langid_data.py); fold 2 is held out for
  evaluation and never read here.
- *General text*: the word-frequency lists of the `wordfreq` package, version 3.1.1 (code Apache-2.0;
  data CC-BY-SA 4.0, built from Wikipedia, subtitles, news, web text, books and social media), for the
  model's languages it covers (38 of 67; `fil` is Tagalog here and `sh`, Serbo-Croatian in Latin
  script, is Croatian, the model's one language of that group). Each word of a language's list is
  padded with word-boundary spaces, as text is when scored, and adds its n-grams weighted by
  frequency ** BETA. A list has far more text behind it than the UDHR, so it is not simply added: per
  language and order, the list's n-gram mass is scaled to SHARE times that language's UDHR mass and
  added to the UDHR counts. Every language keeps the total weight the UDHR gives it, with or without
  a list, so the 38 languages with lists do not swamp the 29 without. A list's n-grams with less than
  MIN_SHARE of its mass of their order are dropped (they would mostly add memory), and counts are
  written in units of 1 / UNIT (integers).

The script creates a virtual environment (`.venv/langid-train` in the repository, which git ignores),
installs wordfreq==3.1.1 into it and runs itself there; `--no-general` trains on the UDHR alone, as the
model did before. Training is deterministic: the same data gives the same bytes.

    python3 bench/langid/train_short_text_model.py \
        --out Plugins/Language/Resources/short-text-model.tsv
    python3 bench/langid/train_short_text_model.py --dev    # train on fold 0, report fold 1
    python3 bench/langid/train_short_text_model.py --tune   # the grid the constants were chosen on

The constants (BETA, SHARE, ALPHA) were chosen with `--tune`, never on the reported test data: models
trained on fold 0 (plus the lists) are scored on words and pairs carved from UDHR fold 1, and on the
words and pairs of the *tuning half* of the out-of-domain set (ood_data.py; an item is in the tuning
half when the first byte of the SHA-256 of "lang<TAB>text" is even). The other half and fold 2 are
reported, not tuned on.
"""

import argparse
import hashlib
import math
import os
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import langid_data  # noqa: E402

ORDERS = (1, 2, 3, 4, 5)
ALPHA = 0.01  # in UDHR counts (the file gives it in units of 1 / UNIT)
MIN_COUNT = 1  # n-grams seen fewer times in a language are dropped from that language (size)
FORMAT = "lector-short-text-model 1"

# General text: the wordfreq package, pinned (its lists change between versions).
GENERAL_PACKAGE = "wordfreq"
GENERAL_VERSION = "3.1.1"
GENERAL_LIST = "small"  # words of frequency 1e-6 and above, 10,000-70,000 per language
# wordfreq's language codes -> the model's.
GENERAL_CODES = {"fil": "tl", "sh": "hr"}
BETA = 0.5  # a word's weight is frequency ** BETA
SHARE = 2.0  # a list's n-gram mass per order, relative to the language's UDHR mass
UNIT = 8  # counts are written in units of 1 / UNIT
MIN_SHARE = 6e-5  # a list's n-grams with less than this share of its mass of their order are dropped
VENV = os.path.join(ROOT, ".venv", "langid-train")


def normalize(text):
    """Lowercase letters and marks; every other run of characters becomes one space; padded."""
    out = []
    for char in text:
        if unicodedata.category(char)[0] in "LM":
            out.append(char.lower())
        elif out and out[-1] != " ":
            out.append(" ")
    return " " + "".join(out).strip() + " "


def ngrams(text, orders=ORDERS):
    norm = normalize(text)
    for n in orders:
        for i in range(len(norm) - n + 1):
            gram = norm[i:i + n]
            if gram != " " * n and not (n > 1 and gram.count(" ") == n):
                yield gram


class Model:
    def __init__(self, counts, orders=ORDERS, alpha=ALPHA, min_count=MIN_COUNT, totals=None):
        self.orders = orders
        self.alpha = alpha
        self.langs = sorted(counts)
        self.table = defaultdict(dict)  # gram -> {lang: count}
        self.totals = {}  # (lang, n) -> total count (before pruning)
        self.vocab = Counter()  # n -> distinct grams (after pruning)
        for lang in self.langs:
            for gram, count in counts[lang].items():
                self.totals[(lang, len(gram))] = self.totals.get((lang, len(gram)), 0) + count
                if count >= min_count or len(gram) == 1:
                    self.table[gram][lang] = count
        if totals is not None:
            self.totals = dict(totals)
        for gram in self.table:
            self.vocab[len(gram)] += 1
        self.temperature = 1.0

    def unseen(self, lang, n):
        return math.log(self.alpha / (self.totals.get((lang, n), 0) + self.alpha * max(1, self.vocab[n])))

    def logprob(self, lang, gram):
        count = self.table.get(gram, {}).get(lang)
        if count is None:
            return self.unseen(lang, len(gram))
        n = len(gram)
        return math.log((count + self.alpha) / (self.totals[(lang, n)] + self.alpha * self.vocab[n]))

    def scores(self, text):
        grams = list(ngrams(text, self.orders))
        return {lang: sum(self.logprob(lang, g) for g in grams) for lang in self.langs}, len(grams)

    def best(self, text):
        scores, _ = self.scores(text)
        return max(self.langs, key=lambda lang: (scores[lang], lang))

    def write(self, path):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(f"#{FORMAT}\n")
            handle.write(f"#orders\t{' '.join(map(str, self.orders))}\n")
            handle.write(f"#alpha\t{self.alpha}\n")
            handle.write(f"#temperature\t{self.temperature:.4f}\n")
            handle.write(f"#languages\t{' '.join(self.langs)}\n")
            for lang in self.langs:
                totals = " ".join(str(self.totals.get((lang, n), 0)) for n in self.orders)
                handle.write(f"#totals\t{lang}\t{totals}\n")
            handle.write(f"#vocabulary\t{' '.join(str(self.vocab[n]) for n in self.orders)}\n")
            index = {lang: i for i, lang in enumerate(self.langs)}
            for gram in sorted(self.table):
                entries = ",".join(f"{index[lang]}:{count}" for lang, count in sorted(self.table[gram].items()))
                handle.write(f"{gram}\t{entries}\n")


def count(units, orders=ORDERS):
    counts = {}
    for lang, lines in units.items():
        counter = Counter()
        for line in lines:
            counter.update(ngrams(line, orders))
        counts[lang] = counter
    return counts


def general_words(languages):
    """{model language: [(word, frequency), ...]} from wordfreq's lists, in the lists' order."""
    import importlib.metadata

    import wordfreq

    version = importlib.metadata.version(GENERAL_PACKAGE)
    if version != GENERAL_VERSION:
        sys.exit(f"{GENERAL_PACKAGE} {version} is installed; the model is trained on {GENERAL_VERSION}")
    out = {}
    for code in sorted(wordfreq.available_languages(GENERAL_LIST)):
        lang = GENERAL_CODES.get(code, code)
        if lang in languages:
            out[lang] = list(wordfreq.get_frequency_dict(code, GENERAL_LIST).items())
    return out


def general_grams(words, orders=ORDERS):
    """{lang: [(frequency, Counter of the word's n-grams), ...]}: each word's n-grams, counted once."""
    return {lang: [(freq, Counter(ngrams(word, orders))) for word, freq in pairs] for lang, pairs in words.items()}


def general_profile(grams, beta):
    """{lang: {gram: weight}}: every word's n-grams weighted by frequency ** beta (a fixed summation order)."""
    out = {}
    for lang, entries in grams.items():
        profile = defaultdict(float)
        for freq, counter in entries:
            weight = freq ** beta
            for gram, k in counter.items():
                profile[gram] += weight * k
        out[lang] = profile
    return out


def mix(udhr, profiles, share=SHARE, unit=UNIT, min_share=MIN_SHARE):
    """Integer counts (units of 1 / unit) and totals: UDHR counts plus each list's n-grams scaled to
    `share` times the language's UDHR mass, order by order; list n-grams with less than `min_share`
    of the list's mass of their order, or less than one unit, are dropped. Without profiles, the
    UDHR counts times `unit`."""
    counts, totals = {}, {}
    for lang in sorted(udhr):
        mass = Counter()
        for gram, c in udhr[lang].items():
            mass[len(gram)] += c
        merged = Counter({gram: c * unit for gram, c in udhr[lang].items()})
        profile = profiles.get(lang)
        exact = Counter({n: mass[n] * unit for n in mass})
        if profile:
            general_mass = defaultdict(float)
            for gram, weight in profile.items():
                general_mass[len(gram)] += weight
            for gram, weight in profile.items():
                n = len(gram)
                fraction = weight / general_mass[n]
                rounded = round(unit * share * mass[n] * fraction)
                if fraction >= min_share and rounded >= 1:
                    merged[gram] += rounded
            for n in general_mass:
                exact[n] += round(unit * share * mass[n])
        counts[lang] = merged
        for n, total in exact.items():
            totals[(lang, n)] = total
    return counts, totals


def build(udhr, profiles, orders, alpha, share, unit=UNIT, min_share=MIN_SHARE):
    counts, totals = mix(udhr, profiles, share, unit, min_share)
    # Alpha is given in UDHR counts; the file's counts are in units of 1 / unit.
    return Model(counts, orders, alpha * unit, 1, totals)


def fit_temperature(model, items):
    """The temperature T (posterior ∝ exp(score / T)) that minimizes log loss on items."""
    prepared = []
    for lang, text in items:
        scores, _ = model.scores(text)
        prepared.append((lang, [scores[l] for l in model.langs]))
    best = (float("inf"), 1.0)
    for t in [0.5 * 1.15 ** k for k in range(40)]:
        loss = 0.0
        for lang, row in prepared:
            top = max(row)
            z = sum(math.exp((s - top) / t) for s in row)
            p = math.exp((row[model.langs.index(lang)] - top) / t) / z if lang in model.langs else 1e-9
            loss -= math.log(max(p, 1e-12))
        best = min(best, (loss, t))
    return best[1]


class FastScorer:
    """Scores many items under many models at once (numpy), for the grid of `--tune`."""

    def __init__(self, sets):
        import numpy as np

        self.np = np
        self.sets = sets  # {name: [(lang, text), ...]}
        grams = {}
        self.items = {}
        for name, items in sets.items():
            rows = []
            for lang, text in items:
                rows.append([grams.setdefault(g, len(grams)) for g in ngrams(text)])
            self.items[name] = rows
        self.grams = list(grams)

    def accuracy(self, model):
        np = self.np
        langs = model.langs
        matrix = np.empty((len(self.grams), len(langs)))
        for i, gram in enumerate(self.grams):
            matrix[i] = [model.logprob(lang, gram) for lang in langs]
        out = {}
        for name, rows in self.items.items():
            right = 0
            for (lang, _), row in zip(self.sets[name], rows):
                if not row:
                    continue
                scores = matrix[row].sum(axis=0)
                # Ties go to the later language code, as Model.best does.
                best = max(range(len(langs)), key=lambda k: (scores[k], langs[k]))
                right += langs[best] == lang
            out[name] = right / len(rows)
        return out


def tune(units, orders, grid):
    """Prints the tuning figures of every point of the grid and the best by the mean of the four."""
    import ood_data

    fold0 = count(langid_data.select(units, {0}), orders)
    dev = langid_data.carve(langid_data.select(units, {1}))
    ood = ood_data.carve()
    sets = {
        "udhr word": dev["word"], "udhr pair": dev["pair"],
        "ood word": [item for item in ood["word"] if ood_data.half(*item) == "tune"],
        "ood pair": [item for item in ood["pair"] if ood_data.half(*item) == "tune"],
    }
    scorer = FastScorer(sets)
    grams = general_grams(general_words(set(units)), orders)
    print("beta share alpha min_share | " + " | ".join(sets) + " | mean | n-grams")
    results = []

    def report(label, model, key):
        figures = scorer.accuracy(model)
        mean = sum(figures.values()) / len(figures)
        results.append((mean, label, key))
        print(f"{label} | " + " | ".join(f"{figures[k] * 100:.1f}" for k in sets) +
              f" | {mean * 100:.2f} | {len(model.table)}", flush=True)

    report("UDHR only, alpha 0.5", build(fold0, {}, orders, 0.5, 0, 1), None)
    for beta in grid["beta"]:
        profiles = general_profile(grams, beta)
        for share in grid["share"]:
            for alpha in grid["alpha"]:
                for min_share in grid["min_share"]:
                    model = build(fold0, profiles, orders, alpha, share, UNIT, min_share)
                    report(f"{beta} {share} {alpha} {min_share}", model, (beta, share, alpha, min_share))
    best = max(results)
    print(f"best by the mean of the four: {best[1]} ({best[0] * 100:.2f})")


def ensure_venv(args):
    """Runs this script again inside the training virtual environment, with wordfreq installed."""
    python = os.path.join(VENV, "bin", "python")
    if os.path.abspath(sys.prefix) == os.path.abspath(VENV):
        return
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    packages = [f"{GENERAL_PACKAGE}=={GENERAL_VERSION}"] + (["numpy"] if args.tune else [])
    subprocess.run([python, "-m", "pip", "install", "--quiet"] + packages, check=True)
    os.execv(python, [python, os.path.abspath(__file__)] + sys.argv[1:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", help="where to write the model TSV")
    parser.add_argument("--dev", action="store_true", help="train on fold 0, report accuracy on fold 1")
    parser.add_argument("--tune", action="store_true", help="score the grid the constants were chosen on")
    parser.add_argument("--no-general", action="store_true", help="train on the UDHR alone (no wordfreq lists)")
    parser.add_argument("--orders", default=",".join(map(str, ORDERS)))
    parser.add_argument("--alpha", type=float, default=ALPHA)
    parser.add_argument("--beta", type=float, default=BETA)
    parser.add_argument("--share", type=float, default=SHARE)
    parser.add_argument("--min-share", type=float, default=MIN_SHARE)
    # The grid of --tune (comma-separated values).
    parser.add_argument("--betas", default="0.5,1")
    parser.add_argument("--shares", default="1,2,4")
    parser.add_argument("--alphas", default="0.01,0.03")
    parser.add_argument("--min-shares", default="6e-5")
    args = parser.parse_args()
    if not args.no_general or args.tune:
        ensure_venv(args)
    orders = tuple(int(n) for n in args.orders.split(","))
    units = langid_data.load(langid_data.udhr_dir())
    if args.tune:
        grid = {name: [float(v) for v in getattr(args, name + "s").split(",")]
                for name in ("beta", "share", "alpha", "min_share")}
        return tune(units, orders, grid)
    profiles = {} if args.no_general else general_profile(general_grams(general_words(set(units)), orders), args.beta)
    unit = UNIT if profiles else 1
    train_folds = {0} if args.dev else {0, 1}
    model = build(count(langid_data.select(units, train_folds), orders), profiles, orders, args.alpha, args.share,
                  unit, args.min_share)
    # The temperature only scales confidence, never the ranking. It is fitted where the model has
    # not seen the text: a model trained on fold 0 (and the same lists) scores words and pairs
    # carved from fold 1. (Fitted on its own training text it would come out overconfident.)
    fold0 = model if args.dev else build(count(langid_data.select(units, {0}), orders), profiles, orders, args.alpha,
                                         args.share, unit, args.min_share)
    calibration = langid_data.carve(langid_data.select(units, {1}))
    model.temperature = fit_temperature(fold0, calibration["word"][::3] + calibration["pair"][::3])
    if args.dev:
        dev = langid_data.carve(langid_data.select(units, {1}))
        for length in langid_data.LENGTHS:
            items = dev[length]
            right = sum(1 for lang, text in items if model.best(text) == lang)
            print(f"dev {length}: {right / len(items):.4f} ({len(items)} items)")
        print(f"temperature {model.temperature:.3f}, grams {sum(model.vocab.values())}")
    if args.out:
        model.write(args.out)
        entries = sum(len(v) for v in model.table.values())
        print(f"wrote {args.out}: {len(model.table)} n-grams, {entries} counts, {len(model.langs)} languages")


if __name__ == "__main__":
    main()
