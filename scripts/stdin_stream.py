#!/usr/bin/env python3
"""Pipe a large JSON Lines stream through `quarry run ... -` and measure what a user of a pipe sees.

The stream is the Wikinews corpus (../shared/data/corpus/wikinews.jsonl) repeated, each copy
with new ids, until --megabytes have been written; it is generated on the fly, so nothing
large is stored. Reported: the seconds until the first output line arrives, the peak resident
memory of quarry (VmHWM from /proc, polled, and the kernel's figure after exit), the output
lines (one per input document: checked), and MB/s.

    python3 scripts/stdin_stream.py                     # 1000 MB, news pipeline, --jobs 2
    python3 scripts/stdin_stream.py --megabytes 200 --jobs 1
    python3 scripts/stdin_stream.py --quarry .build/release/quarry --rules Rules/news.quarry

Issue 14's targets: under 300 MB resident for 1 GB, the first line within a second.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "wikinews.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=1000, help="size of the stream in MB (10^6 bytes); default 1000")
    parser.add_argument("--quarry", default=str(ROOT / ".build" / "release" / "quarry"), help="the quarry binary (default: the release build)")
    parser.add_argument("--rules", default=str(ROOT / "Rules" / "news.quarry"), help="the rule file (default: Rules/news.quarry)")
    parser.add_argument("--jobs", type=int, default=2, help="quarry --jobs (default 2)")
    parser.add_argument("--corpus", default=str(CORPUS), help="JSON Lines to repeat (default: ../shared/data/corpus/wikinews.jsonl)")
    args = parser.parse_args()

    if not Path(args.quarry).exists():
        print(f"error: {args.quarry} not found; build it with `swift build -c release --product quarry`", file=sys.stderr)
        return 2
    if not Path(args.corpus).exists():
        print(f"skipped: {args.corpus} is not present", file=sys.stderr)
        return 0
    records = [json.loads(line) for line in Path(args.corpus).read_text(encoding="utf-8").splitlines() if line.strip()]
    target = int(args.megabytes * 1_000_000)

    command = [args.quarry, "run", args.rules, "-f", "jsonl", "--jobs", str(args.jobs), "--quiet", "-"]
    started = time.monotonic()
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    written = {"bytes": 0, "documents": 0}

    def feed() -> None:
        copy = 0
        try:
            while written["bytes"] < target:
                chunk = []
                for record in records:
                    item = dict(record)
                    item["id"] = f"{record.get('id', 'doc')}#{copy}"
                    chunk.append(json.dumps(item, ensure_ascii=False))
                    written["documents"] += 1
                    if written["bytes"] + sum(len(c) for c in chunk) >= target:
                        break
                data = ("\n".join(chunk) + "\n").encode("utf-8")
                process.stdin.write(data)
                written["bytes"] += len(data)
                copy += 1
        except BrokenPipeError:
            pass
        finally:
            process.stdin.close()

    peak = {"kib": 0}

    def watch() -> None:
        status = Path(f"/proc/{process.pid}/status")
        while process.poll() is None:
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak["kib"] = max(peak["kib"], int(line.split()[1]))
            except OSError:
                break
            time.sleep(0.2)

    errors: list[bytes] = []
    threading.Thread(target=feed, daemon=True).start()
    threading.Thread(target=watch, daemon=True).start()
    threading.Thread(target=lambda: errors.append(process.stderr.read()), daemon=True).start()
    first_line = None
    lines = 0
    for _ in process.stdout:
        if first_line is None:
            first_line = time.monotonic() - started
        lines += 1
    process.wait()
    elapsed = time.monotonic() - started
    kernel_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    mb = written["bytes"] / 1_000_000
    print(f"stream:        {mb:,.0f} MB, {written['documents']:,} documents through stdin")
    print(f"quarry:        {' '.join(command)}")
    print(f"exit status:   {process.returncode}")
    print(f"output lines:  {lines:,} ({'one per document' if lines == written['documents'] else 'MISMATCH'})")
    print(f"first line:    {first_line:.3f} s after start" if first_line is not None else "first line:    none")
    print(f"peak resident: {max(peak['kib'], kernel_peak) / 1024:,.0f} MB (VmHWM {peak['kib'] / 1024:,.0f} MB, rusage {kernel_peak / 1024:,.0f} MB)")
    print(f"throughput:    {mb / elapsed:,.1f} MB/s ({elapsed:,.1f} s)")
    if errors and errors[0]:
        print("stderr (first 500 bytes):", errors[0][:500].decode("utf-8", "replace"), file=sys.stderr)
    return 0 if process.returncode == 0 and lines == written["documents"] else 1


if __name__ == "__main__":
    sys.exit(main())
