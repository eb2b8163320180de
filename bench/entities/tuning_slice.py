#!/usr/bin/env python3
"""Carves the tuning slice out of a language's training side, so that features and settings are
chosen without ever looking at the dev side.

The slice is the train sentences (FNV-1a 64 of the space-joined tokens not 0 mod 10) whose hash
divided by 10 is 0 mod 8: about an eighth of the training side (2,265 English sentences). The
script writes OUT/LANG/rest.tsv (the other train sentences, which `lector train entities --data
OUT --language LANG` then learns from: none of them is 0 mod 10, so all stay on the train side)
and OUT/slice.tsv (to score with `lector eval entities --data OUT/slice.tsv --part all --model-file
…`). Tags are written as read (the reader maps them). Repeats are removed as `lector` does.

Usage: python3 bench/entities/tuning_slice.py [--language en] [--slice K] OUT
"""
import argparse
import glob
import os

SHARED = os.environ.get("LECTOR_SHARED_DATA", os.path.join("..", "shared", "data"))


def fnv(tokens):
    value = 0xCBF29CE484222325
    for byte in " ".join(tokens).encode("utf-8"):
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value


def read(path):
    sentences, lines = [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip(" \t"):
                if lines:
                    sentences.append(lines)
                lines = []
            elif not line.startswith("-DOCSTART-"):
                lines.append(line)
    if lines:
        sentences.append(lines)
    return sentences


def token(line):
    if "\t" in line:
        return line.split("\t")[0]
    columns = [c for c in line.split(" ") if c]
    return columns[0] if len(columns) > 2 else line[:line.rindex(" ")]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--language", default="en")
    parser.add_argument("--slice", type=int, default=0, choices=range(8),
                        help="which eighth (0, the default, is the tuning slice; the others cross-check a change)")
    parser.add_argument("out")
    arguments = parser.parse_args()
    rest, tuning, seen = [], [], set()
    for path in sorted(glob.glob(os.path.join(SHARED, "ner", arguments.language, "*"))):
        if not path.endswith((".tsv", ".txt")):
            continue
        for lines in read(path):
            tokens = [token(line) for line in lines]
            value = fnv(tokens)
            key = " ".join(tokens)
            if value % 10 == 0 or key in seen:
                continue
            seen.add(key)
            (tuning if value // 10 % 8 == arguments.slice else rest).append(lines)
    os.makedirs(os.path.join(arguments.out, arguments.language), exist_ok=True)
    for path, sentences in ((os.path.join(arguments.out, arguments.language, "rest.tsv"), rest),
                            (os.path.join(arguments.out, "slice.tsv"), tuning)):
        with open(path, "w", encoding="utf-8") as handle:
            for lines in sentences:
                handle.write("\n".join(lines) + "\n\n")
        print(f"{path}: {len(sentences)} sentences")


if __name__ == "__main__":
    main()
