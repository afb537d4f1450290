#!/usr/bin/env python3
"""The Spark job against `quarry run` on the same corpus and cores, in one run.

    python3 examples/spark/vs_cli.py CORPUS.jsonl [--repeat 3] [--master local[2]] [--jobs 2]

Alternates the two (Spark job, then `quarry run RULES CORPUS -f jsonl --jobs N` to
/dev/null) so that both see the same machine, and prints each run, the medians and the
ratio of throughputs (Spark / CLI). Each Spark run is its own process (`quotes_job.py`), so a
fresh JVM and fresh Python workers, as a real job has (a second session in one Python process
would reuse the first one's warmed-up JVM); its time runs from reading the articles to the
written table (Spark's start-up excluded: the whole process time is printed apart). The CLI's
time is its whole run. Needs the release CLI
(`swift build -c release --product quarry`) and the quarry package (pip install ./python,
or PYTHONPATH=python/src with a release libQuarryC), which the job's process inherits.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--rules", default=os.path.join(ROOT, "Rules", "news.quarry"))
    parser.add_argument("--cli", default=os.path.join(ROOT, ".build", "release", "quarry"))
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--jobs", type=int, default=2, help="the CLI's --jobs (default 2, as local[2])")
    parser.add_argument("--partitions", type=int)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not os.path.exists(args.cli):
        raise SystemExit(f"{args.cli} is not built: swift build -c release --product quarry")
    size = os.path.getsize(args.corpus) / 1e6
    spark_times, cli_times = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for k in range(args.repeat):
            started = time.perf_counter()
            command = [sys.executable, os.path.join(HERE, "quotes_job.py"), args.corpus, os.path.join(scratch, "quotes.parquet"),
                       "--rules", args.rules, "--master", args.master]
            if args.partitions:
                command += ["--partitions", str(args.partitions)]
            job = subprocess.run(command, check=True, capture_output=True, text=True)
            total = time.perf_counter() - started
            found = re.search(r"(\d+) quotes written to .* in ([0-9.]+) s", job.stdout)
            if not found:
                raise SystemExit(f"the Spark job printed no time:\n{job.stdout}\n{job.stderr[-2000:]}")
            rows = int(found.group(1))
            spark_times.append(float(found.group(2)))
            started = time.perf_counter()
            subprocess.run([args.cli, "run", args.rules, args.corpus, "-f", "jsonl", "--jobs", str(args.jobs), "--quiet"],
                           check=True, stdout=subprocess.DEVNULL)
            cli_times.append(time.perf_counter() - started)
            print(f"run {k + 1}: Spark {spark_times[-1]:.2f} s ({rows} quotes; the whole process {total:.2f} s), "
                  f"quarry run {cli_times[-1]:.2f} s", flush=True)
    spark, cli = statistics.median(spark_times), statistics.median(cli_times)
    print(f"corpus {args.corpus}: {size:.1f} MB; master {args.master}, quarry run --jobs {args.jobs}")
    print(f"Spark job   median {spark:6.2f} s  {size / spark:5.2f} MB/s")
    print(f"quarry run  median {cli:6.2f} s  {size / cli:5.2f} MB/s")
    print(f"ratio (Spark / quarry run throughput): {cli / spark:.2f}x")


if __name__ == "__main__":
    main()
