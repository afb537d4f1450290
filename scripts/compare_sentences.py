#!/usr/bin/env python3
"""Compare the speed of Quarry's sentence splitter (alone, and after the tokenizer as `quarry split` runs it) with ICU's bare sentence iterator, sentencex and pySBD.

All systems split the same text (every "text" field of the Wikinews JSONL), single-threaded,
in one invocation of this script. Each figure is the median of several full passes, timed
after one untimed warm-up pass.

    python3 scripts/compare_sentences.py                  # table
    python3 scripts/compare_sentences.py --json           # machine-readable
    python3 scripts/compare_sentences.py --corpus other.jsonl --repeat 7 --pysbd-documents 100

The systems:
  quarry-sentences   SentenceSplitter.english().split(document): text in, UTF-8 byte ranges
                     out, no tokenizer (Swift tool quarry-throughput, mode `sentences`)
  quarry-split       the tokenizer, then SentenceSplitter.sentences(document, tokens:), with
                     `quarry split`'s English defaults: the end-to-end path minus reading and
                     writing (mode `split`)
  icu-sentencebreak  ICUSentenceSegmenter (ICU's sentence iterator, en@ss=standard, no rules;
                     mode `sentences-icu`)
  sentencex          sentencex.segment("en", text), which returns a list of strings
  pysbd              pysbd.Segmenter(language="en", clean=False).segment(text)

pySBD is slow (about 0.2-0.3 M chars/s), so it is timed on the first --pysbd-documents
documents only (default 300). Quarry is timed on that same subset too, and the Quarry-vs-pySBD
ratio compares the two rates on the same text. The other systems run on the whole corpus.

Targets from the sentence issue: Quarry >= sentencex, and Quarry >= 300x pySBD. The end-to-end
target is quarry-split >= sentencex (1.0x), since `quarry split` always tokenizes first.

Memory: Quarry, ICU and sentencex also split the whole corpus joined into ONE document (about
10 MB), each in a fresh child process. The table shows that process's peak RSS (from wait4),
and the growth from the RSS just before splitting to the peak while splitting. pySBD is not
run on the one document, because at its speed that would take about a minute; nor is
quarry-split (the tool has no one-document split mode).

Sentence counts differ because the rules differ. sentencex returns whitespace-only segments
(such as "\\n\\n" between paragraphs); the count here leaves them out, for pySBD too. "chars"
are Unicode code points (Python's len), and the Swift side counts them the same way.
Missing peers are skipped, with a hint to install them: pip install pysbd sentencex.

This script measures speed only. Accuracy, for the same peers, on the case sets (the Golden
Rules, sentencex, pragmatic_segmenter, pySBD issues, and Quarry's own news cases in
Tests/QuarrySentencesTests/Fixtures/news_en.jsonl) and UD English EWT dev:
scripts/score_sentence_peers.py.
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
    DEFAULT_CORPUS,
    find_or_build_tool,
    load_texts,
    log,
    mb,
    onedoc_summary,
    resolve_corpus,
    run_measured,
    run_tool,
    measure_onedoc,
)

INSTALL_HINT = "pip install pysbd sentencex"
SENTENCEX_TARGET = 1.0
PYSBD_TARGET = 300.0


# --------------------------------------------------------------------------------------------
# peers (run in Python)


def dist_version(name: str) -> str:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:  # noqa: BLE001 - the version is cosmetic
        return "?"


def make_peer(name: str):
    """Return (split(text) -> list[str], label); raise ImportError when the peer is missing."""
    if name == "sentencex":
        import sentencex

        return (lambda text: sentencex.segment("en", text)), f'sentencex {dist_version("sentencex")} segment("en", text)'
    if name == "pysbd":
        import pysbd

        segmenter = pysbd.Segmenter(language="en", clean=False)
        return segmenter.segment, f'pySBD {dist_version("pysbd")} Segmenter(language="en", clean=False)'
    raise ValueError(name)


def count_sentences(segments) -> int:
    """Segments with some non-space text (sentencex also returns the whitespace between them)."""
    return sum(1 for segment in segments if segment.strip())


def time_peer(name: str, texts: list[str], repeats: int) -> dict:
    split, label = make_peer(name)

    def one_pass() -> float:
        start = time.perf_counter()
        for text in texts:
            split(text)
        return time.perf_counter() - start

    cold = one_pass()
    samples = [one_pass() for _ in range(repeats)]
    sentences = sum(count_sentences(split(text)) for text in texts)  # counted outside the timed passes
    median = statistics.median(samples)
    chars = sum(len(text) for text in texts)
    return {
        "system": name,
        "label": label,
        "documents": len(texts),
        "chars": chars,
        "sentences": sentences,
        "repeats": repeats,
        "seconds": median,
        "seconds_all": samples,
        "cold_seconds": cold,
        "chars_per_sec": chars / median if median > 0 else 0.0,
    }


def peer_onedoc_child(name: str, corpus: Path) -> None:
    """Entry point of the child process that splits the corpus as one document."""
    split, label = make_peer(name)
    split("Warm up. The splitter.")
    measure_onedoc(name, label, split, count_sentences, "\n\n".join(load_texts(corpus)), "sentences")


# --------------------------------------------------------------------------------------------
# report


def print_table(report: dict) -> None:
    corpus = report["corpus"]
    print(f"Corpus: {corpus['path']}")
    print(f"        {corpus['documents']} documents, {corpus['chars']:,} chars (code points), {corpus['bytes']:,} UTF-8 bytes")
    print(f"        pySBD subset: the first {corpus['subset_documents']} documents, {corpus['subset_chars']:,} chars")
    print(f"Timing: single thread, median of {report['repeats']} passes ({report['pysbd_repeats']} for pySBD) "
          f"after 1 warm-up pass; host {report['host']}")
    print()
    header = ("system", "text", "chars/s (M)", "sentences", "peak MB 1-doc", "growth MB 1-doc")
    widths = (18, 16, 12, 10, 14, 16)
    print("  ".join(h.ljust(w) if i < 2 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))))
    print("  ".join("-" * w for w in widths))
    for row in report["systems"]:
        rate = row.get("chars_per_sec")
        one = row.get("onedoc") or {}
        text = "whole corpus" if row["documents"] == corpus["documents"] else f"first {row['documents']} docs"
        cells = (
            row["system"],
            text,
            (f"{rate / 1e6:.3f}" if rate < 1e6 else f"{rate / 1e6:.1f}") if rate else "-",
            f"{row['sentences']:,}" if row.get("sentences") is not None else "-",
            mb(one.get("peak_rss_kb")),
            mb(one.get("growth_kb")),
        )
        print("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))))
    print()
    for ratio in report["ratios"]:
        verdict = "" if ratio["value"] is None else ("  meets the target" if ratio["meets_target"] else "  BELOW the target")
        value = "-" if ratio["value"] is None else (f"{ratio['value']:.2f}x" if ratio["value"] < 10 else f"{ratio['value']:,.1f}x")
        print(f"{ratio['name']}: {value} (target >= {ratio['target']:g}x; {ratio['text']}){verdict}")
    print()
    print("peak MB 1-doc: peak RSS of a fresh process that loads the corpus and splits it as ONE document")
    print("  (~10 MB of text; Python includes the interpreter). growth MB 1-doc: peak RSS while splitting")
    print("  minus RSS just before it, i.e. the splitter's working memory + its output.")
    for row in report["systems"]:
        if row.get("cold_seconds"):
            print(f"{row['system']}: first (cold) pass {row['cold_seconds']:.3f} s vs median {row['seconds']:.3f} s")
    for note in report["notes"]:
        print("note: " + note)


# --------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None,
                        help=f"JSONL with a 'text' field per line (default: $QUARRY_CORPUS or {DEFAULT_CORPUS})")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes per system (default 5); median reported")
    parser.add_argument("--pysbd-documents", type=int, default=300,
                        help="time pySBD (and Quarry, for the ratio) on the first N documents (default 300)")
    parser.add_argument("--pysbd-repeat", type=int, default=3, help="timed pySBD passes over the subset (default 3)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    parser.add_argument("--no-build", action="store_true",
                        help="do not run swift build; use the already-built release quarry-throughput")
    parser.add_argument("--skip-onedoc", action="store_true", help="skip the one-document peak-memory runs")
    parser.add_argument("--_peer-onedoc", dest="peer_onedoc", choices=["sentencex"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    corpus = resolve_corpus(args.corpus)
    if args.peer_onedoc:
        peer_onedoc_child(args.peer_onedoc, corpus)
        return 0
    if not corpus.is_file():
        print(f"skipped: corpus not found at {corpus} (pass --corpus PATH or set QUARRY_CORPUS)")
        return 0
    if args.repeat < 1 or args.pysbd_repeat < 1 or args.pysbd_documents < 1:
        parser.error("--repeat, --pysbd-repeat and --pysbd-documents must be at least 1")

    texts = load_texts(corpus)
    subset = texts[: args.pysbd_documents]
    chars = sum(len(t) for t in texts)
    subset_chars = sum(len(t) for t in subset)
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    notes: list[str] = []
    rows: list[dict] = []

    # --- Quarry and ICU (Swift) -------------------------------------------------------------
    tool = None
    try:
        tool = find_or_build_tool(args.no_build)
    except (RuntimeError, subprocess.CalledProcessError) as error:
        notes.append(f"Quarry/ICU not measured: {error}")

    quarry_subset = None
    if tool is not None:
        for mode, system, label in (
            ("sentences", "quarry-sentences", "Quarry SentenceSplitter.english().split"),
            ("sentences-icu", "icu-sentencebreak", "ICU sentence break (ICUSentenceSegmenter, en@ss=standard)"),
            ("split", "quarry-split", "Quarry tokenizer + SentenceSplitter (quarry split)"),
        ):
            log(f"timing {system} ({args.repeat} passes)...")
            result = run_tool(tool, mode, corpus, args.repeat)
            if result["chars"] != chars:
                notes.append(f"{system}: counted {result['chars']} chars, Python counted {chars}")
            result.update(system=system, label=label)
            if not args.skip_onedoc and mode.startswith("sentences"):
                log(f"one-document memory run: {system}...")
                one, peak_kb = run_measured([str(tool), mode.replace("sentences", "sentences-onedoc", 1),
                                             "--repeat", "1", "--warmup", "0", "--corpus", str(corpus)])
                result["onedoc"] = onedoc_summary(one, peak_kb, count_key="sentences")
            rows.append(result)
        log(f"timing quarry-sentences on the first {len(subset)} documents ({args.repeat} passes)...")
        quarry_subset = run_tool(tool, "sentences", corpus, args.repeat, extra=["--documents", str(len(subset))])
        if quarry_subset["chars"] != subset_chars:
            notes.append(f"quarry subset: counted {quarry_subset['chars']} chars, Python counted {subset_chars}")
        quarry_subset.update(system="quarry-sentences", label="Quarry SentenceSplitter.english().split (pySBD's subset)")
        rows.append(quarry_subset)

    # --- peers (Python) ---------------------------------------------------------------------
    for peer in ("sentencex", "pysbd"):
        try:
            make_peer(peer)
        except ImportError:
            notes.append(f"{peer} is not installed (skipped): pip install {peer}   [all peers: {INSTALL_HINT}]")
            continue
        if peer == "pysbd":
            log(f"timing pysbd on the first {len(subset)} documents ({args.pysbd_repeat} passes; slow)...")
            result = time_peer(peer, subset, args.pysbd_repeat)
        else:
            log(f"timing {peer} ({args.repeat} passes)...")
            result = time_peer(peer, texts, args.repeat)
            if not args.skip_onedoc:
                log(f"one-document memory run: {peer}...")
                try:
                    one, peak_kb = run_measured([sys.executable, str(Path(__file__).resolve()),
                                                 "--_peer-onedoc", peer, "--corpus", str(corpus)])
                    result["onedoc"] = onedoc_summary(one, peak_kb, count_key="sentences")
                except RuntimeError as error:
                    notes.append(f"{peer} one-document run failed: {error}")
        rows.append(result)
    if not args.skip_onedoc:
        notes.append("pySBD has no one-document run: at its speed the ~10 MB document would take about a minute")
        if tool is not None:
            notes.append("quarry-split has no one-document run (quarry-throughput has no one-document split mode)")

    # --- ratios -----------------------------------------------------------------------------
    def rate(system: str, documents: int) -> float | None:
        return next((r["chars_per_sec"] for r in rows if r["system"] == system and r["documents"] == documents), None)

    quarry_all, sentencex_all = rate("quarry-sentences", len(texts)), rate("sentencex", len(texts))
    split_all = rate("quarry-split", len(texts))
    quarry_sub, pysbd_sub = rate("quarry-sentences", len(subset)), rate("pysbd", len(subset))
    ratios = []
    for name, ours, theirs, target, text in (
        ("Quarry vs sentencex", quarry_all, sentencex_all, SENTENCEX_TARGET, "whole corpus"),
        ("quarry-split vs sentencex", split_all, sentencex_all, SENTENCEX_TARGET,
         "whole corpus; the end-to-end target: tokenizer + splitter as `quarry split` runs them"),
        ("Quarry vs pySBD", quarry_sub, pysbd_sub, PYSBD_TARGET, f"same first {len(subset)} documents"),
    ):
        value = ours / theirs if ours and theirs else None
        ratios.append({"name": name, "value": value, "target": target, "text": text,
                       "meets_target": None if value is None else value >= target})

    report = {
        "corpus": {"path": str(corpus), "documents": len(texts), "chars": chars, "bytes": nbytes,
                   "subset_documents": len(subset), "subset_chars": subset_chars},
        "repeats": args.repeat,
        "pysbd_repeats": args.pysbd_repeat,
        "host": f"{platform.node()} {platform.machine()} {os.cpu_count()} cpus",
        "python": platform.python_version(),
        "systems": rows,
        "ratios": ratios,
        "notes": notes,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
