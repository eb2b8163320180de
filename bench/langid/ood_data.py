"""Carves labelled language-identification sets from text the short-text model never saw.

The short-text model of the `language` processor is trained on UDHR (see langid_data.py), so its
figures on the held-out UDHR fold are in-domain: the same document, the same formal vocabulary.
This module builds an out-of-domain set from the other public data beside the repository:

- `../shared/data/ner`: WikiANN sentences in Arabic, English, Persian and Urdu (Wikipedia, mostly
  short encyclopedic fragments) and ANERcorp (Arabic news), one token per line; the tokens of a
  sentence are joined back into text (no space before closing punctuation or after an opening
  bracket). All of each file is used: the entity corpora have nothing to do with the language
  model, so their train side is as unseen as their dev side. Repeated sentences (WikiANN Urdu has
  many) are kept once.
- `../shared/data/summ`: Arabic news articles (BBC Arabic and JawharaFM), one article per JSON line.

The root is `$LECTOR_SHARED_DATA` (default `../shared/data` from the repository root). The data is
read in place, never copied into the repository.

Every source is carved into the four lengths of the UDHR evaluation, with the same rules where they
apply (langid_data.words_of, a sentence has at least 10 letters):

- *word*: one word, all of whose letters are in the language's script (Arabic for ar, fa, ur;
  Latin for en): a Latin-script name inside an Urdu sentence is not Urdu, so it is not an item.
- *pair*: two consecutive words of one sentence, both passing that test.
- *sentence*: a sentence (an article's lines split at sentence ends; an entity corpus's sentence
  as it is), with at least three quarters of its letters in the language's script.
- *paragraph*: consecutive sentences of one document joined until the text has at least 200
  letters (the held-out UDHR paragraphs have a median of 252), with the same script test. For
  ANERcorp and the articles these are real running text; WikiANN's sentences are unrelated
  fragments in file order, so its "paragraphs" are collections of same-language sentences.

Items are sampled per language with a fixed seed: at most 1,000 words, 1,000 pairs, 500 sentences
and 200 paragraphs per language, shared equally among the language's sources (Arabic has four).

The set is split in two halves by a hash of each item (`half`): the *tuning* half, on which the
short-text model's mixing constants were chosen, and the *report* half, never looked at before the
figures were reported. `--half tune` or `--half report` writes one half only.

    python3 bench/langid/ood_data.py --out DIR    # writes word.tsv, pair.tsv, sentence.tsv, paragraph.tsv
"""

import hashlib
import json
import os
import random
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import langid_data  # noqa: E402

SEED = 20261130
CAPS = {"word": 1000, "pair": 1000, "sentence": 500, "paragraph": 200}
PARAGRAPH_LETTERS = 200
SCRIPT_SHARE = 0.75
# Source files, relative to the shared data root, with their language and kind.
SOURCES = [
    ("ner/ar/wikiann-ar.train.tsv", "ar", "bio"),
    ("ner/ar/anercorp.train.txt", "ar", "bio"),
    ("summ/ar_antbbc.dev.jsonl", "ar", "articles"),
    ("summ/ar_antjawhara_head.dev.jsonl", "ar", "articles"),
    ("ner/en/wikiann-en.train.tsv", "en", "bio"),
    ("ner/fa/wikiann-fa.train.tsv", "fa", "bio"),
    ("ner/ur/wikiann-ur.train.tsv", "ur", "bio"),
]
CLOSING = set(".,;:!?)]}%»،؛؟۔")
OPENING = set("([{«")


def half(lang, text):
    """The half of the set an item belongs to: "tune" when the first byte of the SHA-256 of
    "lang<TAB>text" is even, else "report". Constants of the short-text model may be chosen on the
    tuning half (train_short_text_model.py --tune); figures are reported on the other half and on
    the whole set."""
    return "tune" if hashlib.sha256(f"{lang}\t{text}".encode("utf-8")).digest()[0] % 2 == 0 else "report"


def data_root():
    default = os.path.normpath(os.path.join(ROOT, "..", "shared", "data"))
    return os.environ.get("LECTOR_SHARED_DATA", default)


def in_script(lang, char):
    """Whether a letter belongs to the script the language is written in here."""
    code = ord(char)
    if lang == "en":
        return code < 0x250
    # Arabic, Arabic Supplement, Extended-A, Presentation Forms A and B.
    return 0x600 <= code <= 0x6FF or 0x750 <= code <= 0x77F or 0x8A0 <= code <= 0x8FF or 0xFB50 <= code <= 0xFEFF


