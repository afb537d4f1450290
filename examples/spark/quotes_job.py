#!/usr/bin/env python3
"""A PySpark job: who said what, over a corpus of articles, with Quarry's news pipeline.

    python3 examples/spark/quotes_job.py ARTICLES OUTPUT [--rules Rules/news.quarry]
                                         [--partitions N] [--master local[2]]

ARTICLES is JSON Lines (one article a line, with "text" and "id"; a file, a folder or a glob)
or a Parquet folder with those columns; OUTPUT is a Parquet folder of quotes, one row each:
article_id, index (the quote's number in its article), speaker, entity, cue, kind, text,
start, end (offsets are Python string indices, code points, into the article's text).

How it runs. Spark splits the input files into partitions and hands each task its rows as
Arrow record batches (`mapInArrow`: no pandas in between). A task gets the pipeline from
`quarry.load_shared`: compiled once per executor *process* and kept there (PySpark reuses
its Python workers across tasks, `spark.python.worker.reuse`, on by default). JSON Lines are
read as lines of text and handed to Quarry as they are (`Pipeline.pipe_jsonl`): Quarry parses
the records, so neither Spark's JSON reader nor Python's touches the articles. Quarry runs
with one thread per task: Spark already runs one task per core.

Rule files ship with the job: `--rules` must name a path that every executor can read: in
local mode the repository's own; on a cluster a shared file system, or
`spark-submit --files news.quarry,...` plus `--archives rules.zip#rules` for a rule file
with includes, and `--rules rules/news.quarry`. `pip install ./python` on every executor
(or `--py-files` a wheel) brings the library and the shipped `Rules/`. In local mode the
workers run the Python that runs the job (so a virtual environment's `quarry` is found);
on a cluster set PYSPARK_PYTHON to the executors' Python that has it.

Partitions. By default the input is split into 4 × the cores (`spark.sql.files.minPartitionNum`):
enough for the cores to stay busy while the last tasks finish, without paying the per-task
cost (about 10 ms here) on tiny pieces. `--partitions N` sets the number of splits; large
corpora split into pieces of at most 128 MB whatever N says (Spark's
`spark.sql.files.maxPartitionBytes`). Within a task, batches of 1,000 rows stream through
Quarry, so a task's memory does not grow with its partition.

JVM. In local mode the session runs its JVM with the C1 compiler only
(`-XX:TieredStopAtLevel=1`): the JVM's share of the work is moving bytes, and on few cores
the C2 compiler's threads took CPU from the Python workers that run Quarry.

Retries. The pipeline is deterministic (the same rules and text give the same rows), so a
retried or speculative task produces exactly the rows of the first attempt, and Spark's
commit protocol keeps one attempt's file; the table is written with mode "overwrite", so a
re-run of the job replaces it rather than appending a second copy.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any, Dict, Iterable, Iterator, List, Optional

QUOTE_COLUMNS = ["article_id", "index", "speaker", "entity", "cue", "kind", "text", "start", "end"]
QUOTE_SCHEMA = ("article_id string, index int, speaker string, entity string, cue string, kind string, "
                "text string, start int, end int")
DEFAULT_RULES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Rules", "news.quarry")


def _arrow_schema():
    import pyarrow as pa

    return pa.schema([("article_id", pa.string()), ("index", pa.int32()), ("speaker", pa.string()),
                      ("entity", pa.string()), ("cue", pa.string()), ("kind", pa.string()),
                      ("text", pa.string()), ("start", pa.int32()), ("end", pa.int32())])


def quote_batch(docs: Iterable[Any]):
    """The quotes of annotated documents as one Arrow record batch of the table's rows."""
    import pyarrow as pa

    columns: List[List[Any]] = [[] for _ in QUOTE_COLUMNS]
    (ids, indices, speakers, entities, cues, kinds, texts, starts, ends) = columns
    for doc in docs:
        for k, quote in enumerate(doc.quotes):
            ids.append(doc.id)
            indices.append(k)
            speakers.append(quote.speaker.text if quote.speaker else None)
            entities.append(quote.entity)
            cues.append(quote.cue.text if quote.cue else None)
            kinds.append(quote.kind)
            texts.append(quote.text)
            starts.append(quote.start)
            ends.append(quote.end)
    schema = _arrow_schema()
    return pa.RecordBatch.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, schema)], schema=schema)


def annotate_lines(batches: Iterator[Any], rules: str) -> Iterator[Any]:
    """For `mapInArrow` over `spark.read.text`: each row one JSON Lines record, passed to
    Quarry untouched; yields record batches of quote rows."""
    import pyarrow as pa
    import quarry

    nlp = quarry.load_shared(rules, layers=("quotes",))
    for batch in batches:
        # Casting string to binary shares the buffers: the lines reach Quarry without a
        # decode and re-encode in Python.
        lines = batch.column(0).cast(pa.binary()).to_pylist()
        rows = batch.column(1).to_pylist()
        yield quote_batch(nlp.pipe_jsonl((with_id(line, row) for line, row in zip(lines, rows)), batch_size=256, jobs=1))


def with_id(line: bytes, row: int) -> bytes:
    """A record without an "id" gets "row-N" (N unique in the job, the same on a re-run of the
    same input): otherwise Quarry would number it within its batch, and records of different
    partitions would share ids. A line that mentions "id" anywhere is left alone."""
    if b'"id"' in line:
        return line
    body = line.lstrip()
    if body.startswith(b"{") and body[1:].lstrip()[:1] not in (b"}", b""):
        return b'{"id": "row-%d", ' % row + body[1:]
    return line  # blank, or not a record: Quarry skips or reports it


