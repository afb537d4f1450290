#!/usr/bin/env python3
"""Compare Quarry's tokenizer with ICU's bare word break iterator, spaCy and blingfire.

All systems run on the same text (every "text" field of the Wikinews JSONL), single-threaded,
in one invocation of this script, and each figure is the median of several full passes over
the corpus after one untimed warm-up pass.

    python3 scripts/compare_tokenizers.py                 # table
    python3 scripts/compare_tokenizers.py --json          # machine-readable
    python3 scripts/compare_tokenizers.py --corpus other.jsonl --repeat 7

Quarry and ICU are timed by the Swift tool `quarry-throughput` (Benchmarks package), built here
in release mode. The peers run in this Python process: spaCy's blank English tokenizer
(`spacy.blank("en").tokenizer`) and blingfire's `text_to_words`; either is skipped, with a hint,
when it is not installed (`pip install spacy blingfire`).

Peak memory: each system also tokenizes the whole corpus concatenated into ONE document in a
fresh child process; the table shows that process's peak RSS (from wait4's rusage) and the growth
from the RSS just before tokenizing to the peak during tokenizing (the tokenizer's own footprint).

"chars" are Unicode code points (Python's len), counted the same way on the Swift side. Token
counts differ between systems because their tokenization rules differ; they are shown so that
nobody compares speed without seeing that.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _bench_common import (
    BENCH_PACKAGE,
    DEFAULT_CORPUS,
    TOOL_PRODUCT,
    build_tool,
    load_texts,
    log,
    mb,
    onedoc_summary,
    run_measured,
    run_tool,
    measure_onedoc,
)

INSTALL_HINT = "pip install spacy blingfire"


# --------------------------------------------------------------------------------------------
# peers (run in Python)


def make_peer(name: str):
    """Return (tokenize(text) -> result, count(result) -> tokens, version), or raise ImportError."""
    if name == "spacy":
        import spacy

        tokenizer = spacy.blank("en").tokenizer
        return tokenizer, len, f"spaCy {spacy.__version__} blank('en').tokenizer"
    if name == "blingfire":
        import blingfire

        version = getattr(blingfire, "__version__", None)
        if version is None:
            try:
                from importlib.metadata import version as dist_version

                version = dist_version("blingfire")
            except Exception:  # noqa: BLE001 - the version is cosmetic
                version = "?"
        # text_to_words returns the tokens joined by single spaces.
        return blingfire.text_to_words, lambda out: len(out.split()), f"blingfire {version} text_to_words"
    raise ValueError(name)


def time_peer(name: str, texts: list[str], chars: int, repeats: int) -> dict:
    tokenize, count, label = make_peer(name)

    def one_pass() -> float:
        start = time.perf_counter()
        for text in texts:
            tokenize(text)
        return time.perf_counter() - start

    cold = one_pass()  # warm-up (spaCy fills its tokenizer cache here)
    samples = [one_pass() for _ in range(repeats)]
    tokens = sum(count(tokenize(text)) for text in texts)  # counted outside the timed passes
    median = statistics.median(samples)
    return {
        "system": name,
        "label": label,
        "documents": len(texts),
        "chars": chars,
        "tokens": tokens,
        "repeats": repeats,
        "seconds": median,
        "seconds_all": samples,
        "cold_seconds": cold,
        "chars_per_sec": chars / median if median > 0 else 0.0,
    }


def peer_onedoc_child(name: str, corpus: Path) -> None:
    """Entry point of the child process that tokenizes the corpus as one document."""
    tokenize, count, label = make_peer(name)
    tokenize("Warm up the tokenizer.")
    measure_onedoc(name, label, tokenize, count, "\n\n".join(load_texts(corpus)), "tokens")


# Quarry and ICU run in the Swift tool quarry-throughput (see _bench_common.build_tool / run_tool).


# --------------------------------------------------------------------------------------------
# report


def print_table(report: dict) -> None:
    rows = report["systems"]
    spacy_rate = next((r["chars_per_sec"] for r in rows if r["system"] == "spacy" and r.get("chars_per_sec")), None)
    corpus = report["corpus"]
    print(f"Corpus: {corpus['path']}")
    print(f"        {corpus['documents']} documents, {corpus['chars']:,} chars (code points), "
          f"{corpus['bytes']:,} UTF-8 bytes")
    print(f"Timing: single thread, median of {report['repeats']} full passes after 1 warm-up pass; "
          f"host {report['host']}")
    print()
    header = ("system", "chars/s (M)", "tokens", "vs spaCy", "peak MB 1-doc", "growth MB 1-doc")
    widths = (24, 12, 11, 9, 14, 16)
    print("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        rate = row.get("chars_per_sec")
        one = row.get("onedoc") or {}
        cells = (
            row["system"],
            f"{rate / 1e6:.2f}" if rate else "-",
            f"{row['tokens']:,}" if row.get("tokens") is not None else "-",
            f"{rate / spacy_rate:.2f}x" if rate and spacy_rate else "-",
            mb(one.get("peak_rss_kb")),
            mb(one.get("growth_kb")),
        )
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))))
    print()
    print("peak MB 1-doc: peak RSS of a fresh process that loads the corpus and tokenizes it as ONE")
    print("  document (Python peers include the interpreter and library). growth MB 1-doc: peak RSS")
    print("  while tokenizing minus RSS just before it, i.e. the tokenizer's working memory + output.")
    for row in rows:
        if row.get("cold_seconds"):
            print(f"{row['system']}: first (cold) pass {row['cold_seconds']:.2f} s vs median "
                  f"{row['seconds']:.2f} s")
    for note in report["notes"]:
        print("note: " + note)


# --------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None,
                        help=f"JSONL with a 'text' field per line (default: $QUARRY_CORPUS or {DEFAULT_CORPUS})")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes per system (default 5); median reported")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    parser.add_argument("--no-build", action="store_true",
                        help="do not run swift build; use the already-built release quarry-throughput")
    parser.add_argument("--skip-onedoc", action="store_true", help="skip the one-document peak-memory runs")
    parser.add_argument("--_peer-onedoc", dest="peer_onedoc", choices=["spacy", "blingfire"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    corpus = args.corpus
    if corpus is None:
        env = os.environ.get("QUARRY_CORPUS")
        corpus = Path(env) if env else DEFAULT_CORPUS
    corpus = corpus.resolve()

    if args.peer_onedoc:
        peer_onedoc_child(args.peer_onedoc, corpus)
        return 0

    if not corpus.is_file():
        print(f"skipped: corpus not found at {corpus} (pass --corpus PATH or set QUARRY_CORPUS)")
        return 0
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    texts = load_texts(corpus)
    chars = sum(len(t) for t in texts)
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    notes: list[str] = []
    rows: list[dict] = []

    # --- Quarry and ICU (Swift) -------------------------------------------------------------
    tool = None
    try:
        if args.no_build:
            bin_path = BENCH_PACKAGE / ".build" / "release" / TOOL_PRODUCT
            if not bin_path.exists():
                raise RuntimeError(f"{bin_path} not found (run without --no-build)")
            tool = bin_path
        else:
            tool = build_tool()
    except (RuntimeError, subprocess.CalledProcessError) as error:
        notes.append(f"Quarry/ICU not measured: {error}")

    if tool is not None:
        for mode, system in (("quarry", "quarry"), ("icu", "icu-wordbreak")):
            log(f"timing {system} ({args.repeat} passes)...")
            result = run_tool(tool, mode, corpus, args.repeat)
            if result["chars"] != chars:
                notes.append(f"{system}: counted {result['chars']} chars, Python counted {chars}")
            result["system"] = system
            result["label"] = "Quarry Tokenizer.english()" if mode == "quarry" else "ICU word break (ICUWordSegmenter)"
            if not args.skip_onedoc:
                log(f"one-document memory run: {system}...")
                one, peak_kb = run_measured([str(tool), "onedoc" if mode == "quarry" else "onedoc-icu",
                                             "--repeat", "1", "--warmup", "0", "--corpus", str(corpus)])
                result["onedoc"] = onedoc_summary(one, peak_kb)
            rows.append(result)

    # --- peers (Python) ---------------------------------------------------------------------
    for peer in ("spacy", "blingfire"):
        try:
            make_peer(peer)
        except ImportError:
            notes.append(f"{peer} is not installed (skipped): pip install {peer}   [all peers: {INSTALL_HINT}]")
            continue
        log(f"timing {peer} ({args.repeat} passes)...")
        result = time_peer(peer, texts, chars, args.repeat)
        if not args.skip_onedoc:
            log(f"one-document memory run: {peer}...")
            try:
                one, peak_kb = run_measured([sys.executable, str(Path(__file__).resolve()),
                                             "--_peer-onedoc", peer, "--corpus", str(corpus)])
                result["onedoc"] = onedoc_summary(one, peak_kb)
            except RuntimeError as error:
                notes.append(f"{peer} one-document run failed: {error}")
        rows.append(result)

    spacy_rate = next((r["chars_per_sec"] for r in rows if r["system"] == "spacy"), None)
    for row in rows:
        row["ratio_vs_spacy"] = row["chars_per_sec"] / spacy_rate if spacy_rate else None

    report = {
        "corpus": {"path": str(corpus), "documents": len(texts), "chars": chars, "bytes": nbytes},
        "repeats": args.repeat,
        "host": f"{platform.node()} {platform.machine()} {os.cpu_count()} cpus",
        "python": platform.python_version(),
        "systems": rows,
        "notes": notes,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
