#!/usr/bin/env python3
"""The Python pipeline a user might assemble instead of Lector: a folder loop that takes each file
from an inbox, detects its language with pycld2, finds entities with regular expressions,
summarizes it with sumy's LexRank, writes one JSON result per article (temporary file, fsync,
rename, as Lector does) and archives the original.

    peer.py --root DIR [--workers N] [--sentences 3]

DIR holds inbox/, processing/, output/, archive/ and failed/, the layout `lector daemon --root`
uses. Files are taken as soon as they are renamed into or closed in the inbox (inotify, like
Lector's watcher), plus a scan at start. With --workers N, N processes share the inbox and claim
each file by renaming it into processing/, as Lector's claims do. When NOTIFY_SOCKET is set, the
loop sends READY=1 once its libraries are loaded, so that the benchmark times its start the way it
times Lector's. SIGTERM stops it after the article in progress.

Runs inside the benchmark's virtual environment (bench/e2e/run.py creates it).
"""

import argparse
import hashlib
import json
import multiprocessing
import os
import re
import signal
import socket
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from folderwatch import FolderWatch, QueueOverflow  # noqa: E402

# Sentences: lines, then sentence-final punctuation (Latin, Arabic and Urdu marks) before a space.
SENTENCE_END = re.compile(r"(?<=[.!?\u061F\u06D4])\s+")
WORD = re.compile(r"\w+", re.UNICODE)
# Entities without a model: runs of capitalized words (Latin script), numbers with units, dates,
# e-mail addresses and URLs. What a user without spaCy would write first.
ENTITY_PATTERNS = [
    ("PERSON_OR_ORG", re.compile(r"\b(?:[A-Z][a-z]+(?:\s+|-)){1,3}[A-Z][a-z]+\b")),
    ("DATE", re.compile(r"\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|"
                        r"October|November|December)\s+\d{4}\b|\b\d{4}-\d{2}-\d{2}\b")),
    ("NUMBER", re.compile(r"\b\d+(?:[.,]\d+)*\s*(?:%|percent|million|billion|km|kg)?")),
    ("EMAIL", re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")),
    ("URL", re.compile(r"https?://\S+")),
]
IGNORED_SUFFIXES = (".part", ".tmp", ".crdownload", ".swp")

stopping = False


def split_sentences(text):
    sentences = []
    for line in text.split("\n"):
        for piece in SENTENCE_END.split(line.strip()):
            if piece.strip():
                sentences.append(piece.strip())
    return sentences


class Pipeline:
    def __init__(self, sentences):
        import pycld2
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.summarizers.lex_rank import LexRankSummarizer

        class Tokenizer:
            """What sumy asks of a tokenizer, without NLTK data (not available offline)."""

            language = "any"

            def to_sentences(self, text):
                return split_sentences(text)

            def to_words(self, sentence):
                return WORD.findall(sentence.lower())

        self.pycld2 = pycld2
        self.model = (ObjectDocumentModel, Paragraph, Sentence)
        self.tokenizer = Tokenizer()
        self.summarizer = LexRankSummarizer()
        self.sentences = sentences

    def process(self, data, name):
        text = data.decode("utf-8")
        sha = hashlib.sha256(data).hexdigest()
        try:
            reliable, _, details = self.pycld2.detect(text)
            language = {"code": details[0][1], "name": details[0][0], "reliable": reliable}
        except self.pycld2.error as error:
            language = {"code": "und", "error": str(error)}
        entities = []
        for label, pattern in ENTITY_PATTERNS:
            for match in pattern.finditer(text):
                if match.group().strip():
                    entities.append({"type": label, "text": match.group().strip(), "start": match.start()})
        document_model, paragraph, sentence = self.model
        sentences = split_sentences(text)
        document = document_model([paragraph([sentence(s, self.tokenizer) for s in sentences])])
        summary = [str(s) for s in self.summarizer(document, self.sentences)] if sentences else []
        return {
            "id": sha,
            "source": {"name": name, "size": len(data), "sha256": sha},
            "document": {"length": len(text), "text": text},
            "language": language,
            "entities": entities,
            "summary": summary,
        }


def write_atomically(folder, name, payload):
    temporary = os.path.join(folder, "." + name + ".tmp")
    with open(temporary, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.rename(temporary, os.path.join(folder, name))
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def take(root, name, pipeline, worker):
    """Claims `name` by renaming it out of the inbox, processes it, and archives it."""
    if name.startswith(".") or name.endswith(IGNORED_SUFFIXES):
        return
    claimed = os.path.join(root, "processing", f"{worker}-{name}")
    try:
        os.rename(os.path.join(root, "inbox", name), claimed)
    except FileNotFoundError:
        return  # Another worker took it.
    with open(claimed, "rb") as handle:
        data = handle.read()
    try:
        result = pipeline.process(data, name)
    except Exception as error:  # Bad input is recorded and the loop goes on.
        write_atomically(os.path.join(root, "failed"), name + ".error.json",
                         json.dumps({"error": f"{type(error).__name__}: {error}"}).encode())
        os.rename(claimed, os.path.join(root, "failed", name))
        return
    write_atomically(os.path.join(root, "output"), name + ".json",
                     json.dumps(result, ensure_ascii=False, indent=2).encode("utf-8"))
    os.rename(claimed, os.path.join(root, "archive", name))


def worker_loop(root, sentences, worker, ready):
    global stopping
    signal.signal(signal.SIGTERM, lambda *_: globals().__setitem__("stopping", True))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    pipeline = Pipeline(sentences)
    inbox = os.path.join(root, "inbox")
    watch = FolderWatch(inbox)
    ready.put(worker)
    pending = sorted(os.listdir(inbox))
    while not stopping:
        while pending and not stopping:
            take(root, pending.pop(0), pipeline, worker)
            # Take what arrived meanwhile without blocking, so that a burst is not starved.
            try:
                pending.extend(name for name, _ in watch.read(0))
            except QueueOverflow:
                pending = sorted(os.listdir(inbox))
        try:
            pending.extend(name for name, _ in watch.read(0.2))
        except QueueOverflow:
            pending = sorted(os.listdir(inbox))


def notify(message):
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return
    if address.startswith("@"):
        address = "\0" + address[1:]
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.sendto(message.encode(), address)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--sentences", type=int, default=3)
    args = parser.parse_args()
    for folder in ("inbox", "processing", "output", "archive", "failed"):
        os.makedirs(os.path.join(args.root, folder), exist_ok=True)
    context = multiprocessing.get_context("fork")
    ready = context.Queue()
    workers = [context.Process(target=worker_loop, args=(args.root, args.sentences, n, ready))
               for n in range(args.workers)]
    for process in workers:
        process.start()
    for _ in workers:
        ready.get()
    notify("READY=1")

    def stop(*_):
        for process in workers:
            if process.is_alive():
                os.kill(process.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for process in workers:
        process.join()


if __name__ == "__main__":
    main()
