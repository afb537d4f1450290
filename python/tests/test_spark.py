"""The Spark example end to end in local mode: its quotes table equals the CLI's quotes.
Skips when pyspark (with pyarrow) or Java is missing, or ../shared/data is absent."""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WIKINEWS = REPO.parent / "shared" / "data" / "corpus" / "wikinews.jsonl"
CLI = Path(os.environ.get("QUARRY_CLI", REPO / ".build" / "release" / "quarry"))  # scripts/test_python.sh sets it


def require_spark() -> None:
    """Skips the test, saying what is missing, without pyspark, pyarrow, pandas or Java."""
    for module in ("pyspark", "pyarrow", "pandas"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install pyspark pyarrow pandas)")
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (Spark needs it)")


def test_spark_job_equals_the_cli(tmp_path):
    require_spark()
    if not WIKINEWS.exists() or not CLI.exists():
        pytest.skip(f"needs {WIKINEWS} and {CLI}")
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text("".join(WIKINEWS.read_text(encoding="utf-8").splitlines(keepends=True)[:120]), encoding="utf-8")
    sys.path.insert(0, str(REPO / "examples" / "spark"))
    import quotes_job
    import pandas as pd

    output = tmp_path / "quotes.parquet"
    count = quotes_job.run(str(corpus), str(output), str(REPO / "Rules" / "news.quarry"), partitions=3, master="local[2]")
    table = pd.read_parquet(output).sort_values(["article_id", "index"])
    expected = []
    out = subprocess.run([str(CLI), "run", str(REPO / "Rules" / "news.quarry"), str(corpus), "-f", "jsonl", "--quiet"],
                         check=True, capture_output=True).stdout.decode()
    for line in out.splitlines():
        doc = json.loads(line)
        for k, q in enumerate(doc["quotes"]):
            expected.append((doc["id"], k, q["entity"], q["cue"]["text"] if q["cue"] else None, q["kind"], q["text"], q["start"], q["end"]))
    def value(x):
        return None if x is None or (isinstance(x, float) and pd.isna(x)) else x

    got = [tuple(value(x) for x in (r.article_id, r.index, r.entity, r.cue, r.kind, r.text, r.start, r.end)) for r in table.itertuples()]
    assert count == len(expected) > 50
    assert sorted(got, key=lambda row: (row[0], row[1])) == sorted(expected, key=lambda row: (row[0], row[1]))
    # A re-run (as after a retried task) writes the same table.
    quotes_job.run(str(corpus), str(output), str(REPO / "Rules" / "news.quarry"), partitions=2, master="local[2]")
    again = pd.read_parquet(output).sort_values(["article_id", "index"])
    assert again.fillna("").values.tolist() == table.fillna("").values.tolist()


def test_spark_job_names_records_without_an_id(tmp_path):
    require_spark()
    sys.path.insert(0, str(REPO / "examples" / "spark"))
    import quotes_job
    import pandas as pd

    corpus = tmp_path / "no-ids.jsonl"
    records = [{"text": f"“Point {k},” Park Jin said."} for k in range(40)] + [{"id": "kept", "text": "“Yes,” Kim said."}]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    output = tmp_path / "quotes.parquet"
    count = quotes_job.run(str(corpus), str(output), str(REPO / "Rules" / "news.quarry"), partitions=4, master="local[2]")
    table = pd.read_parquet(output)
    assert count == 41
    ids = list(table["article_id"])
    assert len(set(ids)) == 41 and "kept" in ids and all(i == "kept" or i.startswith("row-") for i in ids)
    assert sorted(table["text"]) == sorted([f"“Point {k},”" for k in range(40)] + ["“Yes,”"])

