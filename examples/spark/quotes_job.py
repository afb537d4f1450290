#!/usr/bin/env python3
"""A PySpark job: who said what, over a corpus of articles, with Quarry's news pipeline.

    python3 examples/spark/quotes_job.py ARTICLES OUTPUT [--rules Rules/news.quarry] [--partitions N]

ARTICLES is JSON Lines (one article a line, with "text" and "id") or a Parquet folder with
those columns; OUTPUT is a Parquet folder of quotes, one row each: article_id, index, speaker,
entity, cue, kind, text, start, end (offsets are Python string indices into the article).

How it runs: `mapInPandas` hands each task an iterator of pandas batches; the task gets the
pipeline from `quarry.load_shared`, compiled once per executor *process* (Python workers are
reused across tasks: `spark.python.worker.reuse` is on by default), then annotates each batch
with `Pipeline.pipe(..., jobs=1)` — Spark already runs one task per core, so Quarry does not
add threads of its own. Rule files ship with the job: pass `--rules` a path every executor
can read (a shared file system), or `spark-submit --files Rules.zip` and point `--rules` at
the unpacked copy; in local mode the repository's path works as is.

Retries are safe: the pipeline is deterministic (same rules, same text, same rows), and the
output is written with mode "overwrite", so a retried task or a re-run gives the same table.
Partitions: a few MB of text each (the default splits the input into 4 × cores); too few
starves cores, too many pays per-task overhead for little work.
"""

from __future__ import annotations

import argparse
import os
from typing import Iterator

import pandas as pd

QUOTE_SCHEMA = "article_id string, index int, speaker string, entity string, cue string, kind string, text string, start int, end int"

def annotate(batches: Iterator[pd.DataFrame], rules: str) -> Iterator[pd.DataFrame]:
    """Quotes of each batch of articles, as rows. The pipeline comes from
    `quarry.load_shared`: compiled once per executor process (a cache in this module would
    not do: Spark ships this function by value, and its globals with it, to every task)."""
    import quarry

    nlp = quarry.load_shared(rules, layers=("spans", "quotes"))
    for frame in batches:
        records = [{"id": str(i), "text": t or ""} for i, t in zip(frame["id"], frame["text"])]
        rows = []
        for doc in nlp.pipe(records, batch_size=256, jobs=1):
            for k, q in enumerate(doc.quotes):
                rows.append((doc.id, k, q.speaker.text if q.speaker else None, q.entity,
                             q.cue.text if q.cue else None, q.kind, q.text, q.start, q.end))
        yield pd.DataFrame(rows, columns=["article_id", "index", "speaker", "entity", "cue", "kind", "text", "start", "end"])


def session(master: str = "local[*]", app: str = "quarry-quotes"):
    """A SparkSession set up as the job needs it (Arrow batches for `mapInPandas`, no UI);
    the job's file is shipped to the executors, which import it when the job's functions
    refer to it by module."""
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(master).appName(app)
             .config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.addPyFile(os.path.abspath(__file__))
    return spark


def read_articles(spark, articles: str):
    """The articles as a frame of `id` (a string) and `text`: JSON Lines (.jsonl, .json) or
    a Parquet folder."""
    if articles.endswith(".jsonl") or articles.endswith(".json"):
        # A schema given: no pass over the file to infer one; other fields are skipped.
        frame = spark.read.schema("id string, text string").json(articles)
    else:
        frame = spark.read.parquet(articles)
    return frame.select(frame["id"].cast("string").alias("id"), "text")


def run_in(spark, articles: str, output: str, rules: str, partitions: int | None = None,
           timing: dict | None = None, frame=None) -> None:
    """The job in a running session: reads `articles` (or takes `frame`, a frame of `id` and
    `text`), writes the quotes table to `output`. `timing`, when given, gets "seconds": the
    time from reading the articles to the written table."""
    import time
    started = time.perf_counter()
    if frame is None:
        frame = read_articles(spark, articles)
    frame = frame.repartition(partitions or 4 * spark.sparkContext.defaultParallelism)
    rules_path = os.path.abspath(rules)
    quotes = frame.mapInPandas(lambda batches: annotate(batches, rules_path), schema=QUOTE_SCHEMA)
    quotes.write.mode("overwrite").parquet(output)
    if timing is not None:
        timing["seconds"] = time.perf_counter() - started


def run(articles: str, output: str, rules: str, partitions: int | None = None, master: str = "local[*]",
        timing: dict | None = None) -> int:
    """Runs the job; returns the number of quote rows written. `timing`, when given, gets
    "seconds": the time from reading the articles to the written table (Spark's start-up
    excluded)."""
    spark = session(master)
    try:
        run_in(spark, articles, output, rules, partitions, timing)
        return spark.read.parquet(output).count()
    finally:
        spark.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles")
    parser.add_argument("output")
    parser.add_argument("--rules", default=os.path.join(os.path.dirname(__file__), "..", "..", "Rules", "news.quarry"))
    parser.add_argument("--partitions", type=int)
    parser.add_argument("--master", default="local[*]")
    args = parser.parse_args()
    timing: dict = {}
    count = run(args.articles, args.output, args.rules, args.partitions, args.master, timing)
    print(f"{count} quotes written to {args.output} in {timing['seconds']:.2f} s (Spark's start-up excluded)")


if __name__ == "__main__":
    main()