def annotate_records(batches: Iterator[Any], rules: str) -> Iterator[Any]:
    """For `mapInArrow` over rows with `id` and `text` columns (Parquet input)."""
    import quarry

    nlp = quarry.load_shared(rules, layers=("quotes",))
    for batch in batches:
        ids = batch.column("id").to_pylist()
        texts = batch.column("text").to_pylist()
        records = ({"id": "" if i is None else i, "text": t or ""} for i, t in zip(ids, texts))
        yield quote_batch(nlp.pipe(records, batch_size=256, jobs=1))


def is_json_lines(articles: str) -> bool:
    return articles.rstrip("/").endswith((".jsonl", ".json", ".jsonl.gz", ".json.gz", ".ndjson"))


def session(master: str = "local[*]", app: str = "quarry-quotes"):
    """A SparkSession set up for the job: Arrow batches of 1,000 rows, no UI, and this file
    shipped to the executors (they import it when the job's functions refer to it by
    module)."""
    from pyspark.sql import SparkSession

    builder = (SparkSession.builder.master(master).appName(app)
               .config("spark.ui.enabled", "false")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000"))
    if master.startswith("local"):
        # In local mode the one JVM shares the cores with the Python workers that run
        # Quarry; its work here is plumbing (lines to Arrow, Parquet out), and the C2
        # compiler's threads cost more than C2's code gains: on 2 cores, C1 only took the JVM
        # from 21-26 to 12-15 CPU-seconds and the job from 47 to 40 s on 240 MB. (Set for the
        # driver JVM at its launch; a session that already runs keeps its own.)
        builder = builder.config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1")
        # Python workers run the driver's own Python (a virtual environment's, with quarry
        # installed), not whatever `python3` is first on PATH; PYSPARK_PYTHON still wins.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    spark.sparkContext.addPyFile(os.path.abspath(__file__))
    return spark


def split_input(spark, partitions: Optional[int] = None) -> None:
    """Splits the files read next into `partitions` pieces (default 4 × the cores)."""
    spark.conf.set("spark.sql.files.minPartitionNum", str(partitions or 4 * spark.sparkContext.defaultParallelism))


def read_articles(spark, articles: str):
    """The articles as a frame of `id` (a string) and `text`, through Spark's readers (JSON
    Lines with a schema, or Parquet): for jobs that need the columns in Spark. Quarry's own
    job reads JSON Lines faster as lines (see `quotes_frame`)."""
    if is_json_lines(articles):
        frame = spark.read.schema("id string, text string").json(articles)
    else:
        frame = spark.read.parquet(articles)
        missing = {"id", "text"} - set(frame.columns)
        if missing:
            raise SystemExit(f"{articles}: the Parquet input has no column {', '.join(sorted(missing))} "
                             f"(it has: {', '.join(frame.columns)})")
    return frame.select(frame["id"].cast("string").alias("id"), frame["text"].cast("string").alias("text"))


def quotes_frame(spark, articles: str, rules: str, frame=None):
    """The quotes of `articles` (or of `frame`, a frame of `id` and `text`) as a lazy
    DataFrame with QUOTE_SCHEMA."""
    rules_path = os.path.abspath(rules)
    if frame is None and is_json_lines(articles):
        from pyspark.sql import functions as F

        lines = spark.read.text(articles).select("value", F.monotonically_increasing_id().alias("row"))
        return lines.mapInArrow(lambda batches: annotate_lines(batches, rules_path), schema=QUOTE_SCHEMA)
    if frame is None:
        frame = read_articles(spark, articles)
    return frame.mapInArrow(lambda batches: annotate_records(batches, rules_path), schema=QUOTE_SCHEMA)


def run_in(spark, articles: str, output: str, rules: str = DEFAULT_RULES, partitions: Optional[int] = None,
           timing: Optional[Dict[str, float]] = None, frame=None) -> None:
    """The job in a running session: reads `articles` (or takes `frame`, a frame of `id` and
    `text`), writes the quotes table to `output`. `timing`, when given, gets "seconds": the
    time from reading the articles to the written table."""
    if not os.path.exists(rules):
        raise SystemExit(f"{rules}: no such rule file")
    split_input(spark, partitions)
    started = time.perf_counter()
    quotes_frame(spark, articles, rules, frame).write.mode("overwrite").parquet(output)
    if timing is not None:
        timing["seconds"] = time.perf_counter() - started


def run(articles: str, output: str, rules: str = DEFAULT_RULES, partitions: Optional[int] = None,
        master: str = "local[*]", timing: Optional[Dict[str, float]] = None) -> int:
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
    parser.add_argument("articles", help="JSON Lines (.jsonl/.json/.ndjson, or .gz) or a Parquet folder with id and text")
    parser.add_argument("output", help="the Parquet folder to write (replaced if it exists)")
    parser.add_argument("--rules", default=DEFAULT_RULES, help="the rule file (default: the repository's Rules/news.quarry)")
    parser.add_argument("--partitions", type=int, help="how many pieces to split the input into (default: 4 x cores)")
    parser.add_argument("--master", default="local[*]", help="Spark master (default local[*])")
    args = parser.parse_args()
    if args.partitions is not None and args.partitions < 1:
        parser.error("--partitions must be at least 1")
    timing: Dict[str, float] = {}
    count = run(args.articles, args.output, args.rules, args.partitions, args.master, timing)
    print(f"{count} quotes written to {args.output} in {timing['seconds']:.2f} s (Spark's start-up excluded)")


if __name__ == "__main__":
    main()
