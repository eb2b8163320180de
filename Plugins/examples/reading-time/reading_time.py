#!/usr/bin/env python3
"""A Lector external processor: estimated reading time of an article.

Speaks Lector's plugin protocol (docs/plugin-protocol.md, version 1): one JSON object per line
on standard input and output. Standard library only.
"""
import json
import sys

PROTOCOL = 1
VERSION = "1.0.0"

# Silent-reading speeds in words per minute (Brysbaert 2019 for English; slower scripts and
# languages read more slowly). Languages written without spaces are counted in characters.
WORDS_PER_MINUTE = {"en": 238, "de": 179, "fr": 195, "es": 218, "it": 188, "nl": 202, "pt": 181,
                    "ru": 184, "ar": 138, "fa": 150, "ur": 150, "he": 187, "tr": 166, "pl": 166}
DEFAULT_WPM = 200
CHARACTERS_PER_MINUTE = {"zh": 260, "ja": 357, "ko": 226, "th": 300}


def send(message):
    sys.stdout.write(json.dumps(message, ensure_ascii=False, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def reading_time(request):
    text = request["text"]
    language = (request.get("article", {}).get("language") or "und").split("-")[0]
    config = request.get("config") or {}
    segments = request.get("annotations", {}).get("segments")
    if segments is not None:
        # The text processor's count leaves out boilerplate (menus, share buttons, footers).
        words = sum(s["word_count"] for s in segments["sentences"] if not s.get("boilerplate"))
        sentences = sum(1 for s in segments["sentences"] if not s.get("boilerplate"))
    else:
        words = len(text.split())
        sentences = None
    if language in CHARACTERS_PER_MINUTE:
        units = sum(1 for ch in text if not ch.isspace())
        rate = float(config.get("characters_per_minute", CHARACTERS_PER_MINUTE[language]))
        unit = "characters"
    else:
        units = words
        rate = float(config.get("words_per_minute", WORDS_PER_MINUTE.get(language, DEFAULT_WPM)))
        unit = "words"
    if rate <= 0:
        raise ValueError("words_per_minute must be positive")
    seconds = round(units / rate * 60)
    result = {"words": words, "unit": unit, "rate_per_minute": rate, "seconds": seconds,
              "minutes": max(1, round(seconds / 60)) if units else 0}
    if sentences is not None:
        result["sentences"] = sentences
        result["words_per_sentence"] = round(words / sentences, 1) if sentences else 0
    return {"reading_time": result}


def main():
    send({"type": "hello", "protocol": PROTOCOL, "name": "reading-time", "version": VERSION,
          "provides": ["reading_time"], "requires": ["segments"],
          "summary": "Estimated reading time from word counts and per-language reading speeds."})
    for line in sys.stdin:
        try:
            message = json.loads(line)
        except ValueError:
            print(f"ignoring a line that is not JSON: {line[:80]!r}", file=sys.stderr)
            continue
        kind = message.get("type")
        if kind == "shutdown":
            break
        if kind != "process":
            print(f"ignoring a message of type {kind!r}", file=sys.stderr)
            continue
        try:
            send({"id": message["id"], "annotations": reading_time(message)})
        except Exception as error:  # One bad article must not end the plugin.
            send({"id": message.get("id"), "error": {"code": "bad-input", "message": str(error)}})


if __name__ == "__main__":
    main()
