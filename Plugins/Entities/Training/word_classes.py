#!/usr/bin/env python3
"""Derives en.words.tsv, the English word classes that `lector train entities --words` bakes into
the English tagger model, from two Debian packages installed at training time only (`make deps`
installs them; nothing is read at run time):

- wamerican (SCOWL's American English word list, /usr/share/dict/american-english): whether a word
  is written in lower case (a common word: "Bank", "Dam", "Songs") or capitalized ("Paris", "John");
- wordnet-base (WordNet 3.0, /usr/share/wordnet/data.noun): the words of WordNet's instance nouns
  (synsets with an `@i` instance-of pointer) filed as noun.person, noun.location or noun.group,
  and whether the word is the last of such a name ("Mississippi River", "Labour Party").

Output: one `word<TAB>classes` line per word, sorted, where classes is a string of the letters
  l  lower-case dictionary word       c  capitalized dictionary word
  p  in a WordNet person name         P  last word of a WordNet person name
  g  in a WordNet location name       G  last word of a WordNet location name
  o  in a WordNet group name          O  last word of a WordNet group name
Licences: see ../Resources/NOTICE.md, which ships with the model.

Usage: python3 Plugins/Entities/Training/word_classes.py > Plugins/Entities/Training/en.words.tsv
"""
import collections
import sys

DICTIONARY = "/usr/share/dict/american-english"
WORDNET = "/usr/share/wordnet/data.noun"
# WordNet lexicographer files: 14 noun.group, 15 noun.location, 18 noun.person.
FILES = {"18": ("p", "P"), "15": ("g", "G"), "14": ("o", "O")}


def main():
    classes = collections.defaultdict(set)
    try:
        words = open(DICTIONARY, encoding="utf-8").read().split("\n")
        synsets = open(WORDNET, encoding="utf-8").read().split("\n")
    except OSError as error:
        sys.exit(f"{error}: install the Debian packages wamerican and wordnet-base (make deps)")
    for word in words:
        if not word or "'" in word:
            continue
        classes[word].add("l" if word[0].islower() else "c")
    for line in synsets:
        if not line or line.startswith(" "):
            continue
        fields = line.split(" | ")[0].split()
        if fields[1] not in FILES or "@i" not in fields:
            continue
        inner, last = FILES[fields[1]]
        count = int(fields[3], 16)
        for number in range(count):
            lemma = fields[4 + 2 * number].split("_")
            for word in lemma:
                if word:
                    classes[word].add(inner)
            classes[lemma[-1]].add(last)
    for word in sorted(classes):
        print(f"{word}\t{''.join(sorted(classes[word]))}")


if __name__ == "__main__":
    main()
