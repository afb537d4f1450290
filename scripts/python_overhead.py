#!/usr/bin/env python3
"""Python overhead: `Pipeline.pipe` against `quarry run` on the same corpus and job count, one run.

    python3 scripts/python_overhead.py                     # Wikinews, --jobs 2, every layer
    python3 scripts/python_overhead.py --layers spans,quotes --jobs 1

Times: the CLI writing JSON Lines to /dev/null; Python iterating the documents (layers parsed
lazily, as a loop that keeps only some documents pays); Python reading every document's
quotes (the JSON parsed). Median of --repeat runs each. Needs the release CLI and the
quarry package (pip install ./python, or PYTHONPATH=python/src with a release build).
"""

import argparse
import json
import statistics
import subprocess
import time
from pathlib import Path

import quarry

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "data" / "corpus" / "wikinews.jsonl"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--layers", default="tokens,sentences,spans,quotes")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    layers = args.layers.split(",")
    records = [json.loads(line) for line in Path(args.corpus).read_text(encoding="utf-8").splitlines() if line.strip()]
    megabytes = sum(len(r["text"].encode()) for r in records) / 1e6
    cli = ROOT / ".build" / "release" / "quarry"
    nlp = quarry.load(layers=layers)

    def run_cli() -> float:
        start = time.perf_counter()
        subprocess.run([str(cli), "run", str(quarry.rules_path()), args.corpus, "-f", "jsonl", "--layers", args.layers,
                        "--jobs", str(args.jobs), "--quiet"], check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    def run_python(touch: bool) -> float:
        start = time.perf_counter()
        for doc in nlp.pipe(records, batch_size=args.batch_size, jobs=args.jobs):
            if touch:
                doc.quotes
        return time.perf_counter() - start

    results = {}
    for name, run in [("cli", run_cli), ("python pipe", lambda: run_python(False)), ("python pipe + quotes", lambda: run_python(True))]:
        results[name] = statistics.median(run() for _ in range(args.repeat))
    print(f"corpus: {len(records)} documents, {megabytes:.2f} MB of text; --jobs {args.jobs}; layers {args.layers}")
    for name, seconds in results.items():
        print(f"{name:22} {seconds:6.2f} s  {megabytes / seconds:6.2f} MB/s  {results['cli'] / seconds:5.2f}x the CLI")


if __name__ == "__main__":
    main()
