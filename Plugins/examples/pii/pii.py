#!/usr/bin/env python3
"""A Lector external processor: finds personal data in an article.

E-mail addresses, phone numbers, payment card numbers (Luhn-checked), IBANs (checked with their
mod-97 check digits), IPv4 addresses and URLs, with Unicode-scalar offsets into the text (Python
string indexes are exactly those). Speaks Lector's plugin protocol (docs/plugin-protocol.md,
version 1). Standard library only.
"""
import ipaddress
import json
import re
import sys

PROTOCOL = 1
VERSION = "1.0.0"

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
URL = re.compile(r"\bhttps?://[^\s<>\"'()]+[^\s<>\"'().,;:!?]")
IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}(?!\w)")

ALL_KINDS = ["email", "url", "ipv4", "iban", "card", "phone"]


def luhn(digits):
    total = 0
    for index, digit in enumerate(reversed(digits)):
        value = int(digit)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def iban_valid(text):
    compact = text.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in moved)
    return int(number) % 97 == 1


def find(text, kinds):
    found = []
    taken = []

    def add(kind, match, normalized=None):
        start, end = match.span()
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            return
        taken.append((start, end))
        item = {"type": kind, "text": match.group(0), "start": start, "end": end}
        if normalized is not None:
            item["normalized"] = normalized
        found.append(item)

    # Most specific first: a URL may contain an e-mail-like part, a card number looks like a phone.
    if "url" in kinds:
        for match in URL.finditer(text):
            add("url", match)
    if "email" in kinds:
        for match in EMAIL.finditer(text):
            add("email", match, match.group(0).lower())
    if "iban" in kinds:
        for match in IBAN.finditer(text):
            if iban_valid(match.group(0)):
                add("iban", match, match.group(0).replace(" ", ""))
    if "card" in kinds:
        for match in CARD.finditer(text):
            digits = re.sub(r"\D", "", match.group(0))
            if 13 <= len(digits) <= 19 and luhn(digits):
                add("card", match, digits)
    if "ipv4" in kinds:
        for match in IPV4.finditer(text):
            try:
                ipaddress.IPv4Address(match.group(0))
            except ValueError:
                continue
            add("ipv4", match)
    if "phone" in kinds:
        for match in PHONE.finditer(text):
            digits = re.sub(r"\D", "", match.group(0))
            # Years and dates ("2024 - 2030", "23.10.2024") are not phone numbers.
            if 7 <= len(digits) <= 15 and (match.group(0).startswith("+") or "(" in match.group(0) or len(digits) >= 9):
                add("phone", match, ("+" if match.group(0).startswith("+") else "") + digits)
    found.sort(key=lambda item: (item["start"], item["end"]))
    return found


def process(request):
    config = request.get("config") or {}
    kinds = config.get("types", ALL_KINDS)
    unknown = [kind for kind in kinds if kind not in ALL_KINDS]
    if unknown:
        raise ValueError(f"unknown types {unknown}; known: {ALL_KINDS}")
    items = find(request["text"], set(kinds))
    counts = {}
    for item in items:
        counts[item["type"]] = counts.get(item["type"], 0) + 1
    return {"pii": {"count": len(items), "counts": counts, "items": items}}


def send(message):
    sys.stdout.write(json.dumps(message, ensure_ascii=False, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def main():
    send({"type": "hello", "protocol": PROTOCOL, "name": "pii", "version": VERSION,
          "provides": ["pii"], "requires": [],
          "summary": "E-mail addresses, phone, card and IBAN numbers, IP addresses and URLs, with offsets."})
    for line in sys.stdin:
        try:
            message = json.loads(line)
        except ValueError:
            print(f"ignoring a line that is not JSON: {line[:80]!r}", file=sys.stderr)
            continue
        if message.get("type") == "shutdown":
            break
        if message.get("type") != "process":
            continue
        try:
            send({"id": message["id"], "annotations": process(message)})
        except Exception as error:  # One bad article must not end the plugin.
            send({"id": message.get("id"), "error": {"code": "bad-input", "message": str(error)}})


if __name__ == "__main__":
    main()
