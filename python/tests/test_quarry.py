"""Quarry from Python: results equal the CLI's, offsets are str indices, errors carry
file:line:col. Needs libQuarryC (pip install ./python, a release build in the checkout, or QUARRY_LIBRARY);
tests that need ../shared/data or the quarry CLI skip with a message when it is absent."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import quarry

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "data" / "seed" / "blinken-seoul.txt"
WIKINEWS = REPO.parent / "shared" / "data" / "corpus" / "wikinews.jsonl"
CLI = Path(os.environ.get("QUARRY_CLI", REPO / ".build" / "release" / "quarry"))  # scripts/test_python.sh sets it


@pytest.fixture(scope="module")
def nlp():
    return quarry.load()


def cli_jsonl(path: Path):
    if not CLI.exists():
        pytest.skip(f"{CLI} is not built (swift build -c release --product quarry)")
    out = subprocess.run([str(CLI), "run", str(quarry.rules_path()), str(path), "-f", "jsonl", "--layers", "all", "--quiet"],
                         check=True, capture_output=True, cwd=REPO).stdout
    return [json.loads(line) for line in out.decode().splitlines()]


def test_a_quote_and_its_speaker(nlp):
    doc = nlp("“We will not give up,” Antony Blinken said in Seoul.", id="a1")
    assert doc.id == "a1"
    assert [(q.entity, q.cue.text, q.text, q.kind) for q in doc.quotes] == [("Antony Blinken", "said", "“We will not give up,”", "direct")]
    assert [s.label for s in doc.spans] == ["PERSON", "GPE"]
    assert doc.tokens and doc.sentences and doc.ents == doc.spans


def test_a_run_of_quotations_is_one_quote_each_linked_to_the_first(nlp):
    doc = nlp("“We are ready,” Lagarde told reporters. “The rules are clear.”")
    assert [(q.text, q.cue.text, q.speaker.text, q.run) for q in doc.quotes] == [
        ("“We are ready,”", "told", "Lagarde", None), ("“The rules are clear.”", "told", "Lagarde", 0)]


def test_offsets_are_str_indices(nlp):
    if not SEED.exists():
        pytest.skip(f"{SEED} is not present")
    text = SEED.read_text(encoding="utf-8")
    doc = nlp(text)
    assert len(doc.quotes) >= 10
    for item in doc.tokens + doc.sentences + doc.spans + doc.quotes:
        assert text[item.start:item.end] == item.text
    for q in doc.quotes:
        for part in (q.cue, q.speaker):
            if part:
                assert text[part.start:part.end] == part.text


def test_a_text_starting_with_a_byte_order_mark_keeps_its_offsets(nlp):
    # A file read with encoding="utf-8" (not "utf-8-sig") keeps its U+FEFF; the offsets must
    # still be indices into the str given, in nlp() and in pipe().
    text = "\ufeff“Yes,” Kim said in Seoul."
    for doc in [nlp(text), next(iter(nlp.pipe([text])))]:
        assert [(q.start, q.text) for q in doc.quotes] == [(1, "“Yes,”")]
        for item in doc.tokens + doc.spans:
            assert text[item.start:item.end] == item.text


def test_the_seed_article_equals_the_cli(nlp):
    if not SEED.exists():
        pytest.skip(f"{SEED} is not present")
    expected = cli_jsonl(SEED)[0]
    doc = nlp(SEED.read_text(encoding="utf-8"), id=expected["id"])
    assert doc.to_dict() == expected


def test_wikinews_equals_the_cli_document_by_document(nlp):
    if not WIKINEWS.exists():
        pytest.skip(f"{WIKINEWS} is not present")
    expected = cli_jsonl(WIKINEWS)
    records = [json.loads(line) for line in WIKINEWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = list(nlp.pipe(records, batch_size=256, jobs=2))
    assert len(docs) == len(expected) == len(records)
    for doc, want in zip(docs, expected):
        assert doc.to_dict() == want, doc.id


def test_pipe_jsonl_reads_the_file_as_the_cli_does(nlp):
    if not WIKINEWS.exists():
        pytest.skip(f"{WIKINEWS} is not present")
    expected = cli_jsonl(WIKINEWS)
    with WIKINEWS.open("rb") as lines:
        docs = list(nlp.pipe_jsonl(lines, batch_size=1500, jobs=2))  # over the service's 1,000
    assert len(docs) == len(expected)
    for doc, want in zip(docs, expected):
        assert doc.to_dict() == want, doc.id
    sample = docs[17]
    assert sample.text == json.loads(WIKINEWS.read_text(encoding="utf-8").splitlines()[17])["text"]
    for q in sample.quotes:
        assert sample.text[q.start:q.end] == q.text


def test_pipe_jsonl_numbers_records_and_names_a_bad_line(nlp):
    lines = ['{"text": "“Yes,” Park Jin said."}', "", b'{"text": "No.", "id": 7, "source": "x"}', '{"text": "Maybe."}'] * 3
    docs = list(nlp.pipe_jsonl(lines, batch_size=2, jobs=1))
    assert [d.id for d in docs] == ["0", "7", "2", "3", "7", "5", "6", "7", "8"]
    assert docs[0].quotes[0].entity == "Park Jin" and docs[1].raw["source"] == "x"
    with pytest.raises(quarry.QuarryError) as failure:
        list(nlp.pipe_jsonl(['{"text": "a"}', "", '{"text": "b"}', "{text: c}"], batch_size=10))
    assert str(failure.value).startswith("line 4: not JSON") and failure.value.status == 400
    with pytest.raises(quarry.QuarryError) as failure:
        list(nlp.pipe_jsonl(['{"text": "a"}', '{"body": "b"}']))
    assert str(failure.value).startswith("line 2: a record must be")


def test_pipe_keeps_order_for_any_batch_and_jobs(nlp):
    texts = [f"“Point {k},” Park Jin said." for k in range(23)]
    one = [d.to_dict() for d in nlp.pipe(texts, batch_size=5, jobs=1)]
    many = [d.to_dict() for d in nlp.pipe(texts, batch_size=7, jobs=3)]
    assert one == many
    assert [d["quotes"][0]["text"] for d in one] == [f"“Point {k},”" for k in range(23)]
    with pytest.raises(ValueError):
        list(nlp.pipe(["x"], batch_size=0))


def test_rules_from_a_string_and_their_errors():
    places = quarry.load_string("rule seoul GPE /\\bSeoul\\b/\npipeline places\n  tokenize\n  patterns\n", name="places.quarry")
    assert [s.text for s in places("In Seoul.").spans] == ["Seoul"]
    with pytest.raises(quarry.QuarryError) as failure:
        quarry.load_string("rule broken X /(/\npipeline p\n  patterns\n", name="bad.quarry")
    assert failure.value.diagnostics and failure.value.diagnostics[0].startswith("bad.quarry:1:")
    assert "^" in str(failure.value)
    with pytest.raises(quarry.QuarryError):
        quarry.load("/nonexistent/rules.quarry")
    with pytest.raises(quarry.QuarryError) as unknown:
        quarry.load(pipeline="nope")
    assert unknown.value.status == 404


def test_text_that_is_not_unicode_is_refused(nlp):
    with pytest.raises(quarry.QuarryError) as failure:
        nlp("a\udcc3b")  # a lone surrogate cannot be UTF-8
    assert failure.value.status == 400


def test_version():
    # One version: the library's, which the CLI prints too; __version__ reads it.
    assert quarry.__version__ == quarry.version()
    cli = os.environ.get("QUARRY_CLI")
    if cli:
        assert subprocess.run([cli, "--version"], capture_output=True, text=True).stdout.strip() == quarry.version()
    assert quarry.version().count(".") == 2
