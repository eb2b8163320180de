"""Benchmark articles made of real text: the seed articles, and articles of a chosen size mixed
from the public data sets next to the repository (../shared/data, or $LECTOR_SHARED_DATA):
Arabic news (summ/*.jsonl), the Universal Declaration of Human Rights in 67 languages
(langid/udhr), and sentences of the NER corpora in English, Arabic, Persian and Urdu (ner/).

Every article is unique (it carries its number), because Lector skips content it has seen before;
the same number and seed always give the same bytes.
"""

import glob
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def shared_data():
    return os.environ.get("LECTOR_SHARED_DATA", os.path.join(REPO, "..", "shared", "data"))


def _ner_documents(path, tab):
    """Sentences rebuilt from one token per line (blank line between sentences), 40 to a document."""
    sentences, tokens = [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if tokens:
                    sentences.append(" ".join(tokens))
                    tokens = []
                continue
            token = line.split("\t")[0] if tab else line.rsplit(" ", 1)[0]
            tokens.append(token)
    if tokens:
        sentences.append(" ".join(tokens))
    # Keep real sentences, not list fragments.
    sentences = [s for s in sentences if len(s.split()) >= 6]
    for start in range(0, len(sentences), 40):
        chunk = sentences[start : start + 40]
        yield [" ".join(chunk[i : i + 4]) for i in range(0, len(chunk), 4)]


class Corpus:
    """Paragraph pools per source document, and the articles built from them."""

    def __init__(self, data=None):
        data = data or shared_data()
        self.documents = []  # (title, [paragraph, ...])
        for path in sorted(glob.glob(os.path.join(data, "summ", "*.jsonl"))):
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    item = json.loads(line)
                    paragraphs = [p.strip() for p in item["text"].split("\n") if p.strip()]
                    self.documents.append((item.get("title") or paragraphs[0][:80], paragraphs))
        for path in sorted(glob.glob(os.path.join(data, "langid", "udhr", "*.txt"))):
            if os.path.basename(path).startswith("LICENSE"):
                continue
            with open(path, encoding="utf-8") as handle:
                paragraphs = [p.strip() for p in handle.read().split("\n") if p.strip()]
            self.documents.append((paragraphs[0][:80], paragraphs))
        for path in sorted(glob.glob(os.path.join(data, "ner", "*", "*"))):
            if path.endswith(".tsv") or path.endswith(".txt"):
                for paragraphs in _ner_documents(path, tab=path.endswith(".tsv")):
                    self.documents.append((paragraphs[0][:80], paragraphs))
        if not self.documents:
            raise SystemExit(f"no benchmark text found under {data}; set LECTOR_SHARED_DATA")
        self.seeds = []
        for path in sorted(glob.glob(os.path.join(REPO, "seeds", "*.txt"))):
            with open(path, "rb") as handle:
                self.seeds.append(handle.read())

    def seed_article(self, number):
        """Seed number % 5, made unique by a closing reference line."""
        return self.seeds[number % len(self.seeds)] + f"\nRef. {number:07d}\n".encode()

    def mixed_article(self, number, size, salt=0):
        """About `size` bytes of UTF-8: a title line, then paragraphs of one source document (and
        the documents after it when it is shorter), cut at a word boundary."""
        rng = random.Random(number * 1_000_003 + size + salt)
        index = rng.randrange(len(self.documents))
        title, _ = self.documents[index]
        parts = [f"{title} ({number})"]
        total = len(parts[0].encode()) + 2
        while total < size:
            _, paragraphs = self.documents[index % len(self.documents)]
            for paragraph in paragraphs:
                encoded = len(paragraph.encode()) + 2
                if total + encoded > size:
                    room = size - total
                    cut = paragraph.encode()[:room].decode("utf-8", "ignore")
                    if " " in cut:
                        cut = cut[: cut.rindex(" ")]
                    if cut:
                        parts.append(cut)
                    total = size
                    break
                parts.append(paragraph)
                total += encoded
            index += 1
        return ("\n\n".join(parts) + "\n").encode("utf-8")

    def articles(self, kind, count, start=0):
        """(name, bytes) for `count` articles of `kind`: "seeds" or a size in bytes."""
        for number in range(start, start + count):
            if kind == "seeds":
                yield f"seed-{number:07d}.txt", self.seed_article(number)
            else:
                yield f"mix{kind}-{number:07d}.txt", self.mixed_article(number, kind)
