#!/usr/bin/env python3
"""Lector's entity tagger beside a CRFsuite model trained on the same split, with the same scoring.

Creates its own virtual environment (.venv next to this script) with python-crfsuite on the first
run. For each language folder of the NER data it trains one linear-chain CRF (L-BFGS, c1=0.1,
c2=0.1, 100 iterations) on the train side of every file, exactly the sentences `lector train
entities` learns from, with the feature set of the CRFsuite tutorial (the word lowercased, its
last two and three characters, its first three, title/upper/digit flags, and the same for the
words at -2..+2, plus sentence start and end), then scores each file's dev side by exact-span
precision, recall and F1 per type. Lector's figures come from `lector eval entities --part dev
--json` on the same file.

The split, the tag mapping and the de-duplication are those of Lector's BIOCorpus: a sentence is
dev when FNV-1a-64 of its tokens joined by single spaces (UTF-8) is 0 modulo 10; PER/PERS are
PERSON, LOC/GPE LOCATION, ORG ORG, MISC and anything else O; an I- that cannot follow becomes B-;
repeated sentences are dropped within each side.

    python3 bench/entities/crfsuite_peer.py [--lector PATH] [--language ar ...]

Data defaults to $LECTOR_SHARED_DATA/ner, where LECTOR_SHARED_DATA defaults to ../shared/data
relative to the repository.
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
VENV = os.path.join(HERE, ".venv")
TYPES = {"PER": "PERSON", "PERS": "PERSON", "PERSON": "PERSON", "ORG": "ORG", "ORGANIZATION": "ORG",
         "ORGANISATION": "ORG", "LOC": "LOCATION", "LOCATION": "LOCATION", "GPE": "LOCATION"}


def ensure_venv():
    python = os.path.join(VENV, "bin", "python")
    if sys.prefix == VENV:
        return
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([python, "-m", "pip", "install", "--quiet", "python-crfsuite==0.9.11"])
    os.execv(python, [python] + sys.argv)


def read_bio(path):
    sentences, tokens, tags = [], [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip(" \t"):
                if tokens:
                    sentences.append((tokens, tags))
                tokens, tags = [], []
                continue
            if line.startswith("-DOCSTART-"):
                continue
            if "\t" in line:
                columns = line.split("\t")
                token, tag = columns[0], columns[-1]
            else:
                columns = line.split(" ")
                columns_nonempty = [c for c in columns if c]
                cut = line.rindex(" ")
                token = columns_nonempty[0] if len(columns_nonempty) > 2 else line[:cut]
                tag = line[cut + 1:]
            tokens.append(token)
            tags.append(map_tag(tag))
    if tokens:
        sentences.append((tokens, tags))
    return [(tokens, repair(tags)) for tokens, tags in sentences]


def map_tag(tag):
    parts = tag.split("-", 1)
    if len(parts) != 2 or parts[0] not in ("B", "I") or parts[1].upper() not in TYPES:
        return "O"
    return parts[0] + "-" + TYPES[parts[1].upper()]


def repair(tags):
    out, previous = [], "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        previous = tag
    return out


def is_dev(tokens):
    value = 0xCBF29CE484222325
    for byte in " ".join(tokens).encode("utf-8"):
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value % 10 == 0


def part(sentences, side):
    seen, kept = set(), []
    for tokens, tags in sentences:
        if (side == "dev") != is_dev(tokens):
            continue
        key = " ".join(tokens)
        if key not in seen:
            seen.add(key)
            kept.append((tokens, tags))
    return kept


def word_features(word, prefix):
    return {
        prefix + "lower": word.lower(),
        prefix + "suf3": word[-3:],
        prefix + "suf2": word[-2:],
        prefix + "pre3": word[:3],
        prefix + "istitle": word.istitle(),
        prefix + "isupper": word.isupper(),
        prefix + "isdigit": word.isdigit(),
    }


def sentence_features(tokens):
    features = []
    for index in range(len(tokens)):
        item = {"bias": 1.0}
        item.update(word_features(tokens[index], ""))
        for offset in (-2, -1, 1, 2):
            position = index + offset
            if 0 <= position < len(tokens):
                item.update(word_features(tokens[position], "%+d:" % offset))
        if index == 0:
            item["BOS"] = True
        if index == len(tokens) - 1:
            item["EOS"] = True
        features.append(item)
    return features


def spans(tags):
    out, index = set(), 0
    while index < len(tags):
        if tags[index] == "O":
            index += 1
            continue
        kind, end = tags[index][2:], index + 1
        while end < len(tags) and tags[end] == "I-" + kind:
            end += 1
        out.add((index, end, kind))
        index = end
    return out


def score(gold_sentences, predicted):
    counts = {kind: [0, 0, 0] for kind in ("LOCATION", "ORG", "PERSON")}
    for (tokens, gold), guess in zip(gold_sentences, predicted):
        g, p = spans(gold), spans(guess)
        for span in g:
            counts[span[2]][0] += 1
        for span in p:
            counts[span[2]][1] += 1
            if span in g:
                counts[span[2]][2] += 1
    return counts


def prf(gold, predicted, correct):
    precision = 100.0 * correct / predicted if predicted else 0.0
    recall = 100.0 * correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main():
    ensure_venv()
    import pycrfsuite

    parser = argparse.ArgumentParser()
    parser.add_argument("--lector", default=os.path.join(REPO, ".build", "release", "lector"))
    parser.add_argument("--data", default=os.path.join(os.environ.get("LECTOR_SHARED_DATA", os.path.join(REPO, "..", "shared", "data")), "ner"))
    parser.add_argument("--language", action="append", default=[])
    parser.add_argument("--iterations", type=int, default=100)
    args = parser.parse_args()

    languages = args.language or sorted(d for d in os.listdir(args.data) if os.path.isdir(os.path.join(args.data, d)))
    for language in languages:
        files = sorted(glob.glob(os.path.join(args.data, language, "*.tsv")) + glob.glob(os.path.join(args.data, language, "*.txt")))
        corpora = {path: read_bio(path) for path in files}
        train = [s for path in files for s in part(corpora[path], "train")]
        trainer = pycrfsuite.Trainer(verbose=False)
        for tokens, tags in train:
            trainer.append(sentence_features(tokens), tags)
        trainer.set_params({"c1": 0.1, "c2": 0.1, "max_iterations": args.iterations, "feature.possible_transitions": True})
        model_path = os.path.join(tempfile.mkdtemp(), language + ".crfsuite")
        started = time.time()
        trainer.train(model_path)
        train_seconds = time.time() - started
        tagger = pycrfsuite.Tagger()
        tagger.open(model_path)
        for path in files:
            dev = part(corpora[path], "dev")
            started = time.time()
            predicted = [tagger.tag(sentence_features(tokens)) for tokens, _ in dev]
            seconds = time.time() - started
            tokens_count = sum(len(tokens) for tokens, _ in dev)
            crf = score(dev, predicted)
            output = subprocess.run(
                [args.lector, "eval", "entities", "--data", path, "--part", "dev", "--model", language, "--json"],
                check=True, capture_output=True, text=True).stdout
            lector = json.loads(output)
            print("%s (dev: %d sentences, %d tokens; CRF trained on %d sentences in %.0f s)"
                  % (os.path.relpath(path, args.data), len(dev), tokens_count, len(train), train_seconds))
            print("%-10s %25s   %25s" % ("", "Lector P / R / F1", "CRFsuite P / R / F1"))
            for kind in ("PERSON", "ORG", "LOCATION"):
                ours = lector["types"][kind]
                theirs = prf(*crf[kind])
                print("%-10s %7.2f %7.2f %7.2f     %7.2f %7.2f %7.2f" % (kind, ours["precision"], ours["recall"], ours["f1"], *theirs))
            total = [sum(crf[k][i] for k in crf) for i in range(3)]
            ours = lector["overall"]
            print("%-10s %7.2f %7.2f %7.2f     %7.2f %7.2f %7.2f" % ("overall", ours["precision"], ours["recall"], ours["f1"], *prf(*total)))
            print("%-10s %17.0f tokens/s   %17.0f tokens/s" % ("speed", lector["tokens_per_second"], tokens_count / seconds if seconds else 0))
            print()
            sys.stdout.flush()


if __name__ == "__main__":
    main()