def script_share(lang, text):
    letters = [c for c in text if langid_data.is_letter(c)]
    return sum(1 for c in letters if in_script(lang, c)) / len(letters) if letters else 0.0


def detokenize(tokens):
    """Tokens joined by spaces, except before closing punctuation and after an opening bracket."""
    out = ""
    for token in tokens:
        if out and not (token in CLOSING or out[-1] in OPENING):
            out += " "
        out += token
    return out


def read_bio(path):
    """The sentences of a token-per-line file (a blank line between sentences), as texts."""
    sentences, tokens = [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if not line.strip():
                if tokens:
                    sentences.append(detokenize(tokens))
                tokens = []
                continue
            if line.startswith("-DOCSTART-"):
                continue
            # "token<TAB>tag" (WikiANN) or "token tag" (ANERcorp).
            token = line.split("\t")[0] if "\t" in line else line.rsplit(" ", 1)[0]
            # WikiANN joins the words of a page title with "_".
            tokens.append(token.replace("_", " ").replace("\t", " ").strip())
    if tokens:
        sentences.append(detokenize(tokens))
    return sentences


def documents(path, kind):
    """[[sentence, ...], ...]: one list per document, sentences in order, NFC."""
    if kind == "bio":
        # An entity corpus is one document: its sentences in file order.
        seen, kept = set(), []
        for sentence in read_bio(path):
            sentence = unicodedata.normalize("NFC", sentence)
            if sentence not in seen:
                seen.add(sentence)
                kept.append(sentence)
        return [kept]
    out = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            text = unicodedata.normalize("NFC", json.loads(line)["text"])
            sentences = []
            for paragraph in text.split("\n"):
                sentences.extend(langid_data.sentences_of(paragraph.strip()))
            out.append(sentences)
    return out


def pieces(lang, docs):
    """{length: [text, ...]} before sampling: every word, pair, sentence and paragraph that qualifies."""
    words, pairs, sentences, paragraphs = [], [], [], []
    for doc in docs:
        current, letters = [], 0
        for sentence in doc:
            raw = langid_data.words_of(lang, sentence)
            ok = [all(in_script(lang, c) for c in t if langid_data.is_letter(c)) for t in raw]
            words.extend(t for t, good in zip(raw, ok) if good)
            pairs.extend(f"{raw[i]} {raw[i + 1]}" for i in range(0, len(raw) - 1, 2) if ok[i] and ok[i + 1])
            count = sum(1 for c in sentence if langid_data.is_letter(c))
            if count >= 10 and script_share(lang, sentence) >= SCRIPT_SHARE:
                sentences.append(sentence)
            current.append(sentence)
            letters += count
            if letters >= PARAGRAPH_LETTERS:
                paragraph = " ".join(current)
                if script_share(lang, paragraph) >= SCRIPT_SHARE:
                    paragraphs.append(paragraph)
                current, letters = [], 0
    return {"word": words, "pair": pairs, "sentence": sentences, "paragraph": paragraphs}


def carve(root=None):
    """{length: [(lang, text), ...]}, deterministically."""
    root = root or data_root()
    by_language = {}
    for path, lang, kind in SOURCES:
        by_language.setdefault(lang, []).append((path, kind))
    out = {length: [] for length in langid_data.LENGTHS}
    for lang in sorted(by_language):
        sources = by_language[lang]
        for path, kind in sources:
            full = os.path.join(root, path)
            carved = pieces(lang, documents(full, kind))
            rng = random.Random(f"{SEED}-{path}")
            for length in langid_data.LENGTHS:
                cap = CAPS[length] // len(sources)
                out[length] += [(lang, text) for text in langid_data.sample(rng, carved[length], cap)]
    return out


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Carve the out-of-domain set into four TSV files.")
    parser.add_argument("--out", required=True, help="folder for word.tsv, pair.tsv, sentence.tsv, paragraph.tsv")
    parser.add_argument("--half", choices=["tune", "report"], help="write one half of the set only")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for length, items in carve().items():
        items = [item for item in items if args.half is None or half(*item) == args.half]
        langid_data.write_tsv(os.path.join(args.out, f"{length}.tsv"), items)
        counts = {}
        for lang, _ in items:
            counts[lang] = counts.get(lang, 0) + 1
        print(f"{length}: {len(items)} items ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})")
